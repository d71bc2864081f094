"""`scan` output, in two halves. Renderers (`*_rows`) turn a block's rows into report text and
run in the workers, next to the analysis; sinks (`*Report`) only write that text, in order, in
the main process, and close with the merged Tally. Nothing holds all the rows."""
from __future__ import annotations

import csv
import io
import json
import tempfile

from kerascount_lint.output.escape import csv_cell, terminal
from kerascount_lint.scan.rows import COLUMNS, MODEL, STUDENT_COLUMNS
from kerascount_lint.scan.tally import Tally


def _csv_line(row) -> list:
    return ["" if row[c] is None else csv_cell(row[c]) for c in COLUMNS]


def csv_rows(rows: list) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([_csv_line(r) for r in rows])
    return out.getvalue()


def no_rows(rows: list) -> str:
    return ""


def json_rows(rows: list) -> str:
    # `_` keys (the layers and findings kept for feedback files) are not part of the report.
    return "".join(",\n  " + json.dumps({k: v for k, v in r.items() if not k.startswith("_")}, ensure_ascii=False)
                   for r in rows)


def student_text(s: dict) -> str:
    points = f"  {s['points']}/{s['max_points']} points" if s["max_points"] is not None and s["points"] is not None \
        else ""
    line = f"{terminal(s['student'])}  {s['verdict']}{points}"
    if s["model"]:
        line += f"  {terminal(s['model'])}"
    if s["reason"]:
        line += f"\n    {terminal(s['reason'])}"
    if s.get("similar_to"):
        line += f"\n    similar to {terminal(s['similar_to'])} (for review)"
    return line + "\n"


def text_rows(rows: list) -> str:
    out = []
    for r in rows:
        r = {k: terminal(v) if isinstance(v, str) else v for k, v in r.items()}
        place = r["file"] or "(no files)"
        if r["cell"] is not None:
            place += f":cell {r['cell']}"
        if r["line"] is not None:
            place += f":{r['line']}"
        if r["status"] == MODEL:
            params = "? params" if r["total_params"] is None else f"{r['total_params']:,} params"
            out.append(f"{r['submission']}  {place}  {r['model']}  {params}  {r['architecture']}  {r['verdict']}\n")
        else:
            out.append(f"{r['submission']}  {place}  {r['status']}  {r['verdict'] or ''}".rstrip() + "\n")
        if r["reasons"]:
            out.append(f"    {r['reasons']}\n")
    return "".join(out)


class StudentSpool:
    """The students table, kept on disk as the scan goes (one JSON line each) and read back when the
    report closes, when what is known only at the end (similar submissions) is filled in."""

    def __init__(self):
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8")

    def add(self, students: list) -> None:
        for s in students:
            self.file.write(json.dumps({k: v for k, v in s.items() if not k.startswith("_")}, ensure_ascii=False)
                            + "\n")

    def read(self, similar: dict):
        """Each student, with `similar_to` from {student: text}."""
        self.file.seek(0)
        for line in self.file:
            s = json.loads(line)
            s["similar_to"] = similar.get(s["student"])
            yield s
        self.file.close()


class CsvReport:
    """One table per CSV file: `students` (one row per student) or `models` (one per model or file)."""

    def __init__(self, handle, table: str = "students"):
        self.handle, self.table, self.students = handle, table, StudentSpool()
        self.render = csv_rows if table == "models" else no_rows  # the workers render only what is written
        csv.writer(handle).writerow(STUDENT_COLUMNS if table == "students" else COLUMNS)

    def write(self, text: str) -> None:
        if self.table == "models":
            self.handle.write(text)

    def write_students(self, students: list) -> None:
        if self.table == "students":
            self.students.add(students)

    def close(self, tally: Tally, similar: dict, groups: list = ()) -> None:
        if self.table == "students":  # the groups are in each member's `similar_to`
            csv.writer(self.handle).writerows(
                ["" if s[c] is None else csv_cell(s[c]) for c in STUDENT_COLUMNS] for s in self.students.read(similar))


class JsonReport:
    """{"version": 1, "columns": [...], "rows": [...], "students": [...], "similar": [...],
    "summary": {...}}, the rows written as they arrive."""

    render = staticmethod(json_rows)

    def __init__(self, handle, meta: dict):
        self.handle, self.first, self.students = handle, True, StudentSpool()
        head = json.dumps({"version": 1, **meta, "columns": list(COLUMNS), "student_columns": list(STUDENT_COLUMNS)})
        handle.write(head[:-1] + ', "rows": [')

    def write(self, text: str) -> None:
        if text and self.first:
            text, self.first = "\n  " + text[4:], False  # the first row has no comma before it
        self.handle.write(text)

    def write_students(self, students: list) -> None:
        self.students.add(students)

    def close(self, tally: Tally, similar: dict, groups: list = ()) -> None:
        self.handle.write('\n], "students": [')
        for i, s in enumerate(self.students.read(similar)):
            self.handle.write((",\n  " if i else "\n  ") + json.dumps(s, ensure_ascii=False))
        self.handle.write('\n], "similar": ' + json.dumps(groups, ensure_ascii=False))
        self.handle.write(', "summary": ' + json.dumps(tally.as_json()) + "}\n")


class TextReport:
    """The models' rows on stdout as they come, then the students (and any similar submissions)."""

    render = staticmethod(text_rows)

    def __init__(self, handle, title: str = ""):
        self.handle, self.students = handle, StudentSpool()
        if title:
            handle.write(f"{terminal(title)}\n\n")
        handle.write("Models:\n")

    def write(self, text: str) -> None:
        self.handle.write(text)

    def write_students(self, students: list) -> None:
        self.students.add(students)

    def close(self, tally: Tally, similar: dict, groups: list = ()) -> None:
        self.handle.write("\nStudents:\n")
        for s in self.students.read(similar):
            self.handle.write(student_text(s))
        if groups:
            self.handle.write("\nSimilar submissions (for review, not a verdict):\n")
            for g in groups:
                self.handle.write(f"  {terminal(g['text'])}\n")


class Gradebook:
    """`scan --gradebook FILE.csv`: one row per student, as an LMS grade import reads it (identifier,
    score, max_score, feedback). Without [points] in the spec, a pass scores 1 and a fail 0; a
    submission to review by hand has no score."""

    COLUMNS = ("identifier", "score", "max_score", "feedback")

    def __init__(self, handle):
        self.handle = handle
        csv.writer(handle).writerow(self.COLUMNS)

    def write_students(self, students: list) -> None:
        csv.writer(self.handle).writerows(self.row(s) for s in students)

    @staticmethod
    def row(s: dict) -> list:
        identifier = s["student"].rsplit("/", 1)[-1]
        for ext in (".py", ".ipynb", ".zip"):
            if identifier.endswith(ext):
                identifier = identifier[: -len(ext)]
        if s["max_points"] is not None:
            score, top = s["points"], s["max_points"]
        else:
            score, top = {"pass": 1, "fail": 0}.get(s["verdict"]), 1
        words = {"pass": "Passes the automatic checks.", "fail": "Does not pass yet: ",
                 "review": "To be graded by hand: "}[s["verdict"]]
        feedback = (words + (s["reason"] if s["verdict"] != "pass" else "")).strip()
        return [csv_cell(identifier), "" if score is None else score, top, csv_cell(feedback[:250])]
