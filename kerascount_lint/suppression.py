"""`# noqa` comments: on a finding's line, or the first or last line of the call it sits in;
`# kerascount-lint: noqa` anywhere silences the whole file."""
from __future__ import annotations

import re
from typing import Optional

NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)
FILE_NOQA = re.compile(r"#\s*kerascount-lint\s*:\s*noqa\b", re.IGNORECASE)


class Suppressions:
    def __init__(self, text: str):
        self.whole_file = bool(FILE_NOQA.search(text)) if "noqa" in text else False
        self.by_line: dict = {}  # line -> None (all codes) or set of codes
        if "noqa" not in text or self.whole_file:
            return
        for number, line in enumerate(text.splitlines(), start=1):
            if "#" not in line:
                continue
            match = NOQA.search(line)
            if match:
                codes = match.group("codes")
                self.by_line[number] = None if codes is None else {
                    c.upper() for c in re.split(r"[\s,]+", codes) if c}

    def _line_silences(self, line: Optional[int], code: str) -> bool:
        if line is None or line not in self.by_line:
            return False
        codes = self.by_line[line]
        return codes is None or code in codes

    def silenced(self, diagnostic) -> bool:
        if self.whole_file:
            return True
        lines = []
        for span in (diagnostic.span, diagnostic.anchor):
            if span is not None:
                lines += [span.line, span.end_line]
        return any(self._line_silences(line, diagnostic.code) for line in lines)
