"""Core, activation, regularization and embedding layers."""
from kerascount_lint.catalogue.base import (
    UNKNOWN_DIM,
    LayerError,
    NeedShape,
    Out,
    element_ops,
    matmul,
    need,
    prod,
    registrar,
    times,
)
from kerascount_lint.catalogue.roles import (
    ACTIVATION,
    DROPOUT,
    LEARNS,
    LINEAR,
    RESHAPES,
)
from kerascount_lint.datatypes import Elementwise, Problem, Unknown

ENTRIES: list = []
layer = registrar(ENTRIES)


@layer("Dense", min_rank=2, roles=(LEARNS,))
def dense(a, x):
    units = a.int("units")
    d = x[-1]
    out = x[:-1] + (units,)
    need(d, out=out)
    bias = units if a.bool("use_bias") else 0
    p = d * units + bias
    return Out(out, p, formula=f"{times(d, units)}{f' + {bias}' if bias else ''} = {p}",
               **matmul(out, x[1:-1] + (d, units), bias, a.values.get("activation")))


@layer("Embedding", min_rank=1)
def embedding(a, x):
    n, dim = a.int("input_dim"), a.int("output_dim")
    p = n * dim
    return Out(x + (dim,), p, formula=f"{times(n, dim)} = {p}")


# Layers that keep the shape and own no weights.
@layer("Activation", roles=(ACTIVATION,))
@layer("ELU", roles=(ACTIVATION,), activation="elu")
@layer("Softmax", roles=(ACTIVATION,), activation="softmax")
@layer("Dropout", "GaussianDropout", "AlphaDropout", roles=(DROPOUT, LINEAR))
@layer("Identity", roles=(LINEAR,))
@layer(
    "Masking", "UnitNormalization",
    "Rescaling", "RandomFlip", "RandomRotation", "RandomZoom", "RandomContrast", "RandomTranslation",
    "RandomBrightness", "RandomGrayscale", "RandomHue", "RandomSaturation", "RandomSharpness",
    "RandomColorJitter", "RandomColorDegeneration", "RandomInvert", "RandomPosterization",
    "RandomErasing", "RandomGaussianBlur", "RandomPerspective", "RandomShear", "AutoContrast",
    "Solarization", "RandAugment", "AugMix",  # not Equalization: Keras 3.15 cannot build it in a model
)
def passthrough(a, x):
    if "rate" in a.values and not isinstance(a.values["rate"], type(None)):
        rate = a.number("rate")
        if not 0 <= rate <= 1:
            raise LayerError(Problem.INVALID_ARGUMENT_VALUE, f"{a.label}: `rate` must be between 0 and 1, got {rate!r}", "rate")
    return Out(x, formula="no weights", **element_ops(x, 1 if a.label.endswith(ACTIVATIONS) else 0, "activation"))


def _at_least_zero(a, *names, at_most=None):
    """The value ranges Keras 3 checks when these layers are made (tests/data/value_ranges.json)."""
    for name in names:
        value = a.values.get(name)
        if value is None or isinstance(value, (Unknown, bool)) or not isinstance(value, (int, float)):
            continue
        if value < 0 or (at_most is not None and value > at_most):
            limit = f"between 0 and {at_most}" if at_most is not None else "non-negative"
            raise LayerError(Problem.INVALID_ARGUMENT_VALUE, f"{a.label}: `{name}` must be {limit}, got {value!r}", name)


@layer("ReLU", roles=(ACTIVATION,), activation="relu")
def relu(a, x):
    _at_least_zero(a, "max_value", "negative_slope", "threshold")
    return passthrough(a, x)


@layer("LeakyReLU", roles=(ACTIVATION,), activation="leaky_relu")
def leaky_relu(a, x):
    _at_least_zero(a, "negative_slope")
    return passthrough(a, x)


@layer("GaussianNoise", roles=(LINEAR,))
def gaussian_noise(a, x):
    _at_least_zero(a, "stddev", at_most=1)
    return passthrough(a, x)


@layer("ActivityRegularization")
def activity_regularization(a, x):
    _at_least_zero(a, "l1", "l2")
    return passthrough(a, x)


# Layers that apply a function to each element (counted as one op each); the other pass-through
# layers cost nothing at inference (dropout, noise and augmentation are off).
ACTIVATIONS = ("(Activation)", "(ReLU)", "(LeakyReLU)", "(ELU)", "(Softmax)")


@layer("SpatialDropout1D", rank=3, roles=(DROPOUT, LINEAR))
@layer("SpatialDropout2D", rank=4, roles=(DROPOUT, LINEAR))
@layer("SpatialDropout3D", rank=5, roles=(DROPOUT, LINEAR))
def spatial_dropout(a, x):
    return passthrough(a, x)


@layer("PReLU", min_rank=2, roles=(ACTIVATION,), activation="prelu")
def prelu(a, x):
    shape = list(x[1:])
    axes = a.raw("shared_axes")
    if axes is not None:
        for axis in (axes if isinstance(axes, (tuple, list)) else [axes]):
            shape[axis - 1] = 1
    need(*shape, out=x)
    p = prod(shape)
    return Out(x, p, formula=f"one alpha per element of {tuple(shape)}: {p}", **element_ops(x, 1, "activation"))


@layer("Lambda", many_inputs=True)
def lambda_layer(a, x):
    shape = a.raw("output_shape")
    if isinstance(x, list):  # several tensors: only a stated output_shape places the result
        if shape is None or not x or not isinstance(x[0], tuple):
            raise NeedShape()
        x = x[0]  # Keras takes the batch size from the first input
    if shape is None and isinstance(a.values.get("function"), Elementwise):
        return Out(x, formula=f"no weights; `{a.values['function'].origin}` keeps the shape", **element_ops(x, 1, "function"))
    if shape is None:
        raise NeedShape()
    if isinstance(shape, int):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)):
        raise NeedShape()
    return Out((x[0],) + tuple(shape), formula="no weights")


@layer("Flatten", min_rank=1, roles=(LINEAR, RESHAPES))
def flatten(a, x):
    a.data_format()
    return Out((x[0], prod(x[1:])) if len(x) > 1 else (x[0], 1), formula="no weights")


@layer("Reshape", min_rank=1, roles=(LINEAR, RESHAPES))
def reshape(a, x):
    target = a.raw("target_shape")
    if isinstance(target, int):
        target = (target,)
    if not isinstance(target, (tuple, list)) or not all(isinstance(t, int) for t in target):
        raise LayerError(Problem.INVALID_ARGUMENT_VALUE, f"{a.label}: `target_shape` must be a tuple of integers, got {target!r}",
                         "target_shape")
    target = tuple(target)
    size = prod(x[1:])
    if target.count(-1) > 1:
        raise LayerError(Problem.RESHAPE_SIZE_MISMATCH, f"{a.label}: `target_shape` {target} has more than one -1", "target_shape")
    if -1 in target:
        rest = prod([t for t in target if t != -1])
        if size is None or size is UNKNOWN_DIM:
            fill = size
        elif rest == 0 or size % rest:
            raise LayerError(
                Problem.RESHAPE_SIZE_MISMATCH,
                f"{a.label}: cannot reshape {size} elements {x[1:]} into {target}: "
                f"{size} is not divisible by {rest}", "target_shape")
        else:
            fill = size // rest
        target = tuple(fill if t == -1 else t for t in target)
    elif isinstance(size, int) and prod(target) != size:
        raise LayerError(
            Problem.RESHAPE_SIZE_MISMATCH,
            f"{a.label}: cannot reshape an input of shape {x[1:]} ({size} elements) into "
            f"{target} ({prod(target)} elements)", "target_shape")
    return Out((x[0],) + target, formula="no weights")


@layer("Permute", min_rank=2, roles=(LINEAR,))
def permute(a, x):
    dims = a.raw("dims")
    if not isinstance(dims, (tuple, list)) or sorted(dims) != list(range(1, len(x))):
        raise LayerError(
            Problem.INVALID_ARGUMENT_VALUE, f"{a.label}: `dims` must be a permutation of {tuple(range(1, len(x)))}, got {dims!r}", "dims")
    return Out((x[0],) + tuple(x[d] for d in dims), formula="no weights")


@layer("RepeatVector", rank=2)
def repeat_vector(a, x):
    n = a.int("n")
    return Out((x[0], n, x[1]), formula="no weights")
