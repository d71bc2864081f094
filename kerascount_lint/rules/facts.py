"""Small facts about inferred layers that several rules ask for."""
from __future__ import annotations

from typing import Optional

from kerascount_lint.datatypes import label as spec_label

LEARNING_PREFIXES = ("Dense", "Conv1D", "Conv2D", "Conv3D", "SeparableConv", "DepthwiseConv")
SPATIAL_PREFIXES = ("Conv", "SeparableConv", "DepthwiseConv", "MaxPooling", "AveragePooling", "ZeroPadding",
                    "Cropping", "UpSampling")
# Layers a linear map passes through unchanged in kind: no non-linearity of their own.
LINEAR_PASSTHROUGH = {"Dropout", "Flatten", "Reshape", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
                      "GaussianNoise", "GaussianDropout", "AlphaDropout", "Permute", "ZeroPadding1D",
                      "ZeroPadding2D", "ZeroPadding3D", "Cropping1D", "Cropping2D", "Cropping3D", "Identity"}
DROPOUTS = {"Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "AlphaDropout",
            "GaussianDropout"}
ACTIVATION_LAYERS = {"Softmax": "softmax", "ReLU": "relu", "LeakyReLU": "leaky_relu", "ELU": "elu", "PReLU": "prelu"}


def is_learning(layer) -> bool:
    return layer.spec.class_name.startswith(LEARNING_PREFIXES) and "LSTM" not in layer.spec.class_name


def activation(layer) -> Optional[str]:
    """The non-linearity a layer applies, lower-cased; None for linear or unknown."""
    name = layer.spec.class_name
    if name in ACTIVATION_LAYERS:
        return ACTIVATION_LAYERS[name]
    value = layer.args.get("activation")
    if isinstance(value, str) and value.lower() != "linear":
        return value.lower()
    return None


def activation_unknown(layer) -> bool:
    """An activation given as something we cannot read (a function, a variable): assume nothing."""
    value = layer.args.get("activation")
    return value is not None and not isinstance(value, str)


def arg(layer, keyword):
    """The ArgSpec written for `keyword`, or None."""
    return next((a for a in layer.spec.args if a.keyword == keyword), None)


def label(layer) -> str:
    """A layer result's name, as every message says it."""
    return spec_label(layer.spec)


# The model as a graph: a Sequential's layers form a chain, a functional model's a DAG.
# `model.layers` lists every layer after the layers that feed it, in both.
def edges(model):
    """(before, after) for each connection between two layers of the model."""
    for after in model.layers:
        for before in after.parents:
            yield before, after


def is_output(model, layer) -> bool:
    return any(layer is out for out in model.outputs)


def single_output(model):
    """The model's output layer, or None when it has several (or none)."""
    return model.outputs[0] if len(model.outputs) == 1 else None


# Between a layer and what it feeds, these change nothing a rule about activations cares for.
SHAPE_KEEPING = (LINEAR_PASSTHROUGH - {"Flatten", "Reshape"}) | {"BatchNormalization", "LayerNormalization"}


def through(layer, classes):
    """The first layer at or before `layer` (back along single parents) whose class is not in `classes`."""
    while layer.spec.class_name in classes and len(layer.parents) == 1:
        layer = layer.parents[0]
    return layer


def deciding_output(layer):
    """The layer that sets an output's activation: Dense(10, softmax) for Dense(10, softmax) then Dropout."""
    return through(layer, LINEAR_PASSTHROUGH)
