"""Reading a file into text, turning every kind of bad input into a KC001 diagnostic."""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from typing import Optional

from kerascount_lint.datatypes import Diagnostic, Problem, Span

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass
class Source:
    text: Optional[str]
    problem: Optional[Diagnostic] = None


def problem(message: str, line: int = 1, column: int = 1) -> Diagnostic:
    return Diagnostic(Problem.SYNTAX_ERROR, message, Span(line, column, line, column + 1))


def decode(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    if len(data) > max_bytes:
        return Source(None, problem(f"file is {len(data):,} bytes, over the {max_bytes:,}-byte limit; not analyzed"))
    if b"\x00" in data:
        return Source(None, problem("binary file (contains NUL bytes); not analyzed"))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        return Source(None, problem(f"not valid UTF-8 (byte 0x{data[err.start]:02x} at line {line}); not analyzed",
                                    line, column))
    return Source(text)


def read(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    data, why = read_regular(path, max_bytes)
    if why is not None:
        return Source(None, problem(why))
    return decode(data, max_bytes)


def read_regular(path: str, max_bytes: int):
    """(bytes, None) or (None, why). Opened without blocking and checked to be a regular file, so a
    FIFO or a device cannot stall the run; at most max_bytes + 1 bytes are read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        return None, f"cannot read file: {err.strerror or err}"
    with os.fdopen(fd, "rb") as handle:
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return None, "not a regular file (a FIFO, device or socket); not analyzed"
            if st.st_size > max_bytes:
                return None, f"file is {st.st_size:,} bytes, over the {max_bytes:,}-byte limit; not analyzed"
            # As much as the file holds (a read sized max_bytes allocates all of it first), but
            # max_bytes where the size says nothing (files of /proc report 0).
            return handle.read((st.st_size or max_bytes) + 1), None
        except OSError as err:
            return None, f"cannot read file: {err.strerror or err}"


def display_path(path: str) -> str:
    """A file name as text that can be printed and encoded anywhere: bytes that are not UTF-8 (kept by
    the OS as surrogate escapes) are shown as `\\xff`."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
