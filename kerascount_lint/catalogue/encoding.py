"""Categorical encodings of tabular features (keras.io's structured-data examples): no weights; the
output shape follows each layer's own compute_output_shape in Keras 3.15, odd cases included."""
from kerascount_lint.catalogue.base import UNKNOWN_DIM, LayerError, NeedShape, Out, registrar
from kerascount_lint.datatypes import Problem

ENTRIES: list = []
layer = registrar(ENTRIES)


@layer("CategoryEncoding", min_rank=1)
def category_encoding(a, x):
    mode = a.choice("output_mode", ("multi_hot", "one_hot", "count", "binary"))  # binary: the old name of multi_hot
    n = a.values.get("num_tokens")
    if n is None:
        raise LayerError(Problem.MISSING_OR_EXTRA_ARGUMENT, f"{a.label}: `num_tokens` must be set (the number of "
                         "categories); when it is not known beforehand, Keras points to IntegerLookup", "num_tokens")
    n = a.int("num_tokens")
    if mode == "one_hot":
        if x[-1] is UNKNOWN_DIM:
            raise NeedShape()
        if x[-1] != 1 or len(x) == 1:  # each value gets its own one-hot axis
            return Out(tuple(x) + (n,), formula="no weights")
    return Out(tuple(x[:-1]) + (n,), formula="no weights")


@layer("Discretization", min_rank=1)
def discretization(a, x):
    mode = a.choice("output_mode", ("int", "one_hot", "multi_hot", "count"))
    boundaries, bins = a.values.get("bin_boundaries"), a.values.get("num_bins")
    if boundaries is not None and bins is not None:
        raise LayerError(Problem.INVALID_ARGUMENT_VALUE, f"{a.label}: set `num_bins` or `bin_boundaries`, not both",
                         "num_bins")
    if boundaries is None and bins is None:
        raise LayerError(Problem.MISSING_OR_EXTRA_ARGUMENT, f"{a.label}: set either `num_bins` or `bin_boundaries`",
                         "bin_boundaries")
    if bins is not None:
        bins = a.int("num_bins", minimum=0)
    if mode == "int":
        return Out(tuple(x), formula="no weights")
    if boundaries is not None:
        boundaries = a.raw("bin_boundaries")
        if not isinstance(boundaries, (list, tuple)):
            raise NeedShape()
        depth = len(boundaries) + 1
    else:
        depth = bins
    if mode == "one_hot":
        if x[-1] is UNKNOWN_DIM:
            raise NeedShape()
        out = tuple(x[:-1]) + (depth,) if x[-1] == 1 and len(x) > 1 else tuple(x) + (depth,)
    else:  # Keras drops the second axis, not the last: (batch, 3, 2) gives (batch, 2, depth)
        out = (x[0],) + tuple(x[2:]) + (depth,) if len(x) >= 2 else (depth,)
    return Out(out, formula="no weights")
