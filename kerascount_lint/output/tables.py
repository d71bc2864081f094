"""model.summary()-style tables: Keras 3's box layout, and the classic Keras 2 layout of the slides."""
from __future__ import annotations

import textwrap

from kerascount_lint.datatypes import shape_text
from kerascount_lint.output.escape import terminal
from kerascount_lint.output.shapes import memory, memory_bytes, model_title

WIDTHS = (31, 22, 13)  # Keras 3's column widths for a Sequential summary
GRAPH_WIDTHS = (19, 17, 10, 17)  # ... and for a functional model's, with "Connected to"


def _cells(layer) -> tuple:
    name = terminal(f"{layer.spec.name} ({layer.spec.class_name})")
    if layer.params is None:
        params = "?"
    else:
        params = f"{layer.params:,}"
    return name, shape_text(layer.output_shape), params


def connected_text(layer) -> str:
    """Keras's "Connected to" cell: `dense[0][0], input_layer[0][0]`, or `-` for an input."""
    return terminal(", ".join(f"{name}[{node}][{tensor}]" for name, node, tensor in layer.connected_to) or "-")


def sequential_like(model) -> bool:
    """Keras prints a functional model without "Connected to" when its graph is a plain chain."""
    if model.kind != "functional":
        return True
    starts = [layer for layer in model.layers if not layer.connected_to]
    return len(starts) == 1 and all(len(layer.connected_to) <= 1 and len(layer.children) <= 1
                                    for layer in model.layers)


def _row(cells, left="│", mid="│", right="│", widths=WIDTHS, numbers=(2,)) -> list:
    wrapped = []
    for text, width in zip(cells, widths):
        wrapped.append(textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""])
    height = max(len(w) for w in wrapped)
    lines = []
    for i in range(height):
        out = []
        for j, (parts, width) in enumerate(zip(wrapped, widths)):
            text = parts[i] if i < len(parts) else ""
            out.append(" " + (text.rjust(width) if j in numbers else text.ljust(width)) + " ")
        lines.append(left + mid.join(out) + right)
    return lines


def _rule(left, mid, right, fill, widths=WIDTHS) -> str:
    return left + mid.join(fill * (w + 2) for w in widths) + right


def _rows(layers, expand: bool, depth: int = 0):
    """(layer, depth) in table order; with `expand`, a nested model's layers follow its row."""
    for layer in layers:
        yield layer, depth
        if expand and layer.nested is not None:
            yield from _rows(layer.nested.layers, expand, depth + 1)


def not_rebuilt_text(path: str, model) -> str:
    """A model found but not rebuilt (a subclassed keras.Model): said, never left out silently."""
    return (f"{model_title(path, model)}\nModel: \"{model.spec.name}\" is not rebuilt: class "
            f"{model.spec.class_name}'s call() depends on `{model.spec.unread.origin}`, which the tool does not "
            "follow statically, so its shapes and params are unknown")


COMPUTE_WIDTHS = (12, 12)  # the MACs and FLOPs columns of `summary --flops`


def keras3_table(path: str, model, explain: bool = False, expand_nested: bool = False, flops: bool = False,
                 batch_size: int = 1) -> str:
    if model.spec.unread is not None:
        return not_rebuilt_text(path, model)
    graph = not sequential_like(model)
    widths = (GRAPH_WIDTHS if graph else WIDTHS) + (COMPUTE_WIDTHS if flops else ())
    lines = [model_title(path, model), f'Model: "{model.spec.name}"']
    lines.append(_rule("┏", "┳", "┓", "━", widths))
    header = ("Layer (type)", "Output Shape", "Param #") + (("Connected to",) if graph else ()) + (
        ("MACs", "FLOPs") if flops else ())
    numbers = (2, len(widths) - 2, len(widths) - 1) if flops else (2,)
    lines += _row(header, "┃", "┃", "┃", widths, numbers)
    lines.append(_rule("┡", "╇", "┩", "━", widths))
    rows = list(_rows(model.layers, expand_nested))
    for i, (layer, depth) in enumerate(rows):
        cells = list(_cells(layer))
        cells[0] = "└ " * min(depth, 1) + "  " * max(depth - 1, 0) + cells[0]
        if not model.built or layer.unbuilt:
            cells[1], cells[2] = "?", "0 (unbuilt)" if layer.unbuilt else "0"
        if graph:
            cells.append(connected_text(layer) if depth == 0 else "")
        if flops:
            cells += [_count(layer.macs) if model.built else "0", _count(layer.flops) if model.built else "0"]
        lines += _row(cells, widths=widths, numbers=numbers)
        if explain:
            lines += _explain_lines(layer, "│ ", " │", sum(widths) + 3 * len(widths) + 1, flops)
        if i < len(rows) - 1:
            lines.append(_rule("├", "┼", "┤", "─", widths))
    lines.append(_rule("└", "┴", "┘", "─", widths))
    lines += _totals(model, keras3=True)
    if flops:
        lines += compute_totals(model, batch_size)
    if explain:
        lines += _sum_line(model)
    return "\n".join(lines)


def _count(n) -> str:
    return "?" if n is None else f"{n:,}"


def readable(n: int) -> str:
    """1,570,000 -> `1.57 M`, as the issue asks totals to read."""
    for size, unit in ((10 ** 12, "T"), (10 ** 9, "G"), (10 ** 6, "M"), (10 ** 3, "K")):
        if n >= size:
            return f"{n / size:.2f} {unit}"
    return str(n)


def compute_totals(model, batch_size: int = 1) -> list:
    """Total MACs and FLOPs for one example, and the activation memory for a batch ("at least" where a
    layer's share is not known)."""
    out = []
    for label, total, attr in (("MACs", model.total_macs, "macs"), ("FLOPs", model.total_flops, "flops")):
        if total is None:
            out.append(f" Total {label}: at least {model.at_least(attr):,} (some layers could not be counted)")
        else:
            out.append(f" Total {label}: {total:,} ({readable(total)}) per example")
    activations = model.activation_bytes
    if activations is None:
        out.append(f" Activation memory: at least {memory_bytes(model.at_least('activation_bytes') * batch_size)}"
                   f" for a batch of {batch_size} (float32)")
    else:
        out.append(f" Activation memory: {memory_bytes(activations * batch_size)} for a batch of {batch_size} "
                   "(float32, every layer's output)")
    return out


def keras2_table(path: str, model, explain: bool = False, expand_nested: bool = False) -> str:
    if model.spec.unread is not None:
        return not_rebuilt_text(path, model)
    positions = (29, 55, 65)

    def row(fields):
        line = ""
        for i, field in enumerate(fields):
            if i > 0:
                line = line[:-1] + " "
            line += str(field)
            line = line[: positions[i]]
            line += " " * (positions[i] - len(line))
        return line

    lines = [model_title(path, model), "_" * 65, row(("Layer (type)", "Output Shape", "Param #")), "=" * 65]
    rows = list(_rows(model.layers, expand_nested))
    for i, (layer, depth) in enumerate(rows):
        name, shape, _ = _cells(layer)
        name = "  " * depth + name
        params = "?" if layer.params is None else str(layer.params)
        if not model.built or layer.unbuilt:
            shape, params = "?", "0 (unbuilt)" if layer.unbuilt else "0"
        lines.append(row((name, shape, params)))
        if explain:
            lines += [line.rstrip() for line in _explain_lines(layer, "    ", "", 65)]
        lines.append("=" * 65 if i == len(rows) - 1 else "_" * 65)
    if not model.layers:
        lines.append("=" * 65)
    lines += [line.strip() for line in _totals(model, keras3=False)]
    lines.append("_" * 65)
    if explain:
        lines += _sum_line(model)
    return "\n".join(lines)


def _totals(model, keras3: bool) -> list:
    values = (("Total params", model.total_params), ("Trainable params", model.trainable_params),
              ("Non-trainable params", model.non_trainable_params))
    out = []
    for label, n in values:
        if n is None:
            out.append(f" {label}: ? (some layers could not be counted)")
        elif keras3:
            out.append(f" {label}: {n:,} ({memory(n)})")
        else:
            out.append(f" {label}: {n:,}")
    return out


def _explain_lines(layer, prefix, suffix, width, flops: bool = False) -> list:
    """Two lines under a layer: its shapes, then its arithmetic, as the slides write it (and, with
    --flops, its MACs arithmetic)."""
    formula = layer.formula or "params unknown"
    texts = [f"  {shape_text(layer.input_shape)} -> {shape_text(layer.output_shape)}", f"  {formula}"]
    if flops and layer.compute:
        texts.append(f"  {layer.compute}")
    inner = width - len(prefix) - len(suffix)
    return [prefix + text.ljust(inner) + (suffix if len(text) <= inner else "") for text in texts]


def _sum_line(model) -> list:
    counted = [layer.params for layer in model.layers]
    if not model.layers or any(p is None for p in counted):
        return []
    return [" " + " + ".join(str(p) for p in counted) + f" = {sum(counted)}"]

