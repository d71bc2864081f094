"""How shapes and numbers print: as Keras 3 prints them."""
from kerascount_lint.datatypes import UNKNOWN_DIM
from kerascount_lint.output.escape import terminal


def shape_json(shape):
    if shape is None:
        return None
    if isinstance(shape, dict):
        shape = list(shape.values())
    if isinstance(shape, list):
        return [shape_json(s) for s in shape]
    return [None if d is None or d is UNKNOWN_DIM else d for d in shape]


def memory(n_params) -> str:
    """keras.src.utils.summary_utils.readable_memory_size for float32 weights."""
    return memory_bytes(n_params * 4)


def memory_bytes(size) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def where(path: str, span) -> str:
    """`path:line:col`, or `nb.ipynb:cell 3:2:5` in a notebook."""
    if span is None:
        return terminal(path)
    cell = f"cell {span.cell}:" if span.cell is not None else ""
    return f"{terminal(path)}:{cell}{span.line}:{span.column}"


def model_title(path: str, model) -> str:
    return f"{where(path, model.spec.span)}: {terminal(model.spec.variable or '(unnamed)')}"
