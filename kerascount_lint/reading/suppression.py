"""`# noqa` comments: on a finding's line, or the first or last line of the call it sits in;
`# kerascount-lint: noqa` anywhere silences the whole file."""
from __future__ import annotations

import re
from typing import Optional

# A code is letters then a digit then letters or digits: `KC1O1` (a typo) is read whole, and said unknown.
NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9][A-Z0-9]*(?:[\s,]+[A-Z]+[0-9][A-Z0-9]*)*))?",
                  re.IGNORECASE)
FILE_NOQA = re.compile(r"#\s*kerascount-lint\s*:\s*noqa\b", re.IGNORECASE)


class Suppressions:
    def __init__(self, text: str):
        self.whole_file = bool(FILE_NOQA.search(text)) if "noqa" in text else False
        self.by_line: dict = {}  # line -> None (all codes) or set of codes
        self.columns: dict = {}  # line -> the column of its `# noqa` (1-based)
        self.used: set = set()  # (line, code) pairs that silenced a finding; (line, None) for a bare noqa
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
                self.columns[number] = match.start() + 1

    def _line_silences(self, line: Optional[int], code: str) -> bool:
        if line is None or line not in self.by_line:
            return False
        codes = self.by_line[line]
        if codes is None or code in codes:
            self.used.add((line, None if codes is None else code))
            return True
        return False

    def silenced(self, diagnostic) -> bool:
        if self.whole_file:
            return True
        lines = []
        for span in (diagnostic.span, diagnostic.anchor):
            if span is not None:
                lines += [span.line, span.end_line]
        return any([self._line_silences(line, diagnostic.code) for line in lines])  # a list: every line counts

    def unused(self, known) -> list:
        """(line, column, message) for each `# noqa` that silenced nothing, or names a code that does
        not exist (`known`: the rule codes). Ruff's RUF100, for our codes."""
        out = []
        for line, codes in sorted(self.by_line.items()):
            column = self.columns[line]
            if codes is None:
                if (line, None) not in self.used:
                    out.append((line, column, "unused blanket `# noqa`: it silences no finding here"))
                continue
            unknown = sorted(c for c in codes if c not in known and c.startswith("KC"))
            unused = sorted(c for c in codes if c in known and (line, c) not in self.used)
            if unknown:
                out.append((line, column, f"`# noqa` names {', '.join(unknown)}, which "
                                          f"{'is not a rule' if len(unknown) == 1 else 'are not rules'}"))
            if unused:
                out.append((line, column, f"unused `# noqa` for {', '.join(unused)}: "
                                          "nothing here raises it"))
        return out
