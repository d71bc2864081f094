"""Content-hash cache of a file's rows, so a rescan costs only the new and changed files.

The key covers the file's bytes and name suffix, the tool (its version and the fingerprint of
its own code and tables) and the effective settings. In front of it, a stat index remembers
which content key a path had at a given (size, mtime, ctime, inode), so an unchanged file is
not even read again; any doubt falls back to reading and hashing.

One SQLite file per tool-and-settings salt, so a new version or another assignment starts a
fresh, compact file instead of bloating a shared one; files unused for a week are deleted.
Workers open it read-only (`CacheReader`); only the main process writes (`CacheWriter`), so
they never contend for a lock."""
from __future__ import annotations

import hashlib
import marshal
import os
import sqlite3
import sys
import time

from kerascount_lint import __version__

FORMAT = 2  # of the database file; a new format gets a new file
KEEP_SECONDS = 7 * 24 * 3600
# `rows` keeps SQLite's rowid: its values are too big for a WITHOUT ROWID table to search quickly.
SCHEMA = ("CREATE TABLE IF NOT EXISTS rows (key BLOB PRIMARY KEY, value BLOB NOT NULL)",
          "CREATE TABLE IF NOT EXISTS seen (path BLOB PRIMARY KEY, stamp TEXT NOT NULL, key BLOB NOT NULL) "
          "WITHOUT ROWID")


def tool_fingerprint() -> str:
    """The version plus the size and mtime of every module and table: an edited checkout is a new tool."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    digest = hashlib.sha256(f"{__version__} {sys.version}".encode())  # marshal's format follows Python's
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json")):
                stat = os.stat(os.path.join(root, name))
                digest.update(f"{os.path.relpath(os.path.join(root, name), package)}:{stat.st_size}:"
                              f"{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def salt_for(settings_key: str) -> bytes:
    return hashlib.sha256(f"{tool_fingerprint()}\n{settings_key}".encode()).digest()


def database(folder: str, salt: bytes) -> str:
    return os.path.join(folder, f"rows-v{FORMAT}-{salt.hex()[:16]}.sqlite")


def _prune(folder: str, keep: str) -> None:
    """Delete the files of other salts that no scan has used for a week."""
    now = time.time()
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if name.startswith("rows-") and not path.startswith(keep):
            try:
                if now - os.path.getmtime(path) > KEEP_SECONDS:
                    os.remove(path)
            except OSError:
                pass  # another scan may be using or removing it


def _chunks(items: list, size: int = 500):  # old SQLite builds take at most 999 parameters
    for start in range(0, len(items), size):
        yield items[start:start + size]


def rows_from(value):
    """Rows unmarshalled from the cache, or None when the bytes are not rows (a damaged cache)."""
    try:
        rows = marshal.loads(value)
    except (ValueError, EOFError, TypeError):
        return None
    if isinstance(rows, list) and all(isinstance(r, dict) for r in rows):
        return rows
    return None


class CacheReader:
    """Lookups, from any process. `salt` ties every key to the tool and the settings."""

    def __init__(self, path: str, salt: bytes):
        self.salt = salt
        self.broken = False
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)

    def key(self, data: bytes, tag: str) -> bytes:
        """`tag`: what else the rows depend on (the suffix; the path too if per-file-ignores apply)."""
        return hashlib.sha256(self.salt + tag.encode() + b"\0" + data).digest()

    def path_key(self, path: str) -> bytes:
        return hashlib.sha256(self.salt + b"path\0" + path.encode("utf-8", "surrogateescape")).digest()

    def by_content(self, keys: list) -> dict:
        """{content key: rows} for the keys the cache holds. A cache that cannot be read answers
        nothing (those files are analyzed again); an entry that is not rows is skipped."""
        found = {}
        try:
            for part in _chunks(keys):
                query = f"SELECT key, value FROM rows WHERE key IN ({','.join('?' * len(part))})"
                for key, value in self.db.execute(query, part):
                    rows = rows_from(value)
                    if rows is not None:
                        found[key] = rows
        except sqlite3.Error:
            self.broken = True
            return {}
        return found

    def by_stamp(self, path_keys: list) -> dict:
        """{path key: (stamp, marshalled rows)} for the paths the stat index knows."""
        found = {}
        try:
            for part in _chunks(path_keys):
                query = ("SELECT seen.path, seen.stamp, rows.value FROM seen JOIN rows ON rows.key = seen.key "
                         f"WHERE seen.path IN ({','.join('?' * len(part))})")
                for path, stamp, value in self.db.execute(query, part):
                    found[path] = (stamp, value)
        except sqlite3.Error:
            self.broken = True
            return {}
        return found

    def close(self) -> None:
        self.db.close()


class CacheWriter:
    """The main process's side: creates the folder and database, and stores what workers found."""

    def __init__(self, folder: str, settings_key: str):
        os.makedirs(folder, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n"),
                           (".gitignore", "*\n")):
            marker = os.path.join(folder, name)
            if not os.path.exists(marker):
                with open(marker, "w", encoding="utf-8") as handle:
                    handle.write(text)
        self.salt = salt_for(settings_key)
        self.path = database(folder, self.salt)
        _prune(folder, self.path)
        self.db = sqlite3.connect(self.path, timeout=30)  # another scan may be writing
        os.utime(self.path)  # in use: not to be pruned
        self.db.execute("PRAGMA journal_mode=WAL")  # readers in the workers are not blocked by our writes
        self.db.execute("PRAGMA synchronous=OFF")  # a cache: losing the last writes in a crash costs a rescan
        for statement in SCHEMA:
            self.db.execute(statement)
        self.db.commit()
        self.pending = 0

    def store(self, rows_entries: list, seen_entries: list) -> None:
        """rows_entries: [(content key, marshalled rows)]; seen_entries: [(path key, stamp, content key)]."""
        if rows_entries:
            self.db.executemany("INSERT OR REPLACE INTO rows VALUES (?, ?)", rows_entries)
        if seen_entries:
            self.db.executemany("INSERT OR REPLACE INTO seen VALUES (?, ?, ?)", seen_entries)
        self.pending += len(rows_entries) + len(seen_entries)
        if self.pending >= 1000:
            self.db.commit()  # so that workers' readers see them
            self.pending = 0

    def close(self) -> None:
        self.db.commit()
        self.db.close()
