"""NumPy arrays whose shape the file states: `np.zeros((100, 28, 28, 1))`, `.reshape(-1, 784)`,
`X / 255.0`. The evaluator hands arrays and `numpy.*` calls to this module; nothing else in it
knows NumPy."""
from __future__ import annotations

from kerascount_lint.datatypes import Unknown
from kerascount_lint.extract.values import ArrayValue, BoundMethod, Foreign

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


def call(func, node, args, kwargs, specs=()):  # the evaluator's hook; `specs` is Keras's business
    if isinstance(func, BoundMethod) and isinstance(func.target, ArrayValue):
        return _array_method(func.target, func.name, args, node)
    if isinstance(func, Foreign) and func.name.endswith("train_test_split"):
        return _train_test_split(args, kwargs, node)
    if isinstance(func, Foreign) and func.name.startswith("numpy."):
        return _numpy_call(func.name[len("numpy."):], args, kwargs, node)
    if getattr(func, "name", None) == "len" and len(args) == 1 and isinstance(args[0], ArrayValue):
        return args[0].shape[0] if args[0].shape else Unknown(node=node)
    return NOT_MINE


def arrays(shapes, origin: str):
    """Nested tuples of shapes (None: a size not known) -> the same nesting of ArrayValues."""
    if isinstance(shapes, tuple) and shapes and isinstance(shapes[0], tuple):
        return tuple(arrays(s, origin) for s in shapes)
    return ArrayValue(tuple(Unknown(f"the number of samples from {origin}") if d is None else d for d in shapes))


def to_categorical(labels, classes, node):
    """keras.utils.to_categorical: one-hot over `classes`, squeezing a last axis of 1 (as Keras does)."""
    if not isinstance(labels, ArrayValue) or type(classes) is not int:
        return Unknown(node=node)
    shape = labels.shape[:-1] if len(labels.shape) > 1 and labels.shape[-1] == 1 else labels.shape
    return ArrayValue(tuple(shape) + (classes,))


def pad_sequences(sequences, maxlen, node):
    if isinstance(sequences, ArrayValue) and sequences.shape and type(maxlen) is int:
        return ArrayValue((sequences.shape[0], maxlen))
    return Unknown(node=node)


def subscript(owner, key, node):
    """`x[:1000]`, `x[0]`, `x[..., None]`, `x[:, :, np.newaxis]`: the shape that indexing leaves."""
    if not isinstance(owner, ArrayValue):
        return NOT_MINE
    keys = list(key) if isinstance(key, tuple) else [key]
    keys = [None if isinstance(k, Foreign) and k.name == "numpy.newaxis" else k for k in keys]
    if any(isinstance(k, Unknown) for k in keys) or keys.count(Ellipsis) > 1:
        return Unknown(node=node)
    consumed = sum(1 for k in keys if k is not None and k is not Ellipsis)
    if consumed > len(owner.shape):
        return Unknown(node=node)
    if Ellipsis in keys:
        at = keys.index(Ellipsis)
        keys = keys[:at] + [slice(None)] * (len(owner.shape) - consumed) + keys[at + 1:]
    out, dims = [], list(owner.shape)
    for k in keys:
        if k is None:
            out.append(1)
        elif type(k) is int:
            dims.pop(0)
        elif isinstance(k, slice) and all(p is None or type(p) is int for p in (k.start, k.stop, k.step)) \
                and k.step != 0:
            d = dims.pop(0)
            out.append(len(range(d)[k]) if type(d) is int else (d if k == slice(None) else Unknown(node=node)))
        else:
            return Unknown(node=node)
    return ArrayValue(tuple(out + dims))


def binary(left, right, node):
    if isinstance(left, ArrayValue) or isinstance(right, ArrayValue):
        return _elementwise(left, right, node)
    return NOT_MINE


def _dims(value):
    """A shape argument (int or tuple of ints; a dimension may be Unknown) -> tuple, or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,)
    if isinstance(value, (tuple, list)) and all(type(v) is int or isinstance(v, Unknown) for v in value):
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
        if isinstance(args[0], ArrayValue):
            return args[0]
        shape = _literal_shape(args[0])
    elif name == "expand_dims" and len(args) >= 1 and isinstance(args[0], ArrayValue):
        axis = args[1] if len(args) > 1 else kwargs.get("axis")
        dims = list(args[0].shape)
        if type(axis) is int and -len(dims) - 1 <= axis <= len(dims):
            dims.insert(axis if axis >= 0 else len(dims) + 1 + axis, 1)
            return ArrayValue(tuple(dims))
    elif name == "concatenate" and args and isinstance(args[0], (list, tuple)) and args[0] and all(
            isinstance(a, ArrayValue) for a in args[0]):
        axis = args[1] if len(args) > 1 else kwargs.get("axis", 0)
        parts = [a.shape for a in args[0]]
        if type(axis) is int and len({len(p) for p in parts}) == 1 and -len(parts[0]) <= axis < len(parts[0]):
            dims = list(parts[0])
            along = [p[axis] for p in parts]
            dims[axis] = sum(along) if all(type(d) is int for d in along) else Unknown(node=node)
            return ArrayValue(tuple(dims))
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
        if target is None or sum(1 for d in target if d == -1 and type(d) is int) > 1:
            return Unknown(node=node)
        if any(type(d) is int and d == -1 for d in target):
            known_total = all(type(d) is int for d in array.shape) and all(type(d) is int for d in target)
            rest = 1
            for d in target:
                rest *= d if type(d) is int and d != -1 else 1
            if known_total and rest:
                total = 1
                for d in array.shape:
                    total *= d
                fill = total // rest if total % rest == 0 else None
            else:
                fill = None
            target = tuple((fill if fill is not None else Unknown("-1 in reshape"))
                           if type(d) is int and d == -1 else d for d in target)
        return ArrayValue(target)
    return Unknown(node=node)


def _elementwise(left, right, node):
    """Arithmetic keeps an array's shape when the other side is a number or an array of the same shape."""
    arrays = [v for v in (left, right) if isinstance(v, ArrayValue)]
    others = [v for v in (left, right) if not isinstance(v, ArrayValue)]
    # Compared, not hashed: a dimension may be Unknown, which is not hashable.
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in others) and \
            all(a.shape == arrays[0].shape for a in arrays):
        return arrays[0]
    return Unknown(node=node)


def _train_test_split(args, kwargs, node):
    """sklearn's train_test_split: n_test = ceil(test_size * n) (0.25 by default), n_train the rest."""
    if not args or not all(isinstance(a, ArrayValue) and a.shape for a in args):
        return Unknown(node=node)
    n = args[0].shape[0]
    size = kwargs.get("test_size", 0.25 if kwargs.get("train_size") is None else None)
    if type(n) is not int or not (type(size) is int or (type(size) is float and 0 < size < 1)):
        return Unknown(node=node)
    test = size if type(size) is int else -(-n * size // 1)
    test = int(test)
    if not 0 < test < n:
        return Unknown(node=node)
    out = []
    for a in args:
        out += [ArrayValue((n - test,) + a.shape[1:]), ArrayValue((test,) + a.shape[1:])]
    return out
