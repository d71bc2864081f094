"""keras.applications models as layers: counts and shapes from applications.json, which
scripts/gen_applications.py builds in Keras with weights=None. A configuration the table
does not hold is unknown, never estimated."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

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
