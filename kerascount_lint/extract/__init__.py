"""Extraction: libcst tree -> plain ModelSpec descriptions (no Keras, no execution)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from kerascount_lint.catalogue.signatures import load_signatures
from kerascount_lint.extract.interpreter import Interpreter
from kerascount_lint.extract.positions import spans_for


GRAPH_CODES = {"graph": "KC208"}  # what Keras refuses while wiring a functional graph


@dataclass
class Extraction:
    models: list  # [ModelSpec], in the order of their Sequential( / Model( calls
    notes: list  # [(code, message, Span | None)]
    loose_layers: list = field(default_factory=list)  # [LayerSpec] constructed but in no model
    loose_calls: list = field(default_factory=list)  # [Node] calls on tensors that no model holds


def extract(module: cst.Module, spans_of=None, text: Optional[str] = None, shape_of=None) -> Extraction:
    """`spans_of(nodes)` gives the spans (default: one position pass over `module`, parsed from
    `text`; an editor's incremental parse passes the positions it kept). `shape_of(tensor)` gives
    a symbolic tensor's shape where the code reads it (`x.shape[-1]`), or None."""
    interp = Interpreter(module, load_signatures(), shape_of)
    models = interp.run()
    for kind, message, node in interp.keras.problems:
        interp.notes.append((GRAPH_CODES[kind], message, node))
    wanted = [node for _, _, node in interp.span_requests if node is not None]
    note_nodes = [node for _, _, node in interp.notes if node is not None]
    spans = (spans_of or (lambda nodes: spans_for(module, nodes, text)))(wanted + note_nodes)
    for obj, attr, node in interp.span_requests:
        setattr(obj, attr, spans.get(id(node)))
    models.sort(key=lambda m: (m.span.line, m.span.column) if m.span else (0, 0))
    notes = [(code, message, spans.get(id(node)) if node is not None else None) for code, message, node in interp.notes]
    in_models, model_calls = set(), set()
    for model in models:
        in_models.update(model.layers)
    for model in models + interp.keras.subclassed:  # a layer made of layers: its calls are its own
        model_calls.update(id(node) for node in model.nodes)
    loose = [layer for layer in interp.keras.layers if layer not in in_models]
    return Extraction(models, notes, loose, [node for node in interp.keras.calls if id(node) not in model_calls])
