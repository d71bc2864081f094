"""Re-parsing a document as it is edited: only the top-level statements whose text changed.

An editor re-analyzes a file on every pause in typing, and libcst's parse plus our position
pass dominate that time. CPython's own parser (fast, in C) splits the file into top-level
statements; each statement's text is parsed by libcst once and kept, with the positions of all
its nodes, while the text is unchanged. The kept nodes are reused as they are, so the
interpreter sees the same objects and the spans it asks for are looked up, not recomputed.
"""
from __future__ import annotations

import ast
import bisect
from dataclasses import dataclass
from typing import Optional

import libcst as cst

from kerascount_lint.datatypes import Span
from kerascount_lint.extract.codegen_offsets import code_offsets
from kerascount_lint.extract.positions import line_starts
from kerascount_lint.extract.regions import python_tree


@dataclass
class _Chunk:
    module: cst.Module  # one or more top-level statements (several on a line share a chunk)
    offsets: dict  # id(node) -> (start, end) offsets in the chunk's text, for every node
    starts: list  # offsets where the chunk's lines start


@dataclass
class Parsed:
    module: cst.Module  # every chunk's statements, in order
    chunks: list  # [(_Chunk, first line of the chunk in the file)]

    def spans(self, nodes) -> dict:
        """id(node) -> Span, like positions.spans_for, from the kept offsets."""
        where = {}
        for chunk, first in self.chunks:
            for node in nodes:
                key = id(node)
                found = chunk.offsets.get(key)
                if found is not None and key not in where:
                    where[key] = (chunk, first, found)
        out = {}
        for key, (chunk, first, (start, end)) in where.items():
            (l1, c1), (l2, c2) = _point(chunk.starts, start), _point(chunk.starts, end)
            out[key] = Span(l1 + first - 1, c1, l2 + first - 1, c2)
        return out


def _point(starts: list, offset: int) -> tuple:
    line = bisect.bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1


def _bounds(tree: ast.Module, n_lines: int) -> list:
    """(first, last) line of each chunk: a top-level statement with the comments and blank
    lines before it; statements sharing a line share a chunk; trailing lines join the last."""
    bounds = []
    previous_end = 0
    for node in tree.body:
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        if bounds and start <= previous_end:  # `a = 1; b = 2`
            bounds[-1] = (bounds[-1][0], max(bounds[-1][1], node.end_lineno))
        else:
            bounds.append((previous_end + 1, node.end_lineno))
        previous_end = max(previous_end, node.end_lineno)
    if bounds:
        bounds[-1] = (bounds[-1][0], n_lines)
    return bounds


class ParseCache:
    """Chunks of the last parse, by text. One per open document."""

    def __init__(self):
        self._chunks: dict = {}

    def parse(self, text: str) -> Optional[Parsed]:
        """The module, reusing unchanged statements; None when the file needs the plain path
        (a syntax error, which the full parse reports properly, or nothing to split)."""
        tree = python_tree(text)
        if tree is None:
            return None
        lines = text.splitlines(keepends=True)
        bounds = _bounds(tree, len(lines))
        if not bounds:
            return None
        kept, used, chunks = {}, set(), []
        for first, last in bounds:
            piece = "".join(lines[first - 1:last])
            chunk = self._chunks.get(piece)
            if chunk is None or piece in used:  # the same text twice must not share nodes
                chunk = _make(piece)
                if chunk is None:
                    return None
            used.add(piece)
            kept.setdefault(piece, chunk)
            chunks.append((chunk, first))
        self._chunks = kept
        body = [stmt for chunk, _ in chunks for stmt in chunk.module.body]
        head = chunks[0][0].module
        module = cst.Module(body=body, header=head.header, footer=chunks[-1][0].module.footer,
                            default_indent=head.default_indent, default_newline=head.default_newline)
        return Parsed(module, chunks)


def _make(piece: str) -> Optional[_Chunk]:
    try:
        module = cst.parse_module(piece)
    except (cst.ParserSyntaxError, RecursionError):
        return None  # a statement CPython accepts but libcst does not: take the plain path
    offsets, code = code_offsets(module, None)
    return _Chunk(module, offsets, line_starts(code))
