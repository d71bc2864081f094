"""Python operators on symbolic tensors (`x + shortcut`, `2 * x`).

Keras 3 turns each into a keras.ops Operation: a row in a functional model's summary(), named
and numbered like a layer (`add`, `true_divide_1`), with no weights, and not one of `model.layers`.
"""
from kerascount_lint.catalogue.base import (
    UNKNOWN_DIM,
    LayerError,
    NeedShape,
    Out,
    element_ops,
)
from kerascount_lint.datatypes import Problem

# The Operation class Keras makes for each operator (a reflected `1 - x` is a Subtract too).
OPERATOR_CLASSES = {"+": "Add", "-": "Subtract", "*": "Multiply", "/": "TrueDivide", "//": "FloorDivide",
                    "**": "Power"}


def broadcast(label: str, s1: tuple, s2: tuple) -> tuple:
    """keras.src.ops.operation_utils.broadcast_shapes, batch axis included."""
    s1, s2 = list(s1), list(s2)
    width = max(len(s1), len(s2))
    a, b = [1] * (width - len(s1)) + s1, [1] * (width - len(s2)) + s2
    out = []
    for i, j in zip(a, b):
        if i is UNKNOWN_DIM or j is UNKNOWN_DIM:
            other = j if i is UNKNOWN_DIM else i
            out.append(other if type(other) is int and other > 1 else UNKNOWN_DIM)
        elif i == 1:
            out.append(j)
        elif i is None:
            out.append(None if j == 1 else j)
        elif j == 1 or j is None or j == i:
            out.append(i)
        else:
            raise LayerError(Problem.INCOMPATIBLE_INPUTS, f"{label}: cannot broadcast {_text(s1)} with {_text(s2)}: the failure "
                             f"dim has value {i}, which cannot be broadcast to {j}")
    return tuple(out)


def operator_output(label: str, shapes: list) -> Out:
    """`shapes`: the tensors' shapes; a Python number operand is the empty shape ()."""
    if any(s is None for s in shapes):
        raise NeedShape()
    out = shapes[0]
    for s in shapes[1:]:
        out = broadcast(label, out, s)
    return Out(out, formula="an operation on tensors: no weights", **element_ops(out, 1, "elementwise"))


def _text(shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"
