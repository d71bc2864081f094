"""Padding, cropping, upsampling, resizing and cropping preprocessing layers."""
from kerascount_lint.catalogue.base import LayerError, Out, known, registrar
from kerascount_lint.catalogue.conv import join, split
from kerascount_lint.catalogue.roles import LINEAR, SPATIAL
from kerascount_lint.datatypes import Problem

ENTRIES: list = []
layer = registrar(ENTRIES)


def pairs(a, name, rank):
    """An int, a tuple of `rank` ints, or a tuple of `rank` (before, after) pairs."""
    value = a.raw(name)
    if isinstance(value, int) and not isinstance(value, bool):
        return [(value, value)] * rank
    if isinstance(value, (tuple, list)) and len(value) == 2 and rank == 1 and all(isinstance(v, int) for v in value):
        return [tuple(value)]
    if isinstance(value, (tuple, list)) and len(value) == rank:
        out = []
        for v in value:
            if isinstance(v, int) and not isinstance(v, bool):
                out.append((v, v))
            elif isinstance(v, (tuple, list)) and len(v) == 2 and all(isinstance(i, int) for i in v):
                out.append(tuple(v))
            else:
                break
        else:
            return out
    raise LayerError(Problem.INVALID_ARGUMENT_VALUE, f"{a.label}: `{name}` has an unexpected form: {value!r}", name)


def resized(x, fmt, lengths):
    c, _ = split(x, fmt)
    return join(x[0], lengths, c, fmt)


def make_padding(rank):
    def zero_padding(a, x):
        fmt = a.data_format() if "data_format" in a.values else "channels_last"
        _, spatial = split(x, fmt)
        p = pairs(a, "padding", rank)
        return Out(resized(x, fmt, [n + sum(p[i]) if known(n) else n for i, n in enumerate(spatial)]),
                   formula="no weights")

    return zero_padding


def make_cropping(rank):
    def cropping(a, x):
        fmt = a.data_format() if "data_format" in a.values else "channels_last"
        _, spatial = split(x, fmt)
        crop = pairs(a, "cropping", rank)
        if any(v < 0 for pair in crop for v in pair):
            raise LayerError(Problem.INVALID_ARGUMENT_VALUE, f"{a.label}: `cropping` cannot be negative, got {a.raw('cropping')!r}",
                             "cropping")
        lengths = []
        for i, n in enumerate(spatial):
            if known(n):
                left = n - sum(crop[i])
                if left <= 0:
                    raise LayerError(
                        Problem.NON_POSITIVE_DIMENSION, f"{a.label}: cropping {crop[i]} removes all {n} positions of axis {i + 1}", "cropping")
                n = left
            lengths.append(n)
        return Out(resized(x, fmt, lengths), formula="no weights")

    return cropping


def make_upsampling(rank):
    def upsampling(a, x):
        fmt = a.data_format() if "data_format" in a.values else "channels_last"
        _, spatial = split(x, fmt)
        size = a.ints("size", rank)
        return Out(resized(x, fmt, [n * size[i] if known(n) else n for i, n in enumerate(spatial)]),
                   formula="no weights")

    return upsampling


for _rank in (1, 2, 3):
    layer(f"ZeroPadding{_rank}D", rank=_rank + 2, roles=(SPATIAL, LINEAR))(make_padding(_rank))
    layer(f"Cropping{_rank}D", rank=_rank + 2, roles=(SPATIAL, LINEAR))(make_cropping(_rank))
    layer(f"UpSampling{_rank}D", rank=_rank + 2, roles=(SPATIAL,))(make_upsampling(_rank))


@layer("Resizing", "CenterCrop", "RandomCrop", min_rank=3, max_rank=4)
def resize(a, x):
    h, w = a.int("height"), a.int("width")
    fmt = a.data_format()
    if len(x) == 3:  # a single unbatched image is not how Sequential feeds it; keep Keras's rule
        return Out((h, w, x[-1]) if fmt == "channels_last" else (x[0], h, w), formula="no weights")
    return Out(resized(x, fmt, (h, w)), formula="no weights")
