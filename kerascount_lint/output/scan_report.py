"""`scan` output, in two halves. Renderers (`*_rows`) turn a block's rows into report text and
run in the workers, next to the analysis; sinks (`*Report`) only write that text, in order, in
the main process, and close with the merged Tally. Nothing holds all the rows."""
from __future__ import annotations

import csv
import io
import json

from kerascount_lint.output.escape import csv_cell, terminal
from kerascount_lint.scan.rows import COLUMNS, MODEL
from kerascount_lint.scan.tally import Tally


def _csv_line(row) -> list:
    return ["" if row[c] is None else csv_cell(row[c]) for c in COLUMNS]


def csv_rows(rows: list) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([_csv_line(r) for r in rows])
    return out.getvalue()


def json_rows(rows: list) -> str:
    return "".join(",\n  " + json.dumps(r, ensure_ascii=False) for r in rows)


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


class CsvReport:
    render = staticmethod(csv_rows)

    def __init__(self, handle):
        self.handle = handle
        csv.writer(handle).writerow(COLUMNS)

    def write(self, text: str) -> None:
        self.handle.write(text)

    def close(self, tally: Tally) -> None:
        pass


class JsonReport:
    """{"version": 1, "columns": [...], "rows": [...], "summary": {...}}, written as rows arrive."""

    render = staticmethod(json_rows)

    def __init__(self, handle, meta: dict):
        self.handle, self.first = handle, True
        head = json.dumps({"version": 1, **meta, "columns": list(COLUMNS)})
        handle.write(head[:-1] + ', "rows": [')

    def write(self, text: str) -> None:
        if text and self.first:
            text, self.first = "\n  " + text[4:], False  # the first row has no comma before it
        self.handle.write(text)

    def close(self, tally: Tally) -> None:
        self.handle.write('\n], "summary": ' + json.dumps(tally.as_json()) + "}\n")


class TextReport:
    """One line per row (and its reasons) on stdout when no --report file is given."""

    render = staticmethod(text_rows)

    def __init__(self, handle):
        self.handle = handle

    def write(self, text: str) -> None:
        self.handle.write(text)

    def close(self, tally: Tally) -> None:
        pass
