"""Findings as `check` prints them: text, concise, json, json-lines, github, sarif.

Machine formats print nothing but their document on stdout.
"""
from __future__ import annotations

import json
import os
from collections import Counter

from kerascount_lint import __version__
from kerascount_lint.output.escape import terminal
from kerascount_lint.output.shapes import where

# The rule table is loaded where a finding's name is printed: `check` on files with no finding
# never needs it, and it is a fifth of start-up.

FORMATS = ("text", "concise", "json", "json-lines", "github", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _where(path, d) -> str:
    return where(path, d.span)


def _head(path, d) -> str:
    """`bad.py:5:12: KC107 [*] message`: Ruff's first line of a finding, [*] where --fix repairs it."""
    return f"{_where(path, d)}: {d.code} {'[*] ' if d.fix else ''}{terminal(d.message)}"


def concise(results) -> str:
    return "".join(_head(r.path, d) + "\n" for r in results for d in r.diagnostics)


def text(results) -> str:
    """Each finding, its source line and a caret under the span, as flake8/Ruff users read them."""
    out = []
    for r in results:
        for d in r.diagnostics:
            out.append(_head(r.path, d))
            line = r.source_line(d.span) if d.span else None
            if line is not None:
                width = (d.span.end_column - d.span.column) if d.span.end_line == d.span.line else len(line) - d.span.column + 1
                gutter = f"{d.span.line:>4} | "
                out.append(gutter + terminal(line))
                out.append(" " * (len(gutter) + d.span.column - 1) + "^" * max(1, width))
            out.append("")
    return "\n".join(out) + ("\n" if out else "")


def _location(span) -> dict:
    return {"row": span.line, "column": span.column} if span else None


def _end_location(span) -> dict:
    return {"row": span.end_line, "column": span.end_column} if span else None


def record(path, d) -> dict:
    """One finding with Ruff's JSON field names."""
    fix = None
    if d.fix is not None:
        fix = {"applicability": "safe", "message": d.fix.title,
               "edits": [{"content": text_, "location": _location(span), "end_location": _end_location(span)}
                         for span, text_ in d.fix.edits]}
    return {"code": d.code, "name": _name(d.code), "message": d.message,
            "filename": os.path.abspath(path) if path != "-" else path, "location": _location(d.span),
            "end_location": _end_location(d.span), "severity": d.severity, "fix": fix,
            "noqa_row": d.span.line if d.span else None, "url": None, "cell": d.span.cell if d.span else None}


def as_json(results) -> str:
    return json.dumps([record(r.path, d) for r in results for d in r.diagnostics], indent=2) + "\n"


def json_lines(results) -> str:
    return "".join(json.dumps(record(r.path, d)) + "\n" for r in results for d in r.diagnostics)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(results) -> str:
    out = []
    for r in results:
        for d in r.diagnostics:
            # As Ruff writes them: title, absolute file, span; the text is the concise line, then the fix.
            props = [f"title={_escape_property(f'kerascount-lint ({d.code})')}",
                     f"file={_escape_property(os.path.abspath(r.path) if r.path != '-' else r.path)}"]
            if d.span:
                props += [f"line={d.span.line}", f"col={d.span.column}", f"endLine={d.span.end_line}",
                          f"endColumn={d.span.end_column}"]
            help_ = f"\n  help: {d.fix.title}" if d.fix else ""
            out.append(f"::{GITHUB_LEVEL[d.severity]} {','.join(props)}::"
                       f"{_escape_data(f'{_where(r.path, d)}: {d.code} {d.message}{help_}')}\n")
    return "".join(out)


def _uri(path: str, root: str) -> str:
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    return rel.replace(os.sep, "/")


def _name(code: str) -> str:
    from kerascount_lint.rules.registry import BY_CODE

    return BY_CODE[code].name


def sarif(results, root: str = ".") -> str:
    import hashlib

    from kerascount_lint.rules.registry import RULES

    rules = [{"id": rule.code, "name": rule.name,
              "shortDescription": {"text": rule.summary},
              "fullDescription": {"text": rule.why},
              "help": {"text": f"{rule.summary} {rule.why}",
                       "markdown": f"**{rule.code} {rule.name}**\n\n{rule.why}\n\nBad:\n```python\n"
                                   f"{rule.invalid[0]}```\n\nGood:\n```python\n{rule.valid[0]}```"},
              "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]}}
             for rule in RULES]
    index = {rule.code: i for i, rule in enumerate(RULES)}
    out = []
    for r in results:
        uri = _uri(r.path, root)
        seen: Counter = Counter()
        for d in r.diagnostics:
            result = {"ruleId": d.code, "ruleIndex": index[d.code], "level": SARIF_LEVEL[d.severity],
                      "message": {"text": d.message}}
            location = {"physicalLocation": {"artifactLocation": {"uri": uri}}}
            if d.span:
                location["physicalLocation"]["region"] = {
                    "startLine": d.span.line, "startColumn": d.span.column,
                    "endLine": d.span.end_line, "endColumn": d.span.end_column}
                if d.span.cell is not None:
                    result["properties"] = {"cell": d.span.cell}  # lines count within that cell
            result["locations"] = [location]
            related = [{"id": i, "message": {"text": message}, "physicalLocation": {
                "artifactLocation": {"uri": uri}, "region": {
                    "startLine": where.line, "startColumn": where.column,
                    "endLine": where.end_line, "endColumn": where.end_column}}}
                for i, (where, message) in enumerate(d.related) if where is not None]
            if related:
                result["relatedLocations"] = related
            # Stable across runs and line moves: the rule, the file, the message and its occurrence.
            key = f"{d.code}\0{uri}\0{d.message}"
            seen[key] += 1
            digest = hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest()[:32]
            result["partialFingerprints"] = {"kerascountLint/v1": digest}
            out.append(result)
    doc = {"version": "2.1.0", "$schema": SARIF_SCHEMA,
           "runs": [{"tool": {"driver": {"name": "kerascount-lint", "version": __version__,
                                         "informationUri": "https://pypi.org/project/kerascount-lint/",
                                         "rules": rules}},
                     "results": out}]}
    return json.dumps(doc, indent=2) + "\n"


def statistics(results) -> str:
    """Ruff's --statistics: count, code, [*] where --fix can repair it, name."""
    counts = Counter(d.code for r in results for d in r.diagnostics)
    fixable = {d.code for r in results for d in r.diagnostics if d.fix}
    width = len(str(max(counts.values(), default=0)))
    return "".join(f"{n:>{width}}\t{code}\t{'[*]' if code in fixable else '[ ]'} {_name(code)}\n"
                   for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def render(fmt: str, results, root: str = ".") -> str:
    if fmt == "sarif":
        return sarif(results, root)
    return {"text": text, "concise": concise, "json": as_json, "json-lines": json_lines,
            "github": github}[fmt](results)
