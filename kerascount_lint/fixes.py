"""Applying safe fixes: each Fix is a set of text edits over spans of the analyzed source.

Edits replace exactly their span (a keyword name, a value), so nothing outside them changes.
"""
from __future__ import annotations

import difflib


def _offsets(text: str) -> list:
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def apply(text: str, diagnostics) -> tuple:
    """(new text, number of fixes applied). Overlapping fixes wait for the next pass."""
    starts = _offsets(text)

    def offset(line, column):
        return starts[line - 1] + column - 1

    taken: list = []
    chosen = []
    for d in diagnostics:
        if d.fix is None:
            continue
        ranges = [(offset(s.line, s.column), offset(s.end_line, s.end_column), new) for s, new in d.fix.edits]
        if any(a < f and e < b for a, b, _ in ranges for e, f in taken):
            continue
        taken += [(a, b) for a, b, _ in ranges]
        chosen.append(ranges)
    for start, end, new in sorted((r for ranges in chosen for r in ranges), reverse=True):
        text = text[:start] + new + text[end:]
    return text, len(chosen)


def fix_source(text: str, path: str, analyze, max_passes: int = 5) -> tuple:
    """Fix repeatedly until nothing fixable is left. `analyze(text, path)` -> FileResult (selected).
    Returns (fixed text, fixes applied, final FileResult)."""
    total = 0
    result = analyze(text, path)
    for _ in range(max_passes):
        new, applied = apply(text, result.diagnostics)
        if not applied or new == text:
            break
        total += applied
        text = new
        result = analyze(text, path)
    return text, total, result


def unified_diff(path: str, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}"))
