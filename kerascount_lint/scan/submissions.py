"""A class folder: each top-level entry is one submission (a file, a folder, or a .zip read in
place). A symlink at the top is never followed (it would lead to another submission); deeper ones
only when they stay inside their own submission, and each real folder is visited once, so a
symlink loop ends."""
from __future__ import annotations

import functools
import os
import zipfile
from typing import Iterator, NamedTuple, Optional

from kerascount_lint.analysis import SKIP_DIRS
from kerascount_lint.reading.source import read_regular

SUFFIXES = (".py", ".ipynb")
SKIP_NAMES = SKIP_DIRS | {"__MACOSX", ".ipynb_checkpoints"}


class FileJob(NamedTuple):
    """One file to report: where it is on disk (and in a zip), or why it cannot be read."""

    display: str  # relative to the class folder; `sub.zip!dir/model.py` for a zip member
    path: str
    member: Optional[int] = None  # the member's position in the zip's list
    problem: Optional[str] = None


class Submission(NamedTuple):
    """A top-level entry of the class folder, as its listing already tells (no extra stat)."""

    name: str
    is_dir: bool
    is_link: bool


def list_submissions(root: str) -> list:
    """The entries of the class folder. Names keep the OS's form (to open them); reports print them
    through source.display_path."""
    with os.scandir(root) as listing:
        found = [Submission(e.name, e.is_dir(), e.is_symlink()) for e in listing
                 if not e.name.startswith(".") and e.name not in SKIP_NAMES]
    return sorted(found)


def _inside(real: str, real_top: str) -> bool:
    return real == real_top or real.startswith(real_top + os.sep)


def files_of(root: str, entry: Submission, max_bytes: int, real_root: Optional[str] = None) -> Iterator[FileJob]:
    real_root = real_root or os.path.realpath(root)
    name = entry.name
    top = os.path.join(root, name)
    if entry.is_link:
        # A submission is its own entry: a link leads to somebody else's files, or outside the class.
        yield FileJob(name, top, problem="symlink at the top of the class folder; not followed")
        return
    real_top = f"{real_root}{os.sep}{name}"
    if entry.is_dir:
        yield from _walk(top, name, real_top, real_top, set(), max_bytes)
    elif name.lower().endswith(".zip"):
        yield from zip_members(top, name, max_bytes)
    elif name.endswith(SUFFIXES):
        yield FileJob(name, top)


def _walk(folder: str, shown: str, real_folder: str, real_top: str, visited: set,
          max_bytes: int) -> Iterator[FileJob]:
    """A submission's files. Symlinks are followed only inside the submission itself (not into
    another student's folder), and each real folder once. Real paths of plain entries are built
    from their parent's, since resolving every path is most of the cost of a warm scan."""
    if real_folder in visited:
        return
    visited.add(real_folder)
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
        if len(entries) > 1:
            entries.sort(key=lambda e: e.name)
    except OSError as err:
        yield FileJob(shown, folder, problem=f"cannot list folder: {err.strerror or err}")
        return
    for entry in entries:
        name = entry.name
        if name in SKIP_NAMES or name.startswith("."):
            continue
        display = shown + "/" + name
        if entry.is_symlink():
            real = os.path.realpath(entry.path)
            is_dir = os.path.isdir(real)
            if not _inside(real, real_top):
                if is_dir or name.endswith(SUFFIXES):
                    yield FileJob(display, entry.path, problem="symlink to a place outside this submission; "
                                                               "not followed")
                continue
        else:
            real, is_dir = real_folder + os.sep + name, entry.is_dir(follow_symlinks=False)
        if is_dir:
            yield from _walk(entry.path, display, real, real_top, visited, max_bytes)
        elif name.endswith(SUFFIXES):
            yield FileJob(display, entry.path)
        elif name.lower().endswith(".zip"):
            yield from zip_members(entry.path, display, max_bytes)


def zip_members(path: str, shown: str, max_bytes: int) -> Iterator[FileJob]:
    try:
        archive = _archive(path, _stamp(path))
        infos = sorted(enumerate(archive.infolist()), key=lambda pair: (pair[1].filename, pair[0]))
    except (OSError, zipfile.BadZipFile, ValueError, EOFError) as err:
        yield FileJob(shown, path, problem=f"broken zip file: {err}")
        return
    seen: dict = {}
    for index, info in infos:
        parts = info.filename.replace("\\", "/").split("/")
        # `..` is only text here (nothing is extracted): such a member is read like any other.
        if info.is_dir() or not info.filename.endswith(SUFFIXES) or any(
                p in SKIP_NAMES or (p.startswith(".") and p != "..") for p in parts):
            continue
        seen[info.filename] = seen.get(info.filename, 0) + 1
        copy = f" (copy {seen[info.filename]})" if seen[info.filename] > 1 else ""
        display = f"{shown}!{info.filename}{copy}"
        # Members are opened by position: two of them may share a name.
        if info.file_size > max_bytes:
            yield FileJob(display, path, index, problem=f"file is {info.file_size:,} bytes, over the "
                                                        f"{max_bytes:,}-byte limit; not analyzed")
        else:
            yield FileJob(display, path, index)


def read_job(job: FileJob, max_bytes: int):
    """(bytes, None), or (None, the reason it cannot be read). Reads at most max_bytes + 1."""
    try:
        if job.member is None:
            return read_regular(job.path, max_bytes)
        archive = _archive(job.path, _stamp(job.path))
        with archive.open(archive.infolist()[job.member]) as handle:
            data = handle.read(max_bytes + 1)  # the size a zip declares may lie
        if len(data) > max_bytes:
            return None, f"file is over the {max_bytes:,}-byte limit; not analyzed"
        return data, None
    except OSError as err:
        return None, f"cannot read file: {err.strerror or err}"
    except Exception as err:  # a corrupt member (zlib.error, lzma.LZMAError, BadZipFile, ...): its own row
        return None, f"cannot read zip member: {type(err).__name__}: {err}"


def _stamp(path: str) -> tuple:
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns, st.st_ino


@functools.lru_cache(maxsize=4)
def _archive(path: str, stamp: tuple) -> zipfile.ZipFile:
    """An archive opened once for all its members (re-opening it per member is quadratic in their
    number); `stamp` makes a changed file a new entry."""
    return zipfile.ZipFile(path)
