"""Small facts about inferred layers that several rules ask for."""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from kerascount_lint.catalogue.roles import (
    ACTIVATION,
    DROPOUT,
    LEARNS,
    LINEAR,
    NORMALIZES,
    RESHAPES,
    SPATIAL,
)
from kerascount_lint.datatypes import label as spec_label


@lru_cache(maxsize=1)
def _catalogue() -> dict:
    # Loaded when a rule first asks (see catalogue/__init__), then kept: rules ask once per layer.
    from kerascount_lint.catalogue import entries

    return entries()


def _entry(layer):
    return _catalogue().get(layer.spec.class_name)


def roles(layer) -> frozenset:
    """What the catalogue entry declares the layer to be (nothing, for a layer it does not know)."""
    entry = _entry(layer)
    return entry.roles if entry is not None else frozenset()


def is_learning(layer) -> bool:
    return LEARNS in roles(layer)


def is_spatial(layer) -> bool:
    return SPATIAL in roles(layer)


def is_dropout(layer) -> bool:
    return DROPOUT in roles(layer)


def is_linear(layer) -> bool:
    """No weights and no non-linearity: a linear map passes through it unchanged in kind."""
    return LINEAR in roles(layer)


def keeps_shape(layer) -> bool:
    """Between a layer and what it feeds, changes nothing a rule about activations cares for."""
    kinds = roles(layer)
    return (LINEAR in kinds and RESHAPES not in kinds) or NORMALIZES in kinds


def is_activation(layer) -> bool:
    return ACTIVATION in roles(layer)


def activation(layer) -> Optional[str]:
    """The non-linearity a layer applies, lower-cased; None for linear or unknown."""
    entry = _entry(layer)
    if entry is not None and entry.activation is not None:
        return entry.activation
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


def through(layer, skip):
    """The first layer at or before `layer` (back along single parents) for which `skip(layer)` is false."""
    while skip(layer) and len(layer.parents) == 1:
        layer = layer.parents[0]
    return layer


def deciding_output(layer):
    """The layer that sets an output's activation: Dense(10, softmax) for Dense(10, softmax) then Dropout."""
    return through(layer, is_linear)
