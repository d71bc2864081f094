"""How shapes and numbers print: as Keras 3 prints them."""
from kerascount_lint.output.escape import terminal
from kerascount_lint.types import UNKNOWN_DIM


def shape_text(shape) -> str:
    """`(None, 28, 28, 10)`; several tensors print as Keras prints them: `[(None, 2), (None, 3)]`."""
    if shape is None:
        return "?"
    if isinstance(shape, dict):
        shape = list(shape.values())
    if isinstance(shape, list):
        return "[" + ", ".join(shape_text(s) for s in shape) + "]"
    parts = ["None" if d is None else "?" if d is UNKNOWN_DIM else str(d) for d in shape]
    return f"({parts[0]},)" if len(parts) == 1 else "(" + ", ".join(parts) + ")"


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
