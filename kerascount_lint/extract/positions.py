"""1-based spans for a chosen set of nodes, from one code generation pass.

libcst's PositionProvider records a range for every node of the tree; we only need the
few calls and arguments we report, so we record those and count characters for the rest.
"""
from __future__ import annotations

import bisect
import re
from typing import Optional

import libcst as cst

from kerascount_lint.datatypes import Span
from kerascount_lint.extract.codegen_offsets import code_offsets
from kerascount_lint.extract.fast_positions import fast_offsets

_NEWLINE = re.compile(r"\r\n?|\n")


def line_starts(code: str) -> list:
    return [0] + [m.end() for m in _NEWLINE.finditer(code)]


def spans_for(module: cst.Module, nodes, text: Optional[str] = None) -> dict:
    """Map id(node) -> Span for the given nodes of `module`. Given the `text` the module was
    parsed from, token lengths are added up by fast_positions (the same offsets, cheaper)."""
    wanted = {id(n) for n in nodes}
    if not wanted:
        return {}
    if text is not None:
        found, starts = fast_offsets(module, wanted), line_starts(text.lstrip("\ufeff"))  # libcst drops a BOM
    else:
        found, code = code_offsets(module, wanted)
        starts = line_starts(code)

    def point(offset):
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    out = {}
    for key, (start, end) in found.items():
        (l1, c1), (l2, c2) = point(start), point(end)
        out[key] = Span(l1, c1, l2, c2)
    return out
