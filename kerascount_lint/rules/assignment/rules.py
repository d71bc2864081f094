"""Assignment rules: the model against an assignment spec (`--assignment spec.toml`). They stay
silent unless a spec is given, and they always fail a scanned submission."""
from kerascount_lint.rules.assignment import checks
from kerascount_lint.rules.assignment.spec import Assignment
from kerascount_lint.rules.base import Finding, Rule

SLIDE_MLP = "model = Sequential([Dense(10, activation='relu', input_shape=(784,)), Dense(3, activation='softmax')])\n"


def _findings(problems):
    def check(model, settings):
        a = settings.assignment if settings else None
        if a is None:
            return
        for message, layer in problems(model, a):
            span = layer.spec.span if layer is not None else model.spec.span
            yield Finding(message, span, span if layer is not None else None)
    return check


def _input_findings(model, settings):
    for finding in _findings(checks.input_problems)(model, settings):
        yield Finding(finding.message, model.spec.input_span or model.spec.span)


RULES = (
    Rule(
        "KC501", "assignment-params", "error",
        "The model's total params differ from the assignment's `total-params` (or fall outside min/max).",
        "The count is the quickest sign that an architecture differs from the one asked for. With a "
        "`reference` solution in the spec, the message names the layers whose counts differ.",
        invalid=(SLIDE_MLP.replace("Dense(10,", "Dense(12,"),),
        valid=(SLIDE_MLP,),
        check=_findings(checks.params_problems),
        example_settings=(("assignment", Assignment(total_params=7883)),),
    ),
    Rule(
        "KC502", "assignment-input-shape", "error",
        "The model's input shape differs from the assignment's `input-shape`.",
        "A model built for another input (flattened vs. 28x28x1 images, RGB vs. grayscale) cannot be "
        "trained on the assignment's data.",
        invalid=(SLIDE_MLP.replace("(784,)", "(28, 28)"),),
        valid=(SLIDE_MLP,),
        check=_input_findings,
        example_settings=(("assignment", Assignment(input_shape=(784,))),),
    ),
    Rule(
        "KC503", "assignment-output", "error",
        "The output layer's units or activation differ from `output-units` / `output-activation`.",
        "The output must match the task: one unit per class and softmax for a multi-class classifier.",
        invalid=(SLIDE_MLP.replace("Dense(3, activation='softmax')", "Dense(3)"),
                 SLIDE_MLP.replace("Dense(3,", "Dense(2,")),
        valid=(SLIDE_MLP, SLIDE_MLP.replace("Dense(3, activation='softmax')", "Dense(3), Activation('softmax')")),
        check=_findings(checks.output_problems),
        example_settings=(("assignment", Assignment(output_units=3, output_activation="softmax")),),
    ),
    Rule(
        "KC504", "assignment-layers", "error",
        "The layer classes do not follow the assignment's `layers` pattern.",
        "The pattern lists the required classes in order; `+` allows repeats, `?` makes a layer optional, "
        "`*` allows any number, `A|B` either class, and `...` any layers. The message names the first layer "
        "that breaks it and what was expected there.",
        invalid=("model = Sequential([Conv2D(10, 3, input_shape=(28, 28, 1)), Dense(3)])\n",),
        valid=("model = Sequential([Conv2D(10, 3, input_shape=(28, 28, 1)), Conv2D(10, 3), Flatten(), Dense(3)])\n",),
        check=_findings(checks.pattern_problems),
        example_settings=(("assignment", Assignment(layers=("Conv2D+", "MaxPooling2D?", "Flatten", "Dense+"))),),
    ),
    Rule(
        "KC505", "assignment-forbidden-layer", "error",
        "The model uses a layer class the assignment forbids (`forbidden-layers`).",
        "Exercises often ask to build something by hand, for example a CNN without a pretrained base or "
        "without Dropout, to see its effect.",
        invalid=(SLIDE_MLP.replace("Dense(3,", "Dropout(0.5), Dense(3,"),),
        valid=(SLIDE_MLP,),
        check=_findings(checks.forbidden_problems),
        example_settings=(("assignment", Assignment(forbidden_layers=("Dropout",))),),
    ),
)
