"""Layers called on several tensors: the merge layers and MultiHeadAttention.

Each rule follows Keras 3's own build/compute_output_shape (keras/src/layers/merging/ and
attention/multi_head_attention.py), including what they refuse. A dimension we could not know
(UNKNOWN_DIM) is never a reason to refuse: it only makes the output unknown there.
"""
from kerascount_lint.catalogue.base import (
    UNKNOWN_DIM,
    LayerError,
    NeedShape,
    Out,
    element_ops,
    known,
    need,
    per_example,
    registrar,
    times,
)
from kerascount_lint.datatypes import Problem

ENTRIES: list = []
layer = registrar(ENTRIES)


def _shapes(a, xs, at_least=1):
    if not isinstance(xs, list) or len(xs) < at_least:
        raise LayerError(Problem.INCOMPATIBLE_INPUTS, f"{a.label} must be called on a list of at least {at_least} tensors")
    if any(x is None for x in xs):
        raise NeedShape()
    return xs


def _elementwise(a, s1, s2):
    """Keras's Merge._compute_elemwise_op_output_shape (broadcasting over trailing axes)."""
    if len(s1) < len(s2):
        return _elementwise(a, s2, s1)
    if not s2:
        return s1
    out = list(s1[: len(s1) - len(s2)])
    for i, j in zip(s1[len(s1) - len(s2):], s2):
        if i is None or j is None:
            out.append(None)
        elif i is UNKNOWN_DIM or j is UNKNOWN_DIM:
            out.append(UNKNOWN_DIM)
        elif i == 1:
            out.append(j)
        elif j == 1:
            out.append(i)
        elif i != j:
            raise LayerError(Problem.INCOMPATIBLE_INPUTS, f"{a.label}: inputs have incompatible shapes {_text(s1)} and {_text(s2)}")
        else:
            out.append(i)
    return tuple(out)


def _batch(a, xs):
    sizes = {x[0] for x in xs} - {None}
    if len(sizes) > 1:
        raise LayerError(Problem.INCOMPATIBLE_INPUTS, f"{a.label}: cannot merge tensors with different batch sizes {sorted(sizes)}")
    return sizes.pop() if sizes else None


@layer("Add", "Multiply", "Average", "Maximum", "Minimum", many_inputs=True)
def elementwise(a, xs):
    xs = _shapes(a, xs)
    batch = _batch(a, xs)
    out = xs[0][1:]
    for x in xs[1:]:
        out = _elementwise(a, out, x[1:])
    out = (batch,) + tuple(out)
    return Out(out, formula="no weights", **element_ops(out, len(xs) - 1, "combine"))


@layer("Subtract", many_inputs=True)
def subtract(a, xs):
    if isinstance(xs, list) and len(xs) != 2:
        raise LayerError(Problem.INCOMPATIBLE_INPUTS, f"{a.label} must be called on exactly 2 tensors, got {len(xs)}")
    return elementwise(a, xs)


def _text(shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


@layer("Concatenate", many_inputs=True)
def concatenate(a, xs):
    xs = _shapes(a, xs)
    axis = a.raw("axis")
    if not isinstance(axis, int) or isinstance(axis, bool):
        raise LayerError(Problem.INVALID_ARGUMENT_VALUE, f"{a.label}: `axis` must be an integer, got {axis!r}", "axis")
    if any(not -len(x) <= axis < len(x) for x in xs):
        raise LayerError(Problem.INCOMPATIBLE_INPUTS, f"{a.label}: axis {axis} is out of range for inputs {', '.join(map(_text, xs))}",
                         "axis")
    # Keras compares the shapes with the concatenation axis removed; None matches anything.
    reduced = []
    for x in xs:
        dims = list(x)
        if len(dims) > axis:
            del dims[axis]
        reduced.append(tuple(dims))
    if len({len(r) for r in reduced}) != 1:
        raise LayerError(Problem.INCOMPATIBLE_INPUTS, f"{a.label} requires inputs of the same rank, got {', '.join(map(_text, xs))}")
    for column in zip(*reduced):
        dims = {d for d in column if d is not None and d is not UNKNOWN_DIM}
        if len(dims) > 1:
            raise LayerError(Problem.INCOMPATIBLE_INPUTS, f"{a.label} requires inputs with matching shapes except on the "
                             f"concatenation axis, got {', '.join(map(_text, xs))}")
    out = list(xs[0])
    for x in xs[1:]:
        if out[axis] is None or x[axis] is None:
            out[axis] = None
            break
        out[axis] = UNKNOWN_DIM if UNKNOWN_DIM in (out[axis], x[axis]) else out[axis] + x[axis]
    return Out(tuple(out), formula="no weights")


@layer("Dot", many_inputs=True)
def dot(a, xs):
    if isinstance(xs, list) and len(xs) != 2:
        raise LayerError(Problem.INCOMPATIBLE_INPUTS, f"{a.label} must be called on exactly 2 tensors, got {len(xs)}")
    s1, s2 = _shapes(a, xs, 2)
    axes = a.raw("axes")
    if isinstance(axes, int) and not isinstance(axes, bool):
        pair = [axes % len(s1), axes % len(s2)] if axes < 0 else [axes, axes]
    elif isinstance(axes, (tuple, list)) and len(axes) == 2 and all(isinstance(v, int) for v in axes):
        pair = list(axes)
    else:
        raise LayerError(Problem.INVALID_ARGUMENT_VALUE, f"{a.label}: `axes` must be an integer or a pair of integers, got {axes!r}", "axes")
    if not (0 <= pair[0] < len(s1) and 0 <= pair[1] < len(s2)):
        raise NeedShape()
    d1, d2 = s1[pair[0]], s2[pair[1]]
    if known(d1) and known(d2) and d1 != d2:
        raise LayerError(Problem.INCOMPATIBLE_INPUTS, f"{a.label}: axis {pair[0]} of {_text(s1)} has {d1} values but axis {pair[1]} "
                         f"of {_text(s2)} has {d2}")
    left, right = list(s1), list(s2)
    left.pop(pair[0])
    right.pop(pair[1])
    right.pop(0)
    out = left + right
    if len(out) == 1:
        out.append(1)
    return Out(tuple(out), formula="no weights")


@layer("MultiHeadAttention", call_args=("query", "value", "key"), build_names=("softmax", "dropout"))
def multi_head_attention(a, xs):
    query, value = xs.get("query"), xs.get("value")
    key = xs.get("key") or value
    if query is None or value is None:
        raise NeedShape()
    heads, key_dim = a.int("num_heads"), a.int("key_dim")
    if a.values.get("use_gate") is True:
        raise NeedShape(tuple(query))  # the gated variant's extra projection is not counted yet
    value_dim = a.values.get("value_dim")
    value_dim = key_dim if value_dim is None else a.int("value_dim")
    bias = a.bool("use_bias")
    out_dim = a.values.get("output_shape")
    q_dim, k_dim, v_dim = query[-1], key[-1], value[-1]
    if out_dim is None:
        out_shape = tuple(query)
    elif isinstance(out_dim, int) and not isinstance(out_dim, bool):
        out_shape = tuple(query[:-1]) + (out_dim,)
    else:
        raise NeedShape()
    need(q_dim, k_dim, v_dim, out=out_shape)
    final = out_shape[-1]
    qk, vv = heads * key_dim, heads * value_dim
    parts = [q_dim * qk + (qk if bias else 0), k_dim * qk + (qk if bias else 0), v_dim * vv + (vv if bias else 0),
             vv * final + (final if bias else 0)]
    p = sum(parts)
    formula = (f"query {times(q_dim, qk)}, key {times(k_dim, qk)}, value {times(v_dim, vv)}, "
               f"output {times(vv, final)}{' (+ biases)' if bias else ''} = {p}")
    # The projections at each position, then the scores (query . key) and the weighted values.
    tq, tk = per_example(query[1:-1]), per_example(key[1:-1])
    if tq is None or tk is None:
        return Out(out_shape, p, formula=formula, macs=None, elementwise=None)
    macs = tq * q_dim * qk + tk * k_dim * qk + tk * v_dim * vv + tq * tk * qk + tq * tk * vv + tq * vv * final
    compute = (f"projections {tq} * {q_dim} * {qk} + {tk} * {k_dim} * {qk} + {tk} * {v_dim} * {vv}, scores "
               f"{tq} * {tk} * {qk}, values {tq} * {tk} * {vv}, output {tq} * {vv} * {final} = {macs:,} MACs")
    return Out(out_shape, p, formula=formula, macs=macs, elementwise=3 * heads * tq * tk, compute=compute)
