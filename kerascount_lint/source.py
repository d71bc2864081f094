"""Reading a file into text, turning every kind of bad input into a KC001 diagnostic."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from kerascount_lint.types import Diagnostic, Span

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass
class Source:
    text: Optional[str]
    problem: Optional[Diagnostic] = None


def problem(message: str, line: int = 1, column: int = 1) -> Diagnostic:
    return Diagnostic("KC001", message, Span(line, column, line, column + 1), "error")


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
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as err:
        return Source(None, problem(f"cannot read file: {err.strerror or err}"))
    return decode(data, max_bytes)
