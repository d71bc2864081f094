"""An assignment spec (`--assignment spec.toml`): what a correct model must be, read from TOML."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Optional

from kerascount_lint.rules.assignment.pattern import AssignmentError, token
from kerascount_lint.toml_files import non_negative_int, read_toml


@dataclass(frozen=True)
class ReferenceLayer:
    name: str
    class_name: str
    params: int


@dataclass(frozen=True)
class Assignment:
    name: Optional[str] = None
    total_params: Optional[int] = None
    min_params: Optional[int] = None
    max_params: Optional[int] = None
    max_flops: Optional[int] = None  # per example: KC303, as in [tool.kerascount-lint]
    max_activation_bytes: Optional[int] = None  # per example: KC304
    input_shape: Optional[tuple] = None  # without the batch axis; None entries match anything
    output_units: Optional[int] = None
    output_activation: Optional[str] = None
    layers: tuple = ()  # pattern tokens: "Conv2D+", "MaxPooling2D?", "Dense*", "Conv2D|SeparableConv2D", "..."
    forbidden_layers: tuple = ()
    fail_on: Optional[tuple] = None  # codes or prefixes that fail a submission; None: every error
    reference: Optional[str] = None  # a reference solution: the expected total and per-layer counts
    reference_digest: Optional[str] = None  # of its bytes: a changed solution is a new spec (and cache key)
    reference_result: object = None  # the solution analyzed (Reference) or why not (str): set by analysis.py
    points: tuple = ()  # ((check, points), ...) from `[points]`: what each passed check is worth
    max_points: Optional[int] = None  # `[points] max`, else the sum of the checks' points
    source: Optional[str] = None


@dataclass(frozen=True)
class Reference:
    layers: tuple  # (ReferenceLayer, ...)
    total: int


KEYS = ("name", "total-params", "min-params", "max-params", "max-flops", "max-activation-bytes", "input-shape",
        "output-units", "output-activation", "layers", "forbidden-layers", "fail-on", "reference", "points")
# What a `[points]` entry rewards: a model without these findings. `no-errors`: no error of any other rule.
POINT_CHECKS = {"total-params": ("KC501",), "input-shape": ("KC502",), "output": ("KC503",),
                "output-units": ("KC503",), "output-activation": ("KC503",), "layers": ("KC504",),
                "forbidden-layers": ("KC505",), "no-errors": ()}


def _int(value, key, path) -> int:
    return non_negative_int(value, key, path, AssignmentError)


def _names(value, key, path) -> tuple:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise AssignmentError(f"{path}: `{key}` must be a list of strings, got {value!r}")
    return tuple(v.strip() for v in value)


def _shape(value, path) -> tuple:
    if not isinstance(value, list):
        raise AssignmentError(f"{path}: `input-shape` must be a list such as [28, 28, 1], got {value!r}")
    dims = []
    for d in value:
        if isinstance(d, str) and d.lower() in ("none", "?"):
            dims.append(None)
        else:
            dims.append(_int(d, "input-shape", path))
    return tuple(dims)


def load(path: str) -> Assignment:
    """Read a spec: its keys at the top level or under `[assignment]`."""
    data = read_toml(path, AssignmentError)
    table = data.get("assignment", data)
    values: dict = {"source": path}
    for key, value in table.items():
        if key not in KEYS:
            raise AssignmentError(f"{path}: unknown key `{key}` (known keys: {', '.join(KEYS)})")
        field = key.replace("-", "_")
        if key == "total-params" and isinstance(value, dict):
            for bound, v in value.items():
                if bound not in ("min", "max"):
                    raise AssignmentError(f"{path}: `total-params` takes an integer or {{min = ..., max = ...}}")
                values[f"{bound}_params"] = _int(v, f"total-params.{bound}", path)
        elif key in ("total-params", "min-params", "max-params", "output-units", "max-flops", "max-activation-bytes"):
            values[field] = _int(value, key, path)
        elif key == "input-shape":
            values[field] = _shape(value, path)
        elif key in ("layers", "forbidden-layers"):
            values[field] = _names(value, key, path)
        elif key == "fail-on":
            values[field] = tuple(c.upper() for c in _names(value, key, path))
        elif key in ("name", "output-activation"):
            if not isinstance(value, str):
                raise AssignmentError(f"{path}: `{key}` must be a string, got {value!r}")
            values[field] = value.lower() if key == "output-activation" else value
        elif key == "points":
            if not isinstance(value, dict):
                raise AssignmentError(f"{path}: `points` must be a table such as [points] total-params = 4")
            for check, n in value.items():
                if check != "max" and check not in POINT_CHECKS:
                    raise AssignmentError(f"{path}: unknown check `{check}` in [points] (known: "
                                          f"{', '.join(POINT_CHECKS)}, and max)")
            values["points"] = tuple((check, _int(n, f"points.{check}", path)) for check, n in value.items()
                                     if check != "max")
            if "max" in value:
                values["max_points"] = _int(value["max"], "points.max", path)
        elif key == "reference":
            solution = os.path.join(os.path.dirname(os.path.abspath(path)), str(value))
            try:
                with open(solution, "rb") as handle:
                    values["reference_digest"] = hashlib.sha256(handle.read()).hexdigest()
            except OSError as err:
                raise AssignmentError(f"{path}: cannot read the reference solution {solution}: "
                                      f"{err.strerror or err}") from err
            values["reference"] = solution
    for text in values.get("layers", ()):
        token(text, path)
    return Assignment(**values)


def reference_of(a: Assignment):
    """The reference solution's numbers (a Reference), or why there are none (a string); None without a
    reference. analysis.py analyzes the solution and puts it in `reference_result`."""
    return a.reference_result


def expected_total(a: Assignment) -> Optional[int]:
    """`total-params`, or by default the reference solution's total."""
    if a.total_params is not None:
        return a.total_params
    ref = reference_of(a)
    if isinstance(ref, Reference) and a.min_params is None and a.max_params is None:
        return ref.total
    return None
