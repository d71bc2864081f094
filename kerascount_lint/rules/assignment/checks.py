"""The checks behind KC501-KC505: each yields (message, layer or None) pairs for a model against a spec."""
from __future__ import annotations

from kerascount_lint.datatypes import shape_text
from kerascount_lint.rules.assignment.pattern import match, token
from kerascount_lint.rules.assignment.spec import (
    Assignment,
    Reference,
    expected_total,
    reference_of,
)
from kerascount_lint.rules.facts import (
    activation,
    is_learning,
    is_linear,
    label,
)


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
        if is_learning(r) or not is_linear(r):
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
    tokens = [token(t, a.source) for t in a.layers]
    classes = [r.spec.class_name for r in model.layers]
    done, stuck_at, expected = match(tokens, classes)
    if done:
        return
    wanted = " > ".join(a.layers)
    if stuck_at < len(classes):
        r = model.layers[stuck_at]
        yield (f"layers must follow {wanted}: {label(r)} (layer {stuck_at + 1}) is not allowed there, expected "
               f"{' or '.join(expected)}"), r
    else:
        yield f"layers must follow {wanted}: the model ends where {' or '.join(expected)} was expected", None
