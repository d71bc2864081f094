"""Recurrent layers and the wrappers around them (Bidirectional, TimeDistributed)."""
from kerascount_lint.catalogue.base import (
    LayerError,
    NeedShape,
    Out,
    known,
    need,
    per_example,
    registrar,
)
from kerascount_lint.datatypes import LayerSpec, Problem

ENTRIES: list = []
layer = registrar(ENTRIES)


def sequence_out(a, x, units, states: int = 1):
    """The output; with return_state, Keras's list: the output, then each state, (batch, units) each."""
    out = (x[0], x[1], units) if a.bool("return_sequences") else (x[0], units)
    if a.bool("return_state"):
        return [out] + [(x[0], units)] * states
    return out


def recurrent_compute(x, gates, d, u) -> dict:
    """The gate matmuls, input and recurrent, times the steps; the gates' element-wise work besides."""
    steps = per_example(x[1:2])
    if steps is None:
        return {"macs": None, "elementwise": None}
    per_step = gates * (d * u + u * u)
    return {"macs": steps * per_step, "elementwise": 0,
            "compute": f"{steps} steps * {gates} * ({d} * {u} + {u} * {u}) = {steps * per_step:,} MACs"}


@layer("SimpleRNN", rank=3, side_inputs=True)
def simple_rnn(a, x):
    u = a.int("units")
    out = sequence_out(a, x, u)
    d, = need(x[-1], out=out)
    bias = u if a.bool("use_bias") else 0
    p = d * u + u * u + bias
    return Out(out, p, formula=f"{d} * {u} + {u} * {u}{f' + {bias}' if bias else ''} = {p}",
               **recurrent_compute(x, 1, d, u))


@layer("LSTM", rank=3, side_inputs=True)
def lstm(a, x):
    u = a.int("units")
    out = sequence_out(a, x, u, states=2)  # h and c
    d, = need(x[-1], out=out)
    bias = u if a.bool("use_bias") else 0
    p = 4 * (d * u + u * u + bias)
    return Out(out, p, formula=f"4 * ({d} * {u} + {u} * {u}{f' + {bias}' if bias else ''}) = {p}",
               **recurrent_compute(x, 4, d, u))


@layer("GRU", rank=3, side_inputs=True)
def gru(a, x):
    u = a.int("units")
    out = sequence_out(a, x, u)
    d, = need(x[-1], out=out)
    biases = (2 if a.bool("reset_after") else 1) if a.bool("use_bias") else 0
    p = 3 * (d * u + u * u + biases * u)
    extra = f" + {biases} * {u}" if biases == 2 else (f" + {u}" if biases else "")
    return Out(out, p, formula=f"3 * ({d} * {u} + {u} * {u}{extra}) = {p}", **recurrent_compute(x, 3, d, u))


# The cells keras.layers.RNN runs: (gates, biases per unit) for their weights, as their layers have.
CELLS = {"SimpleRNNCell": 1, "LSTMCell": 4, "GRUCell": 3}


def cell_weights(cell: LayerSpec, d, a):
    """(units, params, MACs per step) of one cell on d input features."""
    if cell.class_name not in CELLS:
        return custom_cell(cell, a)
    values = {arg.keyword: arg.value for arg in cell.args if arg.keyword}
    positional = [arg.value for arg in cell.args if arg.keyword is None]
    u = values.get("units", positional[0] if positional else None)
    if type(u) is not int or u < 1:
        raise NeedShape()
    gates = CELLS[cell.class_name]
    use_bias = values.get("use_bias", True) is not False
    biases = 0
    if use_bias:
        biases = 2 * gates * u if cell.class_name == "GRUCell" and values.get("reset_after", True) is not False \
            else gates * u
    return u, gates * (d * u + u * u) + biases, gates * (d * u + u * u)


def custom_cell(cell: LayerSpec, a):
    """A cell class of the file's with no weights of its own (no build(), no add_weight, no layers):
    Keras counts 0 params; its units are the `output_size` (else `state_size`) its __init__ sets."""
    model = cell.model
    if model is None or not model.layer_only or model.layers:
        raise LayerError(Problem.UNRESOLVED_VALUE, f"{a.label}: the cell `{cell.written_name}` makes weights of its own (build(), "
                         "add_weight) or holds layers, so its params are unknown", "cell")
    units = model.int_attrs.get("output_size", model.int_attrs.get("state_size"))
    if type(units) is not int or units < 1:
        raise LayerError(Problem.UNRESOLVED_VALUE, f"{a.label}: the cell `{cell.written_name}` sets no integer state_size or "
                         "output_size, so its output is unknown", "cell")
    return units, 0, 0


@layer("RNN", rank=3, side_inputs=True)
def rnn(a, x):
    cell = a.raw("cell")
    cells = cell if isinstance(cell, (list, tuple)) else [cell]
    if any(isinstance(c, LayerSpec) and c.class_name == "StackedRNNCells" for c in cells):
        stacked = next(c for c in cells if c.class_name == "StackedRNNCells")
        inner = next((arg.value for arg in stacked.args if arg.keyword in (None, "cells")), None)
        cells = list(inner) if isinstance(inner, (list, tuple)) and len(cells) == 1 else None
    if not cells or not all(isinstance(c, LayerSpec) for c in cells):
        raise NeedShape()
    d, = need(x[-1])
    params = macs = 0
    parts = []
    for c in cells:  # stacked cells feed each other
        u, p, m = cell_weights(c, d, a)
        params, macs = params + p, macs + m
        parts.append(f"{c.class_name}({u}) on {d}: {p}")
        d = u
    out = sequence_out(a, x, d)
    steps = per_example(x[1:2])
    return Out(out, params, formula=" + ".join(parts) + f" = {params}",
               macs=None if steps is None else steps * macs, elementwise=None if steps is None else 0,
               compute=None if steps is None else f"{steps} steps * {macs:,} = {steps * macs:,} MACs")


def inner_layer(a, name="layer") -> LayerSpec:
    inner = a.raw(name)
    if not isinstance(inner, LayerSpec):
        raise LayerError(Problem.INVALID_ARGUMENT_VALUE, f"{a.label}: `{name}` must be a Keras layer, got {inner!r}", name)
    return inner


@layer("Bidirectional", rank=3, side_inputs=True)
def bidirectional(a, x):
    forward = inner_layer(a)
    mode = a.raw("merge_mode")
    if mode not in ("concat", "sum", "ave", "mul", None):
        raise LayerError(
            Problem.INVALID_ARGUMENT_VALUE, f"{a.label}: `merge_mode` must be one of 'sum', 'mul', 'ave', 'concat' or None, got {mode!r}",
            "merge_mode")
    f = a.infer_inner(forward, x)
    backward = a.raw("backward_layer")
    b = a.infer_inner(backward, x) if isinstance(backward, LayerSpec) else f
    if mode is None or not isinstance(f.shape, tuple) or not isinstance(b.shape, tuple):
        raise NeedShape()  # two outputs, or the states too: not tracked
    shape = f.shape
    if mode == "concat":
        last = shape[-1] + b.shape[-1] if known(shape[-1]) and known(b.shape[-1]) else shape[-1]
        shape = shape[:-1] + (last,)
    both = None if f.macs is None or b.macs is None else f.macs + b.macs
    return Out(shape, f.trainable + b.trainable, f.non_trainable + b.non_trainable,
               formula=f"forward {f.trainable + f.non_trainable} + backward {b.trainable + b.non_trainable}"
                       f" = {f.trainable + f.non_trainable + b.trainable + b.non_trainable}",
               macs=both, elementwise=None if both is None else (f.elementwise or 0) + (b.elementwise or 0),
               compute=None if both is None else f"forward {f.macs:,} + backward {b.macs:,} = {both:,} MACs")


@layer("TimeDistributed", min_rank=3)
def time_distributed(a, x):
    inner = inner_layer(a)
    o = a.infer_inner(inner, (x[0],) + x[2:])
    if not isinstance(o.shape, tuple):
        raise NeedShape()  # a layer with several outputs, over time: not tracked
    steps = per_example(x[1:2])
    macs = None if steps is None or o.macs is None else steps * o.macs
    return Out((x[0], x[1]) + o.shape[1:], o.trainable, o.non_trainable,
               formula=f"{inner.class_name} applied at each of {x[1]} steps, weights shared: "
                       f"{o.trainable + o.non_trainable}",
               macs=macs, elementwise=None if macs is None or o.elementwise is None else steps * o.elementwise,
               compute=None if macs is None else f"{steps} steps * {o.macs:,} = {macs:,} MACs")
