"""1-based spans for a chosen set of nodes, from one code generation pass.

libcst's PositionProvider records a range for every node of the tree; we only need the
few calls and arguments we report, so we record those and count characters for the rest.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Optional

import libcst as cst
from libcst._nodes.internal import CodegenState

from kerascount_lint.types import Span

_NEWLINE = re.compile(r"\r\n?|\n")


@dataclass(frozen=False)
class _OffsetState(CodegenState):
    wanted: Optional[set] = None  # None: every node
    found: dict = field(default_factory=dict)
    offset: int = 0

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.add_token(token)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        self.offset += len(value)

    def record_syntactic_position(self, node, *, start_node=None, end_node=None):
        # Called for every node: a shared do-nothing context for the nodes we do not want is
        # several times cheaper than a generator-based context manager.
        if self.wanted is not None and id(node) not in self.wanted:
            return _NOTHING
        return _Record(self, id(node))


class _Nothing:
    __slots__ = ()

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


_NOTHING = _Nothing()


class _Record:
    __slots__ = ("state", "key", "start")

    def __init__(self, state, key):
        self.state, self.key = state, key

    def __enter__(self):
        self.start = self.state.offset

    def __exit__(self, *exc):
        self.state.found[self.key] = (self.start, self.state.offset)
        return False


def code_offsets(module: cst.Module, wanted: Optional[set]) -> tuple:
    """({id(node): (start, end) offsets} for the wanted nodes (None: all), the module's code)."""
    state = _OffsetState(default_indent=module.default_indent, default_newline=module.default_newline, wanted=wanted)
    module._codegen(state)
    return state.found, "".join(state.tokens)


def line_starts(code: str) -> list:
    return [0] + [m.end() for m in _NEWLINE.finditer(code)]


def spans_for(module: cst.Module, nodes, text: Optional[str] = None) -> dict:
    """Map id(node) -> Span for the given nodes of `module`. Given the `text` the module was
    parsed from, token lengths are added up by fast_positions (the same offsets, cheaper)."""
    wanted = {id(n) for n in nodes}
    if not wanted:
        return {}
    if text is not None:
        from kerascount_lint.extract.fast_positions import fast_offsets

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
