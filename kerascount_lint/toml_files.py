"""Reading the TOML files we are configured by (pyproject.toml, an assignment spec)."""
from __future__ import annotations


def read_toml(path: str, error) -> dict:
    """A TOML file's contents; an unreadable or invalid file raises `error` naming it."""
    # Imported here: a folder with no pyproject.toml reads no TOML, and the parser is a tenth of start-up.
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11
        import tomli as tomllib
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as err:
        raise error(f"{path}: cannot read: {err.strerror or err}") from err
    except tomllib.TOMLDecodeError as err:
        raise error(f"{path}: invalid TOML: {err}") from err


def non_negative_int(value, key, path, error) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise error(f"{path}: `{key}` must be a non-negative integer, got {value!r}")
    return value
