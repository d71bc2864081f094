"""`kerascount-lint lsp`: the language server (pygls 2, stdio or TCP).

Each open Python file or notebook is analyzed with analysis.py, like `check` does, and the
result is kept per document version. Diagnostics are published on open, on save, and after a
short pause in typing (the debounce), from a worker thread so requests are still answered
meanwhile. Hover, inlay hints and code actions are read from the kept result (features.py)."""
from __future__ import annotations

import asyncio
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from typing import Optional

from lsprotocol import types as T
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import from_fs_path, to_fs_path

from kerascount_lint import __version__
from kerascount_lint.analysis import analyze_cells, analyze_source, select
from kerascount_lint.config import ConfigError, Settings, SettingsFinder
from kerascount_lint.datatypes import FileResult, Problem
from kerascount_lint.extract.incremental import ParseCache
from kerascount_lint.lsp import features
from kerascount_lint.reading import notebook
from kerascount_lint.rules.docs import render
from kerascount_lint.rules.registry import RULES, diagnostic

log = logging.getLogger(__name__)
SOURCE = "kerascount-lint"
SEVERITY = {"error": T.DiagnosticSeverity.Error, "warning": T.DiagnosticSeverity.Warning,
            "info": T.DiagnosticSeverity.Information}
DEFAULT_DEBOUNCE = 0.15  # seconds of quiet typing before re-analyzing


@dataclass
class Analysis:
    """One analyzed version of a document (a text file, or a whole notebook)."""

    uri: str
    version: object
    result: object  # FileResult
    cell_uris: Optional[dict] = None  # notebooks: cell number -> the cell's document uri

    def lines(self, cell) -> list:
        if self.cell_uris is not None:
            return (self.result.cells or {}).get(cell, [])
        return (self.result.source or "").split("\n")


def write_rule_docs() -> dict:
    """Each rule's docs as a Markdown file, for diagnostics' codeDescription links: no web site
    needed, and the text is exactly what `kerascount-lint rule CODE` prints. The folder is made
    new and private (mkdtemp): a shared, predictable one could be prepared by another user."""
    folder = tempfile.mkdtemp(prefix=f"kerascount-lint-{__version__}-rules-")
    links = {}
    for rule in RULES:
        path = os.path.join(folder, f"{rule.code}.md")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(render(rule))
        links[rule.code] = from_fs_path(path)
    return links


class Protocol(LanguageServerProtocol):
    """pygls drops a request whose params do not fit the protocol (a negative line, a missing
    field) without answering; the client then waits for ever. Answer it with InvalidParams."""

    def structure_message(self, data):
        try:
            return super().structure_message(data)
        except JsonRpcException as err:
            if isinstance(data, dict) and "jsonrpc" in data and "method" in data and data.get("id") is not None:
                error = JsonRpcInvalidParams(f"invalid params for {data.get('method')}")
                self._send_response(data["id"], error=error.to_response_error())
            raise err


class KerasCountServer(LanguageServer):
    def __init__(self):
        super().__init__(
            "kerascount-lint", __version__, protocol_cls=Protocol,
            text_document_sync_kind=T.TextDocumentSyncKind.Incremental,
            notebook_document_sync=T.NotebookDocumentSyncOptions(notebook_selector=[
                T.NotebookDocumentFilterWithCells(cells=[T.NotebookCellLanguage(language="python")],
                                                  notebook="jupyter-notebook")], save=True))
        self.analyses: dict = {}  # uri -> Analysis
        self.parse_caches: dict = {}  # uri -> ParseCache: only edited statements are parsed again
        self.lock = threading.Lock()
        self.pending: dict = {}  # uri -> asyncio task waiting out the debounce
        self.finder = SettingsFinder(watch=True)
        self.reported: set = set()  # config errors already shown
        self.messages: list = []  # to show the user, from the event loop
        self.inlay_hints_enabled = True
        self.compute_hints = False  # MACs in the inlay hints: the `computeHints` initialization option
        self.debounce = DEFAULT_DEBOUNCE
        self.docs = {}

    # ---- settings: the same pyproject.toml as the CLI, re-read when it changes ----

    def settings_for(self, path: str) -> Settings:
        """The same pyproject.toml as the command line (config.SettingsFinder, re-read when it changes);
        a config that cannot be used is said once and the defaults apply until it is fixed."""
        try:
            return self.finder.for_file(path)
        except ConfigError as err:
            if str(err) not in self.reported:  # shown once, from the event loop (see publish)
                self.reported.add(str(err))
                self.messages.append(f"kerascount-lint: {err}. Using the default settings until it is fixed.")
            return Settings(root=os.path.dirname(path) or ".")

    # ---- documents ----

    def path_of(self, uri: str) -> str:
        path = to_fs_path(uri)
        if path:
            return path
        root = to_fs_path(self.workspace.root_uri) if self.workspace.root_uri else os.getcwd()
        return os.path.join(root or os.getcwd(), "untitled.py")

    def target(self, uri: str):
        """(uri of what is analyzed, notebook or None) for a text document or notebook cell uri."""
        nb = self.workspace.get_notebook_document(cell_uri=uri) or self.workspace.get_notebook_document(
            notebook_uri=uri)
        if nb is not None:
            return nb.uri, nb
        if uri in self.workspace.text_documents:
            return uri, None
        raise JsonRpcInvalidParams(f"{uri} is not an open document")

    def analyze(self, uri: str) -> Analysis:
        """Analyze the current version now (in whatever thread calls it; one at a time, since
        each document's parse cache is reused from one analysis to the next). A bug of ours is
        logged once and shown as a diagnostic on the file, never as a pop-up."""
        with self.lock:
            try:
                return self._analyze(uri)
            except JsonRpcInvalidParams:
                raise
            except Exception as err:
                log.exception("kerascount-lint: internal error analyzing %s", uri)
                key, nb = self.target(uri)
                version = nb.version if nb is not None else self.workspace.get_text_document(key).version
                self.parse_caches.pop(key, None)
                message = (f"internal error in kerascount-lint ({type(err).__name__}: {err}); this file was not "
                           "analyzed. Please report it.")
                return Analysis(key, version, FileResult(self.path_of(key), [], [diagnostic(
                    Problem.SYNTAX_ERROR, message, features.Span(1, 1, 1, 2, None))], None),
                    {i: c.document for i, c in enumerate(nb.cells, start=1)} if nb is not None else None)

    def _analyze(self, uri: str) -> Analysis:
        key, nb = self.target(uri)
        cache = self.parse_caches.setdefault(key, ParseCache())
        path = self.path_of(key)
        settings = self.settings_for(path)
        if nb is not None:
            cells = [("code" if c.kind == T.NotebookCellKind.Code else "markdown",
                      self.workspace.get_text_document(c.document).source) for c in nb.cells]
            result = select(analyze_cells(notebook.from_cells(cells), path, settings, cache), settings)
            uris = {i: c.document for i, c in enumerate(nb.cells, start=1)}
            return Analysis(key, nb.version, result, uris)
        doc = self.workspace.get_text_document(key)
        if doc.language_id not in (None, "python") and not path.endswith((".py", ".pyi")):
            return Analysis(key, doc.version, FileResult(path, [], [], doc.source))  # not ours (a TOML file, say)
        result = select(analyze_source(doc.source, path, settings, cache), settings)
        return Analysis(key, doc.version, result)

    def current(self, uri: str) -> Analysis:
        """The kept analysis if it is of the current version, else a fresh one."""
        key, nb = self.target(uri)
        version = nb.version if nb is not None else self.workspace.get_text_document(key).version
        kept = self.analyses.get(key)
        if kept is None or kept.version != version:
            kept = self.analyses[key] = self.analyze(uri)
        return kept

    # ---- diagnostics ----

    def to_range(self, analysis: Analysis, span) -> T.Range:
        lines = analysis.lines(span.cell)
        codec = self.workspace.position_codec
        start = codec.position_to_client_units(lines, T.Position(max(span.line - 1, 0), max(span.column - 1, 0)))
        end = codec.position_to_client_units(lines, T.Position(max(span.end_line - 1, 0),
                                                               max(span.end_column - 1, 0)))
        return T.Range(start, end)

    def from_position(self, analysis: Analysis, cell, position: T.Position) -> tuple:
        """An LSP position -> our (line, column), 1-based, in code points."""
        lines = analysis.lines(cell)
        if position.line >= len(lines):
            return position.line + 1, 1
        point = self.workspace.position_codec.position_from_client_units(lines, position)
        return point.line + 1, point.character + 1

    def to_diagnostic(self, analysis: Analysis, d) -> T.Diagnostic:
        span = d.span or features.Span(1, 1, 1, 1, None)
        link = self.docs.get(d.code)
        related = [T.DiagnosticRelatedInformation(
            T.Location(analysis.uri if analysis.cell_uris is None else analysis.cell_uris.get(where.cell, analysis.uri),
                       self.to_range(analysis, where)), message) for where, message in d.related if where is not None]
        return T.Diagnostic(range=self.to_range(analysis, span), message=d.message, severity=SEVERITY[d.severity],
                            code=d.code, code_description=T.CodeDescription(href=link) if link else None,
                            source=SOURCE, related_information=related or None)

    def publish(self, analysis: Analysis) -> None:
        while self.messages:
            self.window_show_message(T.ShowMessageParams(T.MessageType.Error, self.messages.pop(0)))
        if analysis.cell_uris is None:
            found = [self.to_diagnostic(analysis, d) for d in analysis.result.diagnostics]
            self.text_document_publish_diagnostics(T.PublishDiagnosticsParams(
                analysis.uri, found, version=analysis.version))
            return
        per_cell = {uri: [] for uri in analysis.cell_uris.values()}
        for d in analysis.result.diagnostics:
            cell = d.span.cell if d.span else min(analysis.cell_uris, default=None)
            if cell in analysis.cell_uris:
                per_cell[analysis.cell_uris[cell]].append(self.to_diagnostic(analysis, d))
        for uri, found in per_cell.items():
            self.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri, found))

    def refresh(self, uri: str) -> None:
        """Analyze and publish now (open, save, config change), in a worker thread: one slow
        document must not hold up hover, shutdown or exit."""
        self.refresh_later(uri, delay=0)

    def refresh_later(self, uri: str, delay: Optional[float] = None) -> None:
        """Re-analyze once typing pauses; a newer edit cancels the wait."""
        try:
            key, _ = self.target(uri)
        except JsonRpcInvalidParams:
            return
        waiting = self.pending.pop(key, None)
        if waiting is not None:
            waiting.cancel()
        self.pending[key] = asyncio.get_running_loop().create_task(
            self._after_pause(key, self.debounce if delay is None else delay))

    async def _after_pause(self, key: str, delay: float) -> None:
        try:
            await asyncio.sleep(delay)
            analysis = await asyncio.to_thread(self.analyze, key)
            try:
                key_now, nb = self.target(key)
            except JsonRpcInvalidParams:
                return  # closed meanwhile
            latest = nb.version if nb is not None else self.workspace.get_text_document(key_now).version
            if latest == analysis.version:  # else a newer edit is already waiting its turn
                self.analyses[key] = analysis
                self.publish(analysis)
        except asyncio.CancelledError:
            raise
        except Exception:  # never let one document take the server down
            log.exception("kerascount-lint: analysis of %s failed", key)
        finally:
            if self.pending.get(key) is asyncio.current_task():
                del self.pending[key]

    def forget(self, uri: str, cell_uris=()) -> None:
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.analyses.pop(uri, None)
        self.parse_caches.pop(uri, None)
        for target in (uri, *cell_uris):
            self.text_document_publish_diagnostics(T.PublishDiagnosticsParams(target, []))


def refresh_all(ls: KerasCountServer) -> None:
    ls.finder = SettingsFinder(watch=True)  # told a config changed: read every one again (mtimes can tie)
    for uri in list(ls.workspace.text_documents):
        if ls.workspace.get_notebook_document(cell_uri=uri) is None and not uri.endswith(".toml"):
            ls.refresh(uri)
    for uri in list(ls.workspace.notebook_documents):
        ls.refresh(uri)


async def _current(ls: KerasCountServer, uri: str):
    """The current analysis, computed off the event loop when it must be."""
    return await asyncio.to_thread(ls.current, uri)


async def _locate(ls: KerasCountServer, uri: str, position: T.Position):
    """(analysis, cell, line, column) for a position in a text document or a notebook cell."""
    analysis = await _current(ls, uri)
    cell = None
    if analysis.cell_uris is not None:
        cell = next((n for n, u in analysis.cell_uris.items() if u == uri), None)
    line, column = ls.from_position(analysis, cell, position)
    return analysis, cell, line, column


def build_server() -> KerasCountServer:
    """A server with every feature registered (a new one per call: no module-level state)."""
    server = KerasCountServer()

    @server.feature(T.INITIALIZE)
    def initialize(ls: KerasCountServer, params: T.InitializeParams):
        options = params.initialization_options or {}
        if isinstance(options, dict):
            ls.inlay_hints_enabled = bool(options.get("inlayHints", True))
            ls.compute_hints = bool(options.get("computeHints", False))
            if isinstance(options.get("debounceMs"), (int, float)) and options["debounceMs"] >= 0:
                ls.debounce = options["debounceMs"] / 1000
        try:
            ls.docs = write_rule_docs()
        except OSError:
            ls.docs = {}  # no links, still diagnostics


    @server.feature(T.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: KerasCountServer, params: T.DidOpenTextDocumentParams):
        ls.refresh(params.text_document.uri)


    @server.feature(T.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: KerasCountServer, params: T.DidChangeTextDocumentParams):
        ls.refresh_later(params.text_document.uri)


    @server.feature(T.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: KerasCountServer, params: T.DidSaveTextDocumentParams):
        if params.text_document.uri.endswith("pyproject.toml"):
            refresh_all(ls)
        else:
            ls.refresh(params.text_document.uri)


    @server.feature(T.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: KerasCountServer, params: T.DidCloseTextDocumentParams):
        ls.forget(params.text_document.uri)


    @server.feature(T.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_did_open(ls: KerasCountServer, params: T.DidOpenNotebookDocumentParams):
        ls.refresh(params.notebook_document.uri)


    @server.feature(T.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_did_change(ls: KerasCountServer, params: T.DidChangeNotebookDocumentParams):
        ls.refresh_later(params.notebook_document.uri)


    @server.feature(T.NOTEBOOK_DOCUMENT_DID_SAVE)
    def notebook_did_save(ls: KerasCountServer, params: T.DidSaveNotebookDocumentParams):
        ls.refresh(params.notebook_document.uri)


    @server.feature(T.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_did_close(ls: KerasCountServer, params: T.DidCloseNotebookDocumentParams):
        ls.forget(params.notebook_document.uri, [c.uri for c in params.cell_text_documents])


    @server.feature(T.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files_changed(ls: KerasCountServer, params: T.DidChangeWatchedFilesParams):
        if any(change.uri.endswith("pyproject.toml") for change in params.changes):
            refresh_all(ls)


    @server.feature(T.TEXT_DOCUMENT_HOVER)
    async def hover(ls: KerasCountServer, params: T.HoverParams):
        analysis, cell, line, column = await _locate(ls, params.text_document.uri, params.position)
        text = features.hover(analysis.result, cell, line, column)
        if text is None:
            return None
        return T.Hover(contents=T.MarkupContent(kind=T.MarkupKind.Markdown, value=text))


    @server.feature(T.TEXT_DOCUMENT_INLAY_HINT)
    async def inlay_hints(ls: KerasCountServer, params: T.InlayHintParams):
        if not ls.inlay_hints_enabled:
            return []
        uri = params.text_document.uri
        analysis = await _current(ls, uri)
        out = []
        for hint in features.inlay_hints(analysis.result, ls.compute_hints):
            if analysis.cell_uris is not None and analysis.cell_uris.get(hint.cell) != uri:
                continue
            if not (params.range.start.line <= hint.line - 1 <= params.range.end.line):
                continue
            lines = analysis.lines(hint.cell)
            text = lines[hint.line - 1] if hint.line <= len(lines) else ""
            position = ls.workspace.position_codec.position_to_client_units(lines, T.Position(hint.line - 1, len(text)))
            out.append(T.InlayHint(position=position, label=hint.label, padding_left=True))
        return out


    @server.feature(T.TEXT_DOCUMENT_CODE_ACTION,
                    T.CodeActionOptions(code_action_kinds=[T.CodeActionKind.QuickFix]))
    async def code_actions(ls: KerasCountServer, params: T.CodeActionParams):
        uri = params.text_document.uri
        analysis = await _current(ls, uri)
        wanted = {(d.code, d.range.start.line, d.range.start.character) for d in params.context.diagnostics}
        mine = []
        for d in analysis.result.diagnostics:
            if d.span is None:
                continue
            if analysis.cell_uris is not None and analysis.cell_uris.get(d.span.cell) != uri:
                continue
            r = ls.to_range(analysis, d.span)
            in_range = params.range.start.line <= r.start.line <= params.range.end.line
            if (d.code, r.start.line, r.start.character) in wanted or (not wanted and in_range):
                mine.append(d)

        def line_text(cell, line):
            lines = analysis.lines(cell)
            return lines[line - 1] if 0 < line <= len(lines) else None

        out = []
        for action in features.code_actions(analysis.result, mine, line_text):
            changes: dict = {}
            for edit in action.edits:
                target = analysis.cell_uris.get(edit.span.cell, uri) if analysis.cell_uris is not None else uri
                changes.setdefault(target, []).append(T.TextEdit(range=ls.to_range(analysis, edit.span),
                                                                 new_text=edit.text))
            related = [ls.to_diagnostic(analysis, d) for d in mine if d.code == action.code]
            out.append(T.CodeAction(title=action.title, kind=T.CodeActionKind.QuickFix, diagnostics=related,
                                    is_preferred=action.preferred or None, edit=T.WorkspaceEdit(changes=changes)))
        return out

    return server


def main(tcp: bool = False, host: str = "127.0.0.1", port: int = 2087) -> int:
    logging.basicConfig(level=logging.WARNING)
    server = build_server()
    if tcp:
        server.start_tcp(host, port)
    else:
        server.start_io()
    # The specification: exit code 0 after a shutdown request, 1 when `exit` (or the end of the
    # stream) comes without one. pygls's own sys.exit does not reach the process from its loop.
    return 0 if server.protocol._shutdown else 1
