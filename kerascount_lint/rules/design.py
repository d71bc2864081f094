"""Model-level rules: legal to Keras, but almost surely a mistake (and a few notes)."""
from __future__ import annotations

from functools import lru_cache

from kerascount_lint.datatypes import KerasObject, LossSpec, shape_text
from kerascount_lint.rules.base import Finding, Rule
from kerascount_lint.rules.facts import (
    activation,
    activation_unknown,
    arg,
    deciding_output,
    edges,
    is_activation,
    is_dropout,
    is_learning,
    is_linear,
    is_output,
    is_spatial,
    keeps_shape,
    label,
    single_output,
    through,
)


@lru_cache(maxsize=None)
def _shape_keywords_of(class_name: str, application) -> tuple:
    # The signature tables load when first needed; the answer per class is kept (asked per layer).
    from kerascount_lint.catalogue.signatures import shape_keywords

    return shape_keywords(class_name, application)


def _shape_keywords(layer):
    return _shape_keywords_of(layer.spec.class_name, layer.spec.application)


CONV_WITH_POSITIONAL_STRIDES = ("Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose",
                                "Conv3DTranspose", "SeparableConv1D", "SeparableConv2D")


def positional_strides(model, settings):
    for r in model.layers:
        if r.spec.class_name not in CONV_WITH_POSITIONAL_STRIDES:
            continue
        positional = [a for a in r.spec.args if a.keyword is None]
        if len(positional) >= 3:
            third = positional[2]
            yield Finding(
                f"{label(r)}: the third positional argument `{third.value!r}` is `strides` in Keras 3. In Keras 1, "
                f"`{r.spec.written_name}({positional[0].value!r}, {positional[1].value!r}, {third.value!r})` meant a "
                f"{positional[1].value!r}x{third.value!r} kernel; write `kernel_size=` and `strides=` by name",
                third.span, r.spec.span)


def not_built(model, settings):
    if model.built or not model.layers:
        return
    name = model.spec.variable or model.spec.name
    if model.kind == "subclassed":
        if not model.spec.inputs:  # called on a tensor whose shape is unknown: that has its own KC900
            yield Finding(f"model `{name}` (class {model.spec.class_name}) is never called on data here, so its "
                          "layers are not built and summary() shows '0 (unbuilt)': call it on a batch "
                          "(model(x[:1])) or on keras.Input(shape=...) before summary()", model.spec.span)
        return
    yield Finding(
        f"model `{name}` has no input shape, so Keras cannot build it and "
        "summary() shows '0 (unbuilt)': start it with keras.Input(shape=...) or call model.build(...)",
        model.spec.span)


def ignored_input_shape(model, settings):
    for i, r in enumerate(model.layers):
        if i == 0 and model.kind == "sequential" and model.spec.input_shape is None:
            continue
        if r.spec.class_name == "InputLayer":  # its shape is what it is for
            continue
        for keyword in ("input_shape", "input_dim"):
            a = arg(r, keyword) if keyword in _shape_keywords(r) else None
            if a is not None and any(x is a for p in r.parents for x in p.spec.args):
                continue  # the InputLayer it feeds on is the one this keyword made (seq.inputs of a Sequential)
            if a is not None:
                why = ("in the functional API a layer's input is the tensor it is called on"
                       if model.kind == "functional" else
                       "it is not the first layer" if i else "the model already starts with an Input")
                yield Finding(f"{label(r)}: `{keyword}=` is ignored by Keras because {why}; the layer's real input "
                              f"is {shape_text(r.input_shape)}", a.keyword_span or a.span, r.spec.span)


def dense_on_unflattened(model, settings):
    for r in model.layers:
        if r.spec.class_name != "Dense" or len(r.parents) != 1:
            continue
        if isinstance(r.input_shape, tuple) and len(r.input_shape) < 3:
            continue  # a known rank-2 input: flattened somewhere we do not see
        # Look through layers that keep the spatial axes (Dropout, Activation, BatchNormalization, ...).
        previous = through(r.parents[0], lambda l: keeps_shape(l) or is_activation(l))
        if is_spatial(previous):
            # With the shape unknown, the layer classes still give the rank: a feature map.
            got = shape_text(r.input_shape) if isinstance(r.input_shape, tuple) else "a feature map"
            yield Finding(f"{label(r)} gets {got} from {label(previous)}: Dense acts on the last "
                          "axis only, so the output keeps the spatial axes. Add Flatten() or "
                          "GlobalAveragePooling before it", r.spec.span, r.spec.span)


CLASSIFICATION = {"categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy",
                  "categoricalcrossentropy", "sparsecategoricalcrossentropy", "binarycrossentropy",
                  "binary_focal_crossentropy", "binaryfocalcrossentropy", "categorical_focal_crossentropy",
                  "categoricalfocalcrossentropy"}
REGRESSION = {"mse", "mae", "mean_squared_error", "mean_absolute_error", "meansquarederror", "meanabsoluteerror",
              "huber", "log_cosh", "logcosh", "mean_squared_logarithmic_error", "msle"}


def loss_mismatch(model, settings):
    for loss, last in _losses_by_output(model):
        decider = deciding_output(last)
        problem = _loss_problem(loss, last, decider)
        if problem:
            related = ((model.spec.loss_span, "the loss is set here"),) if model.spec.loss_span else ()
            yield Finding(problem, decider.spec.span or model.spec.loss_span, decider.spec.span, related)


def _losses_by_output(model):
    """(LossSpec, output layer) pairs: one loss for a one-output model; a list of losses in the order of
    the outputs; a dict by the outputs' keys (a dict of outputs) or by the output layers' names."""
    loss = model.spec.loss
    if isinstance(loss, LossSpec):
        last = single_output(model)
        return [(loss, last)] if last is not None else []
    tensors = model.spec.outputs
    layers = [next((r for r in model.outputs if r.spec is t.node.layer), None) for t in tensors]
    if isinstance(loss, (list, tuple)) and len(loss) == len(tensors):
        chosen = list(loss)
    elif isinstance(loss, dict):
        keys = model.spec.output_keys or [None] * len(tensors)
        chosen = [(loss.get(key) if key is not None else None) or loss.get(t.node.layer.name)
                  for key, t in zip(keys, tensors)]
    else:
        return []
    return [(item, r) for item, r in zip(chosen, layers) if isinstance(item, LossSpec) and r is not None]


def _loss_problem(loss, last, decider):
    """`decider`: the layer that sets the output's activation (the output, or the layer before its Dropout)."""
    name = loss.name.lower()
    act = activation(decider)
    if act is None and activation_unknown(decider):
        return None
    units = last.output_shape[-1] if isinstance(last.output_shape, tuple) and last.output_shape else None
    where = f"the output layer {label(decider)}" if decider is last else \
        f"{label(decider)}, which sets the output's activation before {label(last)},"
    if loss.from_logits is True and act in ("softmax", "sigmoid"):
        return (f"`from_logits=True` but {where} already applies {act}: the loss applies it again. Drop the "
                "activation or set from_logits=False")
    if "binary" in name and act == "softmax":
        return (f"{loss.name} expects independent probabilities but {where} uses softmax"
                f"{' over a single unit, which always outputs 1.0' if units == 1 else ''}; use sigmoid")
    if "categorical" in name and "sparse" not in name and act == "sigmoid" and units != 1:
        return f"{loss.name} expects a probability distribution but {where} uses sigmoid; use softmax"
    if "categorical" in name and units == 1:
        return (f"{loss.name} with a single output unit ({where}): a 1-class softmax is always 1.0. For two "
                "classes use Dense(1, activation='sigmoid') with binary_crossentropy")
    if name in CLASSIFICATION and act is None and loss.from_logits is False:
        return (f"{loss.name} expects probabilities but {where} is linear; add softmax/sigmoid or pass "
                "from_logits=True")
    if name in CLASSIFICATION and act not in (None, "softmax", "sigmoid") and loss.from_logits is False:
        return (f"{loss.name} expects probabilities in [0, 1] but {where} uses {act}; use softmax/sigmoid, or "
                "a linear output with from_logits=True")
    if name in REGRESSION and act in ("softmax", "sigmoid"):
        return f"{loss.name} is a regression loss but {where} squashes its output with {act}"
    return None


def softmax_not_last(model, settings):
    # Which layers have a learning layer somewhere after them: one pass from the outputs back.
    learns_after = {}
    for r in reversed(model.layers):
        learns_after[id(r)] = any(is_learning(c) or learns_after.get(id(c), False) for c in r.children)
    for r in model.layers:
        if activation(r) == "softmax" and learns_after[id(r)]:
            yield Finding(f"{label(r)} applies softmax, but it is not the output: later layers learn from a "
                          "probability vector. Use relu (or none) here and softmax on the last layer",
                          r.spec.span, r.spec.span)


def redundant_activation(model, settings):
    for r in model.layers:
        act = activation(r)
        if r.spec.class_name not in ("Activation", "Softmax", "ReLU") or act is None or len(r.parents) != 1:
            continue
        before = through(r.parents[0], is_dropout)
        earlier = activation(before)
        if earlier == act:
            yield Finding(f"{label(r)} applies {act} again right after {label(before)} already did",
                          r.spec.span, r.spec.span)
        elif earlier is not None and act in ("softmax", "sigmoid"):
            yield Finding(f"{label(r)} applies {act} to what {label(before)} already passed through {earlier}, "
                          "with no learning layer between: the squashed values are not the logits it needs. "
                          f"Give the last learning layer activation='{act}' instead",
                          r.spec.span, r.spec.span)


def softmax_single_unit(model, settings):
    for r in model.layers:
        if activation(r) != "softmax":
            continue
        shape = r.output_shape if isinstance(r.output_shape, tuple) and r.output_shape else None
        units = shape[-1] if shape else (r.args.get("units") if r.spec.class_name == "Dense" else None)
        axis = r.args.get("axis", -1) if r.spec.class_name == "Softmax" else -1
        if units == 1 and axis in (-1, len(shape) - 1 if shape else -1):
            yield Finding(f"{label(r)} applies softmax over a single unit: softmax normalises over the last "
                          "axis, so it always outputs 1.0 and the model cannot learn. For two classes use "
                          "activation='sigmoid' (with binary_crossentropy), or 2 units with softmax",
                          r.spec.span, r.spec.span)


def flatten_after_base(model, settings):
    for r in model.layers:
        if r.spec.class_name != "Flatten" or len(r.parents) != 1:
            continue
        base = r.parents[0]
        values = {a.keyword: a.value for a in base.spec.args if a.keyword}
        if base.spec.application and values.get("include_top", True) is False and values.get("pooling") is None:
            yield Finding(f"{label(r)} flattens the feature map of the pretrained {label(base)}: with "
                          "include_top=False and no pooling=, that is millions of inputs for the next Dense. "
                          "GlobalAveragePooling2D() (or pooling='avg' on the base) is what transfer learning "
                          "usually means", r.spec.span, r.spec.span)


def batchnorm_channels_first_axis(model, settings):
    for r in model.layers:
        if r.spec.class_name != "BatchNormalization" or r.args.get("axis") != 1 or len(r.parents) != 1:
            continue
        shape = r.input_shape if isinstance(r.input_shape, tuple) else None
        source = through(r.parents[0], lambda l: keeps_shape(l) or is_activation(l))
        spatial = is_spatial(source)
        if ((shape is not None and len(shape) >= 3) or (shape is None and spatial)) \
                and source.args.get("data_format", "channels_last") != "channels_first":
            a = arg(r, "axis")
            yield Finding(f"{label(r)} normalises over axis 1, a spatial axis of channels-last data: Keras 2 "
                          "code for channels-first images used axis=1. Use the default axis=-1 (the channels)",
                          a.span if a else r.spec.span, r.spec.span)


# What Keras does with the other kind of object in the slot (tests/data/weight_hooks.json, measured).
SWAPPED = {
    ("regularizer", "constraint"): "Keras adds what it returns, the clipped weights, to the loss: the loss is "
                                   "no longer a number and training optimises the wrong thing",
    ("constraint", "regularizer"): "Keras assigns the penalty it returns to the weights: fit() fails with a "
                                   "shape mismatch",
}


def regularizer_constraint_swap(model, settings):
    for r in model.layers:
        for a in r.spec.args:
            slot = next((k for k in ("regularizer", "constraint") if (a.keyword or "").endswith("_" + k)), None)
            given = a.value.family() if isinstance(a.value, KerasObject) else None
            if (slot, given) in SWAPPED:
                yield Finding(f"{label(r)}: `{a.keyword}={a.value.origin}` is a Keras {given}, not a {slot}: "
                              f"{SWAPPED[slot, given]}. Pass it as `{a.keyword.rsplit('_', 1)[0]}_{given}=`",
                              a.span or r.spec.span, r.spec.span)


def linear_stack(model, settings):
    for r in model.layers:
        if not is_learning(r) or activation(r) or activation_unknown(r):
            continue
        # The first layers past r that are not linear pass-throughs (Dropout, Flatten, ...).
        frontier, seen, fed = list(r.children), set(), []
        while frontier:
            nxt = frontier.pop()
            if id(nxt) in seen:
                continue
            seen.add(id(nxt))
            if is_linear(nxt):
                frontier.extend(nxt.children)
            elif is_learning(nxt):
                fed.append(nxt)
        if fed:
            yield Finding(f"{label(r)} has no activation and feeds {label(fed[0])} directly: two linear maps in a "
                          "row collapse into one. Add activation='relu' (or another non-linearity)",
                          r.spec.span, r.spec.span)


def dropout_placement(model, settings):
    for r in model.layers:
        if not is_dropout(r):
            continue
        rate = r.args.get("rate")
        if is_output(model, r):
            yield Finding(f"{label(r)} is the last layer: dropout on the output perturbs predictions and "
                          "does nothing useful; move it before the output layer", r.spec.span, r.spec.span)
        elif isinstance(rate, (int, float)) and not isinstance(rate, bool) and rate > 0.5:
            a = arg(r, "rate") or next((a for a in r.spec.args if a.keyword is None), None)
            yield Finding(f"{label(r)} drops {rate:.0%} of its inputs; rates above 50% usually starve the next "
                          "layer. Typical values are 0.1 to 0.5", a.span if a else r.spec.span, r.spec.span)


def bias_before_batchnorm(model, settings):
    for after in model.layers:
        if after.spec.class_name != "BatchNormalization" or after.args.get("center") is not True \
                or len(after.parents) != 1:
            continue
        before = through(after.parents[0], is_dropout)
        if is_learning(before) and before.args.get("use_bias") is True and activation(before) is None:
            yield Finding(f"{label(before)} has a bias, but {label(after)} after it subtracts the mean "
                          "and adds its own offset: the bias is wasted. Pass use_bias=False",
                          before.spec.span, before.spec.span)


def input_shape_deprecated(model, settings):
    first = model.layers[0] if model.layers else None
    if first is None:
        return
    for keyword in ("input_shape", "input_dim"):
        a = arg(first, keyword) if keyword in _shape_keywords(first) else None
        if a is not None:
            yield Finding(f"{label(first)}: Keras 3 prefers `keras.Input(shape=...)` as the model's first entry "
                          f"over `{keyword}=` on a layer", a.keyword_span or a.span, first.spec.span)


def batchnorm_after_dropout(model, settings):
    for before, after in edges(model):
        if is_dropout(before) and after.spec.class_name == "BatchNormalization":
            yield Finding(f"{label(after)} comes right after {label(before)}: dropout changes the variance "
                          "between training and inference, so the batch statistics BatchNormalization learns "
                          "do not hold at inference. Put BatchNormalization before Dropout",
                          after.spec.span, after.spec.span)


def constant_kernel(model, settings):
    for r in model.layers:
        if not is_learning(r) or is_output(model, r):  # a zero-initialised head is a known, sound choice
            continue
        for name in ("kernel_initializer", "depthwise_initializer", "pointwise_initializer"):
            value = r.args.get(name)
            if isinstance(value, str) and value.lower() in ("zeros", "zero", "ones", "one", "constant"):
                a = arg(r, name)
                yield Finding(f"{label(r)}: `{name}={value!r}` gives every unit the same weights, so they all "
                              "receive the same gradient and stay identical. Use the default (glorot_uniform) or "
                              "he_normal", a.span if a else r.spec.span, r.spec.span)


def ignored_input_length(model, settings):
    for r in model.layers:
        a = arg(r, "input_length") if r.spec.class_name == "Embedding" else None
        if a is not None:
            built = "" if model.built else "; with no Input, this model stays unbuilt"
            yield Finding(f"{label(r)}: Keras 3 ignores `input_length`. Keras 2 built the model from it (so the "
                          f"book's summary shows shapes and params){built}. Start the model with "
                          "keras.Input(shape=(length,))", a.keyword_span or a.span, r.spec.span)


# Two outputs, given as a dict: `kind` (softmax over 3 classes) and `size` (linear).
MULTI_OUTPUT = ("import keras\nx = keras.Input((8,))\nkind = keras.layers.Dense(3, activation='softmax')(x)\n"
                "size = keras.layers.Dense(1)(x)\nmodel = keras.Model(x, {'kind': kind, 'size': size})\n")

RULES = (
    Rule(
        "KC105", "positional-strides", "warning",
        "A convolution given three positional numbers, `Conv2D(32, 3, 3)`.",
        "Keras 1 read `Convolution2D(32, 3, 3)` as 32 filters of 3x3. Keras 3 reads the third number as "
        "`strides`, so code copied from old tutorials silently downsamples by 3.",
        invalid=("model = Sequential([Convolution2D(32, 3, 3, input_shape=(28, 28, 1))])\n",),
        valid=("model = Sequential([Conv2D(32, (3, 3), input_shape=(28, 28, 1))])\n",),
        check=positional_strides,
    ),
    Rule(
        "KC106", "ignored-argument", "warning",
        "An old argument that Keras 3 accepts and ignores: `Embedding(input_length=...)`.",
        "Keras 2 used input_length to build the model; Keras 3 drops it, so a model that relied on it is "
        "unbuilt and its summary shows no params.",
        invalid=("model = Sequential([Embedding(1000, 16, input_length=20), Flatten(), Dense(1)])\n",),
        valid=("model = Sequential([Input((20,)), Embedding(1000, 16), Flatten(), Dense(1)])\n",),
        check=ignored_input_length,
    ),
    Rule(
        "KC201", "model-not-built", "warning",
        "No input shape anywhere, so Keras cannot count the params.",
        "Without `keras.Input(...)`, `input_shape=` or `model.build(...)`, Keras creates no weights and "
        "`summary()` prints '0 (unbuilt)'. A model called on a tensor is built by that call, even where the "
        "tensor's shape is known only at run time (a layer made of layers builds its Sequential so).",
        invalid=("model = Sequential([Dense(10), Dense(2)])\n",),
        valid=("model = Sequential([Input((4,)), Dense(10), Dense(2)])\n",
               "import keras\nfrom keras import layers\nhead = keras.Sequential([layers.Dense(8), layers.Dense(2)])\n"
               "features = keras.Input(shape=x_train.shape[1:])  # a shape known only at run time\n"
               "outputs = head(features)  # builds head\n"),
        check=not_built,
    ),
    Rule(
        "KC204", "ignored-input-shape", "warning",
        "`input_shape` or `input_dim` on a layer that is not the first.",
        "Keras uses the input shape of the first layer only and silently ignores the rest, which often "
        "disagree with the real shape.",
        invalid=("model = Sequential([Dense(8, input_shape=(4,)), Dense(2, input_shape=(99,))])\n",),
        valid=("model = Sequential([Dense(8, input_shape=(4,)), Dense(2)])\n",
               "import keras\nmodel = keras.Sequential([keras.layers.Dense(8, input_shape=(4,)), keras.layers.Dense(2)])\n"
               "features = keras.Model(model.inputs, model.layers[0].output)  # the input is the one input_shape= made\n"),
        check=ignored_input_shape,
    ),
    Rule(
        "KC206", "dense-on-unflattened", "warning",
        "Dense applied straight after a convolution or pooling layer, without Flatten.",
        "Dense acts on the last axis only: on a (None, 13, 13, 32) feature map it gives (None, 13, 13, units), "
        "which is rarely what was meant and makes the output the wrong shape.",
        invalid=("model = Sequential([Conv2D(8, 3, input_shape=(28, 28, 1)), Dense(10)])\n",
                 "model = Sequential([Conv2D(8, 3), BatchNormalization(), Activation('relu'), Dense(10)])\n",
                 "model = Sequential([Conv2D(8, 3, input_shape=(28, 28, 1)), MaxPooling2D(), Dropout(0.2), "
                 "Dense(10)])\n"),
        valid=("model = Sequential([Conv2D(8, 3, input_shape=(28, 28, 1)), Flatten(), Dense(10)])\n",
               "model = Sequential([Conv2D(8, 3), GlobalAveragePooling2D(), Dense(10)])\n"),
        check=dense_on_unflattened,
    ),
    Rule(
        "KC401", "output-activation-loss-mismatch", "warning",
        "The output layer's activation and units disagree with the loss given to `compile()`.",
        "softmax with binary_crossentropy, sigmoid with categorical_crossentropy, one unit with a categorical "
        "loss, from_logits=True after softmax, or a linear, relu or tanh output with a cross-entropy train, but "
        "badly. The finding sits on the layer that sets the output's activation (looking past a Dropout or "
        "Flatten after it), with the `compile(loss=...)` as a related location.",
        invalid=(
            "model = Sequential([Dense(3, activation='softmax', input_shape=(4,))])\n"
            "model.compile(loss='binary_crossentropy')\n",
            "import keras\nmodel = Sequential([Dense(3, activation='softmax', input_shape=(4,))])\n"
            "model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))\n",
            "model = Sequential([Dense(1, activation='sigmoid', input_shape=(4,))])\n"
            "model.compile(loss='sparse_categorical_crossentropy')\n",
            MULTI_OUTPUT + "model.compile(loss={'kind': 'binary_crossentropy', 'size': 'mse'})\n",
            MULTI_OUTPUT + "model.compile(loss=['mse', 'categorical_crossentropy'])\n",
            "model = Sequential([Dense(3, activation='softmax', input_shape=(4,)), Dropout(0.7)])\n"
            "model.compile(loss='binary_crossentropy')\n",
            "model = Sequential([Dense(3, activation='relu', input_shape=(4,))])\n"
            "model.compile(loss='categorical_crossentropy')\n",
        ),
        valid=(
            "model = Sequential([Dense(3, activation='softmax', input_shape=(4,))])\n"
            "model.compile(loss='categorical_crossentropy')\n",
            MULTI_OUTPUT + "model.compile(loss={'kind': 'categorical_crossentropy', 'size': 'mse'})\n",
            MULTI_OUTPUT + "model.compile(loss=['categorical_crossentropy', 'mse'])\n",
            "import keras\nmodel = Sequential([Dense(3, input_shape=(4,))])\n"
            "model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n",
        ),
        check=loss_mismatch,
    ),
    Rule(
        "KC402", "softmax-not-last", "warning",
        "softmax on a layer that is not the output.",
        "softmax turns features into a probability vector; learning layers after it work from squashed, "
        "mostly-zero inputs.",
        invalid=("model = Sequential([Dense(8, activation='softmax', input_shape=(4,)), Dense(2)])\n",),
        valid=("model = Sequential([Dense(8, activation='relu', input_shape=(4,)), "
               "Dense(2, activation='softmax')])\n",),
        check=softmax_not_last,
    ),
    Rule(
        "KC403", "redundant-activation", "warning",
        "An activation layer applied to an output that already went through a non-linearity.",
        "`Dense(..., activation='softmax')` followed by `Activation('softmax')` applies softmax twice, which "
        "flattens the probabilities; `Dense(..., activation='relu')` (or `Activation('relu')`) followed by "
        "`Softmax()` or a sigmoid, with no learning layer between, squashes values that are not logits.",
        invalid=("model = Sequential([Dense(3, activation='softmax', input_shape=(4,)), "
                 "Activation('softmax')])\n",
                 "model = Sequential([Dense(3, activation='relu', input_shape=(4,)), Softmax()])\n",
                 "model = Sequential([Dense(3, input_shape=(4,)), Activation('relu'), Activation('softmax')])\n"),
        valid=("model = Sequential([Dense(3, input_shape=(4,)), Activation('softmax')])\n",),
        check=redundant_activation,
    ),
    Rule(
        "KC404", "linear-stack", "warning",
        "Two learning layers in a row with no activation between them.",
        "A linear map followed by a linear map is one linear map: the extra layer adds params, not power.",
        invalid=("model = Sequential([Dense(64, input_shape=(10,)), Dense(3, activation='softmax')])\n",),
        valid=("model = Sequential([Dense(64, activation='relu', input_shape=(10,)), "
               "Dense(3, activation='softmax')])\n",),
        check=linear_stack,
    ),
    Rule(
        "KC405", "dropout-placement", "warning",
        "Dropout as the last layer, or a dropout rate above 0.5.",
        "Dropout on the output perturbs the predictions themselves; very high rates starve the next layer.",
        invalid=(
            "model = Sequential([Dense(3, activation='softmax', input_shape=(4,)), Dropout(0.2)])\n",
            "model = Sequential([Dense(8, activation='relu', input_shape=(4,)), Dropout(0.8), Dense(2)])\n",
        ),
        valid=("model = Sequential([Dense(8, activation='relu', input_shape=(4,)), Dropout(0.5), Dense(2)])\n",),
        check=dropout_placement,
    ),
    Rule(
        "KC406", "bias-before-batchnorm", "info",
        "A layer with a bias directly followed by BatchNormalization.",
        "BatchNormalization subtracts the batch mean and adds its own offset (beta), so the bias before it "
        "has no effect: `use_bias=False` saves the params.",
        invalid=("model = Sequential([Conv2D(8, 3, input_shape=(28, 28, 1)), BatchNormalization()])\n",
                 "model = Sequential([Dense(8, input_shape=(4,)), Dropout(0.2), BatchNormalization()])\n"),
        valid=("model = Sequential([Conv2D(8, 3, use_bias=False, input_shape=(28, 28, 1)), "
               "BatchNormalization()])\n",),
        check=bias_before_batchnorm,
    ),
    Rule(
        "KC408", "batchnorm-after-dropout", "info",
        "BatchNormalization directly after Dropout.",
        "Dropout scales activations during training only, so the statistics BatchNormalization learns after "
        "it do not match inference (the 'variance shift'). The usual order is BatchNormalization, then "
        "activation, then Dropout.",
        invalid=("model = Sequential([Dense(8, activation='relu', input_shape=(4,)), Dropout(0.3), "
                 "BatchNormalization()])\n",),
        valid=("model = Sequential([Dense(8, activation='relu', input_shape=(4,)), BatchNormalization(), "
               "Dropout(0.3)])\n",),
        check=batchnorm_after_dropout,
    ),
    Rule(
        "KC409", "constant-kernel-initializer", "warning",
        "A hidden learning layer whose kernel starts as a constant (zeros or ones).",
        "With identical initial weights every unit computes the same output and gets the same gradient, so "
        "the units never differentiate: the layer behaves like a single unit.",
        invalid=("model = Sequential([Dense(8, kernel_initializer='zeros', activation='relu', input_shape=(4,)), "
                 "Dense(2)])\n",),
        valid=("model = Sequential([Dense(8, kernel_initializer='he_normal', activation='relu', "
               "input_shape=(4,))])\n",
               # A zero-initialised head is a known, sound choice.
               "model = Sequential([Dense(8, activation='relu', input_shape=(4,)), "
               "Dense(2, kernel_initializer='zeros')])\n"),
        check=constant_kernel,
    ),
    Rule(
        "KC410", "softmax-single-unit", "error",
        "softmax over a single unit, which always outputs 1.0.",
        "softmax normalises over the last axis: over one unit it is exp(x)/exp(x) = 1 whatever the input, so "
        "the output never changes and the model cannot learn, whatever the loss. Two classes are one unit "
        "with sigmoid (binary_crossentropy), or two units with softmax.",
        invalid=("model = Sequential([Dense(8, activation='relu', input_shape=(4,)), "
                 "Dense(1, activation='softmax')])\n",
                 "model = Sequential([Dense(8, activation='relu', input_shape=(4,)), Dense(1), Softmax()])\n"),
        valid=("model = Sequential([Dense(8, activation='relu', input_shape=(4,)), "
               "Dense(1, activation='sigmoid')])\n",),
        check=softmax_single_unit,
    ),
    Rule(
        "KC411", "flatten-after-pretrained-base", "warning",
        "Flatten straight after a pretrained base with include_top=False and no pooling=.",
        "The base's last feature map (7x7x512 for VGG16 at 224) flattened feeds millions of weights into the "
        "next Dense, which overfits small datasets; transfer learning usually means GlobalAveragePooling2D or "
        "the base's own `pooling='avg'`.",
        invalid=("import keras\nbase = keras.applications.VGG16(weights=None, include_top=False, "
                 "input_shape=(150, 150, 3))\nmodel = keras.Sequential([base, keras.layers.Flatten(), "
                 "keras.layers.Dense(2)])\n",),
        valid=("import keras\nbase = keras.applications.VGG16(weights=None, include_top=False, "
               "input_shape=(150, 150, 3))\nmodel = keras.Sequential([base, keras.layers.GlobalAveragePooling2D(), "
               "keras.layers.Dense(2)])\n",),
        check=flatten_after_base,
    ),
    Rule(
        "KC412", "batchnorm-channels-first-axis", "warning",
        "BatchNormalization(axis=1) on channels-last images.",
        "Keras 2 code written for channels-first images normalised axis 1, the channels there. On Keras 3's "
        "default channels-last data axis 1 is the image height: the layer learns one scale per row.",
        invalid=("model = Sequential([Conv2D(8, 3, input_shape=(28, 28, 1)), BatchNormalization(axis=1)])\n",),
        valid=("model = Sequential([Conv2D(8, 3, input_shape=(28, 28, 1)), BatchNormalization()])\n",
               "model = Sequential([Conv2D(8, 3, data_format='channels_first', input_shape=(1, 28, 28)), "
               "BatchNormalization(axis=1)])\n"),
        check=batchnorm_channels_first_axis,
    ),
    Rule(
        "KC413", "regularizer-constraint-swap", "warning",
        "A constraint passed as a regularizer, or a regularizer as a constraint.",
        "`kernel_regularizer=MaxNorm(3)` is accepted, and Keras then adds the clipped weight matrix to the "
        "loss; `kernel_constraint=l2(0.01)` makes fit() fail when it assigns the penalty to the weights "
        "(both measured in Keras 3 by scripts/gen_weight_hooks.py). Code ported from Keras 2 tutorials "
        "sometimes passes `maxnorm(3)` among the regularizers.",
        invalid=("from keras.constraints import MaxNorm\n"
                 "model = Sequential([Dense(8, input_shape=(4,), kernel_regularizer=MaxNorm(3))])\n",
                 "import keras\nmodel = Sequential([Dense(8, input_shape=(4,), "
                 "bias_constraint=keras.regularizers.l2(0.01))])\n"),
        valid=("from keras.constraints import MaxNorm\n"
               "model = Sequential([Dense(8, input_shape=(4,), kernel_constraint=MaxNorm(3))])\n",
               "import keras\nmodel = Sequential([Dense(8, input_shape=(4,), "
               "kernel_regularizer=keras.regularizers.l2(0.01))])\n"),
        check=regularizer_constraint_swap,
    ),
    Rule(
        "KC407", "input-shape-deprecated", "info",
        "`input_shape=` on a layer.",
        "Keras 3 warns about it and prefers `keras.Input(shape)` as the first entry of the model.",
        invalid=("model = Sequential([Dense(8, input_shape=(4,))])\n",),
        valid=("model = Sequential([Input((4,)), Dense(8)])\n",),
        check=input_shape_deprecated,
    ),
)
