"""The layer catalogue: one entry per Keras layer, holding its shape rule and its param rule.

Accepted arguments come from keras_signatures.json (generated from Keras itself).
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def entries() -> dict:
    # Loaded when first asked: a file with no model, and the rules' declarations, need none of it.
    from kerascount_lint.catalogue import (
        conv,
        core,
        encoding,
        multi_input,
        normalization,
        pooling,
        recurrent,
        reshaping,
    )

    table: dict = {}
    for module in (core, conv, pooling, normalization, reshaping, recurrent, multi_input, encoding):
        for entry in module.ENTRIES:
            assert entry.class_name not in table, f"{entry.class_name} declared twice"
            table[entry.class_name] = entry
    return table
