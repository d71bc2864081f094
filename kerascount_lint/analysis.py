"""The one analysis API every front end calls: source -> extraction -> inference -> rules."""
from __future__ import annotations

import functools
import gc
import os
import re
import sys
from typing import TYPE_CHECKING, Iterable, Iterator, Optional

from kerascount_lint.config import Settings, enabled
from kerascount_lint.datatypes import Diagnostic, FileResult, Problem, Span
from kerascount_lint.reading import source as source_io

if TYPE_CHECKING:
    from kerascount_lint.reading import notebook

# The rules, the notebook reader and the noqa parser are imported where they are used: a file with no
# model (most of those a pre-commit hook sees) needs none of them, and start-up is most of its cost.

SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", "node_modules", "build", "dist", ".venv", "venv", "env",
             ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".kerascount_cache", "site-packages"}
# A file that never names these cannot define a Keras model: no need to parse it. (Slides use
# `Sequential` with no import at all; everything else reaches Keras through a `keras` import.)
PREFILTER = ("keras", "Sequential")
# ... or a snippet that adds layers to a model it never defines: `model.add(Dense(10))`.
SNIPPET = re.compile(r"\.add\(\s*[A-Z]\w*\(")
RECURSION_LIMIT = 8000
MAX_BROKEN_CELLS = 20  # a notebook with more cells that do not parse is reported from the 21st on as it is
def analyze_source(text: str, path: str = "<string>", settings: Optional[Settings] = None,
                   cache=None) -> FileResult:
    """Every model and every finding in `text`, minus those silenced by `# noqa`.

    `settings` gives the budgets; rule selection is applied by `select` (for `check`).
    `cache`, an extract.incremental.ParseCache, re-parses only the statements that changed
    since its last call (the language server keeps one per open document)."""
    result = FileResult(path, [], [], text)
    if not may_hold_model(text):
        return result
    # A parsed file is hundreds of thousands of live objects that the analysis only adds to: the
    # cyclic collector would scan them again and again (half the time on a 10,000-layer model). It
    # runs once the file is done instead.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _analyze(text, result, settings, cache)
    finally:
        if collecting:
            gc.enable()


def may_hold_model(text: str) -> bool:
    """Whether `text` can define a Keras model (or break one of the rules): else nothing is parsed."""
    return any(word in text for word in PREFILTER) or SNIPPET.search(text) is not None


def _analyze(text: str, result: FileResult, settings, cache) -> FileResult:
    # Imported here, not at the top: libcst and the catalogue take a third of a second to load,
    # a file with no model needs none of it, and a warm `scan` answers from its cache without them.
    import libcst as cst

    from kerascount_lint.extract import extract, nesting, reachable
    from kerascount_lint.inference import Inference
    from kerascount_lint.reading.suppression import Suppressions
    from kerascount_lint.rules.registry import BY_CODE, diagnostic, resolve

    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:  # a lone surrogate (from a notebook's JSON, or an editor)
        line = text.count("\n", 0, err.start) + 1
        result.diagnostics.append(diagnostic(Problem.SYNTAX_ERROR, "text holds a lone surrogate, which is not valid UTF-8; "
                                             "not analyzed", Span(line, 1, line, 2)))
        return result
    refused = nesting.problem(text)
    if refused is not None:
        message, line, column = refused
        result.diagnostics.append(diagnostic(Problem.SYNTAX_ERROR, message, Span(line, column, line, column + 1)))
        return result
    # Expressions up to nesting.MAX_EXPRESSION_DEPTH deep are walked recursively by libcst and by
    # our evaluator: a few frames per level.
    if sys.getrecursionlimit() < RECURSION_LIMIT:
        sys.setrecursionlimit(RECURSION_LIMIT)
    parsed = None
    if cache is not None:
        try:
            parsed = cache.parse(text)
        except RecursionError:
            parsed = None
    # The editor's cache parses every statement (it re-parses only what changed); otherwise libcst
    # reads only what can reach a model, line for line where it stands.
    reading = reachable(text) if parsed is None else None
    read = reading.text if reading is not None else text
    try:
        module = parsed.module if parsed is not None else cst.parse_module(read)
    except cst.ParserSyntaxError as err:
        result.diagnostics.append(diagnostic(
            Problem.SYNTAX_ERROR, f"syntax error: {err.message}",
            Span(err.raw_line, err.raw_column + 1, err.raw_line, err.raw_column + 2)))
        return result
    except RecursionError:
        result.diagnostics.append(whole_file("code is nested too deeply to parse; not analyzed"))
        return result
    try:
        # `x.shape` of a symbolic tensor, while the file is read: the shape rules, asked on the side
        # (made at the first such question: most files never ask).
        probe = []

        def shape_of(tensor):
            if not probe:
                probe.append(Inference())
            return probe[0].probe_shape(tensor)

        extraction = extract(module, parsed.spans if parsed is not None else None, read, shape_of, reading)
        inference = Inference()
        for problem, message, span, fix in extraction.notes:
            result.diagnostics.append(diagnostic(problem, message, span, fix))
        result.models = inference.infer_all(extraction.models, result.diagnostics, extraction.loose_layers,
                                            extraction.loose_calls)
        for d in result.diagnostics:
            resolve(d)
        checked = with_reference(settings)
        for model in result.models:
            result.diagnostics.extend(model_findings(model, checked))
    except RecursionError:
        result.models.clear()
        result.diagnostics[:] = [whole_file("code is nested too deeply to analyze; not analyzed")]
    suppressions = Suppressions(text)
    unique = {}
    for d in result.diagnostics:
        # A layer call inside a loop builds several layers: one finding per place is enough.
        unique.setdefault((d.code, d.span) if d.span else (d.code, d.message), d)
    kept = [d for d in unique.values() if not suppressions.silenced(d)]
    kept += [diagnostic(Problem.UNUSED_NOQA, message, Span(line, column, line, column + 1))
             for line, column, message in suppressions.unused(BY_CODE)]
    result.diagnostics = sorted(kept, key=lambda d: (d.span.line, d.span.column) if d.span else (0, 0))
    return result


def analyze_file(path: str, settings: Optional[Settings] = None,
                 max_bytes: int = source_io.DEFAULT_MAX_BYTES) -> FileResult:
    src = source_io.read(path, max_bytes)
    return _analyze_text(src, path, settings)


def analyze_bytes(data: bytes, path: str, settings: Optional[Settings] = None,
                  max_bytes: int = source_io.DEFAULT_MAX_BYTES) -> FileResult:
    """The same as analyze_file, for content that is not a file on disk (a member of a zip)."""
    return _analyze_text(source_io.decode(data, max_bytes), path, settings)


def _analyze_text(src, path, settings) -> FileResult:
    path = source_io.display_path(path)
    if src.problem is not None:
        from kerascount_lint.rules.registry import resolve

        return FileResult(path, [], [resolve(src.problem)], None)
    if path.endswith(".ipynb"):
        return analyze_notebook(src.text, path, settings)
    return analyze_source(src.text, path, settings)


def analyze_notebook(text: str, path: str, settings: Optional[Settings] = None) -> FileResult:
    """Code cells as one program; every position mapped back to (cell, line)."""
    from kerascount_lint.reading import notebook

    try:
        nb = notebook.parse(text)
    except notebook.NotebookError as err:
        return FileResult(path, [], [whole_file(f"broken notebook: {err}; not analyzed")], text)
    result = analyze_cells(nb, path, settings)
    result.source = text
    return result


def analyze_cells(nb: "notebook.Notebook", path: str, settings: Optional[Settings] = None,
                  cache=None) -> FileResult:
    """A notebook already split into cells (from a file, or from an editor's notebook sync).
    A cell that does not parse gets its KC001, and the others are analyzed without it."""
    from kerascount_lint.reading import notebook
    from kerascount_lint.rules.registry import code_of

    broken, blanked = [], set()
    while True:
        result = analyze_source(nb.text, path, settings, cache)
        error = next((d for d in result.diagnostics if d.code == code_of(Problem.SYNTAX_ERROR) and d.span is not None
                      and d.message.startswith("syntax error")), None)
        cell = notebook.cell_of(nb, error.span.line) if error is not None else None
        if cell is None or cell in blanked or len(blanked) >= MAX_BROKEN_CELLS:
            break
        broken.append(error)
        blanked.add(cell)
        nb = notebook.without_cell(nb, cell)
    result.diagnostics = broken + [d for d in result.diagnostics if d not in broken]
    for d in result.diagnostics:
        d.fix = None  # fixes are applied to .py files only; a notebook would need its JSON rewritten
    notebook.map_spans(result.models, nb)
    notebook.map_spans(result.diagnostics, nb)
    result.source, result.cells = nb.text, nb.cells
    return result


def with_reference(settings: Optional[Settings]) -> Optional[Settings]:
    """The settings with the assignment's reference solution analyzed (once per process), for the
    rules that compare with it: rules read numbers, they never run the pipeline themselves."""
    spec = settings.assignment if settings is not None else None
    resolved = resolved_assignment(spec) if spec is not None else None
    if resolved is spec:
        return settings
    from dataclasses import replace

    return replace(settings, assignment=resolved)


def resolved_assignment(spec):
    """The spec with `reference_result` filled in (a Reference, or why there is none)."""
    from dataclasses import replace

    if not spec.reference or spec.reference_result is not None:
        return spec
    return replace(spec, reference_result=_reference(spec.reference, spec.reference_digest))


@functools.lru_cache(maxsize=8)
def _reference(solution: str, digest: str):
    """The reference solution analyzed like any submission, when first needed (so that a warm scan,
    answered from its cache, never pays for it). A Reference, or why not."""
    from kerascount_lint.rules.assignment.spec import Reference, ReferenceLayer

    result = analyze_file(solution)
    complete = [m for m in result.models if m.total_params is not None and m.built]
    if not complete:
        return f"the reference solution {solution} has no model whose params can be counted"
    model = complete[-1]
    return Reference(tuple(ReferenceLayer(r.spec.name, r.spec.class_name, r.params) for r in model.layers),
                     model.total_params)


def model_findings(model, settings) -> list:
    """Run every model-level rule over one inferred model."""
    from kerascount_lint.rules.registry import RULES

    out = []
    for rule in RULES:
        if rule.check is None:
            continue
        for finding in rule.check(model, settings):
            out.append(Diagnostic(rule.code, finding.message, finding.span, rule.severity, None, finding.anchor,
                                  finding.related))
    return out


def select(result: FileResult, settings: Settings) -> FileResult:
    """Keep the findings whose rules are enabled for this file (select/ignore/per-file-ignores)."""
    result.diagnostics = [d for d in result.diagnostics if enabled(d.code, d.severity, settings, result.path)]
    return result


def check_file(path: str, settings: Settings, max_bytes: int = source_io.DEFAULT_MAX_BYTES) -> FileResult:
    """What `check`, pre-commit and `scan` report for one file."""
    return select(analyze_file(path, settings, max_bytes), settings)


def iter_files(paths: Iterable[str], suffixes=(".py", ".ipynb")) -> Iterator[str]:
    """Files named directly, and files with a wanted suffix under folders, in sorted order."""
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info"))
                for name in sorted(files):
                    if name.endswith(suffixes):
                        yield os.path.normpath(os.path.join(root, name))
        else:
            yield path


def whole_file(message: str) -> Diagnostic:
    """A KC001 that stands for the whole file (it was not analyzed)."""
    from kerascount_lint.rules.registry import diagnostic

    return diagnostic(Problem.SYNTAX_ERROR, message, Span(1, 1, 1, 2))
