"""The Keras 1/2 API that Keras 3 rejects outside layer arguments: modules, names, model methods,
keyword arguments and metric names, from removed_api.json (scripts/gen_removed_api.py tries each in
Keras 3 and keeps only what it really rejects, with the error it raises)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

TABLE_FILE = Path(__file__).with_name("removed_api.json")


@dataclass(frozen=True)
class Removed:
    """What Keras 3 raises for `old`, and what to write instead."""

    old: str
    error: str
    replacement: Optional[str]  # what to use instead
    advice: Optional[str] = None
    fixable: bool = True  # renaming to `replacement` is all it takes

    def instead(self) -> str:
        parts = [f"use `{self.replacement}`"] if self.replacement else []
        if self.advice:
            parts.append(self.advice)
        return "; ".join(parts) or "it has no Keras 3 equivalent"


@lru_cache(maxsize=1)
def table() -> dict:
    return json.loads(TABLE_FILE.read_text())


def _removed(old: str, entry: Optional[dict]) -> Optional[Removed]:
    if not entry:
        return None
    return Removed(old, entry["error"], entry["replacement"], entry.get("advice"),
                   entry.get("fix", True) and entry["replacement"] is not None)


def module(path: tuple) -> Optional[Removed]:
    """`keras.layers.convolutional`, as a path from `keras` on; the module or its removed parent."""
    for n in range(len(path), 2, -1):
        dotted = ".".join(path[:n])
        entry = table()["modules"].get(dotted)
        if entry is not None:
            return _removed(dotted, entry) if n == len(path) else Removed(
                dotted, entry["error"], None, entry.get("advice"))
    return None


def module_has(replacement: str, names) -> bool:
    return set(names) <= set(table()["replacement_names"].get(replacement, ()))


def name(path: tuple) -> Optional[Removed]:
    dotted = ".".join(path)
    return _removed(dotted, table()["names"].get(dotted))


def method(attr: str) -> Optional[Removed]:
    return _removed(attr, table()["methods"].get(attr))


def argument(call: str, keyword: str) -> Optional[Removed]:
    return _removed(keyword, table()["arguments"].get(call, {}).get(keyword))


def metric(identifier: str) -> bool:
    return identifier in table()["metrics"]
