"""`check`'s cache, as Ruff keeps one: a file whose bytes, name, settings and tool are unchanged
gets its findings back without being parsed.

It lives beside scan's (the same SQLite store, scan/cache.py, in `.kerascount_cache` by default),
keyed by a hash of the bytes, the path (per-file-ignores depend on it), the file's effective
settings and the tool's own code and tables. What is stored is what `check` prints: the selected
findings with their spans and fixes, the notebook cells their lines quote, and the models that
could not be fully checked (so a cached file is never "passed" when the analysis was not)."""
from __future__ import annotations

import marshal
import os
from typing import Optional

from kerascount_lint.datatypes import Diagnostic, FileResult, Fix, Span


class CheckCache:
    """Opened when a file first asks for it: a run whose files hold no model (a pre-commit hook's
    usual run) never loads SQLite. Where it cannot be kept (a read-only checkout), `key` is None."""

    def __init__(self, folder: str):
        self.folder = folder
        self.writer = self.reader = None
        self.unusable = False

    def _open(self) -> bool:
        if self.reader is None and not self.unusable:
            import sqlite3

            from kerascount_lint.scan.cache import CacheReader, CacheWriter

            try:
                writer = CacheWriter(self.folder, "check")
                self.writer, self.reader = writer, CacheReader(writer.path, writer.salt)
            except (OSError, sqlite3.Error):
                self.unusable = True
        return self.reader is not None

    def key(self, data: bytes, path: str, settings) -> Optional[bytes]:
        if not self._open():
            return None
        return self.reader.key(data, f"check\0{os.path.normpath(path)}\0{settings!r}")

    def get(self, key: bytes, display: str, text: Optional[str]) -> Optional[FileResult]:
        rows = self.reader.by_content([key]).get(key)
        return _result(rows[0], display, text) if rows else None

    def put(self, key: bytes, result: FileResult) -> None:
        import sqlite3

        try:
            self.writer.store([(key, marshal.dumps([_record(result)]))], [])
        except (sqlite3.Error, ValueError):
            pass  # a cache that cannot be written only costs the next run its time

    def close(self) -> None:
        if self.reader is not None:
            self.writer.close()
            self.reader.close()


def _span(span: Optional[Span]):
    return None if span is None else (span.line, span.column, span.end_line, span.end_column, span.cell)


def _unspan(values) -> Optional[Span]:
    return None if values is None else Span(*values)


def _record(result: FileResult) -> dict:
    return {
        "diagnostics": [(d.code, d.message, _span(d.span), d.severity,
                         None if d.fix is None else (d.fix.title, tuple((_span(s), t) for s, t in d.fix.edits)),
                         _span(d.anchor), tuple((_span(s), m) for s, m in d.related)) for d in result.diagnostics],
        "cells": result.cells,
        "unread": tuple(result.unread_models()),
    }


def _result(record: dict, display: str, text: Optional[str]) -> Optional[FileResult]:
    try:
        diagnostics = [Diagnostic(code, message, _unspan(span), severity,
                                  None if fix is None else Fix(fix[0], tuple((_unspan(s), t) for s, t in fix[1])),
                                  _unspan(anchor), tuple((_unspan(s), m) for s, m in related))
                       for code, message, span, severity, fix, anchor, related in record["diagnostics"]]
        result = FileResult(display, [], diagnostics, text, record["cells"])
        result.unread = tuple(tuple(entry) for entry in record["unread"])
        return result
    except (KeyError, TypeError, ValueError):
        return None  # not what this version stores: analyze the file again

