"""Content-hash cache of a file's rows, so a rescan costs only the new and changed files.

The key covers the file's bytes and name suffix, the tool (its version and the fingerprint of
its own code and tables) and the effective settings. One SQLite file: written by the main
process only, so workers never contend for it."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from typing import Optional

from kerascount_lint import __version__

DEFAULT_DIR = ".kerascount_cache"


def tool_fingerprint() -> str:
    """The version plus the size and mtime of every module and table: an edited checkout is a new tool."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    digest = hashlib.sha256(__version__.encode())
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json")):
                stat = os.stat(os.path.join(root, name))
                digest.update(f"{os.path.relpath(os.path.join(root, name), package)}:{stat.st_size}:"
                              f"{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


class Cache:
    def __init__(self, folder: str, settings_key: str):
        os.makedirs(folder, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n"),
                           (".gitignore", "*\n")):
            marker = os.path.join(folder, name)
            if not os.path.exists(marker):
                with open(marker, "w", encoding="utf-8") as handle:
                    handle.write(text)
        self.salt = hashlib.sha256(f"{tool_fingerprint()}\n{settings_key}".encode()).digest()
        self.db = sqlite3.connect(os.path.join(folder, "rows.sqlite"))
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("CREATE TABLE IF NOT EXISTS rows (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        self.pending = 0

    def key(self, data: bytes, tag: str) -> str:
        """`tag`: what else the rows depend on (the suffix; the path too if per-file-ignores apply)."""
        return hashlib.sha256(self.salt + tag.encode() + b"\0" + data).hexdigest()

    def get(self, key: str) -> Optional[list]:
        found = self.db.execute("SELECT value FROM rows WHERE key = ?", (key,)).fetchone()
        return json.loads(found[0]) if found else None

    def put(self, key: str, rows: list) -> None:
        self.db.execute("INSERT OR REPLACE INTO rows VALUES (?, ?)", (key, json.dumps(rows)))
        self.pending += 1
        if self.pending >= 500:
            self.db.commit()
            self.pending = 0

    def close(self) -> None:
        self.db.commit()
        self.db.close()
