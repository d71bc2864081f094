"""Extraction forms. Each form must rebuild the same model as a canonical spelling whose
numbers the golden tests check against Keras, so no count is typed here."""
import pytest

from kerascount_lint.analysis import analyze_source

CANONICAL = """
from keras.models import Sequential
from keras.layers import Conv2D, MaxPooling2D, Flatten, Dense
model = Sequential()
model.add(Conv2D(8, (3, 3), activation="relu", input_shape=(28, 28, 1)))
model.add(MaxPooling2D((2, 2)))
model.add(Flatten())
model.add(Dense(10, activation="softmax"))
"""

FORMS = {
    "import keras": """
import keras
model = keras.Sequential()
model.add(keras.layers.Conv2D(8, (3, 3), activation="relu", input_shape=(28, 28, 1)))
model.add(keras.layers.MaxPooling2D((2, 2)))
model.add(keras.layers.Flatten())
model.add(keras.layers.Dense(10, activation="softmax"))
""",
    "layers as L, list form": """
from keras import layers as L
from keras import models
model = models.Sequential([L.Conv2D(8, 3, activation="relu", input_shape=(28, 28, 1)),
                           L.MaxPooling2D(), L.Flatten(), L.Dense(10, activation="softmax")])
""",
    "layers= keyword": """
from keras.layers import *
from keras.models import Sequential
model = Sequential(layers=[Conv2D(8, [3, 3], input_shape=(28, 28, 1)), MaxPooling2D(2), Flatten(), Dense(10)])
""",
    "tf.keras": """
import tensorflow as tf
model = tf.keras.models.Sequential()
model.add(tf.keras.layers.Conv2D(8, 3, input_shape=(28, 28, 1)))
model.add(tf.keras.layers.MaxPool2D())
model.add(tf.keras.layers.Flatten())
model.add(tf.keras.layers.Dense(10))
""",
    "from tensorflow import keras": """
from tensorflow import keras
from tensorflow.keras.layers import Conv2D, Flatten, Dense
model = keras.Sequential([keras.Input(shape=(28, 28, 1)), Conv2D(8, 3), keras.layers.MaxPooling2D(),
                          Flatten(), Dense(10)])
""",
    "old module paths": """
import keras
from keras.layers.convolutional import Convolution2D
model = keras.models.Sequential()
model.add(Convolution2D(8, kernel_size=3, input_shape=(28, 28, 1)))
model.add(keras.layers.pooling.MaxPooling2D())
model.add(keras.layers.core.Flatten())
model.add(keras.layers.core.Dense(10))
""",
    "no imports (slides)": """
model = Sequential()
model.add(Conv2D(8, kernel_size=3, input_shape=(28, 28, 1)))
model.add(MaxPooling2D())
model.add(Flatten())
model.add(Dense(10))
""",
    "constants, arithmetic, unpacking": """
from keras import Sequential, layers
ROWS, COLS = 28, 28
SHAPE = (ROWS, COLS, 1)
N = 5
model = Sequential([layers.Input(SHAPE[0:3]), layers.Conv2D(N + 3, N - 2), layers.MaxPooling2D(N // 2),
                    layers.Flatten(), layers.Dense(N * 2)])
""",
    "function with defaults": """
from keras import Sequential, layers
def build(filters=8, classes=10, shape=(28, 28, 1)):
    m = Sequential()
    m.add(layers.Conv2D(filters, 3, input_shape=shape))
    m.add(layers.MaxPooling2D())
    m.add(layers.Flatten())
    m.add(layers.Dense(classes))
    return m
""",
    "loop over a list": """
from keras import Sequential, layers
model = Sequential([layers.Input((28, 28, 1))])
for layer in [layers.Conv2D(8, 3), layers.MaxPooling2D(), layers.Flatten(), layers.Dense(10)]:
    model.add(layer)
""",
    "build() call": """
from keras import Sequential, layers
model = Sequential([layers.Conv2D(8, 3), layers.MaxPooling2D(), layers.Flatten(), layers.Dense(10)])
model.build((None, 28, 28, 1))
""",
    "class method": """
import keras
class Net:
    def make(self):
        self.model = keras.Sequential()
        self.model.add(keras.layers.Conv2D(8, 3, input_shape=(28, 28, 1)))
        self.model.add(keras.layers.MaxPooling2D())
        self.model.add(keras.layers.Flatten())
        self.model.add(keras.layers.Dense(10))
""",
    "pop": """
from keras import Sequential, layers
model = Sequential([layers.Input((28, 28, 1)), layers.Conv2D(8, 3), layers.MaxPooling2D(), layers.Flatten()])
model.add(layers.Dense(99))
model.pop()
model.add(layers.Dense(10))
""",
}


def shapes_and_params(source):
    result = analyze_source(source)
    assert len(result.models) == 1, result.diagnostics
    m = result.models[0]
    return [(r.spec.class_name, r.output_shape, r.params) for r in m.layers], m.total_params


@pytest.mark.parametrize("form", sorted(FORMS))
def test_form_rebuilds_canonical_model(form):
    assert shapes_and_params(FORMS[form]) == shapes_and_params(CANONICAL)


@pytest.mark.parametrize("source", [
    "import torch\nmodel = torch.nn.Sequential(torch.nn.Linear(4, 2))\n",
    "class Dense:\n    pass\nclass Sequential:\n    def add(self, x): pass\nm = Sequential()\nm.add(Dense())\n",
    "from torch.nn import Sequential\nm = Sequential()\n",
    "from mylib import *\nm = Sequential([Dense(3)])\n",
])
def test_non_keras_sequential_is_not_reported(source):
    assert analyze_source(source).models == []


def test_models_in_order_with_names_and_positions():
    src = "import keras\na = keras.Sequential()\n\ndef f():\n    return keras.Sequential(name='inner')\n"
    models = analyze_source(src).models
    assert [(m.spec.variable, m.spec.name, m.spec.span.line, m.spec.span.column) for m in models] == [
        ("a", "sequential", 2, 5), (None, "inner", 5, 12)]


def test_auto_names_count_per_file_and_name_wins():
    src = ("from keras import Sequential\nfrom keras.layers import Dense, Convolution2D\n"
           "a = Sequential([Dense(2, input_shape=(3,)), Dense(2, name='out')])\n"
           "b = Sequential([Dense(2, input_shape=(3,))])\n")
    a, b = analyze_source(src).models
    assert [r.spec.name for r in a.layers] == ["dense", "out"]
    assert [r.spec.name for r in b.layers] == ["dense_1"]
    assert (a.spec.name, b.spec.name) == ("sequential", "sequential_1")


def test_positional_third_argument_is_strides():
    """Keras 3 reads Convolution2D(32, 3, 3) as kernel 3, strides 3."""
    ours = shapes_and_params("model = Sequential([Convolution2D(4, 3, 3, input_shape=(12, 12, 1))])\n")
    spelled = shapes_and_params("model = Sequential([Conv2D(4, kernel_size=3, strides=3, input_shape=(12, 12, 1))])\n")
    assert ours == spelled


def test_unknown_value_is_reported_not_guessed():
    src = ("import numpy as np\nfrom keras import Sequential, layers\nX = np.load('x.npy')\n"
           "model = Sequential([layers.Dense(8, input_shape=X.shape[1:]), layers.Dense(len(CLASSES)),"
           " layers.Dense(3), layers.Dense(2)])\n")
    result = analyze_source(src)
    [m] = result.models
    assert m.complete is False and m.total_params is None
    assert [r.params is None for r in m.layers] == [True, True, True, False]
    notes = [d for d in result.diagnostics if d.code == "KC900"]
    assert any("X.shape[1:]" in d.message for d in notes)
    assert any("len(CLASSES)" in d.message for d in notes)
    assert all(d.severity == "info" for d in notes)


def test_loop_over_unknown_marks_model_incomplete():
    src = "from keras import Sequential, layers\nm = Sequential([layers.Input((4,))])\nfor u in SIZES:\n    m.add(layers.Dense(u))\n"
    result = analyze_source(src)
    assert result.models[0].complete is False
    assert any(d.code == "KC900" and "SIZES" in d.message for d in result.diagnostics)


def test_a_long_unrelated_loop_costs_no_model():
    """500 x 200 iterations of a training-style loop: abandoned, not the file; its names unknown."""
    import time

    source = ("import keras\nfrom keras import layers\ntotal = 0\nfor e in range(500):\n    for s in range(200):\n"
              "        total += s\nunits = 8\nif __name__ == '__main__':\n"
              "    model = keras.Sequential([keras.Input((4,)), layers.Dense(units), layers.Dense(total)])\n")
    start = time.process_time()
    result = analyze_source(source, "loop.py")
    assert time.process_time() - start < 1.0
    [model] = result.models
    assert model.layers[0].params is not None and model.layers[1].params is None
    assert any(d.code == "KC900" and "total (set in the loop over `range(500)`" in d.message
               for d in result.diagnostics)
