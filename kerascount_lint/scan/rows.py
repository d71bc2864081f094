"""Report rows: one per model, one per file without a model or not analyzed. Rows are plain
dicts (they go to CSV, JSON, HTML and the cache unchanged); verdicts are decided here."""
from __future__ import annotations

from typing import Optional

from kerascount_lint.config import matches
from kerascount_lint.datatypes import Problem, shape_text
from kerascount_lint.reading.source import display_path
from kerascount_lint.rules.registry import ASSIGNMENT_CODES, BY_CODE, code_of

COLUMNS = ("submission", "file", "cell", "model", "line", "status", "total_params", "trainable_params",
           "non_trainable_params", "macs", "flops", "architecture", "errors", "warnings", "infos", "codes", "verdict", "reasons", "findings")

# One row per student (submission): the verdict, the model that decided it, the points.
STUDENT_COLUMNS = ("student", "verdict", "model", "points", "max_points", "reason", "similar_to")

MODEL, NO_MODEL, NOT_ANALYZED, NO_FILES = "model", "no model", "not analyzed", "no files"
PASS, FAIL, REVIEW = "pass", "fail", "review"


def _row(**values) -> dict:
    row = dict.fromkeys(COLUMNS, None)
    row.update(values)
    if row["file"] is not None:
        row["file"] = display_path(row["file"])
    return row


def not_analyzed(file: str, reason: str) -> dict:
    return _row(file=file, status=NOT_ANALYZED, reasons=reason)


def file_rows(result, file: str, settings) -> list:
    """The rows of one analyzed file (without `submission`, which the scan fills in)."""
    blocking = [d for d in result.diagnostics if d.code == code_of(Problem.SYNTAX_ERROR)]
    if blocking and not result.models:
        return [not_analyzed(file, blocking[0].message)]
    if not result.models:
        reason = "empty file" if not (result.source or "").strip() else "no Keras model in this file"
        return [_row(file=file, status=NO_MODEL, reasons=reason)]
    owners = _owners(result)
    return [_model_row(model, owners[i], file, settings, result) for i, model in enumerate(result.models)]


def _lines_of(model) -> set:
    spans = [model.spec.span, model.spec.input_span] + [r.spec.span for r in model.layers]
    return {(s.cell, line) for s in spans if s is not None for line in range(s.line, s.end_line + 1)}


def _owners(result) -> list:
    """Each model's findings: those on its lines; a finding on no model's lines counts for every model."""
    lines = [_lines_of(m) for m in result.models]
    owned = [[] for _ in result.models]
    for d in result.diagnostics:
        spot = {(d.span.cell, d.span.line)} if d.span else set()
        hits = [i for i, mine in enumerate(lines) if spot & mine]
        for i in hits or range(len(owned)):
            owned[i].append(d)
    return owned


def _model_row(model, findings, file, settings, result=None) -> dict:
    count = {s: sum(1 for d in findings if d.severity == s) for s in ("error", "warning", "info")}
    verdict, reasons = verdict_of(model, findings, settings)
    span = model.spec.span
    row = _row(file=file, cell=span.cell if span else None, model=model.spec.variable or model.spec.name,
               line=span.line if span else None, status=MODEL, total_params=model.total_params,
               trainable_params=model.trainable_params, non_trainable_params=model.non_trainable_params,
               macs=model.total_macs, flops=model.total_flops,
               architecture=architecture(model), errors=count["error"], warnings=count["warning"],
               infos=count["info"], codes=" ".join(sorted({d.code for d in findings})), verdict=verdict,
               # The findings that are not already the reasons of a fail: each said once.
               reasons=reasons, findings="; ".join(describe(d) for d in findings if describe(d) not in reasons))
    # For the student's feedback file, kept with the row (and in the cache); no report prints `_` keys.
    row["_layers"] = [(r.spec.name, r.spec.class_name, shape_text(r.output_shape) if model.built else "?",
                       r.params, r.formula) for r in model.layers]
    row["_findings"] = [(d.code, d.severity, d.span.cell if d.span else None, d.span.line if d.span else None,
                         d.message, (result.source_line(d.span) or "") if result is not None and d.span else "")
                        for d in findings]
    if result is not None:  # its code, for --similarity: ("first-last" lines, the text)
        lines = sorted(_lines_of(model))
        plain = (result.source or "").splitlines() if result.cells is None else None

        def text(cell, line):
            within = plain if plain is not None else result.cells.get(cell, [])
            return within[line - 1] if 0 < line <= len(within) else ""
        row["_code"] = (f"{lines[0][1]}-{lines[-1][1]}" if lines else "", "\n".join(text(c, n) for c, n in lines))
    return row


def describe(d) -> str:
    """`KC101 (line 5): ...` or, in a notebook, `KC101 (cell 3, line 2): ...`."""
    where = "file" if d.span is None else (f"cell {d.span.cell}, " if d.span.cell is not None else "") + \
        f"line {d.span.line}"
    return f"{d.code} ({where}): {d.message}"


def fails(code: str, severity: str, assignment) -> bool:
    """Assignment findings always fail; otherwise `fail-on` decides, and by default every error does."""
    if code in ASSIGNMENT_CODES:
        return True
    fail_on = assignment.fail_on if assignment is not None else None
    if fail_on is None:
        return severity == "error"
    return matches(code, fail_on) is not None


def verdict_of(model, findings, settings) -> tuple:
    assignment = settings.assignment if settings is not None else None
    failing = [d for d in findings if fails(d.code, d.severity, assignment)]
    if failing:
        return FAIL, "; ".join(describe(d) for d in failing)
    if model.spec.unread is not None:
        return REVIEW, (f"a subclassed keras.Model whose call() depends on `{model.spec.unread.origin}`, which "
                        "the tool does not follow, so its params are not counted; check by hand")
    needs_numbers = assignment is not None and any(
        v is not None for v in (assignment.total_params, assignment.min_params, assignment.max_params,
                                assignment.input_shape, assignment.output_units, assignment.reference))
    if needs_numbers and (not model.built or model.total_params is None):
        blockers = [d.message for d in findings if d.code in (code_of(Problem.UNRESOLVED_VALUE), code_of(Problem.MODEL_NOT_BUILT))]
        why = blockers[0] if blockers else "the input shape or a layer could not be read statically"
        return REVIEW, f"params could not be counted without running the code ({why}); check by hand"
    return PASS, ""


def submission_rows(submission: str, rows: list) -> list:
    """Fill in the submission; a submission without any model fails, so no student goes unnoticed."""
    if not rows:
        rows = [_row(file="", status=NO_FILES, reasons="no .py or .ipynb file in this submission")]
    has_model = any(r["status"] == MODEL for r in rows)
    for r in rows:
        r["submission"] = display_path(submission)
        if not has_model:
            r["verdict"] = FAIL
            r["reasons"] = "; ".join(x for x in (r["reasons"], "no Keras model found in this submission") if x)
    return rows


def submission_verdict(rows: list) -> str:
    """A submission passes when one of its models passes (students often build several)."""
    verdicts = {r["verdict"] for r in rows}
    return PASS if PASS in verdicts else REVIEW if REVIEW in verdicts else FAIL


def model_points(row: dict, assignment) -> Optional[int]:
    """The points a model row earns under `[points]`; None without points, or for a row to grade by hand."""
    if assignment is None or not assignment.points or row["status"] != MODEL or row["verdict"] == REVIEW:
        return None
    from kerascount_lint.rules.assignment.spec import (
        POINT_CHECKS,  # a spec with points has loaded it already
    )

    codes = set((row["codes"] or "").split())
    earned = 0
    for check, points in assignment.points:
        wrong = POINT_CHECKS[check]
        if check == "no-errors":
            ok = not any(c not in ASSIGNMENT_CODES and BY_CODE[c].severity == "error" for c in codes)
        else:
            ok = not codes & set(wrong)
        earned += points if ok else 0
    return earned


def max_points(assignment) -> Optional[int]:
    if assignment is None or not assignment.points:
        return None
    return assignment.max_points if assignment.max_points is not None else sum(p for _, p in assignment.points)


def student_row(submission: str, rows: list, assignment) -> dict:
    """One row per student: the verdict of their best model, the model that decided it, its points."""
    verdict = submission_verdict(rows)
    models = [r for r in rows if r["status"] == MODEL and r["verdict"] == verdict]
    deciding = max(models, key=lambda r: model_points(r, assignment) or 0, default=None)
    if deciding is not None:
        where = f"{deciding['file']}:{deciding['line']}" if deciding["line"] is not None else deciding["file"]
        model = f"{deciding['model']} ({where})"
        reason = deciding["reasons"] or ""
    else:
        model = None
        reason = next((r["reasons"] for r in rows if r["reasons"]), "")
    if len(reason) > 160:
        reason = reason[:157] + "..."
    return {"student": display_path(submission), "verdict": verdict, "model": model,
            "points": model_points(deciding, assignment) if deciding is not None else (
                0 if max_points(assignment) is not None and verdict == FAIL else None),
            "max_points": max_points(assignment), "reason": reason, "similar_to": None}


def architecture(model) -> str:
    """`Conv2D(10,3x3)>Conv2D(10,3x3)>Flatten>Dense(3)`: the classes, with the defining numbers."""
    return ">".join(_layer_text(r) for r in model.layers)


def _layer_text(r) -> str:
    name, args = r.spec.class_name, r.args
    if "filters" in args and "kernel_size" in args:
        return f"{name}({_int(args['filters'])},{_window(args['kernel_size'], name)})"
    if "kernel_size" in args:  # depthwise
        return f"{name}({_window(args['kernel_size'], name)})"
    if "units" in args:
        return f"{name}({_int(args['units'])})"
    if "pool_size" in args:
        return f"{name}({_window(args['pool_size'], name)})"
    if name.endswith("Dropout") and isinstance(args.get("rate"), (int, float)):
        return f"{name}({args['rate']})"
    return name


def _int(value) -> str:
    return str(value) if isinstance(value, int) else "?"


def _window(value, name) -> str:
    if isinstance(value, int):
        return "x".join([str(value)] * (1 if "1D" in name else 3 if "3D" in name else 2))
    if isinstance(value, (tuple, list)) and all(isinstance(v, int) for v in value):
        return "x".join(str(v) for v in value)
    return "?"
