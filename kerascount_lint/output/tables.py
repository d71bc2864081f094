"""model.summary()-style tables: Keras 3's box layout, and the classic Keras 2 layout of the slides."""
from __future__ import annotations

import textwrap

from kerascount_lint.output.escape import terminal
from kerascount_lint.output.shapes import memory, model_title, shape_text

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


def _row(cells, left="│", mid="│", right="│", widths=WIDTHS) -> list:
    wrapped = []
    for text, width in zip(cells, widths):
        wrapped.append(textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""])
    height = max(len(w) for w in wrapped)
    lines = []
    for i in range(height):
        out = []
        for j, (parts, width) in enumerate(zip(wrapped, widths)):
            text = parts[i] if i < len(parts) else ""
            out.append(" " + (text.rjust(width) if j == 2 else text.ljust(width)) + " ")
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
    return (f"{model_title(path, model)}\nModel: \"{model.spec.name}\" is not rebuilt: "
            f"{model.spec.uncertain[0].origin if model.spec.uncertain else 'its structure'} has a call() the tool "
            "does not follow statically, so its shapes and params are unknown")


def keras3_table(path: str, model, explain: bool = False, expand_nested: bool = False) -> str:
    if model.kind == "subclassed":
        return not_rebuilt_text(path, model)
    graph = not sequential_like(model)
    widths = GRAPH_WIDTHS if graph else WIDTHS
    lines = [model_title(path, model), f'Model: "{model.spec.name}"']
    lines.append(_rule("┏", "┳", "┓", "━", widths))
    header = ("Layer (type)", "Output Shape", "Param #") + (("Connected to",) if graph else ())
    lines += _row(header, "┃", "┃", "┃", widths)
    lines.append(_rule("┡", "╇", "┩", "━", widths))
    rows = list(_rows(model.layers, expand_nested))
    for i, (layer, depth) in enumerate(rows):
        cells = list(_cells(layer))
        cells[0] = "└ " * min(depth, 1) + "  " * max(depth - 1, 0) + cells[0]
        if not model.built:
            cells[1], cells[2] = "?", "0 (unbuilt)"
        if graph:
            cells.append(connected_text(layer) if depth == 0 else "")
        lines += _row(cells, widths=widths)
        if explain:
            lines += _explain_lines(layer, "│ ", " │", sum(widths) + 3 * len(widths) + 1)
        if i < len(rows) - 1:
            lines.append(_rule("├", "┼", "┤", "─", widths))
    lines.append(_rule("└", "┴", "┘", "─", widths))
    lines += _totals(model, keras3=True)
    if explain:
        lines += _sum_line(model)
    return "\n".join(lines)


def keras2_table(path: str, model, explain: bool = False, expand_nested: bool = False) -> str:
    if model.kind == "subclassed":
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
        if not model.built:
            shape, params = "?", "0 (unbuilt)"
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


def _explain_lines(layer, prefix, suffix, width) -> list:
    """Two lines under a layer: its shapes, then its arithmetic, as the slides write it."""
    formula = layer.formula or "params unknown"
    texts = [f"  {shape_text(layer.input_shape)} -> {shape_text(layer.output_shape)}", f"  {formula}"]
    inner = width - len(prefix) - len(suffix)
    return [prefix + text.ljust(inner) + (suffix if len(text) <= inner else "") for text in texts]


def _sum_line(model) -> list:
    counted = [layer.params for layer in model.layers]
    if not model.layers or any(p is None for p in counted):
        return []
    return [" " + " + ".join(str(p) for p in counted) + f" = {sum(counted)}"]

