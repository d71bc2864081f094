"""Convolution layers: plain, transposed, separable, depthwise, and ConvLSTM."""
from kerascount_lint.catalogue.arith import conv_length, deconv_length
from kerascount_lint.catalogue.base import (
    LayerError,
    Out,
    known,
    matmul,
    need,
    prod,
    registrar,
    times,
)
from kerascount_lint.catalogue.roles import LEARNS, SPATIAL
from kerascount_lint.datatypes import Problem

ENTRIES: list = []
layer = registrar(ENTRIES)


def split(x, fmt):
    """(channels, spatial dims) of an input shape."""
    return (x[-1], x[1:-1]) if fmt == "channels_last" else (x[1], x[2:])


def join(batch, spatial, channels, fmt):
    return (batch,) + tuple(spatial) + (channels,) if fmt == "channels_last" else (batch, channels) + tuple(spatial)


def window(a, rank, causal=False):
    """kernel, strides, padding, dilation as Keras standardizes and checks them."""
    k = a.ints("kernel_size", rank)
    s = a.ints("strides", rank)
    pad = a.padding(("valid", "same", "causal") if causal else ("valid", "same"))
    d = a.ints("dilation_rate", rank) if "dilation_rate" in a.values else (1,) * rank
    if max(s) > 1 and max(d) > 1:
        raise LayerError(
            Problem.INVALID_ARGUMENT_VALUE,
            f"{a.label}: `strides` > 1 together with `dilation_rate` > 1 is not supported "
            f"(strides={s}, dilation_rate={d})", "strides")
    return k, s, pad, d


def conv_spatial(spatial, k, s, pad, d, label):
    return [conv_length(n, k[i], s[i], pad, d[i], label) for i, n in enumerate(spatial)]


def bias_text(bias):
    return f" + {bias}" if bias else ""


def make_conv(rank):
    def conv(a, x):
        filters = a.int("filters")
        groups = a.int("groups")
        if filters % groups:
            raise LayerError(
                Problem.INVALID_ARGUMENT_VALUE, f"{a.label}: `filters`={filters} must be divisible by `groups`={groups}", "filters")
        k, s, pad, d = window(a, rank, causal=rank == 1)
        fmt = a.data_format()
        c, spatial = split(x, fmt)
        out = join(x[0], conv_spatial(spatial, k, s, pad, d, a.label), filters, fmt)
        need(c, out=out)
        if c % groups:
            raise LayerError(
                Problem.INVALID_ARGUMENT_VALUE, f"{a.label}: {c} input channels are not divisible by `groups`={groups}", "groups")
        bias = filters if a.bool("use_bias") else 0
        per_group = c // groups
        p = prod(k) * per_group * filters + bias
        positions = split(out, fmt)[1]
        return Out(out, p, formula=f"{times(*k, per_group, filters)}{bias_text(bias)} = {p}",
                   **matmul(out, tuple(positions) + tuple(k) + (per_group, filters), bias, a.values.get("activation")))

    return conv


def make_transpose(rank):
    def conv_transpose(a, x):
        filters = a.int("filters")
        k, s, pad, d = window(a, rank)
        op = a.raw("output_padding")
        op = None if op is None else a.ints("output_padding", rank, minimum=0)
        fmt = a.data_format()
        c, spatial = split(x, fmt)
        lengths = [deconv_length(n, k[i], s[i], pad, None if op is None else op[i], d[i]) for i, n in enumerate(spatial)]
        out = join(x[0], lengths, filters, fmt)
        need(c, out=out)
        bias = filters if a.bool("use_bias") else 0
        p = prod(k) * c * filters + bias
        # Counted by input positions: each input value meets every kernel tap of every filter.
        return Out(out, p, formula=f"{times(*k, c, filters)}{bias_text(bias)} = {p}",
                   **matmul(out, tuple(spatial) + tuple(k) + (c, filters), bias, a.values.get("activation")))

    return conv_transpose


def make_separable(rank):
    def separable(a, x):
        filters = a.int("filters")
        dm = a.int("depth_multiplier")
        k, s, pad, d = window(a, rank)
        fmt = a.data_format()
        c, spatial = split(x, fmt)
        out = join(x[0], conv_spatial(spatial, k, s, pad, d, a.label), filters, fmt)
        need(c, out=out)
        bias = filters if a.bool("use_bias") else 0
        depthwise, pointwise = prod(k) * c * dm, c * dm * filters
        p = depthwise + pointwise + bias
        positions = tuple(split(out, fmt)[1])
        first = matmul(out, positions + tuple(k) + (c, dm), 0, None)
        second = matmul(out, positions + (c * dm, filters), bias, a.values.get("activation"))
        compute = {"macs": None, "elementwise": None}
        if first["macs"] is not None:
            compute = {"macs": first["macs"] + second["macs"], "elementwise": second["elementwise"],
                       "compute": f"depthwise {first['compute'].split(' = ')[0]} + pointwise "
                                  f"{second['compute'].split(' = ')[0]} = {first['macs'] + second['macs']:,} MACs"}
        return Out(out, p, formula=f"{times(*k, c, dm)} + {times(c * dm, filters)}{bias_text(bias)} = {p}",
                   **compute)

    return separable


def make_depthwise(rank):
    def depthwise(a, x):
        dm = a.int("depth_multiplier")
        k, s, pad, d = window(a, rank)
        fmt = a.data_format()
        c, spatial = split(x, fmt)
        channels = c * dm if known(c) else c
        out = join(x[0], conv_spatial(spatial, k, s, pad, d, a.label), channels, fmt)
        need(c, out=out)
        bias = c * dm if a.bool("use_bias") else 0
        p = prod(k) * c * dm + bias
        return Out(out, p, formula=f"{times(*k, c, dm)}{bias_text(bias)} = {p}",
                   **matmul(out, tuple(split(out, fmt)[1]) + tuple(k) + (c, dm), bias, a.values.get("activation")))

    return depthwise


def make_conv_lstm(rank):
    def conv_lstm(a, x):
        filters = a.int("filters")
        k, s, pad, d = window(a, rank)
        fmt = a.data_format()
        steps, frame = x[1], (x[0],) + x[2:]
        c, spatial = split(frame, fmt)
        lengths = conv_spatial(spatial, k, s, pad, d, a.label)
        frame_out = join(x[0], lengths, filters, fmt)
        out = (x[0], steps) + frame_out[1:] if a.bool("return_sequences") else frame_out
        need(c, out=out)
        bias = 4 * filters if a.bool("use_bias") else 0
        kernel, recurrent = prod(k) * c * 4 * filters, prod(k) * filters * 4 * filters
        p = kernel + recurrent + bias
        return Out(out, p, formula=f"{times(*k, c, 4 * filters)} + {times(*k, filters, 4 * filters)}"
                                   f"{bias_text(bias)} = {p}")

    return conv_lstm


for _rank in (1, 2, 3):
    layer(f"Conv{_rank}D", rank=_rank + 2, roles=(LEARNS, SPATIAL))(make_conv(_rank))
    layer(f"Conv{_rank}DTranspose", rank=_rank + 2, roles=(LEARNS, SPATIAL))(make_transpose(_rank))
for _rank in (1, 2):
    layer(f"SeparableConv{_rank}D", rank=_rank + 2, roles=(LEARNS, SPATIAL))(make_separable(_rank))
    layer(f"DepthwiseConv{_rank}D", rank=_rank + 2, roles=(LEARNS, SPATIAL))(make_depthwise(_rank))
for _rank in (1, 2, 3):
    layer(f"ConvLSTM{_rank}D", rank=_rank + 3, roles=(SPATIAL,))(make_conv_lstm(_rank))
