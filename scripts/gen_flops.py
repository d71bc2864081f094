"""XLA's own FLOP counts for single layers, the ground truth for MACs (tests/data/xla_flops.json).

    KERAS_BACKEND=jax python scripts/gen_flops.py

Each layer is built alone on an input of batch 1 and its call compiled with JAX; the number is
`jax.jit(...).lower(...).compile().cost_analysis()["flops"]`. XLA counts 2 per multiply-add of a dot
or a convolution, plus the element-wise work around it, and skips the taps that fall on padding.
The configurations marked exact have no work the conventions count differently (the matmuls with
'valid' padding, a bias with relu, a max pool): XLA's count must equal our FLOPs exactly. The others
are bounded by what the convention explains: 'same' padding (XLA skips padded taps, so it counts
fewer), recurrent layers (XLA counts a loop's body once: one step), attention's softmax and biases
(XLA counts more), batch normalization (XLA fuses it into a multiply and an add per element).
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")

import jax  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "xla_flops.json"

# (layer source as the analysis reads it, input shape without the batch, exact?)
CONFIGS = [
    ("Dense(10, use_bias=False)", (784,), True),
    ("Dense(7, use_bias=False)", (5, 12), True),
    ("Conv1D(8, 3, use_bias=False)", (30, 4), True),
    ("Conv2D(10, 3, use_bias=False)", (28, 28, 1), True),
    ("Conv2D(16, (3, 5), strides=2, use_bias=False)", (31, 29, 3), True),
    ("Conv2D(12, 3, dilation_rate=2, use_bias=False)", (20, 20, 4), True),
    ("Conv2D(8, 3, groups=2, use_bias=False)", (16, 16, 4), True),
    ("Conv3D(4, 3, use_bias=False)", (8, 8, 8, 2), True),
    ("DepthwiseConv2D(3, depth_multiplier=2, use_bias=False)", (16, 16, 3), True),
    ("SeparableConv2D(8, 3, use_bias=False)", (16, 16, 3), True),
    ("SeparableConv1D(6, 5, depth_multiplier=2, use_bias=False)", (40, 4), True),
    ("Conv2DTranspose(6, 3, use_bias=False)", (10, 10, 4), True),
    ("Conv2DTranspose(6, 3, strides=2, use_bias=False)", (10, 10, 4), True),
    ("Dense(10, activation='relu')", (784,), True),
    ("MaxPooling2D()", (28, 28, 4), True),
    ("Conv2D(10, 3, padding='same')", (28, 28, 1), False),
    ("SimpleRNN(8)", (12, 5), False),
    ("LSTM(16)", (10, 8), False),
    ("GRU(6, return_sequences=True)", (7, 3), False),
    ("MultiHeadAttention(2, 4)", (6, 8), False),
    ("BatchNormalization()", (10, 10, 3), False),
]


def xla_flops(source, shape):
    layer = eval("keras.layers." + source)
    x = np.zeros((1,) + shape, dtype="float32")
    if source.startswith("MultiHeadAttention"):
        layer(x, x)
        call = lambda t, n, v: layer.stateless_call(t, n, v, v)[0]  # noqa: E731
    else:
        layer(x)
        call = lambda t, n, v: layer.stateless_call(t, n, v)[0]  # noqa: E731
    trainable = [v.value for v in layer.trainable_variables]
    frozen = [v.value for v in layer.non_trainable_variables]
    cost = jax.jit(call).lower(trainable, frozen, x).compile().cost_analysis()
    cost = cost[0] if isinstance(cost, list) else cost
    return int(cost["flops"])


def main():
    rows = []
    for source, shape, exact in CONFIGS:
        flops = xla_flops(source, shape)
        rows.append({"layer": source, "input_shape": list(shape), "exact": exact, "xla_flops": flops})
        print(f"{source:60s} {str(shape):16s} XLA {flops:>10,}")
    OUT.write_text(json.dumps({"jax_version": jax.__version__, "keras_version": keras.__version__,
                               "layers": rows}, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
