"""`scan --feedback DIR`: one Markdown file per student, ready to hand back. Written for the student:
what the assignment asked, their verdict and points, their model layer by layer next to the
reference solution's, and each finding with their own line, what the rule means and how to fix it."""
from __future__ import annotations

import os
import re

from kerascount_lint.rules.registry import BY_CODE

# The scan's verdicts and row status (scan/rows.py), as the rows carry them.
VERDICT_WORDS = {"pass": "passes the automatic checks", "review": "needs a look by your instructor",
                 "fail": "does not pass the automatic checks yet"}
MODEL = "model"


def file_name(student: str) -> str:
    """A safe, distinct file name for a submission name (`alice.py` -> `alice.py.md`)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", student).strip("._") or "submission"
    return safe[:120] + ".md"


def _md(text) -> str:
    """Text that may carry a submission's strings, safe inside Markdown: no raw HTML, no links, and
    no `|` to break a table. (`*` and `_` between words make no emphasis in CommonMark.)"""
    return re.sub(r"([\\<>\[\]|&])", r"\\\1", str(text))


def _code(text: str) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}python\n{text}\n{fence}"


def feedback(student: dict, rows: list, assignment, reference) -> str:
    """`student`: its students-table row; `rows`: its model rows; `reference`: the reference
    solution's layers (assignment.Reference) or None."""
    title = assignment.name if assignment is not None and assignment.name else "Your Keras model"
    out = [f"# {_md(title)}: feedback for {_md(student['student'])}", ""]
    points = ""
    if student["max_points"] is not None:
        points = (f" Points: **{student['points']} / {student['max_points']}**." if student["points"] is not None
                  else f" Points: to be decided by your instructor (out of {student['max_points']}).")
    out += [f"Your submission **{VERDICT_WORDS[student['verdict']]}**.{points}", ""]
    out += ["This was read without running your code: the numbers below are what Keras's "
            "`model.summary()` would print.", ""]
    models = [r for r in rows if r["status"] == MODEL]
    if not models:
        out += ["No Keras model was found in your files. " + _md(student["reason"] or ""), ""]
    for r in models:
        out += [f"## Model `{_md(r['model'])}` in {_md(r['file'])}" + (f", line {r['line']}" if r["line"] else ""), ""]
        out += _table(r, reference)
        out += _findings(r)
    return "\n".join(out).rstrip() + "\n"


def _table(r: dict, reference) -> list:
    layers = r.get("_layers") or []
    ref = list(reference.layers) if reference is not None else []
    head = "| # | your layer | output shape | params | how the params are counted |"
    rule = "|---|---|---|---|---|"
    if ref:
        head += " reference layer | reference params |"
        rule += "---|---|"
    lines = [head, rule]
    for i, (name, cls, shape, params, formula) in enumerate(layers):
        cells = [str(i + 1), f"{_md(name)} ({cls})", _md(shape), "?" if params is None else f"{params:,}",
                 _md(formula or "")]
        if ref:
            theirs = ref[i] if i < len(ref) else None
            cells += [f"{_md(theirs.name)} ({theirs.class_name})" if theirs else "",
                      f"{theirs.params:,}" if theirs else ""]
        lines.append("| " + " | ".join(cells) + " |")
    total = "?" if r["total_params"] is None else f"{r['total_params']:,}"
    lines += ["", f"Total params: **{total}**" + (f" (the reference has {reference.total:,})" if ref else "") + ".", ""]
    for i, (name, cls, _, params, _) in enumerate(layers):
        theirs = ref[i] if i < len(ref) else None
        if theirs is not None and params is not None and theirs.class_name == cls and theirs.params != params:
            lines.append(f"- Your {_md(name)} has {params:,} params where the reference's {_md(theirs.name)} has "
                         f"{theirs.params:,}: compare its filters or units and kernel size with the assignment.")
    if ref and len(layers) != len(ref):
        lines.append(f"- Your model has {len(layers)} layers; the reference has {len(ref)}.")
    return lines + [""]


def _findings(r: dict) -> list:
    found = r.get("_findings") or []
    if not found:
        return ["No problems found in this model.", ""]
    out = ["### What to look at", ""]
    for code, severity, cell, line, message, source in found:
        rule = BY_CODE.get(code)
        where = ("in the whole file" if line is None else
                 (f"cell {cell}, " if cell is not None else "") + f"line {line}")
        kind = {"error": "Problem", "warning": "Likely mistake", "info": "Note"}.get(severity, "Note")
        out.append(f"**{kind}, {where}** ({rule.name.replace('-', ' ') if rule else code}): {_md(message)}")
        out.append("")
        if source:
            out += [_code(source.rstrip()), ""]
        if rule is not None:
            out += [f"*What this means:* {rule.summary} {rule.why}", ""]
    return out


def write(folder: str, student: dict, rows: list, assignment, reference) -> None:
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, file_name(student["student"])), "w", encoding="utf-8") as handle:
        handle.write(feedback(student, rows, assignment, reference))
