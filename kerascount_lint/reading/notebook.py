"""Jupyter notebooks: code cells joined into one program, IPython syntax blanked, positions
mapped back to (cell, line). Cells are numbered 1-based over all cells, as Ruff does."""
from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import Optional

from kerascount_lint.datatypes import Span

# `%magic`, `!shell`, `x?`/`??x` help, and `y = !cmd` / `y = %cmd` assignments.
IPYTHON_LINE = re.compile(r"^\s*(?:[%!]|\?{1,2}[\w.]|[\w.]+\?{1,2}\s*$)|^\s*[\w., ]+=\s*[%!]")


@dataclass
class Notebook:
    text: str  # the code cells joined, one program
    line_map: list  # combined line (0-based) -> (cell, line within cell)
    cells: dict  # cell number -> source lines (as in the notebook, magics kept)


class NotebookError(Exception):
    pass


def _lines(source) -> str:
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        return "".join(source)
    if isinstance(source, str):
        return source
    raise NotebookError("a cell's `source` is neither a string nor a list of strings")


def parse(text: str) -> Notebook:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise NotebookError(f"not valid JSON ({err.msg} at line {err.lineno})") from err
    except RecursionError as err:
        raise NotebookError("JSON nested too deeply to read") from err
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise NotebookError("JSON without a `cells` list is not a Jupyter notebook")
    metadata = data.get("metadata")
    language = (metadata.get("language_info", {}) or {}) if isinstance(metadata, dict) else {}
    if isinstance(language, dict) and language.get("name") not in (None, "python"):
        raise NotebookError(f"a {language.get('name')} notebook, not Python")
    cells = []
    for number, cell in enumerate(data["cells"], start=1):
        if not isinstance(cell, dict):
            raise NotebookError(f"cell {number} is not an object")
        cells.append((cell.get("cell_type"), _lines(cell.get("source", ""))))
    return from_cells(cells)


def from_cells(cells) -> Notebook:
    """[(cell_type, source), ...] in notebook order -> one program; only "code" cells count, but
    every cell takes a number (the editor's notebook sync sends cells this way too)."""
    out, line_map, code_cells = [], [], {}
    for number, (kind, source) in enumerate(cells, start=1):
        if kind != "code":
            continue
        lines = source.splitlines()
        code_cells[number] = lines
        cell_magic = bool(lines) and lines[0].lstrip().startswith("%%")
        continued = False  # the line before was IPython syntax ending in a backslash
        for i, line in enumerate(lines, start=1):
            if continued:
                continued = line.rstrip().endswith("\\")
                line = ""
            elif cell_magic or IPYTHON_LINE.match(line):
                # Keep the line (and a block's body) so later lines and columns still map.
                continued = line.rstrip().endswith("\\")
                indent = line[: len(line) - len(line.lstrip())]
                line = indent + "pass" if not cell_magic else ""
            out.append(line)
            line_map.append((number, i))
        out.append("")  # cells end their statements
        line_map.append((number, len(lines) + 1))
    return Notebook("\n".join(out) + "\n", line_map, code_cells)


def without_cell(nb: Notebook, cell: int) -> Notebook:
    """The same program with one cell's lines left empty: lines and columns still map."""
    lines = nb.text.split("\n")
    for i, (number, _) in enumerate(nb.line_map):
        if number == cell and i < len(lines):
            lines[i] = ""
    return Notebook("\n".join(lines), nb.line_map, nb.cells)


def cell_of(nb: Notebook, line: int) -> Optional[int]:
    """The cell a line of the joined program comes from."""
    return nb.line_map[line - 1][0] if 0 < line <= len(nb.line_map) else None


def map_span(span: Optional[Span], notebook: Notebook) -> Optional[Span]:
    if span is None or span.cell is not None:
        return span
    cell, line = notebook.line_map[span.line - 1] if span.line <= len(notebook.line_map) else (None, span.line)
    end_cell, end_line = notebook.line_map[span.end_line - 1] if span.end_line <= len(notebook.line_map) \
        else (cell, span.end_line)
    if end_cell != cell:
        end_line, end_column = line, span.column + 1
    else:
        end_column = span.end_column
    return Span(line, span.column, end_line, end_column, cell)


def map_spans(obj, notebook: Notebook, seen=None):
    """Rewrite every Span inside the analysis results to (cell, line) coordinates."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return obj
    if isinstance(obj, Span):
        return map_span(obj, notebook)
    if isinstance(obj, list):
        seen.add(id(obj))
        obj[:] = [map_spans(item, notebook, seen) for item in obj]
    elif isinstance(obj, tuple):
        return tuple(map_spans(item, notebook, seen) for item in obj)
    elif isinstance(obj, dict):
        seen.add(id(obj))
        for key in list(obj):
            obj[key] = map_spans(obj[key], notebook, seen)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        seen.add(id(obj))
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            new = map_spans(value, notebook, seen)
            if new is not value:
                object.__setattr__(obj, f.name, new)
    return obj
