"""Settings from `[tool.kerascount-lint]` in the nearest pyproject.toml, plus command-line overrides."""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, replace
from typing import Optional

from kerascount_lint import toml_files

SECTION = "kerascount-lint"


class ConfigError(Exception):
    """A config file we cannot use: the CLI exits 2 with this message."""


@dataclass(frozen=True)
class Settings:
    select: Optional[tuple] = None  # None: every error and warning rule
    extend_select: tuple = ()
    ignore: tuple = ()
    per_file_ignores: tuple = ()  # ((glob, (codes...)), ...)
    exclude: tuple = ()
    max_params: Optional[int] = None
    max_layer_params: Optional[int] = None
    max_flops: Optional[int] = None  # per example
    max_activation_bytes: Optional[int] = None  # per example, float32
    assignment: Optional[object] = None  # an assignment.Assignment: enables KC501-KC505
    root: str = "."  # folder globs are relative to (the config file's folder)
    source: Optional[str] = None  # the config file, for messages

    def with_overrides(self, **changes) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def relative(self, path: str) -> str:
        return os.path.relpath(os.path.abspath(path), os.path.abspath(self.root)).replace(os.sep, "/")

    def excluded(self, path: str) -> bool:
        rel = self.relative(path)
        parts = rel.split("/")
        for pattern in self.exclude:
            if fnmatch.fnmatch(rel, pattern) or any(fnmatch.fnmatch(p, pattern) for p in parts):
                return True
        return False

    def ignored_for(self, path: str) -> tuple:
        rel = self.relative(path)
        return tuple(code for pattern, codes in self.per_file_ignores
                     if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(os.path.basename(rel), pattern)
                     for code in codes)


def _codes(value, key, path) -> tuple:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: `{key}` must be a list of rule codes or prefixes, got {value!r}")
    return tuple(v.upper() for v in value)


def non_negative_int(value, key, path, error=ConfigError) -> int:
    return toml_files.non_negative_int(value, key, path, error)


def read_toml(path: str, error=ConfigError) -> dict:
    return toml_files.read_toml(path, error)


def load(path: str) -> Settings:
    """Read one pyproject.toml; a file without our section gives the defaults."""
    data = read_toml(path)
    table = data.get("tool", {}).get(SECTION, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.{SECTION}] must be a table")
    values: dict = {"root": os.path.dirname(os.path.abspath(path)), "source": path}
    for key, value in table.items():
        if key in ("select", "ignore", "extend-select"):
            values[key.replace("-", "_")] = _codes(value, key, path)
        elif key == "exclude":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{path}: `exclude` must be a list of glob patterns, got {value!r}")
            values["exclude"] = tuple(value)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: `per-file-ignores` must be a table of glob = [codes], got {value!r}")
            values["per_file_ignores"] = tuple((glob, _codes(codes, f"per-file-ignores.{glob}", path))
                                               for glob, codes in value.items())
        elif key == "assignment":
            values["assignment"] = load_assignment(os.path.join(values["root"], str(value)))
        elif key in ("max-params", "max-layer-params", "max-flops", "max-activation-bytes"):
            values[key.replace("-", "_")] = non_negative_int(value, key, path)
        else:
            known = ("select, ignore, extend-select, per-file-ignores, exclude, max-params, max-layer-params, "
                     "max-flops, max-activation-bytes, assignment")
            raise ConfigError(f"{path}: unknown key `{key}` in [tool.{SECTION}] (known keys: {known})")
    return Settings(**values)


def load_assignment(path: str):
    """An assignment spec, its errors reported like config errors."""
    from kerascount_lint.rules.assignment.spec import AssignmentError
    from kerascount_lint.rules.assignment.spec import load as load_spec

    try:
        return load_spec(path)
    except AssignmentError as err:
        raise ConfigError(str(err)) from err


def find(start: str, known: Optional[dict] = None) -> Optional[str]:
    """The nearest pyproject.toml at or above `start` that has a [tool.kerascount-lint] section.
    `known` (folder -> answer) is filled as folders are looked at, so that the files of one folder,
    and the folders above them, are looked at once per run."""
    folder = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start) or ".")
    seen = []
    found = None
    while True:
        if known is not None and folder in known:
            found = known[folder]
            break
        seen.append(folder)
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(candidate):
            try:
                with open(candidate, "rb") as handle:
                    if f"[tool.{SECTION}".encode() in handle.read():
                        found = candidate
                        break
            except OSError:
                pass
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    if known is not None:
        known.update(dict.fromkeys(seen, found))
    return found


class SettingsFinder:
    """Settings for each file, from the nearest config above it (cached per config file), with the
    command line on top: `select` and budgets replace the config's; `ignore`, `extend_select` and
    `exclude` (--extend-exclude) add."""

    ADDED = ("ignore", "extend_select", "exclude")

    def __init__(self, explicit: Optional[str] = None, overrides: Optional[dict] = None, watch: bool = False):
        """`watch`: configs change while we run (an editor): each is re-read when its mtime changes,
        and folders are looked at again (a pyproject.toml may appear)."""
        self.explicit = load(explicit) if explicit else None
        self.overrides = overrides or {}
        self.watch = watch
        self.by_path: dict = {}  # config path -> (its mtime when read, the Settings)
        self.folders: dict = {}  # folder -> its nearest config (or None), as find() learned it

    def _apply(self, base: Settings) -> Settings:
        replaced = {k: v for k, v in self.overrides.items() if k not in self.ADDED}
        added = {k: getattr(base, k) + tuple(self.overrides[k]) for k in self.ADDED if self.overrides.get(k)}
        return base.with_overrides(**replaced, **added)

    def for_file(self, path: str) -> Settings:
        """ConfigError for a config that cannot be used."""
        config = self.explicit.source if self.explicit is not None else \
            find(path, None if self.watch else self.folders)
        stamp = _mtime(config) if self.watch and config else None
        known = self.by_path.get(config)
        if known is None or known[0] != stamp:
            if self.explicit is not None:
                base = self.explicit
            else:
                base = load(config) if config else Settings(root=os.getcwd())
            self.by_path[config] = (stamp, self._apply(base))
        return self.by_path[config][1]


def _mtime(path: str):
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def matches(code: str, prefixes) -> Optional[int]:
    """Length of the longest prefix in `prefixes` that `code` starts with, or None."""
    best = None
    for prefix in prefixes:
        if prefix == "ALL" or code.startswith(prefix):
            length = 0 if prefix == "ALL" else len(prefix)
            best = length if best is None else max(best, length)
    return best


def enabled(code: str, severity: str, settings: Settings, path: Optional[str] = None) -> bool:
    """Ruff's rule: the more specific of select and ignore wins; errors and warnings are selected
    by default; per-file-ignores always win."""
    if path is not None and matches(code, settings.ignored_for(path)) is not None:
        return False
    selected = matches(code, (settings.select or ()) + settings.extend_select)
    if settings.select is None and severity in ("error", "warning"):
        selected = max(selected or 0, 0)
    ignored = matches(code, settings.ignore)
    if selected is None:
        return False
    return ignored is None or selected > ignored

