"""What a catalogue entry is: argument access, its result, and the errors it can raise."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from kerascount_lint.catalogue.signatures import REQUIRED, OpaqueDefault
from kerascount_lint.datatypes import UNKNOWN_DIM, Problem, Shape, Unknown


class LayerError(Exception):
    """Keras would refuse this layer (or its input). `arg` names the argument to point at."""

    def __init__(self, kind: Problem, message: str, arg: Optional[str] = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.arg = arg


class NeedValue(Exception):
    """An argument the rule needs is not known statically."""

    def __init__(self, arg: str, value: Unknown):
        super().__init__(arg)
        self.arg = arg
        self.value = value


class NeedShape(Exception):
    """A dimension the params depend on is not known. `shape` is the output, when that is known."""

    def __init__(self, shape=None):
        super().__init__()
        self.shape = shape


@dataclass
class Out:
    """What a layer's rule gives: its output shape, its params (and their arithmetic), and its compute
    for one example: multiply-accumulates of its matmuls (`macs`, torchinfo's "Mult-Adds"
    convention) and the element-wise operations besides them (`elementwise`: bias, activation,
    normalisation, pooling; one op per element per elementary operation). FLOPs = 2 * macs +
    elementwise. None where a dimension they need is not known."""

    shape: Shape
    trainable: int = 0
    non_trainable: int = 0
    formula: Optional[str] = None
    macs: Optional[int] = 0
    elementwise: Optional[int] = 0
    compute: Optional[str] = None  # the MACs arithmetic, for --explain


@dataclass(frozen=True)
class Entry:
    class_name: str
    infer: Callable  # (Args, Shape) -> Out
    min_rank: Optional[int] = None  # input rank, batch axis included
    max_rank: Optional[int] = None
    # Called on several tensors: `infer` gets a list of shapes, named by `call_args` when the
    # layer's call() takes them as separate arguments (MultiHeadAttention(query, value, key)).
    many_inputs: bool = False
    call_args: tuple = ()
    # call(sequences, initial_state=..., ...): the first input alone shapes the output and weights; the
    # other tensors (a recurrent layer's initial state, given as a keyword or second) are side inputs.
    side_inputs: bool = False
    # Layers Keras makes inside this one when it is first called (built): they take auto-names.
    build_names: tuple = ()
    roles: frozenset = frozenset()  # what the rules may assume of it: LEARNS, SPATIAL, DROPOUT, ...
    activation: Optional[str] = None  # the non-linearity an activation layer always applies (Softmax: softmax)


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


class Args:
    """Typed access to a layer's bound arguments, raising the errors Keras would."""

    def __init__(self, values: dict, label: str, infer_inner=None):
        self.values = values
        self.label = label
        self.infer_inner = infer_inner  # for wrappers: (LayerSpec, Shape) -> Out

    def raw(self, name):
        value = self.values.get(name, REQUIRED)
        if isinstance(value, Unknown):
            raise NeedValue(name, value)
        if isinstance(value, tuple | list) and any(isinstance(v, Unknown) for v in value):
            raise NeedValue(name, next(v for v in value if isinstance(v, Unknown)))
        if value is REQUIRED:
            raise LayerError(Problem.MISSING_OR_EXTRA_ARGUMENT, f"{self.label} is missing the required argument `{name}`", name)
        return value

    def int(self, name, minimum: int = 1):
        value = self.raw(name)
        if not _is_int(value) or value < minimum:
            raise LayerError(
                Problem.INVALID_ARGUMENT_VALUE,
                f"{self.label}: `{name}` must be an integer >= {minimum}, got {value!r}", name)
        return value

    def bool(self, name) -> bool:
        value = self.raw(name)
        if isinstance(value, OpaqueDefault):
            return True
        return bool(value)

    def number(self, name):
        value = self.raw(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise LayerError(Problem.INVALID_ARGUMENT_VALUE, f"{self.label}: `{name}` must be a number, got {value!r}", name)
        return value

    def ints(self, name, n: int, minimum: int = 1) -> tuple:
        """An int or a tuple/list of n ints, as keras standardize_tuple accepts."""
        value = self.raw(name)
        if _is_int(value):
            value = (value,) * n
        if not isinstance(value, tuple | list) or len(value) != n or not all(_is_int(v) for v in value):
            raise LayerError(
                Problem.INVALID_ARGUMENT_VALUE,
                f"{self.label}: `{name}` must be an integer or a tuple of {n} integers, got {value!r}", name)
        if any(v < minimum for v in value):
            raise LayerError(Problem.INVALID_ARGUMENT_VALUE, f"{self.label}: `{name}` values must be >= {minimum}, got {value!r}", name)
        return tuple(value)

    def choice(self, name, allowed: tuple):
        """One of `allowed`, as written (output_mode='one_hot')."""
        value = self.raw(name)
        if value not in allowed:
            raise self.not_one_of(name, allowed, value)
        return value

    def padding(self, allowed=("valid", "same"), case_sensitive=False) -> str:
        """Conv layers lowercase padding; pooling layers compare it as written (Keras 3.15)."""
        value = self.raw("padding")
        refused = isinstance(value, str) and case_sensitive and value not in allowed
        if refused or not isinstance(value, str) or value.lower() not in allowed:
            raise self.not_one_of("padding", allowed, value)
        return value.lower()

    def not_one_of(self, name, allowed: tuple, value) -> "LayerError":
        options = ", ".join(repr(a) for a in allowed)
        return LayerError(Problem.INVALID_ARGUMENT_VALUE, f"{self.label}: `{name}` must be one of {options}, got {value!r}", name)

    def data_format(self) -> str:
        value = self.raw("data_format") if "data_format" in self.values else None
        if value is None:
            return "channels_last"  # keras.config.image_data_format() default
        if not isinstance(value, str) or value.lower() not in ("channels_last", "channels_first"):
            raise LayerError(
                Problem.INVALID_ARGUMENT_VALUE,
                f"{self.label}: `data_format` must be 'channels_last' or 'channels_first', got {value!r}",
                "data_format")
        return value.lower()


def need(*dims, out=None):
    """Dimensions a parameter count depends on must be known; `out` is the shape we still know."""
    for d in dims:
        if d is None or d is UNKNOWN_DIM:
            raise NeedShape(out)
    return dims


def prod(values):
    """Product of dims: None (variable in Keras) wins over a dim we could not know."""
    if any(v is None for v in values):
        return None
    if any(v is UNKNOWN_DIM for v in values):
        return UNKNOWN_DIM
    total = 1
    for v in values:
        total *= v
    return total


def known(d) -> bool:
    return d is not None and d is not UNKNOWN_DIM


def registrar(entries: list):
    """Decorator that declares a catalogue entry: `@layer("Dense", min_rank=2)`."""

    def layer(*class_names, min_rank=None, max_rank=None, rank=None, many_inputs=False, call_args=(),
              side_inputs=False, build_names=(), roles=(), activation=None):
        def wrap(fn):
            for name in class_names:
                entries.append(Entry(name, fn, rank or min_rank, rank or max_rank, many_inputs or bool(call_args),
                                     call_args, side_inputs, build_names, frozenset(roles), activation))
            return fn

        return wrap

    return layer


def times(*factors) -> str:
    return " * ".join(str(f) for f in factors)


def per_example(dims) -> Optional[int]:
    """The product of dimensions, or None when one is not known (None or UNKNOWN_DIM)."""
    total = 1
    for d in dims:
        if not known(d):
            return None
        total *= d
    return total


def matmul(out, factors, bias: bool, activation) -> dict:
    """Out's compute fields for a layer whose matmuls are the product of `factors` MACs, with a bias
    and an activation over its output."""
    macs = per_example(factors)
    elements = per_example(out[1:])
    if macs is None or elements is None:
        return {"macs": None, "elementwise": None}
    extra = elements * (int(bool(bias)) + int(activation not in (None, "linear")))
    return {"macs": macs, "elementwise": extra, "compute": f"{times(*factors)} = {macs:,} MACs"}


def element_ops(out, per_element: int, text: str) -> dict:
    """Out's compute fields for a layer with no matmul: `per_element` ops on each output element."""
    elements = per_example(out[1:])
    if elements is None:
        return {"macs": 0, "elementwise": None}
    return {"macs": 0, "elementwise": elements * per_element,
            "compute": f"{text}: {per_element} * {elements:,} = {elements * per_element:,} ops" if per_element else None}
