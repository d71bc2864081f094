"""A class folder: each top-level entry is one submission (a file, a folder, or a .zip read in
place). Symlinks are followed only when they stay inside the class folder, and each real folder
is visited once, so a symlink loop ends."""
from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from typing import Iterator, Optional

from kerascount_lint.analysis import SKIP_DIRS

SUFFIXES = (".py", ".ipynb")
SKIP_NAMES = SKIP_DIRS | {"__MACOSX", ".ipynb_checkpoints"}


@dataclass(frozen=True)
class FileJob:
    """One file to report: where it is on disk (and in a zip), or why it cannot be read."""

    display: str  # relative to the class folder; `sub.zip!dir/model.py` for a zip member
    path: str
    member: Optional[str] = None
    problem: Optional[str] = None


def list_submissions(root: str) -> list:
    return sorted(name for name in os.listdir(root) if not name.startswith(".") and name not in SKIP_NAMES)


def _inside(path: str, real_root: str) -> bool:
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root + os.sep)


def files_of(root: str, name: str, max_bytes: int) -> Iterator[FileJob]:
    real_root = os.path.realpath(root)
    top = os.path.join(root, name)
    if os.path.islink(top) and not _inside(top, real_root):
        yield FileJob(name, top, problem="symlink to a place outside the class folder; not followed")
        return
    if os.path.isdir(top):
        yield from _walk(top, name, os.path.realpath(top), set(), max_bytes)
    elif name.lower().endswith(".zip"):
        yield from zip_members(top, name, max_bytes)
    elif name.endswith(SUFFIXES):
        yield FileJob(name, top)


def _walk(folder: str, shown: str, real_top: str, visited: set, max_bytes: int) -> Iterator[FileJob]:
    """A submission's files; symlinks are followed only inside the submission itself (not into
    another student's folder), and each real folder once."""
    real = os.path.realpath(folder)
    if real in visited:
        return
    visited.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        yield FileJob(shown, folder, problem=f"cannot list folder: {err.strerror or err}")
        return
    for entry in entries:
        path, display = entry.path, f"{shown}/{entry.name}"
        if entry.name in SKIP_NAMES or entry.name.startswith("."):
            continue
        is_link = entry.is_symlink()
        if is_link and not _inside(path, real_top):
            if entry.name.endswith(SUFFIXES) or os.path.isdir(path):
                yield FileJob(display, path, problem="symlink to a place outside this submission; not followed")
            continue
        if os.path.isdir(path):
            yield from _walk(path, display, real_top, visited, max_bytes)
        elif entry.name.endswith(SUFFIXES):
            yield FileJob(display, path)
        elif entry.name.lower().endswith(".zip"):
            yield from zip_members(path, display, max_bytes)


def zip_members(path: str, shown: str, max_bytes: int) -> Iterator[FileJob]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = sorted(archive.infolist(), key=lambda i: i.filename)
    except (OSError, zipfile.BadZipFile, ValueError) as err:
        yield FileJob(shown, path, problem=f"broken zip file: {err}")
        return
    for info in infos:
        parts = info.filename.split("/")
        if info.is_dir() or not info.filename.endswith(SUFFIXES) or any(
                p in SKIP_NAMES or p.startswith(".") for p in parts):
            continue
        display = f"{shown}!{info.filename}"
        if info.file_size > max_bytes:
            yield FileJob(display, path, info.filename, problem=f"file is {info.file_size:,} bytes, over the "
                                                                f"{max_bytes:,}-byte limit; not analyzed")
        else:
            yield FileJob(display, path, info.filename)


def read_job(job: FileJob, max_bytes: int):
    """(bytes, None), or (None, the reason it cannot be read). Reads at most max_bytes + 1."""
    try:
        if job.member is None:
            size = os.path.getsize(job.path)
            if size > max_bytes:
                return None, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; not analyzed"
            with open(job.path, "rb") as handle:
                return handle.read(max_bytes + 1), None
        with zipfile.ZipFile(job.path) as archive, archive.open(job.member) as handle:
            data = handle.read(max_bytes + 1)  # the size a zip declares may lie
        if len(data) > max_bytes:
            return None, f"file is over the {max_bytes:,}-byte limit; not analyzed"
        return data, None
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError) as err:
        return None, f"cannot read file: {getattr(err, 'strerror', None) or err}"
