"""MACs and FLOPs against XLA's own counts (tests/data/xla_flops.json, from scripts/gen_flops.py)."""
import json

import pytest

from conftest import DATA
from kerascount_lint.analysis import analyze_source

XLA = json.loads((DATA / "xla_flops.json").read_text())["layers"]


def ours(row):
    shape = tuple(row["input_shape"])
    source = (f"import keras\nfrom keras.layers import *\nx = keras.Input({shape!r})\n"
              f"y = {row['layer']}(x, x)\n" if row["layer"].startswith("MultiHeadAttention") else
              f"import keras\nfrom keras.layers import *\nx = keras.Input({shape!r})\ny = {row['layer']}(x)\n")
    source += "model = keras.Model(x, y)\n"
    [model] = analyze_source(source, "layer.py").models
    [layer] = [r for r in model.layers if r.spec.class_name != "InputLayer"]
    return layer, shape


@pytest.mark.parametrize("row", XLA, ids=lambda r: r["layer"])
def test_flops_agree_with_xla(row):
    layer, shape = ours(row)
    assert layer.macs is not None and layer.flops is not None
    xla = row["xla_flops"]
    name = row["layer"]
    if row["exact"]:
        assert layer.flops == xla
    elif "padding='same'" in name:
        assert 2 * layer.macs * 0.8 < xla <= layer.flops  # XLA skips the taps on padding
    elif name.startswith(("SimpleRNN", "LSTM", "GRU")):
        # XLA counts a loop's body once: at least one step's matmuls, at most all of them (an
        # implementation may project every step's input before the loop).
        per_step = 2 * layer.macs // shape[0]
        assert per_step <= xla <= 2 * layer.macs
    elif name.startswith("MultiHeadAttention"):
        assert 2 * layer.macs <= xla <= layer.flops * 1.25  # plus biases and the softmax
    else:  # BatchNormalization: XLA fuses it into one multiply and one add per element
        assert xla <= layer.flops


def test_readme_shows_the_slides_with_flops_as_printed():
    import subprocess
    import sys

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    for name in ("slide1_dense.py", "slide2_cnn.py", "slide3_dense_padding.py", "slide4_cnn_wider.py"):
        out = subprocess.run([sys.executable, "-m", "kerascount_lint", "summary", "--flops", "--explain",
                              f"sample_models/{name}"], capture_output=True, text=True, cwd=ROOT).stdout
        table = out[out.index("Model:"):out.index(" Activation memory")]
        assert table in readme, name


def test_activation_memory_follows_dtype_and_mixed_precision():
    """Each output's bytes, against the dtype real Keras gives that output."""
    import numpy as np

    keras = pytest.importorskip("keras")
    source = ("import keras\nkeras.mixed_precision.set_global_policy('mixed_float16')\n"
              "m = keras.Sequential([keras.Input((10,)), keras.layers.Dense(4), keras.layers.Dense(3, dtype='float32')])\n"
              "keras.mixed_precision.set_global_policy('float32')\n"
              "n = keras.Sequential([keras.Input((10,)), keras.layers.Dense(5)])\n")
    ours = analyze_source(source, "mp.py").models
    space = {}
    try:
        exec(source, space)  # our own test source, not user code
    finally:
        keras.mixed_precision.set_global_policy("float32")
    for model, theirs in zip(ours, (space["m"], space["n"])):
        expected = [int(np.prod(layer.output.shape[1:])) * np.dtype(layer.output.dtype).itemsize
                    for layer in theirs.layers]
        assert [layer.activation_bytes for layer in model.layers] == expected
