"""Text that came from a submission (names, source lines, file names), made safe for where it lands:
a terminal (no escape sequences, no forged lines) and a spreadsheet (no formulas)."""
from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_AND_NEWLINES = re.compile(r"[\x00-\x1f\x7f-\x9f]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escaped(match) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def terminal(text: str) -> str:
    """Control characters (ESC, CR, BEL, ...) shown as `\\x1b` escapes, and newlines too: one value
    prints on one line."""
    return _CONTROL_AND_NEWLINES.sub(_escaped, text)


def terminal_lines(text: str) -> str:
    """The same, keeping the newlines that separate lines of a block we wrote ourselves."""
    return _CONTROL.sub(_escaped, text)


def csv_cell(value):
    """OWASP's rule for CSV injection: a text cell that a spreadsheet would read as a formula gets a
    leading apostrophe. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
