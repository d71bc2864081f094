"""Extraction: libcst tree -> plain ModelSpec descriptions (no Keras, no execution)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from kerascount_lint.catalogue.signatures import load_signatures
from kerascount_lint.datatypes import Fix, Problem
from kerascount_lint.extract.interpreter import KERAS_WORDS, Interpreter
from kerascount_lint.extract.positions import spans_for
from kerascount_lint.extract.regions import Reading, reachable_text

# What Keras refuses while reading the file: wiring a functional graph, and Keras 1/2 API it removed.
PROBLEM_KINDS = {"graph": Problem.INVALID_GRAPH, "removed": Problem.REMOVED_API}


@dataclass
class Extraction:
    models: list  # [ModelSpec], in the order of their Sequential( / Model( calls
    notes: list  # [(code, message, Span | None, Fix | None)]
    loose_layers: list = field(default_factory=list)  # [LayerSpec] constructed but in no model
    loose_calls: list = field(default_factory=list)  # [Node] calls on tensors that no model holds


def extract(module: cst.Module, spans_of=None, text: Optional[str] = None, shape_of=None,
            reading: Optional[Reading] = None) -> Extraction:
    """`spans_of(nodes)` gives the spans (default: one position pass over `module`, parsed from
    `text`; an editor's incremental parse passes the positions it kept). `shape_of(tensor)` gives
    a symbolic tensor's shape where the code reads it (`x.shape[-1]`), or None."""
    interp = Interpreter(module, load_signatures(), shape_of, text,
                         reading.tree if reading else None, reading.blanked if reading else frozenset())
    models = interp.run()
    fixes = {}  # id(note node) -> (title, ((node, replacement), ...))
    for kind, message, node, fix in interp.keras.problems:
        interp.notes.append((PROBLEM_KINDS[kind], message, node))
        if fix is not None:
            fixes[id(node)] = fix
    wanted = [node for _, _, node in interp.span_requests if node is not None]
    note_nodes = [node for _, _, node in interp.notes if node is not None]
    fix_nodes = [edited for _, edits in fixes.values() for edited, _ in edits]
    ran = interp.ran
    spans = (spans_of or (lambda nodes: spans_for(module, nodes, text, lambda stmt: id(stmt) in ran, interp.tree)))(
        wanted + note_nodes + fix_nodes)
    for obj, attr, node in interp.span_requests:
        setattr(obj, attr, spans.get(id(node)))
    models.sort(key=lambda m: (m.span.line, m.span.column) if m.span else (0, 0))
    notes = [(code, message, spans.get(id(node)) if node is not None else None,
              _fix(fixes.get(id(node)), spans) if node is not None else None) for code, message, node in interp.notes]
    in_models, model_calls = set(), set()
    for model in models:
        in_models.update(model.layers)
    for model in models + interp.keras.subclassed:  # a layer made of layers: its calls are its own
        model_calls.update(id(node) for node in model.nodes)
    loose = [layer for layer in interp.keras.layers if layer not in in_models]
    return Extraction(models, notes, loose, [node for node in interp.keras.calls if id(node) not in model_calls])


def reachable(text: str) -> Reading:
    """What libcst needs to parse: `text` with the function bodies that cannot reach a model blanked
    line for line (regions.py), and the `ast` tree that found them."""
    return reachable_text(text, KERAS_WORDS, load_signatures().canonical)


def _fix(fix, spans) -> Optional[Fix]:
    """A fix whose every edit has a place in the source, or None."""
    if fix is None:
        return None
    title, edits = fix
    placed = tuple((spans.get(id(node)), new) for node, new in edits)
    return Fix(title, placed) if all(span is not None for span, _ in placed) else None
