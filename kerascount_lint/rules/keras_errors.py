"""Rules for what Keras 3 itself rejects while building the model; raised by inference."""
from kerascount_lint.rules.base import Rule

RULES = (
    Rule(
        "KC001", "syntax-error", "error",
        "The file cannot be read or parsed as Python.",
        "Nothing else in the file can be checked until it parses. Other files are still checked.",
        invalid=("model = Sequential(\n",),
        valid=("model = Sequential()\n",),
    ),
    Rule(
        "KC101", "unknown-argument", "error",
        "A keyword argument the layer does not accept.",
        "Keras 3 raises `ValueError: Unrecognized keyword arguments passed to <Layer>` as soon as "
        "the layer is created, e.g. `padding` on a `Dense`, which has no padding.",
        invalid=("model = Sequential([Dense(5, input_shape=(784,), padding='same')])\n",),
        valid=("model = Sequential([Dense(5, input_shape=(784,))])\n",),
    ),
    Rule(
        "KC102", "invalid-argument-value", "error",
        "An argument value Keras rejects.",
        "Out-of-range units, filters or rates, a padding the layer does not support, strides > 1 "
        "together with dilation_rate > 1, filters not divisible by groups, or a kernel tuple of the "
        "wrong length all make Keras raise while building the model.",
        invalid=(
            "model = Sequential([Conv2D(8, 3, padding='full', input_shape=(28, 28, 1))])\n",
            "model = Sequential([Conv2D(8, 3, strides=2, dilation_rate=2, input_shape=(28, 28, 1))])\n",
            "model = Sequential([Dense(0, input_shape=(4,))])\n",
        ),
        valid=("model = Sequential([Conv2D(8, 3, padding='SAME', input_shape=(28, 28, 1))])\n",),
    ),
    Rule(
        "KC103", "missing-or-extra-argument", "error",
        "A required argument is missing, or more positional arguments than the layer takes.",
        "`Dense()` has no units; in Keras 3 `AveragePooling2D()` needs `pool_size`. Python raises "
        "TypeError before Keras sees the model.",
        invalid=("model = Sequential([AveragePooling2D(input_shape=(28, 28, 1))])\n",),
        valid=("model = Sequential([MaxPooling2D(input_shape=(28, 28, 1))])\n",),
    ),
    Rule(
        "KC104", "legacy-argument", "error",
        "A Keras 1/2 argument name that Keras 3 rejects.",
        "Old tutorials use `border_mode`, `nb_filter`, `output_dim`, `init`, `subsample`, "
        "`W_regularizer`, `dim_ordering`. Keras 3 raises on each; the message gives the modern name.",
        invalid=("model = Sequential([Conv2D(8, 3, border_mode='same', input_shape=(28, 28, 1))])\n",),
        valid=("model = Sequential([Conv2D(8, 3, padding='same', input_shape=(28, 28, 1))])\n",),
        fixable=True,
    ),
    Rule(
        "KC202", "incompatible-rank", "error",
        "A layer receives a tensor of the wrong rank.",
        "Conv2D after Flatten, or LSTM after a Dense on vectors: Keras raises an input_spec error "
        "when the model is built. The message gives the expected and the actual shape.",
        invalid=("model = Sequential([Flatten(input_shape=(28, 28, 1)), Conv2D(8, 3)])\n",),
        valid=("model = Sequential([Conv2D(8, 3, input_shape=(28, 28, 1)), Flatten()])\n",),
    ),
    Rule(
        "KC203", "non-positive-dimension", "error",
        "A kernel, pool or crop larger than the feature map with padding='valid'.",
        "The output would have zero or negative size; Keras raises while building the model.",
        invalid=("model = Sequential([Conv2D(8, 5, input_shape=(4, 4, 1))])\n",),
        valid=("model = Sequential([Conv2D(8, 5, padding='same', input_shape=(4, 4, 1))])\n",),
    ),
    Rule(
        "KC205", "reshape-size-mismatch", "error",
        "A Reshape whose target does not hold the same number of elements.",
        "Keras raises while building: the total size must be unchanged.",
        invalid=("model = Sequential([Reshape((5, 5), input_shape=(28,))])\n",),
        valid=("model = Sequential([Reshape((4, 7), input_shape=(28,))])\n",),
    ),
    Rule(
        "KC207", "incompatible-inputs", "error",
        "Tensors a layer cannot combine: merge inputs of different shapes, or a shared layer fed a new shape.",
        "`Add` of `(None, 16)` and `(None, 8)`, a `Concatenate` whose other axes differ, a `Subtract` of three "
        "tensors, or a shared `Dense` called on 16 features after being built on 8: Keras raises when the layer "
        "is called. The message names both shapes.",
        invalid=("import keras\nfrom keras import layers\na = keras.Input((16,))\nb = keras.Input((8,))\n"
                 "out = layers.Add()([a, b])\nmodel = keras.Model([a, b], out)\n",
                 "import keras\nfrom keras import layers\na = keras.Input((4, 3))\nb = keras.Input((5, 3))\n"
                 "out = layers.Concatenate()([a, b])\nmodel = keras.Model([a, b], out)\n"),
        valid=("import keras\nfrom keras import layers\na = keras.Input((4, 3))\nb = keras.Input((5, 3))\n"
               "out = layers.Concatenate(axis=1)([a, b])\nmodel = keras.Model([a, b], out)\n",),
    ),
    Rule(
        "KC208", "invalid-graph", "error",
        "`keras.Model(inputs, outputs)` that Keras cannot wire.",
        "An output that depends on a `keras.Input` missing from `inputs` ('not connected to inputs'), "
        "`outputs` given a layer instead of a tensor (`Dense(2)` rather than `Dense(2)(x)`), or two layers "
        "of one model with the same name: Keras raises in the `keras.Model(...)` call.",
        invalid=("import keras\nfrom keras import layers\na = keras.Input((4,))\nb = keras.Input((4,))\n"
                 "out = layers.add([layers.Dense(2)(a), layers.Dense(2)(b)])\nmodel = keras.Model(a, out)\n",
                 "import keras\nfrom keras import layers\na = keras.Input((4,))\n"
                 "model = keras.Model(a, layers.Dense(2))\n"),
        valid=("import keras\nfrom keras import layers\na = keras.Input((4,))\nb = keras.Input((4,))\n"
               "out = layers.add([layers.Dense(2)(a), layers.Dense(2)(b)])\nmodel = keras.Model([a, b], out)\n",),
    ),
    Rule(
        "KC900", "unresolved-value", "info",
        "A value the analysis could not know statically.",
        "The tool never runs your code, so a shape read from data (`X_train.shape[1:]`) is unknown. "
        "The counts that depend on it are reported as unknown, never guessed.",
        invalid=("model = Sequential([Dense(10, input_shape=X_train.shape[1:])])\n",),
        valid=("model = Sequential([Dense(10, input_shape=(4,))])\n",),
    ),
    Rule(
        "KC901", "assumed-default-config", "info",
        "A value read from Keras's configuration, taken as Keras's default.",
        "`K.image_data_format()` depends on ~/.keras/keras.json on the machine that runs the code. The tool "
        "reads it as 'channels_last', Keras's default, unless the file calls set_image_data_format first.",
        invalid=("from keras import backend as K\nshape = (1, 28, 28) if K.image_data_format() == 'channels_first' "
                 "else (28, 28, 1)\nmodel = Sequential([Dense(2, input_shape=shape)])\n",),
        valid=("model = Sequential([Dense(2, input_shape=(28, 28, 1))])\n",),
    ),
    Rule(
        "KC902", "model-not-rebuilt", "info",
        "A subclassed `keras.Model` whose `call()` the tool cannot follow, so it is not counted.",
        "The tool rebuilds a subclass as Keras builds it: `__init__` sets the layers (summary() lists them in "
        "that order) and the first call on data or on `keras.Input` runs `call()`. A `call()` that branches on "
        "a value not known before running, calls code outside Keras (`tf.nn.relu`, a helper from another "
        "module) or makes a layer `__init__` does not set cannot be followed: its shapes and params are not "
        "counted. The layers its `__init__` makes are still checked for arguments Keras rejects. `check` does "
        "not say 'All checks passed!' about such a file, and `scan` gives it a `review` verdict. Write the "
        "step as a Keras layer or `keras.ops` call, or check the counts with `model.summary()`.",
        invalid=("import keras\nimport tensorflow as tf\nclass Net(keras.Model):\n    def __init__(self):\n"
                 "        super().__init__()\n        self.d = keras.layers.Dense(2)\n    def call(self, x):\n"
                 "        return tf.nn.relu(self.d(x))\nmodel = Net()\nmodel(keras.Input((4,)))\n",),
        valid=("import keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])\n",
               "import keras\nclass Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n"
               "        self.d = keras.layers.Dense(2)\n    def call(self, x):\n        return self.d(x)\n"
               "model = Net()\nmodel(keras.Input((4,)))\n"),
    ),
)

