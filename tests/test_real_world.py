"""Forms from tutorials that need more than one layer at a time. Counts are checked against Keras
by the golden tests over sample_models/real_world/; here, what must stay unknown and what must agree."""
import pytest

from kerascount_lint.analysis import analyze_source
from kerascount_lint.catalogue import applications


def only_model(src):
    [model] = [m for m in analyze_source(src).models if m.spec.variable == "model"]
    return model


def test_freezing_a_slice_of_a_pretrained_base_counts_per_layer():
    src = ("import keras\nbase = keras.applications.VGG16(weights=None, include_top=False, input_shape=(150, 150, 3))\n"
           "for layer in base.layers[:-4]:\n    layer.trainable = False\n"
           "model = keras.Sequential([base, keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(2)])\n")
    model = only_model(src)
    per_layer = applications.table()["VGG16"]["layers"]["none"]  # measured in Keras by gen_applications.py
    assert model.layers[0].trainable_params == sum(p[0] for p in per_layer[-4:])
    assert model.layers[0].params == sum(p[0] + p[1] for p in per_layer)


@pytest.mark.parametrize("loop", [
    "for layer in base.layers[:N]:\n    layer.trainable = False\n",
    "for layer in base.layers:\n    if layer.output.shape[1] > 10:\n        layer.trainable = False\n",
])
def test_freezing_we_cannot_follow_is_unknown_not_guessed(loop):
    src = ("import keras\nbase = keras.applications.VGG16(weights=None, include_top=False, input_shape=(150, 150, 3))\n"
           + loop + "model = keras.Sequential([base, keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(2)])\n")
    model = only_model(src)
    assert model.trainable_params is None and model.complete is False
    assert model.layers[2].params is not None  # the head is still counted


@pytest.mark.parametrize("loop", [
    "for i, layer in enumerate(base.layers):\n    layer.trainable = i > 10\n",
    "for layer in base.layers:\n    if 'block5' not in layer.name:\n        layer.trainable = False\n",
    "for layer in base.layers:\n    layer.trainable = isinstance(layer, keras.layers.Conv2D)\n",
])
def test_freezing_by_index_name_or_class_walks_the_tabulated_layers(loop):
    """Each layer of the base, from the table Keras built (scripts/gen_applications.py): the split is
    the sum of the layers the loop leaves trainable (the same forms run in Keras in the golden sample
    sample_models/real_world/fine_tuning_by_name.py)."""
    src = ("import keras\nbase = keras.applications.VGG16(weights=None, include_top=False, input_shape=(150, 150, 3))\n"
           + loop + "model = keras.Sequential([base, keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(2)])\n")
    model = only_model(src)
    per_layer = applications.table()["VGG16"]["layers"]["none"]
    decide = {"enumerate": lambda i, p: i > 10, "block5": lambda i, p: "block5" in p[2],
              "isinstance": lambda i, p: p[3] == "Conv2D"}
    key = next(k for k in decide if k in loop)
    trainable = sum(p[0] for i, p in enumerate(per_layer) if decide[key](i, p))
    assert model.complete and model.layers[0].trainable_params == trainable


def test_len_of_base_layers_is_known():
    """The TensorFlow transfer-learning tutorial: fine_tune_at = 100; freeze base.layers[:fine_tune_at]."""
    src = ("import keras\nbase = keras.applications.MobileNetV2(weights=None, include_top=False, "
           "input_shape=(160, 160, 3))\nbase.trainable = True\nprint(len(base.layers))\nfine_tune_at = 100\n"
           "for layer in base.layers[:fine_tune_at]:\n    layer.trainable = False\n"
           "model = keras.Sequential([base, keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(1)])\n")
    model = only_model(src)
    per_layer = applications.table()["MobileNetV2"]["layers"]["none"]
    assert model.layers[0].trainable_params == sum(p[0] for p in per_layer[100:])


def test_whole_base_freezing_moves_every_param():
    frozen = only_model("import keras\nbase = keras.applications.VGG16(weights=None, include_top=False, "
                        "input_shape=(64, 64, 3))\nbase.trainable = False\n"
                        "model = keras.Sequential([base, keras.layers.Flatten()])\n")
    open_ = only_model("import keras\nbase = keras.applications.VGG16(weights=None, include_top=False, "
                       "input_shape=(64, 64, 3))\nmodel = keras.Sequential([base, keras.layers.Flatten()])\n")
    assert frozen.total_params == open_.total_params == open_.trainable_params
    assert frozen.trainable_params == 0 and frozen.non_trainable_params == open_.total_params


@pytest.mark.parametrize("call", [
    "keras.applications.MobileNet(None, 0.5, include_top=False)",  # positional, and alpha
    "keras.applications.MobileNet(input_shape=(128, 128, 3), alpha=0.5, include_top=False, weights=None)",
    "keras.applications.VGG16(include_top=False, weights=None, input_shape=(64, 64, 1))",  # 1 channel
    "keras.applications.VGG16(include_top=True, weights=None, input_shape=(64, 64, 3))",
    "keras.applications.VGG16(include_top=False, weights=None, input_shape=SHAPE)",
])
def test_configurations_outside_the_table_are_unknown(call):
    result = analyze_source(f"import keras\nmodel = keras.Sequential([{call}, keras.layers.Flatten()])\n")
    [model] = result.models
    assert model.layers[0].params is None
    assert any(d.code == "KC900" and d.severity == "info" for d in result.diagnostics)


def test_classes_change_only_the_classifier():
    # A second layer, since Keras builds a Sequential from a model-as-first-layer only then.
    ten = only_model("import keras\nmodel = keras.Sequential([keras.applications.VGG16(weights=None, classes=10), "
                     "keras.layers.Identity()])\n")
    eleven = only_model("import keras\nmodel = keras.Sequential([keras.applications.VGG16(weights=None, classes=11), "
                        "keras.layers.Identity()])\n")
    features = ten.layers[0].output_shape, eleven.layers[0].output_shape
    assert features == ((None, 10), (None, 11))
    features_in = applications.table()["VGG16"]["top_features"]  # measured by scripts/gen_applications.py
    assert eleven.total_params - ten.total_params == features_in + 1  # one more unit: its weights and bias


def test_pooling_gives_a_vector_whatever_the_size():
    model = only_model("import keras\nmodel = keras.Sequential([keras.applications.ResNet50(weights=None, "
                       "include_top=False, pooling='avg', input_shape=(123, 123, 3)), keras.layers.Dense(3)])\n")
    assert model.complete and model.layers[0].output_shape[0] is None and len(model.layers[0].output_shape) == 2


def test_custom_layer_is_a_note_and_later_layers_count():
    result = analyze_source("import keras\nclass Scale(keras.layers.Layer):\n    pass\n"
                            "model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8), Scale(),\n"
                            "    keras.layers.Lambda(lambda t: t, output_shape=(8,)), keras.layers.Dense(2)])\n")
    [model] = result.models
    assert [r.params is None for r in model.layers] == [False, True, False, False]
    assert any(d.code == "KC900" and "custom layer" in d.message for d in result.diagnostics)


def test_image_data_format_branch_is_resolved_with_a_note():
    result = analyze_source("from keras import backend as K\nfrom keras import Sequential, layers\n"
                            "if K.image_data_format() == 'channels_first':\n    shape = (1, 28, 28)\n"
                            "else:\n    shape = (28, 28, 1)\nmodel = Sequential([layers.Conv2D(4, 3, input_shape=shape)])\n")
    assert result.models[0].layers[0].input_shape == (None, 28, 28, 1)
    assert [d.code for d in result.diagnostics if d.code == "KC901"] == ["KC901"]


def test_set_image_data_format_is_followed():
    result = analyze_source("import keras\nfrom keras import backend as K\nK.set_image_data_format('channels_first')\n"
                            "shape = (1, 28, 28) if K.image_data_format() == 'channels_first' else (28, 28, 1)\n"
                            "model = keras.Sequential([keras.Input(shape)])\n")
    assert result.models[0].spec.input_shape == (1, 28, 28)


def test_numpy_shape_is_used_only_when_certain():
    src = ("import numpy as np\nfrom keras import Sequential, layers\nX = np.zeros((8, 5))\n"
           "if flag:\n    X = np.zeros((8, 6))\nmodel = Sequential([layers.Dense(2, input_shape=X.shape[1:])])\n")
    assert only_model(src).total_params is None


def test_an_unknown_input_dimension_is_named_in_a_note():
    from kerascount_lint.analysis import analyze_source

    source = ("from keras.models import Sequential\nfrom keras.layers import Dense\n"
              "x_train = x_train.reshape(60000, 784)\n"
              "model = Sequential([Dense(10, input_shape=(x_train.shape[1],)), Dense(2)])\n")
    result = analyze_source(source, "x.py")
    assert result.models[0].total_params is None
    assert any(d.code == "KC900" and "x_train.shape[1]" in d.message for d in result.diagnostics)


# Snippets as forums and papers quote them (NeuraLint's benchmark is made of such): the model is
# read as it was meant, and a note says what was assumed.
def test_a_star_import_from_an_alias_of_keras_is_read_as_keras():
    src = ("from k.layers import *\nmodel = Sequential()\nmodel.add(Conv1D(32, 2, input_shape=(32, 1)))\n"
           "model.add(Dense(32))\n")
    result = analyze_source(src)
    assert [m.layers[-1].output_shape for m in result.models] == [(None, 31, 32)]
    assert [d.code for d in result.diagnostics if d.code == "KC901"] == ["KC901"]
    assert "KC206" in {d.code for d in result.diagnostics}  # the missing Flatten, as Keras builds it


def test_a_star_import_from_another_package_still_hides_the_names():
    src = "from mypackage.utils import *\nmodel = Sequential()\nmodel.add(Dense(32, input_shape=(4,)))\n"
    assert analyze_source(src).models == []


def test_layers_added_to_a_model_the_snippet_never_defines():
    src = "model.add(Conv2D(8, 3, input_shape=(28, 28, 1)))\nmodel.add(Flatten())\nmodel.add(Dense(10))\n"
    result = analyze_source(src)  # names neither keras nor Sequential: the .add(Layer(...)) form is read
    [model] = result.models
    [written] = analyze_source("model = Sequential()\n" + src).models  # counted as the golden tests check
    assert model.spec.variable == "model" and model.total_params == written.total_params is not None
    assert any(d.code == "KC901" and "`model` is not defined" in d.message for d in result.diagnostics)


@pytest.mark.parametrize("src", [
    "seen = set()\nseen.add(Dense(3))\n",  # the receiver is defined: a set
    "items.add(Thing(3))\n",  # not a Keras layer
])
def test_other_add_calls_make_no_model(src):
    assert analyze_source(src).models == []


def test_an_unknown_graph_names_what_made_it_unknown_not_the_last_call():
    src = ("from keras.models import Model\nfrom keras.layers import Input, Conv2D\nfrom keras import backend as K\n"
           "def base(t):\n    if not K.is_keras_tensor(t):\n        img = Input(tensor=t, shape=(10, 10, 3))\n"
           "    else:\n        img = t\n    return Conv2D(4, 3)(img)\n"
           "inp = Input(shape=(10, 10, 3))\nmodel = Model(inp, Conv2D(2, 1)(base(inp)))\n")
    [note] = [d.message for d in analyze_source(src).diagnostics if d.code == "KC900"]
    assert "K.is_keras_tensor(t)" in note and "Conv2D(2, 1)" not in note


def test_a_sequential_called_on_a_shape_from_data_is_built_with_unknown_counts():
    """Its call builds it in Keras (golden_samples.json has the sample built): never KC201's
    'unbuilt', and not passed either. What made the shape unknown has the one note, where it is made:
    a layer made of layers called on that tensor adds none of its own (it would have no place)."""
    from conftest import ROOT

    from kerascount_lint.analysis import analyze_file

    result = analyze_file(str(ROOT / "sample_models" / "real_world" / "built_by_a_call.py"))
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("KC900", 22), ("KC900", 30)]
    assert all("features.shape[1:]" in d.message for d in result.diagnostics)
    assert [(m.spec.variable, m.built) for m in result.models] == [("self.ffn", True), ("head", True),
                                                                  ("model", True), ("inner", True), ("outer", True)]
    assert [entry[1] for entry in result.unread_models()] == ["self.ffn", "head", "model", "inner", "outer"]
