"""Normalization layers: BatchNormalization keeps its moving statistics as non-trainable weights."""
from kerascount_lint.catalogue.base import LayerError, Out, element_ops, need, registrar
from kerascount_lint.catalogue.roles import NORMALIZES
from kerascount_lint.datatypes import Problem

ENTRIES: list = []
layer = registrar(ENTRIES)


def channels(a, x, name="axis"):
    axis = a.raw(name)
    axes = axis if isinstance(axis, (tuple, list)) else [axis]
    dims = []
    for ax in axes:
        if not isinstance(ax, int) or not -len(x) <= ax < len(x):
            raise LayerError(Problem.INVALID_ARGUMENT_VALUE, f"{a.label}: `{name}`={axis!r} is out of range for an input of rank {len(x)}", name)
        dims.append(x[ax])
    need(*dims, out=x)
    total = 1
    for d in dims:
        total *= d
    return total


def affine(a):
    return int(a.bool("center")) + int(a.bool("scale"))


@layer("BatchNormalization", min_rank=1, roles=(NORMALIZES,))
def batch_norm(a, x):
    c = channels(a, x)
    t = affine(a) * c
    # At inference: subtract the mean, divide by the deviation, then scale and shift.
    return Out(x, t, 2 * c, formula=f"{affine(a)} * {c} trainable (gamma, beta) + 2 * {c} non-trainable "
                                     f"(moving mean, variance) = {t + 2 * c}",
               **element_ops(x, 2 + affine(a), "normalize"))


@layer("LayerNormalization", min_rank=1, roles=(NORMALIZES,))
def layer_norm(a, x):
    c = channels(a, x)
    t = affine(a) * c
    # The mean (an add), the variance (subtract, square, add), normalize (subtract, divide), then affine.
    return Out(x, t, formula=f"{affine(a)} * {c} = {t}", **element_ops(x, 6 + affine(a), "normalize"))


@layer("GroupNormalization", min_rank=2)
def group_norm(a, x):
    groups = a.int("groups")
    c = channels(a, x)
    if c < groups or c % groups:
        raise LayerError(
            Problem.INVALID_ARGUMENT_VALUE, f"{a.label}: {c} channels cannot be split into `groups`={groups}", "groups")
    t = affine(a) * c
    return Out(x, t, formula=f"{affine(a)} * {c} = {t}")


@layer("Normalization", min_rank=1)
def normalization(a, x):
    c = channels(a, x)
    n = 2 * c + 1
    return Out(x, 0, n, formula=f"2 * {c} + 1 non-trainable (mean, variance, count) = {n}")
