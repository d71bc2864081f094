"""What the editor shows, computed from a FileResult: hover text, inlay hints, code actions.
Plain data in code-point columns (1-based lines, like Span); server.py converts to LSP types."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from kerascount_lint.datatypes import Span, shape_text
from kerascount_lint.output.tables import keras3_table
from kerascount_lint.reading.suppression import NOQA


@dataclass(frozen=True)
class Hint:
    cell: Optional[int]
    line: int  # 1-based
    label: str


@dataclass(frozen=True)
class Edit:
    span: Span  # end exclusive; an empty span inserts
    text: str


@dataclass(frozen=True)
class Action:
    title: str
    code: str
    edits: tuple  # (Edit, ...)
    preferred: bool = False


def _contains(span: Optional[Span], cell, line: int, column: int) -> bool:
    if span is None or span.cell != cell:
        return False
    after_start = (line, column) >= (span.line, span.column)
    before_end = (line, column) < (span.end_line, span.end_column)
    return after_start and before_end


def _all_layers(model):
    for layer in model.layers:
        yield layer
        if layer.nested is not None:
            yield from _all_layers(layer.nested)


def _params(n: Optional[int]) -> str:
    return "?" if n is None else f"{n:,}"


def layer_markdown(layer, built: bool) -> str:
    spec = layer.spec
    lines = [f"**{spec.name}** ({spec.class_name})", ""]
    if built:
        lines.append(f"input `{shape_text(layer.input_shape)}` → output `{shape_text(layer.output_shape)}`")
    else:
        lines.append("the model has no input shape, so Keras does not build it (params show as 0)")
    lines.append("")
    lines.append(f"params: **{_params(layer.params)}** (trainable {_params(layer.trainable_params)}, "
                 f"non-trainable {_params(layer.non_trainable_params)})")
    if layer.formula:
        lines += ["", f"`{layer.formula}`"]
    if built and layer.macs is not None:
        lines += ["", f"compute per example: **{_params(layer.macs)} MACs**, {_params(layer.flops)} FLOPs"]
        if layer.compute:
            lines.append(f"`{layer.compute}`")
    return "\n".join(lines)


def hover(result, cell, line: int, column: int) -> Optional[str]:
    """Markdown for the layer call under the cursor (the innermost), or the model table when the
    cursor is on its `Sequential(` or `keras.Model(` call; None elsewhere."""
    best = None
    for model in result.models:
        for layer in _all_layers(model):
            span = layer.spec.span
            if _contains(span, cell, line, column) and (best is None or _smaller(span, best[0].spec.span)):
                best = (layer, model)
    if best is not None:
        return layer_markdown(best[0], best[1].built)
    for model in result.models:
        if _contains(model.spec.span, cell, line, column):
            return "```text\n" + keras3_table(result.path, model) + "\n```"
    return None


def _smaller(a: Span, b: Span) -> bool:
    return (a.end_line - a.line, a.end_column - a.column) < (b.end_line - b.line, b.end_column - b.column)


def inlay_hints(result, compute: bool = False) -> list:
    """One hint at the end of each layer call's last line (a call run in a loop sums its layers),
    and the model's total at the end of its `Sequential(` or `keras.Model(` line."""
    hints = []
    for model in result.models:
        by_span: dict = {}
        for layer in model.layers:
            if layer.spec.span is not None:
                by_span.setdefault(layer.spec.span, []).append(layer)
        for span, layers in by_span.items():
            last = layers[-1]
            shape = shape_text(last.output_shape) if model.built else "unbuilt"
            total = None if any(x.params is None for x in layers) else sum(x.params for x in layers)
            label = f"{shape} · {_params(total)} params"
            if compute and model.built:
                macs = None if any(x.macs is None for x in layers) else sum(x.macs for x in layers)
                label += f" · {_params(macs)} MACs"
            if len(layers) > 1:
                label += f" ({len(layers)} layers)"
            hints.append(Hint(span.cell, span.end_line, label))
        span = model.spec.span
        if span is not None:
            total = model.total_params
            label = (f"{model.spec.variable or model.spec.name}: {_params(total)} params"
                     + (f" ({_params(model.trainable_params)} trainable)" if total and model.non_trainable_params
                        else ""))
            if model.spec.unread is not None:
                label = f"not rebuilt: {model.spec.class_name}.call() depends on `{model.spec.unread.origin}`"
            elif not model.built:
                label = "model not built: 0 params"
            hints.append(Hint(span.cell, span.line, label))
    return hints


def code_actions(result, diagnostics, line_text) -> list:
    """The safe fix (if any) and "add # noqa: CODE" for each diagnostic. `line_text(cell, line)`
    gives a source line, for placing the noqa comment."""
    actions = []
    for d in diagnostics:
        if d.fix is not None:
            edits = tuple(Edit(span, text) for span, text in d.fix.edits)
            actions.append(Action(f"{d.fix.title} ({d.code})", d.code, edits, preferred=True))
        if d.span is None:
            continue
        text = line_text(d.span.cell, d.span.line)
        if text is None:
            continue
        found = NOQA.search(text)
        end = len(text)
        if found is None:
            insert = "  # noqa: " + d.code
        elif found.group("codes"):
            insert, end = ", " + d.code, found.end()
        else:
            continue  # a bare `# noqa` already silences everything on the line
        at = Span(d.span.line, end + 1, d.span.line, end + 1, d.span.cell)
        actions.append(Action(f"Silence {d.code} on this line (# noqa)", d.code, (Edit(at, insert),)))
    return actions
