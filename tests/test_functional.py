"""The functional API and models that are not Sequential, as a user meets them: findings in
functional and subclassed code, honest output about what was not read, and the formats."""
import json
import subprocess
import sys

from conftest import ROOT
from kerascount_lint.analysis import analyze_source
from kerascount_lint.catalogue.signatures import OWN_INPUT_DIM, load_signatures

FUNCTIONAL_BAD = """import keras
from keras import layers
inputs = keras.Input(shape=(784,))
x = layers.Dense(64, activation="relu", padding="same")(inputs)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)
"""
SUBCLASSED = """import keras
import tensorflow as tf
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.d = keras.layers.Dense(2)
    def call(self, x):
        return tf.nn.relu(self.d(x))
model = Net()
model(keras.Input((4,)))
"""


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "kerascount_lint", *args], capture_output=True, text=True, cwd=cwd)


def codes(source):
    return [d.code for d in analyze_source(source, "x.py").diagnostics]


def test_unknown_argument_in_a_functional_model_fails_check(tmp_path):
    path = tmp_path / "f.py"
    path.write_text(FUNCTIONAL_BAD)
    proc = run("check", str(path))
    assert proc.returncode == 1
    assert "KC101" in proc.stdout and "All checks passed" not in proc.stdout


def test_layers_outside_any_model_and_in_subclasses_are_checked():
    assert "KC101" in codes("from keras.layers import Dense\nd = Dense(10, padding='same')\n")
    sub = SUBCLASSED.replace("Dense(2)", "Dense(2, padding='same')")
    assert "KC101" in codes(sub)


def test_a_subclassed_model_is_never_all_checks_passed(tmp_path):
    path = tmp_path / "net.py"
    path.write_text(SUBCLASSED)
    proc = run("check", str(path))
    assert proc.returncode == 0
    assert "All checks passed" not in proc.stdout
    assert "1 model not rebuilt: model" in proc.stdout
    summary = run("summary", str(path))
    assert "not rebuilt" in summary.stdout and "1 model not rebuilt" in summary.stderr
    assert "tf.nn.relu(self.d(x))" in summary.stderr  # the expression call() could not be followed past
    assert "KC902" in codes(SUBCLASSED)


def test_a_subclassed_model_is_rebuilt_from_init_and_call():
    source = SUBCLASSED.replace("tf.nn.relu(self.d(x))", "self.d(x)")
    result = analyze_source(source, "x.py")
    [model] = result.models
    assert model.built and model.complete and model.spec.unread is None
    assert [d.code for d in result.diagnostics] == []
    never_called = analyze_source(source.replace("model(keras.Input((4,)))\n", ""), "x.py")
    assert [d.code for d in never_called.diagnostics] == ["KC201"]
    assert not never_called.models[0].built and never_called.models[0].layers[0].unbuilt


def test_a_subclassed_model_that_fit_builds_is_built_by_its_data():
    source = SUBCLASSED.replace("tf.nn.relu(self.d(x))", "self.d(x)").replace(
        "model(keras.Input((4,)))", "import numpy as np\nmodel.fit(np.zeros((100, 4)), np.zeros((100, 2)))")
    [model] = analyze_source(source, "x.py").models
    assert model.built and model.complete and model.layers[0].output_shape[0] is None  # fit's batch, not 100
    unknown = analyze_source(source.replace("np.zeros((100, 4))", "load()"), "x.py")
    assert [d.code for d in unknown.diagnostics] == ["KC900"] and "load()" in unknown.diagnostics[0].message


def test_operators_on_tensors_are_operations_keras_checks_at_the_line():
    source = ("import keras\nfrom keras import layers\na = layers.Dense(3)(keras.Input((4,)))\n"
              "k = keras.Input((5,))\nbad = a + k\n")
    [error] = analyze_source(source, "x.py").diagnostics
    assert (error.code, error.span.line) == ("KC207", 5)


def test_a_sequential_called_on_an_input_is_built_without_kc201():
    source = ("import keras\naug = keras.Sequential([keras.layers.RandomFlip('horizontal')])\n"
              "x = aug(keras.Input((16, 16, 3)))\n")
    result = analyze_source(source, "x.py")
    [model] = result.models
    assert model.built and "KC201" not in [d.code for d in result.diagnostics]


def test_graph_errors_sit_on_the_statement_that_fails():
    source = ("import keras\nfrom keras import layers\na = keras.Input((16,))\nb = keras.Input((8,))\n"
              "add = layers.Add()\nout = add([a, b])\nmodel = keras.Model([a, b], out)\n")
    [error] = [d for d in analyze_source(source, "x.py").diagnostics if d.severity == "error"]
    assert (error.code, error.span.line) == ("KC207", 6)  # the call, not the constructor on line 5


def test_summary_json_describes_the_graph():
    proc = run("summary", "--format", "json", "sample_models/functional/siamese_shared.py")
    [doc] = json.loads(proc.stdout)["files"]
    model = next(m for m in doc["models"] if m["name"] == "model")
    assert model["kind"] == "functional"
    assert model["inputs"] == [[None, 64], [None, 64]] and model["outputs"] == [[None, 1]]
    rows = {la["name"]: la for la in model["layers"]}
    assert rows["left"]["connected_to"] == []
    assert rows["subtract"]["connected_to"] == [{"layer": "embedding", "node": 0, "tensor": 0},
                                                {"layer": "embedding", "node": 1, "tensor": 0}]
    sequential = next(m for m in doc["models"] if m["name"] == "embedding")
    assert sequential["kind"] == "sequential" and "connected_to" not in sequential["layers"][0]


def test_the_table_has_keras_connected_to_column_for_graphs():
    out = run("summary", "sample_models/functional/two_inputs_two_outputs.py").stdout
    assert "┃ Connected to" in out and "title[0][0]" in out
    chain = run("summary", "sample_models/functional/transformer_block.py").stdout
    assert "Connected to" in chain  # residual branches: not a chain


def test_own_input_dim_list_matches_the_generated_signatures():
    sigs = load_signatures()
    own = {name for name, sig in sigs.classes.items()
           if any(p[0] == "input_dim" for p in sig.params) and name != "InputLayer"}
    assert own == set(OWN_INPUT_DIM)


def test_readme_functional_example_is_real_output():
    out = run("summary", "sample_models/functional/siamese_shared.py").stdout
    table = out[out.index('Model: "functional_1"'):out.index(" Non-trainable params", out.index("functional_1"))]
    assert table in (ROOT / "README.md").read_text()


def test_a_one_tensor_layer_called_on_several_says_so():
    """Keras takes `Dropout(0.1)([a, b])` (and refuses it of Dense): a layer's rule that places one
    tensor cannot place two, and says so instead of leaving a silent '?'."""
    result = analyze_source("import keras\na = keras.Input((4,))\nb = keras.Input((4,))\n"
                            "both = keras.layers.Dropout(0.1)([a, b])\nmodel = keras.Model([a, b], both)\n")
    notes = [d for d in result.diagnostics if d.code == "KC900"]
    assert [(d.span.line, d.message) for d in notes] == [
        (4, "dropout (Dropout): called on 2 tensors, which the tool does not place for this layer; its shape "
            "and counts are unknown")]
    assert [entry[1] for entry in result.unread_models()] == ["model"]


def test_a_layer_whose_call_returns_nothing_is_not_rebuilt_and_does_not_break_the_analysis():
    """`return` of nothing (or a method that ends without one): its output is not a tensor, which the
    trace once took for a known output (a crash further on, found by the fuzz test)."""
    result = analyze_source("import keras\nfrom keras import layers\n\n\nclass Noop(layers.Layer):\n"
                            "    def call(self, x):\n        pass\n\n\ninputs = keras.Input((4,))\n"
                            "model = keras.Model(inputs, layers.Dense(2)(Noop()(inputs)))\n")
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("KC902", 11)]
    assert [entry[1] for entry in result.unread_models()] == ["model"]
