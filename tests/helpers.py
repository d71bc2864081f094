"""Comparing our analysis with what real Keras built (golden files and the differential test)."""
from kerascount_lint.rules.registry import BY_CODE
from kerascount_lint.datatypes import UNKNOWN_DIM


def _shape_agrees(ours, keras_shape) -> bool:
    if ours is None:
        return False
    if isinstance(ours, list):  # a layer with several outputs
        return len(ours) == len(keras_shape) and all(_shape_agrees(a, b) for a, b in zip(ours, keras_shape))
    if len(ours) != len(keras_shape):
        return False
    return all(a is UNKNOWN_DIM or a == b for a, b in zip(ours, keras_shape))


def compare_model(ours, truth) -> list:
    """Differences between our ModelResult and a keras_truth description; [] when they agree.

    A value we report as unknown is accepted only in a model we mark incomplete.
    """
    if ours.built != truth["built"]:
        return [f"built: ours {ours.built} keras {truth['built']}"]
    if "kind" in truth and (ours.kind, ours.spec.name) != (truth["kind"], truth["name"]):
        return [f"model: ours {ours.spec.name} ({ours.kind}) keras {truth['name']} ({truth['kind']})"]
    names = [r.spec.name for r in ours.layers]
    if len(names) != len(truth["layers"]):
        return [f"layers: ours {names} keras {[la['name'] for la in truth['layers']]}"]
    problems = []
    lenient = not ours.complete
    for r, k in zip(ours.layers, truth["layers"]):
        if r.spec.name != k["name"] or r.spec.class_name != k["class"]:
            problems.append(f"layer: ours {r.spec.name} ({r.spec.class_name}) keras {k['name']} ({k['class']})")
        if ours.built:
            shape = r.output_shape
            never_called = shape is None and k["output_shape"] is None  # a subclassed model's unused layer
            if not (lenient and shape is None) and not never_called and not _shape_agrees(shape, k["output_shape"]):
                problems.append(f"{k['name']}.output_shape: ours {shape} keras {k['output_shape']}")
            if shape is not None and UNKNOWN_DIM in shape and not lenient:
                problems.append(f"{k['name']}: unknown dims in a model marked complete")
        if ours.built and k.get("macs") is not None and r.macs is not None and r.macs != k["macs"]:
            problems.append(f"{k['name']}.macs: ours {r.macs} keras's weights give {k['macs']}")
        if "connected_to" in k and [list(c) for c in r.connected_to] != k["connected_to"]:
            problems.append(f"{k['name']}.connected_to: ours {r.connected_to} keras {k['connected_to']}")
        for key in ("trainable_params", "non_trainable_params"):
            value = getattr(r, key)
            if value is None and lenient:
                continue
            if value != k[key]:
                problems.append(f"{k['name']}.{key}: ours {value} keras {k[key]}")
    if not lenient:
        for key in ("total_params", "trainable_params", "non_trainable_params"):
            if getattr(ours, key) != truth[key]:
                problems.append(f"{key}: ours {getattr(ours, key)} keras {truth[key]}")
    return problems


def refusals(result) -> list:
    """Our errors that say Keras refuses the code (raised while reading it). A design rule of error
    severity (KC410, softmax over one unit) is about a model Keras builds, so it is not one."""
    return [d for d in result.diagnostics if d.severity == "error" and BY_CODE[d.code].check is None]


def error_lines(result) -> set:
    """Lines where we report a refusal, widened to the whole layer call each sits in."""
    lines = set()
    errors = [d for d in refusals(result) if d.span]
    calls = [layer.spec.span for m in result.models for layer in m.layers if layer.spec.span]
    for d in errors:
        lines.update(range(d.span.line, d.span.end_line + 1))
        for span in calls:
            if span.line <= d.span.line <= span.end_line:
                lines.update(range(span.line, span.end_line + 1))
    # Sequential([...]) builds inside its own constructor: Keras's traceback names that line.
    for m in result.models:
        spans = [layer.spec.span for layer in m.layers if layer.spec.span]
        if m.spec.span and any(s.line <= d.span.line <= s.end_line for d in errors for s in spans):
            lines.add(m.spec.span.line)
    return lines
