"""Parameter budgets from config (`max-params`, `max-layer-params`) or the command line."""
from kerascount_lint.rules.base import Finding, Rule
from kerascount_lint.rules.facts import label


def model_over_budget(model, settings):
    limit = settings.max_params if settings else None
    total = model.total_params
    if limit is None or total is None or total <= limit:
        return
    largest = sorted((r for r in model.layers if r.params), key=lambda r: -r.params)[:3]
    parts = ", ".join(f"{label(r)} {r.params:,}" for r in largest)
    yield Finding(f"model `{model.spec.variable or model.spec.name}` has {total:,} params, over the budget of "
                  f"{limit:,}; the largest layers: {parts}", model.spec.span)


def layer_over_budget(model, settings):
    limit = settings.max_layer_params if settings else None
    if limit is None:
        return
    for r in model.layers:
        if r.params is not None and r.params > limit:
            yield Finding(f"{label(r)} has {r.params:,} params, over the per-layer budget of {limit:,}",
                          r.spec.span, r.spec.span)


RULES = (
    Rule(
        "KC301", "model-over-budget", "error",
        "The model's total params exceed `max-params`.",
        "Assignments and deployment targets cap model size. The message gives both numbers and the "
        "three largest layers, which is where to cut (often the Dense after Flatten).",
        invalid=("model = Sequential([Dense(100, input_shape=(784,)), Dense(10)])\n",),
        valid=("model = Sequential([Dense(10, input_shape=(784,))])\n",),
        check=model_over_budget,
        example_settings=(("max_params", 10000),),
    ),
    Rule(
        "KC302", "layer-over-budget", "error",
        "One layer's params exceed `max-layer-params`.",
        "A single huge layer (a Dense on a large flattened feature map) usually means a missing "
        "pooling step.",
        invalid=("model = Sequential([Flatten(input_shape=(64, 64, 32)), Dense(64)])\n",),
        valid=("model = Sequential([GlobalAveragePooling2D(input_shape=(64, 64, 32)), Dense(64)])\n",),
        check=layer_over_budget,
        example_settings=(("max_layer_params", 100000),),
    ),
)
