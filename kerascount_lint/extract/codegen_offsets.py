"""Offsets of nodes from libcst's own code generation: the reference that fast_positions.py must
match, and what it falls back to for the nodes it does not walk itself."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst
from libcst._nodes.internal import CodegenState


@dataclass(frozen=False)
class OffsetState(CodegenState):
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
    state = OffsetState(default_indent=module.default_indent, default_newline=module.default_newline, wanted=wanted)
    module._codegen(state)
    return state.found, "".join(state.tokens)
