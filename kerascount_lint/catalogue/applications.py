"""keras.applications models as layers: counts and shapes from applications.json, which
scripts/gen_applications.py builds in Keras with weights=None. A configuration the table
does not hold is unknown, never estimated."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Optional

TABLE_FILE = Path(__file__).with_name("applications.json")
# Arguments whose non-default values change the architecture; the table holds the defaults only.
ARCHITECTURE_ARGS = ("alpha", "depth_multiplier", "minimalistic", "include_preprocessing", "input_tensor")


@lru_cache(maxsize=1)
def table() -> dict:
    return json.loads(TABLE_FILE.read_text())["applications"]


def known(name: str) -> bool:
    return name in table()


def square_size(input_shape):
    """S for an input shape (S, S, 3); None otherwise."""
    if isinstance(input_shape, (tuple, list)) and len(input_shape) == 3 and input_shape[2] == 3 \
            and input_shape[0] == input_shape[1] and isinstance(input_shape[0], int):
        return input_shape[0]
    return None


def names_used(app: str, include_top, pooling) -> dict:
    """Auto-names (prefix -> count) that building the application takes from Keras's counters."""
    used = table()[app].get("names_used", {})
    key = "top" if include_top is not False else (pooling if pooling in ("avg", "max") else "none")
    return used.get(key, {})


def _config(spec) -> tuple:
    values = {a.keyword: a.value for a in spec.args if a.keyword}
    return values.get("include_top", True), values.get("pooling"), values.get("classes", 1000)


def layer_params(spec) -> Optional[list]:
    """[trainable, non_trainable] per entry of base.layers for this configuration."""
    include_top, pooling, classes = _config(spec)
    entry = table()[spec.application]
    key = "top" if include_top is not False else (pooling if pooling in ("avg", "max") else "none")
    layers = [list(p[:2]) for p in entry.get("layers", {}).get(key, [])]
    if not layers or not isinstance(classes, int):
        return None
    if key == "top":  # the classifier is the last layer, with a bias
        f = entry["top_features"]
        layers[-1] = [f * classes + classes, 0]
    return layers


def layer_identities(spec) -> Optional[list]:
    """(name, class) of each entry of base.layers for this configuration, or None."""
    include_top, pooling, _ = _config(spec)
    key = "top" if include_top is not False else (pooling if pooling in ("avg", "max") else "none")
    layers = table()[spec.application].get("layers", {}).get(key, [])
    if not layers or len(layers[0]) < 4:
        return None
    return [(p[2], p[3]) for p in layers]


def one_layer(spec, picks) -> Optional[tuple]:
    """(name, class) of the one layer `picks` selects from base.layers (base.layers[3], a loop's
    layer), or None when they do not select exactly one known layer."""
    layers = layer_identities(spec)
    chosen = picked(len(layers), picks) if layers is not None else None
    return layers[chosen[0]] if chosen is not None and len(chosen) == 1 and picks else None


def picked(n: int, picks) -> Optional[list]:
    """Indexes of base.layers selected by picks such as (slice(None, -4),); None if not certain."""
    index = list(range(n))
    for pick in picks:
        if isinstance(pick, slice):
            index = index[pick]
        elif isinstance(pick, int) and not isinstance(pick, bool) and -len(index) <= pick < len(index):
            index = [index[pick]]
        else:
            return None
    return index


def layer_count(spec, picks) -> Optional[int]:
    layers = layer_params(spec)
    chosen = picked(len(layers), picks) if layers is not None else None
    return len(chosen) if chosen is not None else None


def trainable_split(spec) -> Optional[tuple]:
    """(trainable, non_trainable) after `layer.trainable = ...` on parts of base.layers."""
    layers = layer_params(spec)
    if layers is None:
        return None
    flags = [True] * len(layers)
    for picks, value in spec.sublayer_trainable:
        chosen = picked(len(layers), picks)
        if chosen is None or not isinstance(value, bool):
            return None
        for i in chosen:
            flags[i] = value
    trainable = sum(t for (t, _), on in zip(layers, flags) if on)
    total = sum(t + n for t, n in layers)
    return trainable, total - trainable


def model_name(app: str, include_top, input_shape) -> str:
    entry = table()[app]
    if include_top is not False:
        return entry["top"]["name"]
    size = square_size(input_shape)
    sized = entry["notop"].get(str(size)) if size else None
    if sized:
        return sized["name"]
    return entry["notop"][str(entry["default_size"])]["name"] if str(entry["default_size"]) in entry["notop"] \
        else next(iter(entry["notop"].values()))["name"]


def application_input(spec):
    """The input a keras.applications model defines: input_shape=, else its default."""
    arg = next((a for a in spec.args if a.keyword == "input_shape"), None)
    if arg is not None:
        return arg.value
    top = next((a.value for a in spec.args if a.keyword == "include_top"), True)
    size = table()[spec.application]["default_size"]
    return (size, size, 3) if top is True else (None, None, 3)
