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
from kerascount_lint.extract.fast_positions import fast_offsets, plan

_NEWLINE = re.compile(r"\r\n?|\n")


def line_starts(code: str) -> list:
    return [0] + [m.end() for m in _NEWLINE.finditer(code)]


def spans_for(module: cst.Module, nodes, text: Optional[str] = None, ran=None, tree=None) -> dict:
    """Map id(node) -> Span for the given nodes of `module`. Given the `text` the module was
    parsed from, token lengths are added up by fast_positions (the same offsets, cheaper), and
    `ran(stmt)` says which statements the analysis ran code in: only those can hold the nodes, and
    the others are stepped over (if a node is then missing, the pass runs again over everything).
    `tree`: the `ast` of the source, if parsed already."""
    wanted = {id(n) for n in nodes}
    if not wanted:
        return {}
    if text is not None:
        code = text.lstrip("\ufeff")  # libcst drops a BOM
        starts = line_starts(code)
        steps = plan(module, code, starts, ran, tree) if ran is not None else {}
        found = fast_offsets(module, wanted, steps)
        if steps and len(found) < len(wanted):
            found = fast_offsets(module, wanted)
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
