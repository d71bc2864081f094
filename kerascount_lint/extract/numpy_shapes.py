"""NumPy arrays whose shape the file states: `np.zeros((100, 28, 28, 1))`, `.reshape(-1, 784)`,
`X / 255.0`. The evaluator hands arrays and `numpy.*` calls to this module; nothing else in it
knows NumPy."""
from __future__ import annotations

from kerascount_lint.extract.values import ArrayValue, BoundMethod, Foreign
from kerascount_lint.types import Unknown

NOT_MINE = NotImplemented  # the value is not an array: the evaluator asks elsewhere


def attribute(owner, attr: str, node):
    if not isinstance(owner, ArrayValue):
        return NOT_MINE
    if attr == "shape":
        return owner.shape
    if attr == "ndim":
        return len(owner.shape)
    if attr == "T":
        return ArrayValue(tuple(reversed(owner.shape)))
    if attr in ("reshape", "astype", "copy", "flatten"):
        return BoundMethod(owner, attr)
    return Unknown(node=node)


def call(func, node, args, kwargs):
    if isinstance(func, BoundMethod) and isinstance(func.target, ArrayValue):
        return _array_method(func.target, func.name, args, node)
    if isinstance(func, Foreign) and func.name.startswith("numpy."):
        return _numpy_call(func.name[len("numpy."):], args, kwargs, node)
    if getattr(func, "name", None) == "len" and len(args) == 1 and isinstance(args[0], ArrayValue):
        return args[0].shape[0] if args[0].shape else Unknown(node=node)
    return NOT_MINE


def binary(left, right, node):
    if isinstance(left, ArrayValue) or isinstance(right, ArrayValue):
        return _elementwise(left, right, node)
    return NOT_MINE


def _dims(value):
    """A shape argument (int or tuple of ints) -> tuple, or None when it is not certain."""
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,)
    if isinstance(value, (tuple, list)) and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return tuple(value)
    return None


def _literal_shape(value):
    if isinstance(value, (list, tuple)):
        inner = {_literal_shape(v) for v in value} if value else {()}
        if len(inner) != 1 or None in inner:
            return None
        return (len(value),) + inner.pop()
    return () if isinstance(value, (int, float, bool)) else None


def _numpy_call(name, args, kwargs, node):
    """The NumPy constructors whose result shape is written in the call."""
    shape = None
    if name in ("zeros", "ones", "empty", "full") and args:
        shape = _dims(args[0])
    elif name in ("random.rand", "random.randn") and args and not kwargs:
        shape = _dims(tuple(args))
    elif name in ("random.random", "random.random_sample", "random.sample"):
        shape = _dims(args[0] if args else kwargs.get("size"))
    elif name in ("random.uniform", "random.normal", "random.randint") and "size" in kwargs:
        shape = _dims(kwargs["size"])
    elif name in ("array", "asarray") and args:
        shape = _literal_shape(args[0])
    return ArrayValue(shape) if shape is not None else Unknown(node=node)


def _array_method(array: ArrayValue, name, args, node):
    if name in ("astype", "copy"):
        return array
    if name == "flatten":
        total = 1
        for d in array.shape:
            if not isinstance(d, int):
                return Unknown(node=node)
            total *= d
        return ArrayValue((total,))
    if name == "reshape":
        target = _dims(args[0] if len(args) == 1 else tuple(args))
        if target is None or target.count(-1) > 1:
            return Unknown(node=node)
        if -1 in target:
            known_total = all(isinstance(d, int) for d in array.shape)
            rest = 1
            for d in target:
                rest *= d if d != -1 else 1
            if known_total and rest:
                total = 1
                for d in array.shape:
                    total *= d
                fill = total // rest if total % rest == 0 else None
            else:
                fill = None
            target = tuple((fill if fill is not None else Unknown("-1 in reshape")) if d == -1 else d
                           for d in target)
        return ArrayValue(target)
    return Unknown(node=node)


def _elementwise(left, right, node):
    """Arithmetic keeps an array's shape when the other side is a number or an array of the same shape."""
    arrays = [v for v in (left, right) if isinstance(v, ArrayValue)]
    others = [v for v in (left, right) if not isinstance(v, ArrayValue)]
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in others) and \
            len({a.shape for a in arrays}) == 1:
        return arrays[0]
    return Unknown(node=node)
