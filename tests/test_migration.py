"""Keras 1/2 code Keras 3 removed (KC107), judged by real Keras 3: each snippet fails in Keras where we
report it, and after `--fix` it runs."""
import json
import os
import sys

import pytest

from conftest import ROOT
from kerascount_lint.analysis import analyze_source
from kerascount_lint.fixes import fix_source

sys.path.insert(0, os.path.join(ROOT, "scripts"))
from keras_truth import run_source  # noqa: E402

MODEL = "model = Sequential([Dense(4, input_dim=3, activation='relu'), Dense(2, activation='softmax')])\n"
FIXABLE = [
    "from keras.layers.core import Dense, Dropout\nfrom keras.models import Sequential\n" + MODEL,
    "from keras.layers.convolutional import Conv2D\nfrom keras.layers import Dense\nfrom keras.models import "
    "Sequential\n" + MODEL,
    "from keras.layers import Dense\nfrom keras.models import Sequential\nimport keras\n" + MODEL
    + "opt = keras.optimizers.Adam(lr=0.001)\n",
    "from keras.layers import Dense\nfrom keras.models import Sequential\nfrom keras.optimizers import SGD\n" + MODEL
    + "opt = SGD(lr=0.01, momentum=0.9)\n",
    "from keras.layers import Dense\nfrom keras.models import Sequential\nimport keras\n" + MODEL
    + "y = keras.utils.to_categorical([0, 1, 1], nb_classes=2)\n",
    "import keras\nfrom keras import backend as K\nK.set_image_dim_ordering('tf')\n"
    "model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3)])\n",
    "import keras\nmodel = keras.Sequential([keras.Input((5, 3)), keras.layers.CuDNNLSTM(4)])\n",
    "import keras\nfrom keras.layers import Dense\n"
    "model = keras.Sequential([keras.Input((3,)), Dense(4, kernel_constraint=keras.constraints.maxnorm(3))])\n",
]
NOT_FIXABLE = [
    "from keras.models import Sequential, Graph\nfrom keras.layers import Dense\n" + MODEL,
    "from keras.utils import np_utils\nfrom keras.layers import Dense\nfrom keras.models import Sequential\n" + MODEL,
    "from keras.engine.topology import Layer\nfrom keras.layers import Dense\nfrom keras.models import Sequential\n"
    + MODEL,
    "from keras.layers import Dense, Merge\nfrom keras.models import Sequential\n" + MODEL,
]


def error_in_keras(source):
    """Our own snippets, run as they are (an optimizer makes variables: no stateless scope here)."""
    import keras

    try:
        exec(compile(source, "<fixed>", "exec"), {"__name__": "__migration__"})
    except Exception as exc:  # what Keras raises is the verdict
        return exc
    finally:
        keras.config.set_image_data_format("channels_last")  # set_image_data_format is global
    return None


def kc107_lines(source):
    return {d.span.line for d in analyze_source(source, "x.py").diagnostics if d.code == "KC107"}


@pytest.mark.parametrize("source", FIXABLE + NOT_FIXABLE)
def test_keras_refuses_on_the_line_we_report(source):
    _, error = run_source(source, "<migration>")
    assert error is not None, "Keras 3 accepted this snippet: it is no test of KC107"
    assert error["line"] in kc107_lines(source), error


@pytest.mark.parametrize("source", FIXABLE)
def test_fixed_code_runs_in_keras(source):
    fixed, applied, result = fix_source(source, "x.py", analyze_source)
    assert applied and fixed != source
    assert not [d for d in result.diagnostics if d.code == "KC107"]
    assert error_in_keras(fixed) is None, fixed


def test_dim_ordering_th_means_channels_first_input():
    source = ("import keras\nfrom keras import backend as K\nK.set_image_dim_ordering('th')\n"
              "model = keras.Sequential([keras.Input((1, 8, 8)), keras.layers.Conv2D(2, 3)])\n")
    fixed, _, result = fix_source(source, "x.py", analyze_source)
    assert "set_image_data_format('channels_first')" in fixed
    [model] = analyze_source(source, "x.py").models
    truth, error = run_source(fixed, "<dim ordering>")
    assert error is None
    [keras_model] = truth.values()
    assert list(model.layers[-1].output_shape) == keras_model["layers"][-1]["output_shape"]


def test_the_table_comes_from_the_keras_we_describe():
    removed = json.loads((ROOT / "kerascount_lint" / "catalogue" / "removed_api.json").read_text())
    signatures = json.loads((ROOT / "kerascount_lint" / "catalogue" / "keras_signatures.json").read_text())
    assert removed["keras_version"] == signatures["keras_version"]
    for section in ("modules", "names", "methods"):
        assert all(entry["error"] for entry in removed[section].values())
