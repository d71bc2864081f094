"""The `--format json` document for `summary` (schema version 1, documented in the README)."""
from __future__ import annotations

import json

from kerascount_lint.output.shapes import shape_json

SCHEMA_VERSION = 1


def span_fields(span) -> dict:
    if span is None:
        return {"cell": None, "line": None, "column": None}
    return {"cell": span.cell, "line": span.line, "column": span.column}


def layer_json(layer, built: bool) -> dict:
    out = {"name": layer.spec.name, "class": layer.spec.class_name, **span_fields(layer.spec.span),
           "input_shape": shape_json(layer.input_shape) if built else None,
           "output_shape": shape_json(layer.output_shape) if built else None,
           "built": not layer.unbuilt, "params": layer.params, "trainable_params": layer.trainable_params,
           "non_trainable_params": layer.non_trainable_params,
           "macs": layer.macs if built else 0, "flops": layer.flops if built else 0,
           "activation_bytes": layer.activation_bytes if built else 0}
    if layer.formula:
        out["formula"] = layer.formula
    if layer.connected_to or layer.spec.class_name == "InputLayer":
        out["connected_to"] = [{"layer": name, "node": node, "tensor": tensor}
                               for name, node, tensor in layer.connected_to]
    if layer.nested is not None:
        out["layers"] = [layer_json(inner, built) for inner in layer.nested.layers]
    return out


def model_json(model) -> dict:
    return {"name": model.spec.variable, "keras_name": model.spec.name, **span_fields(model.spec.span),
            "kind": model.kind, "class": model.spec.class_name,
            "not_rebuilt": model.spec.unread.origin if model.spec.unread is not None else None,
            "built": model.built, "complete": model.complete,
            "inputs": [shape_json(s) for s in model.input_shapes] if model.built else [],
            "outputs": [shape_json(s) for s in model.output_shapes] if model.built else [],
            "layers": [layer_json(layer, model.built) for layer in model.layers],
            "total_params": model.total_params, "trainable_params": model.trainable_params,
            "non_trainable_params": model.non_trainable_params,
            "macs": model.total_macs, "flops": model.total_flops, "activation_bytes": model.activation_bytes,
            "macs_at_least": model.at_least("macs"), "flops_at_least": model.at_least("flops")}


def diagnostic_json(d) -> dict:
    s = d.span
    return {"code": d.code, "severity": d.severity, "message": d.message, "cell": s.cell if s else None,
            "line": s.line if s else None, "column": s.column if s else None,
            "end_line": s.end_line if s else None, "end_column": s.end_column if s else None}


def file_json(result) -> dict:
    return {"path": result.path, "models": [model_json(m) for m in result.models],
            "diagnostics": [diagnostic_json(d) for d in result.diagnostics]}


def summary_document(results) -> dict:
    return {"version": SCHEMA_VERSION, "files": [file_json(r) for r in results]}


# The same document, written a file at a time with the C encoder (no indent): one file per line.
def summary_head() -> str:
    return '{"version": %d, "files": [\n' % SCHEMA_VERSION


def file_record(result) -> str:
    return json.dumps(file_json(result), ensure_ascii=False)


def summary_tail() -> str:
    return "\n]}\n"
