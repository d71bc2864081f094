"""Seeded random Sequential models written as source, for the differential test against Keras.

Each model mixes import styles, list and .add() forms, Input vs input_shape, and argument
spellings (int / tuple / list kernels, positional and keyword). Layers are chosen by the
rank of the tensor flowing through, so most models are valid; those Keras refuses must be
flagged by us.
"""
import random

IMPORT_STYLES = {
    "keras": ("import keras\n", "keras.layers.", "keras.Sequential", "keras.Input"),
    "layers": ("import keras\nfrom keras import layers\n", "layers.", "keras.Sequential", "keras.Input"),
    "alias": ("from keras import layers as L\nfrom keras.models import Sequential\nfrom keras import Input\n",
              "L.", "Sequential", "Input"),
    "star": ("from keras.models import Sequential\nfrom keras.layers import *\n", "", "Sequential", "Input"),
    "tf": ("import tensorflow as tf\n", "tf.keras.layers.", "tf.keras.Sequential", "tf.keras.Input"),
}


def _k(rng, n, value):
    """An int, tuple or list spelling of the same window."""
    form = rng.choice(["int", "tuple", "list"])
    if form == "int":
        return str(value)
    items = ", ".join(str(value) for _ in range(n))
    return f"({items},)" if form == "tuple" and n == 1 else (f"({items})" if form == "tuple" else f"[{items}]")


def _bool(rng):
    return rng.choice(["True", "False"])


def dense_layers(rng):
    u = rng.randint(1, 24)
    return [
        ("Dense", [str(u)], {"activation": rng.choice(['"relu"', '"tanh"', "None"]), "use_bias": _bool(rng)}),
        ("Dropout", [str(rng.choice([0.1, 0.25, 0.5]))], {}),
        ("BatchNormalization", [], {"center": _bool(rng), "scale": _bool(rng)}),
        ("LayerNormalization", [], {}),
        ("Activation", ['"relu"'], {}),
        ("PReLU", [], {}),
        ("LeakyReLU", [], {}),
        ("GaussianNoise", ["0.1"], {}),
        ("UnitNormalization", [], {}),
        ("RepeatVector", [str(rng.randint(2, 5))], {}),
    ]


def conv_layers(rng, rank):
    f = rng.randint(1, 12)
    k = rng.randint(1, 3)
    pad = rng.choice(['"valid"', '"same"', '"SAME"'])
    s = rng.choice([1, 1, 2])
    layers = [
        (f"Conv{rank}D", [str(f), _k(rng, rank, k)], {"padding": pad, "strides": _k(rng, rank, s),
                                                   "use_bias": _bool(rng)}),
        (f"Conv{rank}D", [str(f)], {"kernel_size": _k(rng, rank, k), "dilation_rate": str(rng.choice([1, 2]))}),
        (f"Conv{rank}DTranspose", [str(f), _k(rng, rank, k)], {"strides": str(s), "padding": pad}),
        (f"MaxPooling{rank}D", [], {"pool_size": _k(rng, rank, rng.choice([1, 2]))}),
        (f"AveragePooling{rank}D", [_k(rng, rank, 2)], {"padding": pad}),
        (f"ZeroPadding{rank}D", [str(rng.randint(1, 2))], {}),
        (f"UpSampling{rank}D", [], {"size": _k(rng, rank, 2) if rank > 1 else "2"}),
        (f"SpatialDropout{rank}D", ["0.1"], {}),
        ("BatchNormalization", [], {}),
        ("ReLU", [], {}),
    ]
    if rank in (1, 2):
        layers += [
            (f"SeparableConv{rank}D", [str(f), str(k)], {"depth_multiplier": str(rng.randint(1, 2)), "padding": pad}),
            (f"DepthwiseConv{rank}D", [_k(rng, rank, k)], {"depth_multiplier": str(rng.randint(1, 3)),
                                                          "padding": '"same"'}),
        ]
    if rank == 2:
        layers.append(("Cropping2D", [str(rng.randint(0, 1))], {}))
    if rank == 1:
        layers.append(("Conv1D", [str(f), str(k)], {"padding": '"causal"'}))
    return layers


def rnn_layers(rng):
    u = rng.randint(1, 10)
    rs = _bool(rng)
    return [
        ("LSTM", [str(u)], {"return_sequences": rs, "use_bias": _bool(rng)}),
        ("GRU", [str(u)], {"return_sequences": rs, "reset_after": _bool(rng)}),
        ("SimpleRNN", [str(u)], {"return_sequences": rs}),
        ("Bidirectional", [f"{{P}}LSTM({u}, return_sequences={rs})"],
         {"merge_mode": rng.choice(['"concat"', '"sum"', '"ave"', '"mul"'])}),
        ("TimeDistributed", [f"{{P}}Dense({u})"], {}),
        ("Conv1D", [str(rng.randint(1, 8)), str(rng.randint(1, 3))], {"padding": '"same"'}),
    ]


def global_pool(rng, rank):
    return (rng.choice([f"GlobalMaxPooling{rank}D", f"GlobalAveragePooling{rank}D"]), [], {})


def render(prefix, cls, args, kwargs):
    parts = [a.replace("{P}", prefix) for a in args] + [f"{k}={v}" for k, v in kwargs.items()]
    return f"{prefix}{cls}({', '.join(parts)})"


FAULTS = ("unknown-keyword", "legacy-keyword", "bad-padding", "bad-activation", "missing-argument",
          "wrong-rank", "kernel-too-large", "bad-reshape", "bad-rate")


def inject(rng, fault, calls, kind):
    """Put one fault into the layer list: what Keras does with it is for Keras to say."""
    i = rng.randrange(len(calls))
    cls, args, kwargs = calls[i]
    if fault == "unknown-keyword":
        calls[i] = (cls, args, dict(kwargs, **{rng.choice(["padding", "units_out", "kernel"]): '"same"'}))
    elif fault == "legacy-keyword":
        calls[i] = (cls, args, dict(kwargs, **{rng.choice(["border_mode", "init", "dim_ordering"]): '"same"'}))
    elif fault == "bad-padding":
        calls.insert(i, ("Conv1D" if kind in ("conv1", "rnn") else "Dense", ["4", "3"] if kind in ("conv1", "rnn")
                         else ["4"], {"padding": rng.choice(['"full"', '"SAME"', '"causal"'])}))
    elif fault == "bad-activation":
        calls.insert(i, ("Dense", ["4"], {"activation": rng.choice(['"ReLU"', '"softmaxx"', '"leakyrelu"'])}))
    elif fault == "missing-argument":
        calls.insert(i, rng.choice([("Dense", [], {}), ("Conv2D", ["8"], {}), ("Embedding", ["10"], {}),
                                    ("Dropout", [], {})]))
    elif fault == "wrong-rank":
        calls.insert(i, rng.choice([("Conv2D", ["4", "3"], {}), ("LSTM", ["4"], {}), ("MaxPooling1D", [], {}),
                                    ("Flatten", [], {}), ("Conv3D", ["2", "1"], {})]))
    elif fault == "kernel-too-large":
        calls.insert(i, rng.choice([("Conv1D", ["4", "60"], {}), ("Conv2D", ["4", "(40, 3)"], {}),
                                    ("MaxPooling2D", ["50"], {}), ("Conv3D", ["1", "12"], {})]))
    elif fault == "bad-reshape":
        calls.insert(i, ("Reshape", [rng.choice(["(7, 7)", "(-1, 5)", "(3, -1, -1)"])], {}))
    elif fault == "bad-rate":
        calls.insert(i, ("Dropout", [rng.choice(["1.5", "-0.1"])], {}))


def generate(seed: int, fault=None) -> str:
    """A random model; with `fault` (one of FAULTS), one faulty layer is put in."""
    rng = random.Random(seed)
    style = rng.choice(list(IMPORT_STYLES))
    header, prefix, seq, inp = IMPORT_STYLES[style]
    kind = rng.choice(["dense", "conv1", "conv2", "conv2", "conv3", "rnn"])
    if kind == "dense":
        shape = (rng.randint(2, 40),)
    elif kind == "conv1":
        shape = (rng.randint(12, 40), rng.randint(1, 4))
    elif kind == "conv2":
        shape = (rng.randint(10, 32), rng.randint(10, 32), rng.randint(1, 4))
    elif kind == "conv3":
        shape = (rng.randint(6, 10), rng.randint(6, 10), rng.randint(6, 10), rng.randint(1, 2))
    else:
        shape = (rng.randint(3, 12), rng.randint(1, 8))
    calls = []
    n = rng.randint(1, 5)
    for _ in range(n):
        if kind == "dense":
            choice = rng.choice(dense_layers(rng))
        elif kind == "rnn":
            choice = rng.choice(rnn_layers(rng))
        else:
            choice = rng.choice(conv_layers(rng, {"conv1": 1, "conv2": 2, "conv3": 3}[kind]))
        calls.append(choice)
        if choice[0] == "RepeatVector":
            break
    if kind not in ("dense", "rnn"):
        calls.append(global_pool(rng, {"conv1": 1, "conv2": 2, "conv3": 3}[kind]) if rng.random() < 0.5
                     else ("Flatten", [], {}))
    if rng.random() < 0.8 and calls[-1][0] != "RepeatVector":
        calls.append(("Dense", [str(rng.randint(1, 10))], {"activation": '"softmax"'}))
    if fault is not None:
        inject(random.Random(seed * 7919 + FAULTS.index(fault)), fault, calls, kind)
    use_input = rng.random() < 0.5
    shape_text = "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"
    rendered = []
    for i, (cls, args, kwargs) in enumerate(calls):
        if i == 0 and not use_input:
            kwargs = dict(kwargs, input_shape=shape_text)
        rendered.append(render(prefix, cls, args, kwargs))
    first = f"{inp}(shape={shape_text})" if use_input else None
    if rng.random() < 0.5:
        items = ([first] if first else []) + rendered
        body = f"model = {seq}([\n" + "".join(f"    {r},\n" for r in items) + "])\n"
    else:
        body = f"model = {seq}()\n" + (f"model.add({first})\n" if first else "")
        body += "".join(f"model.add({r})\n" for r in rendered)
    return header + "\n" + body
