"""Budgets from config (`max-params`, `max-layer-params`, `max-flops`, `max-activation-bytes`) or the
command line."""
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


def _costliest(model, attr) -> str:
    layers = sorted((r for r in model.layers if getattr(r, attr)), key=lambda r: -getattr(r, attr))[:3]
    return ", ".join(f"{label(r)} {getattr(r, attr):,}" for r in layers)


def _limit(settings, attr):
    """The tighter of the config's budget and the assignment's."""
    limits = [getattr(settings, attr, None), getattr(getattr(settings, "assignment", None), attr, None)]
    limits = [v for v in limits if v is not None]
    return min(limits) if limits else None


def _over(model, settings, limit_attr, attr, what, largest):
    """A finding when what is known of the model's `attr` already exceeds its budget (unknown layers
    could only add to it)."""
    limit = _limit(settings, limit_attr) if settings else None
    if limit is None or not model.built:
        return
    known = model.at_least(attr)
    if known <= limit:
        return
    more = "" if getattr(model, "total_" + attr, getattr(model, attr, None)) is not None else "at least "
    yield Finding(f"model `{model.spec.variable or model.spec.name}` {what(more, known)}, over the budget of "
                  f"{limit:,}; {largest}: {_costliest(model, attr)}", model.spec.span)


def flops_over_budget(model, settings):
    yield from _over(model, settings, "max_flops", "flops",
                     lambda more, n: f"needs {more}{n:,} FLOPs per example", "the costliest layers")


def activations_over_budget(model, settings):
    yield from _over(model, settings, "max_activation_bytes", "activation_bytes",
                     lambda more, n: f"keeps {more}{n:,} bytes of activations per example", "the largest outputs")


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
    Rule(
        "KC303", "flops-over-budget", "error",
        "The model's FLOPs per example exceed `max-flops`.",
        "Compute budgets (\"under 1 MFLOP per image\") are set for devices and assignments. FLOPs are "
        "2 * MACs plus the element-wise work (`summary --flops` shows them per layer); the message names "
        "the costliest layers, usually the widest convolutions at full resolution.",
        invalid=("model = Sequential([Conv2D(32, 3, input_shape=(64, 64, 3)), Flatten(), Dense(10)])\n",),
        valid=("model = Sequential([Conv2D(8, 3, strides=4, input_shape=(64, 64, 3)), Flatten(), Dense(10)])\n",),
        check=flops_over_budget,
        example_settings=(("max_flops", 1_000_000),),
    ),
    Rule(
        "KC304", "activations-over-budget", "error",
        "The model's activation memory per example exceeds `max-activation-bytes`.",
        "Every layer's output for one example, in its dtype (float32 unless `dtype=` or a mixed-precision "
        "policy says otherwise): what inference must hold (training holds more). "
        "Multiply by the batch size for a batch; the message names the largest outputs.",
        invalid=("model = Sequential([Conv2D(64, 3, padding='same', input_shape=(128, 128, 3)), Flatten(), "
                 "Dense(10)])\n",),
        valid=("model = Sequential([Conv2D(8, 3, strides=4, input_shape=(128, 128, 3)), Flatten(), Dense(10)])\n",),
        check=activations_over_budget,
        example_settings=(("max_activation_bytes", 1_000_000),),
    ),
)
