"""Pooling layers, local and global."""
from kerascount_lint.catalogue.arith import pool_length
from kerascount_lint.catalogue.base import Out, element_ops, per_example, registrar
from kerascount_lint.catalogue.conv import join, split
from kerascount_lint.catalogue.roles import SPATIAL

ENTRIES: list = []
layer = registrar(ENTRIES)


def make_pool(rank):
    def pool(a, x):
        size = a.ints("pool_size", rank)
        strides = size if a.raw("strides") is None else a.ints("strides", rank)
        pad = a.padding(case_sensitive=True)
        fmt = a.data_format()
        c, spatial = split(x, fmt)
        lengths = [pool_length(n, size[i], strides[i], pad, a.label) for i, n in enumerate(spatial)]
        out = join(x[0], lengths, c, fmt)
        # Each output element: window - 1 comparisons (max), or window - 1 additions and a division (average).
        window = per_example(size)
        ops = window if a.label.endswith("(AveragePooling%dD)" % rank) else window - 1
        return Out(out, formula="no weights", **element_ops(out, ops, "pool"))

    return pool


def make_global(rank):
    def global_pool(a, x):
        fmt = a.data_format()
        c, _ = split(x, fmt)
        ops = element_ops(x, 1, "pool over every input element")  # one compare or add per input value
        if a.bool("keepdims"):
            return Out(join(x[0], (1,) * rank, c, fmt), formula="no weights", **ops)
        return Out((x[0], c), formula="no weights", **ops)

    return global_pool


for _rank in (1, 2, 3):
    layer(f"MaxPooling{_rank}D", f"AveragePooling{_rank}D", rank=_rank + 2, roles=(SPATIAL,))(make_pool(_rank))
    layer(f"GlobalMaxPooling{_rank}D", f"GlobalAveragePooling{_rank}D", rank=_rank + 2)(make_global(_rank))
