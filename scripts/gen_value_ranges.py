"""Generate tests/data/value_ranges.json: which argument values Keras 3 refuses when a layer is made
and built, for the values students get wrong (negative sizes, rates outside [0, 1], zero strides...).

    KERAS_BACKEND=numpy python scripts/gen_value_ranges.py

Each case is built in real Keras inside a one-layer Sequential on a stated input; the file records
whether Keras accepted it. tests/test_value_ranges.py checks that KC102/KC103/KC203 fire exactly
where Keras refuses.
"""
import json
import os
import pathlib
import warnings

os.environ.setdefault("KERAS_BACKEND", "numpy")
warnings.filterwarnings("ignore")

import keras  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "value_ranges.json"

IMAGE, SEQUENCE, VECTOR = "(8, 8, 3)", "(6, 4)", "(5,)"
# (layer call as written, input shape): values on both sides of each limit Keras may enforce.
CASES = []
for rate in ("-0.1", "0", "0.5", "1", "1.5"):
    for layer in ("Dropout", "SpatialDropout2D", "GaussianDropout", "AlphaDropout"):
        shape = IMAGE if layer == "SpatialDropout2D" else VECTOR
        CASES.append((f"{layer}({rate})", shape))
    CASES.append((f"GaussianNoise({rate})", VECTOR))
for units in ("-1", "0", "1"):
    CASES += [(f"Dense({units})", VECTOR), (f"LSTM({units})", SEQUENCE), (f"GRU({units})", SEQUENCE),
              (f"SimpleRNN({units})", SEQUENCE), (f"Conv2D({units}, 3)", IMAGE), (f"Conv1D({units}, 3)", SEQUENCE),
              (f"Embedding({units}, 4)", "(5,)"), (f"Embedding(10, {units})", "(5,)"),
              (f"RepeatVector({units})", VECTOR), (f"Conv2DTranspose({units}, 3)", IMAGE),
              (f"SeparableConv2D({units}, 3)", IMAGE), (f"MultiHeadAttention({units}, 4)", None)]
for size in ("-1", "0", "1", "2"):
    CASES += [(f"Conv2D(4, {size})", IMAGE), (f"Conv2D(4, 3, strides={size})", IMAGE),
              (f"MaxPooling2D({size})", IMAGE), (f"AveragePooling2D({size})", IMAGE),
              (f"MaxPooling2D(2, strides={size})", IMAGE), (f"UpSampling2D({size})", IMAGE),
              (f"ZeroPadding2D({size})", IMAGE), (f"Cropping2D({size})", IMAGE),
              (f"Conv2D(4, 3, dilation_rate={size})", IMAGE), (f"Conv1D(4, {size})", SEQUENCE)]
for value in ("-1.0", "0.0", "0.5"):
    CASES += [(f"LeakyReLU(negative_slope={value})", VECTOR), (f"ReLU(max_value={value})", VECTOR),
              (f"ReLU(negative_slope={value})", VECTOR), (f"ReLU(threshold={value})", VECTOR),
              (f"ELU(alpha={value})", VECTOR), (f"ActivityRegularization(l1={value})", VECTOR),
              (f"BatchNormalization(momentum={value})", VECTOR), (f"LayerNormalization(epsilon={value})", VECTOR)]


def source(call: str, shape) -> str:
    if call.startswith("MultiHeadAttention"):
        return ("import keras\nfrom keras import layers\nq = keras.Input((6, 4))\n"
                f"out = layers.{call}(q, q)\nmodel = keras.Model(q, out)\n")
    return f"import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input({shape}), layers.{call}])\n"


def main():
    out = []
    for call, shape in CASES:
        code = source(call, shape)
        try:
            exec(compile(code, "<case>", "exec"), {})
            error = None
        except Exception as exc:  # the refusal is the datum
            error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''}"
        out.append({"call": call, "source": code, "accepted": error is None, "error": error})
    OUT.write_text(json.dumps({"keras_version": keras.__version__, "cases": out}, indent=1) + "\n")
    refused = sum(not c["accepted"] for c in out)
    print(f"wrote {OUT}: {len(out)} cases, {refused} refused by Keras {keras.__version__}")


if __name__ == "__main__":
    main()
