"""What must be refused before libcst parses: code nested so deeply that libcst's native parser would
crash the process (a stack overflow, not an exception) or take seconds to minutes.

libcst's cost grows faster than linearly with nesting depth (`-` * 8000 takes 14 s; `a[0][0]...`
1,000 deep takes 0.8 s) and it overflows the native stack at a few thousand levels. CPython's own
parser refuses those depths quickly, so a file that might be deep is parsed by CPython first, and
its expression depth measured. Ordinary files never pay for that: only a long line, a long bracketed
region or many continuation lines can hold a deep expression.
"""
from __future__ import annotations

import ast
import re
from typing import Optional

from kerascount_lint.extract.regions import quiet_parse

MAX_CODE_CHARS = 1_000_000  # libcst takes ~1.7 GB and ~15 s on a 1 MB one-line model of 40,000 layers
MAX_BRACKET_DEPTH = 200  # CPython itself refuses more than 200 nested brackets
MAX_EXPRESSION_DEPTH = 1200  # a 1,000-term `1 + 1 + ...` chain is fine; libcst stays under a second
_LONG_LINE = re.compile(r"[^\n]{800}")
_BRACKETS = re.compile(r"[()\[\]{}]")
LONG_REGION = 2000  # characters inside one outermost pair of brackets
MANY_CONTINUATIONS = 50


def problem(text: str) -> Optional[tuple]:
    """None when libcst may parse `text`; else (message, line, column) for a KC001."""
    if len(text) > MAX_CODE_CHARS:
        return (f"{len(text):,} characters of code, over the {MAX_CODE_CHARS:,} this tool parses "
                "(libcst needs about 2 GB and 15 s for that much); not analyzed"), 1, 1
    depth, longest = _brackets(text)
    if depth > MAX_BRACKET_DEPTH:
        return f"code is nested too deeply (over {MAX_BRACKET_DEPTH} brackets) to parse; not analyzed", 1, 1
    if not (_LONG_LINE.search(text) or longest > LONG_REGION or text.count("\\\n") > MANY_CONTINUATIONS):
        return None
    try:
        tree = quiet_parse(text)
    except (RecursionError, MemoryError):
        return "code is nested too deeply to parse; not analyzed", 1, 1
    except SyntaxError as err:  # reported from CPython's parser: libcst never sees this file
        return f"syntax error: {err.msg}", err.lineno or 1, err.offset or 1
    except ValueError as err:  # NUL bytes and the like
        return f"syntax error: {err}", 1, 1
    statement = _too_deep(tree)
    if statement is not None:
        return (f"an expression nested more than {MAX_EXPRESSION_DEPTH} levels deep is more than this tool "
                "parses; not analyzed", getattr(statement, "lineno", 1), getattr(statement, "col_offset", 0) + 1)
    return None


def _brackets(text: str) -> tuple:
    """(deepest bracket nesting, longest outermost bracketed region in characters)."""
    depth = deepest = longest = start = 0
    for match in _BRACKETS.finditer(text):
        if match.group() in "([{":
            if depth == 0:
                start = match.start()
            depth += 1
            deepest = max(deepest, depth)
        elif depth > 0:
            depth -= 1
            if depth == 0:
                longest = max(longest, match.start() - start)
    if depth > 0:
        longest = max(longest, len(text) - start)
    return deepest, longest


def _too_deep(tree):
    """The statement holding an expression deeper than MAX_EXPRESSION_DEPTH, or None. A walk with a
    stack: the tree may be deeper than Python's recursion limit."""
    stack = [(tree, 0, tree)]
    while stack:
        node, depth, statement = stack.pop()
        if depth > MAX_EXPRESSION_DEPTH:
            return statement
        if isinstance(node, ast.stmt):
            statement = node
        step = 1 if isinstance(node, ast.expr) else 0
        for child in ast.iter_child_nodes(node):
            stack.append((child, depth + step, statement))
    return None
