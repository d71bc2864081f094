"""An assignment spec (`--assignment spec.toml`): what a correct model must be, and the checks
behind the KC5xx rules. Plain data; the rules in rules/assignment.py turn it into findings."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Optional

from kerascount_lint.toml_files import non_negative_int, read_toml
from kerascount_lint.datatypes import shape_text
from kerascount_lint.rules.facts import LINEAR_PASSTHROUGH, activation, is_learning, label


class AssignmentError(Exception):
    """A spec we cannot use: the CLI exits 2 with this message."""


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
    for token in values.get("layers", ()):
        _token(token, path)
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


# ---- the checks behind KC501-KC505; each returns (message, layer or None) pairs ----

def params_problems(model, a: Assignment):
    total = model.total_params
    if total is None or not model.built:
        return
    ref = reference_of(a)
    if isinstance(ref, str):
        yield f"cannot compare with the assignment's reference: {ref}", None
    expected = expected_total(a)
    if expected is not None and total != expected:
        yield f"expected {expected:,} params, found {total:,}{_layer_diff(model, a)}", None
    if a.min_params is not None and total < a.min_params:
        yield f"has {total:,} params, fewer than the minimum of {a.min_params:,}", None
    if a.max_params is not None and total > a.max_params:
        yield f"has {total:,} params, more than the maximum of {a.max_params:,}", None


def _layer_diff(model, a: Assignment) -> str:
    """Where a wrong total comes from, against the reference solution when there is one."""
    ref = reference_of(a)
    if not isinstance(ref, Reference):
        return ""
    mine = [r.spec.class_name for r in model.layers]
    theirs = [r.class_name for r in ref.layers]
    if mine != theirs:
        return (f": the reference has {len(theirs)} layers ({'>'.join(theirs)}), this model has {len(mine)} "
                f"({'>'.join(mine)})")
    parts = []
    for r, expected in zip(model.layers, ref.layers):
        if r.params is not None and r.params != expected.params:
            more = r.params - expected.params
            parts.append(f"{r.spec.name} has {abs(more):,} {'more' if more > 0 else 'fewer'} than expected "
                         f"({r.params:,} instead of {expected.params:,})")
    return (": " + "; ".join(parts)) if parts else ""


def input_problems(model, a: Assignment):
    if a.input_shape is None or not model.built or not model.layers or model.layers[0].input_shape is None:
        return
    found = tuple(model.layers[0].input_shape[1:])
    expected = a.input_shape
    same = len(found) == len(expected) and all(e is None or f == e for f, e in zip(found, expected))
    if not same and all(isinstance(d, int) or d is None for d in found):
        yield f"expected input shape {shape_text(expected)}, found {shape_text(found)}", None


def output_problems(model, a: Assignment):
    if not model.layers:
        return
    last = model.layers[-1]
    if a.output_units is not None and model.built and last.output_shape is not None:
        units = last.output_shape[-1]
        if isinstance(units, int) and units != a.output_units:
            yield f"expected {a.output_units} output units, the last layer {label(last)} gives {units}", last
    if a.output_activation is not None:
        found, layer = _output_activation(model)
        if found is not _UNKNOWN and found != a.output_activation:
            shown = found or "linear (no activation)"
            yield f"expected a {a.output_activation} output, {label(layer)} gives {shown}", layer


_UNKNOWN = object()


def _output_activation(model):
    """The non-linearity the model ends with: the last activation before any learning layer."""
    for r in reversed(model.layers):
        act = activation(r)
        if act is not None:
            return act, r
        if r.args.get("activation") is not None and not isinstance(r.args.get("activation"), str):
            return _UNKNOWN, r
        if is_learning(r) or r.spec.class_name not in LINEAR_PASSTHROUGH:
            return None, r
    return None, model.layers[-1]


def forbidden_problems(model, a: Assignment):
    banned = {n.lower() for n in a.forbidden_layers}
    for r in model.layers:
        if r.spec.class_name.lower() in banned or r.spec.written_name.lower() in banned:
            yield f"{label(r)} is not allowed in this assignment", r


def pattern_problems(model, a: Assignment):
    if not a.layers:
        return
    tokens = [_token(t, a.source) for t in a.layers]
    classes = [r.spec.class_name for r in model.layers]
    done, stuck_at, expected = _match(tokens, classes)
    if done:
        return
    wanted = " > ".join(a.layers)
    if stuck_at < len(classes):
        r = model.layers[stuck_at]
        yield (f"layers must follow {wanted}: {label(r)} (layer {stuck_at + 1}) is not allowed there, expected "
               f"{' or '.join(expected)}"), r
    else:
        yield f"layers must follow {wanted}: the model ends where {' or '.join(expected)} was expected", None


def _token(text: str, source):
    """"Conv2D+" -> ({"conv2d"}, 1, many); "..." matches any run of layers."""
    text = shown = text.strip()
    if text in ("...", "*"):
        return frozenset(), 0, True, text
    low, many = 1, False
    if text[-1:] in "?+*":
        low, many = (0 if text[-1] in "?*" else 1), text[-1] in "+*"
        text = text[:-1]
    names = frozenset(n.strip().lower() for n in text.split("|") if n.strip())
    if not names or not all(n.replace("_", "").isalnum() for n in names):
        raise AssignmentError(f"{source}: bad layer pattern {shown!r}: use names like \"Conv2D+\", \"Dropout?\"")
    return names, low, many, shown


def _match(tokens, classes):
    """Does the class sequence match the tokens? If not, how far it got and what was expected there."""
    todo, seen = [(0, 0)], set()
    while todo:
        i, j = todo.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if j == len(tokens):
            if i == len(classes):
                return True, i, []
            continue
        names, low, many, _ = tokens[j]
        if low == 0:
            todo.append((i, j + 1))
        if i < len(classes) and (not names or classes[i].lower() in names):
            todo.append((i + 1, j + 1))
            if many:
                todo.append((i + 1, j))
    furthest = max(i for i, _ in seen)
    expected = []
    for i, j in sorted(seen):
        if i == furthest and j < len(tokens) and tokens[j][3] not in expected:
            expected.append(tokens[j][3])
    return False, furthest, expected or ["the end of the model"]

