"""Inference: walk each ModelSpec through the layer catalogue, giving shapes, params and the
diagnostics for what Keras itself would refuse while building the model."""
from __future__ import annotations

import copy
from typing import Optional

from kerascount_lint.catalogue import applications, entries
from kerascount_lint.catalogue.base import (
    UNKNOWN_DIM,
    Args,
    LayerError,
    NeedShape,
    NeedValue,
    Out,
)
from kerascount_lint.catalogue.operators import operator_output
from kerascount_lint.catalogue.roles import ACTIVATION, DROPOUT
from kerascount_lint.catalogue.signatures import (
    KerasSignatures,
    bind,
    input_shape_of,
    load_signatures,
)
from kerascount_lint.datatypes import (
    ArgSpec,
    Diagnostic,
    Fix,
    LayerResult,
    LayerSpec,
    ModelResult,
    ModelSpec,
    Node,
    Problem,
    Span,
    Tensor,
    Unknown,
    label,
    shape_text,
)

# What Keras raises when a layer is called on its input, not when it is constructed.
CALL_TIME_PROBLEMS = frozenset({Problem.INCOMPATIBLE_RANK, Problem.NON_POSITIVE_DIMENSION, Problem.RESHAPE_SIZE_MISMATCH, Problem.INCOMPATIBLE_INPUTS})
# Layers that leave the last axis as it is, whatever the rank (so a Dense after them is countable).
KEEPS_LAST_AXIS = frozenset({DROPOUT, ACTIVATION})
# What a Sequential with no input of its own is fed when it is called on a tensor whose shape cannot
# be known here: the call builds it all the same, so it is built, with shapes and counts unknown.
FED_UNKNOWN = Unknown("the shape of the tensor it is called on")

LEGACY_ARGUMENTS = {  # Keras 1/2 keyword -> Keras 3 keyword
    "border_mode": "padding", "nb_filter": "filters", "output_dim": "units", "init": "kernel_initializer",
    "subsample": "strides", "W_regularizer": "kernel_regularizer", "b_regularizer": "bias_regularizer",
    "dim_ordering": "data_format", "W_constraint": "kernel_constraint", "b_constraint": "bias_constraint",
    "bias": "use_bias", "nb_row": "kernel_size", "nb_col": "kernel_size", "p": "rate",
    "input_length": None, "batch_input_shape": None,
}
# What the old argument did, for students whose book shows other numbers.
LEGACY_MEANING = {
    "border_mode": "Keras 1 chose 'valid' or 'same' padding with it",
    "nb_filter": "Keras 1 set the number of filters with it",
    "nb_row": "Keras 1 took the kernel height from it (the kernel was nb_row x nb_col)",
    "nb_col": "Keras 1 took the kernel width from it (the kernel was nb_row x nb_col)",
    "output_dim": "Keras 1 set the layer's units with it",
    "init": "Keras 1 set the kernel initializer with it",
    "subsample": "Keras 1 set the strides with it",
    "dim_ordering": "Keras 1 used 'tf' (channels last) or 'th' (channels first)",
    "batch_input_shape": "Keras 2 built the model from it, batch size included; in Keras 3 use "
                         "keras.Input(shape=..., batch_size=...)",
    "bias": "Keras 1 switched the bias on or off with it",
    "p": "Keras 1 set the dropout rate with it",
}


class _Diags:
    def __init__(self, out: list, anchor: Optional[Span] = None):
        self.out = out
        self.anchor = anchor

    def at(self, anchor: Optional[Span]) -> "_Diags":
        """The same list, with findings anchored to a layer call (for `# noqa` on its lines)."""
        return _Diags(self.out, anchor)

    def add(self, code, message, span, severity=None, fix=None):
        # Only rules/ knows a code's severity: analysis attaches it (severity None until then).
        self.out.append(Diagnostic(code, message, span, severity, fix, self.anchor))


def normalize_shape(value):
    """A shape as written -> batch-first Shape, or Unknown; raises LayerError where Keras's
    standardize_shape refuses it (a bare integer, a negative or non-integer dimension)."""
    if isinstance(value, Unknown):
        return value
    if not isinstance(value, (tuple, list)):
        raise LayerError(Problem.INVALID_ARGUMENT_VALUE, f"Keras cannot convert `{_short(value)}` to a shape: give a tuple, such as "
                         f"`({_short(value)},)`")
    dims = []
    for d in value:
        if isinstance(d, Unknown):
            dims.append(UNKNOWN_DIM)
        elif d is None:
            dims.append(None)
        elif isinstance(d, int):  # True is 1 to Keras, as to Python
            if d < 0:
                raise LayerError(Problem.INVALID_ARGUMENT_VALUE, f"Keras cannot convert `{_short(value)}` to a shape: negative "
                                 "dimensions are not allowed")
            dims.append(int(d))
        else:
            raise LayerError(Problem.INVALID_ARGUMENT_VALUE, f"Keras cannot convert `{_short(value)}` to a shape: `{_short(d)}` is not "
                             "an integer or None")
    return (None,) + tuple(dims)


# Bytes per value of a layer's output, by its dtype or dtype policy (a mixed policy computes, and
# so outputs, in its first half: mixed_float16 -> float16).
DTYPE_BYTES = {"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8, "mixed_float16": 2, "mixed_bfloat16": 2,
               "int8": 1, "uint8": 1, "int32": 4, "int64": 8}


def dtype_bytes(dtype, policy) -> int:
    for value in (dtype, policy):
        if isinstance(value, str) and value in DTYPE_BYTES:
            return DTYPE_BYTES[value]
    return 4


def apply_trainable(model: ModelSpec, results: list) -> bool:
    """Move the params of frozen layers (or of a frozen model) to non-trainable, as Keras does.
    False when a layer's `trainable` cannot be known: its split is then unknown."""
    frozen = model.trainable is False
    known = True
    for r in results:
        if (frozen or r.spec.trainable is False) and r.trainable_params is not None:
            r.non_trainable_params = (r.non_trainable_params or 0) + r.trainable_params
            r.trainable_params = 0
        elif isinstance(r.spec.trainable, Unknown):
            r.trainable_params = r.non_trainable_params = None
            known = False
    return known


def unknown_dims(shape) -> list:
    """The Unknown dimensions of a shape as written (each names the expression that blocked it)."""
    return [d for d in shape if isinstance(d, Unknown)] if isinstance(shape, (tuple, list)) else []


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Inference:
    def __init__(self, signatures: Optional[KerasSignatures] = None):
        self.sigs = signatures or load_signatures()
        self.catalogue = entries()
        self.node_results: dict = {}  # Node -> LayerResult: each call on symbolic tensors, inferred once

    def infer_all(self, models: list, diagnostics: list, loose_layers=(), loose_calls=()) -> list:
        """Every model; one used as a layer of a built model, or called on a tensor, is built by
        that, as in Keras. `loose_layers`, made outside any model, still get their constructor checked;
        `loose_calls`, calls on tensors no model holds, what Keras checks at the call."""
        results = [self.infer_model(m, diagnostics) for m in models]
        fed = {}
        todo = list(results)  # with the models inside them (a layer made of layers holds a Sequential)
        while todo:
            result = todo.pop(0)
            for layer in result.layers:
                if layer.spec.model is not None and result.built and isinstance(layer.input_shape, tuple):
                    fed.setdefault(id(layer.spec.model), layer.input_shape)
                elif layer.spec.model is not None and result.built and layer.spec.model.kind == "sequential":
                    fed.setdefault(id(layer.spec.model), FED_UNKNOWN)  # built with its outer model, on a shape not known
                if layer.nested is not None:
                    todo.append(layer.nested)
        for model in models:
            if model.as_layer is not None and model.as_layer.nodes and id(model) not in fed:
                shape = self.tensor_shape(model.as_layer.nodes[0].inputs[0], _Diags(diagnostics))
                if isinstance(shape, tuple):
                    fed[id(model)] = shape
                elif model.kind == "sequential":  # its call builds it, on a shape known only at run time
                    fed[id(model)] = FED_UNKNOWN
        results = [self.infer_model(r.spec, diagnostics, fed[id(r.spec)])
                   if id(r.spec) in fed and (not r.built or r.kind == "subclassed") else r for r in results]
        for layer in loose_layers:
            self.infer_layer(layer, None, _Diags(diagnostics), built=False)
        for node in loose_calls:
            self.run_node(node, _Diags(diagnostics))
        return results

    def infer_model(self, model: ModelSpec, diagnostics: list, given_input=None) -> ModelResult:
        """`given_input`: the batch-first shape an outer model feeds in, when this one has none."""
        if model.kind == "functional":
            return self.infer_functional(model, diagnostics)
        if model.kind == "subclassed":
            return self.infer_subclassed(model, diagnostics, given_input)
        diags = _Diags(diagnostics)
        raw_shape, shape_span = input_shape_of(model)
        built = raw_shape is not None or given_input is not None
        try:
            x = normalize_shape(raw_shape) if raw_shape is not None else given_input
        except LayerError as err:
            diags.add(err.kind, err.message, shape_span)
            x, built = None, False
        for blocker in unknown_dims(raw_shape):
            diags.add(Problem.UNRESOLVED_VALUE, f"model `{model.variable or model.name}`: the input dimension `{blocker.origin}` "
                      "cannot be known statically; shapes and counts that depend on it are unknown", shape_span)
        if raw_shape is not None and isinstance(x, tuple) and isinstance(model.batch_size, int):
            x = (model.batch_size,) + x[1:]  # Input(batch_size=5) and build((5, 4)) keep their batch
        complete = True
        if isinstance(x, Unknown):
            if x is not FED_UNKNOWN:  # (what it was called on says why, where that is made)
                diags.add(Problem.UNRESOLVED_VALUE, f"model `{model.variable or model.name}`: the input shape `{x.origin}` "
                          "cannot be known statically, so shapes and params after it are unknown", shape_span)
            x = None
            complete = False
        for reason in model.uncertain:
            diags.add(Problem.UNRESOLVED_VALUE, f"model `{model.variable or model.name}`: its layers depend on `{reason.origin}`, "
                      "which cannot be known statically; counts are unknown", model.span)
            complete = False
        results = []
        last = None  # the last axis, while the rank is unknown (after an unknown input shape)
        for spec in model.layers:
            if isinstance(x, list):  # return_state=True before it: Keras refuses to pass a list on
                diags.at(spec.span).add(Problem.INCOMPATIBLE_INPUTS, f"{label(spec)} expects 1 input, but the layer before it returns "
                                        f"{len(x)} tensors {shape_text(x)} (return_state=True); a Sequential cannot "
                                        "pass them on: use the functional API", spec.span)
                x = None
            result = self.infer_layer(spec, x, diags, built, last)
            results.append(result)
            if isinstance(result.output_shape, tuple) and result.output_shape:
                last = result.output_shape[-1]
            elif not KEEPS_LAST_AXIS & getattr(self.catalogue.get(result.spec.class_name), "roles", frozenset()):
                last = result.last_axis
            x = result.output_shape
            if built and result.params is None:
                complete = False
        complete = apply_trainable(model, results) and complete
        if not built:
            for r in results:
                self.mark_unbuilt(r)
        for before, after in zip(results, results[1:]):
            before.children.append(after)
            after.parents.append(before)
        first_input = x if results and built else None
        return ModelResult(model, results, built, complete, [results[0].input_shape if results else first_input],
                           [results[-1].output_shape if results else None], results[-1:])

    # ---- the functional API: a graph of calls -----------------------------------------
    def infer_functional(self, model: ModelSpec, diagnostics: list) -> ModelResult:
        diags = _Diags(diagnostics)
        complete = True
        for reason in model.uncertain:
            diags.add(Problem.UNRESOLVED_VALUE, f"model `{model.variable or model.name}`: its graph depends on `{reason.origin}`, "
                      "which cannot be known statically; counts are unknown", model.span)
            complete = False
        calls: dict = {}  # LayerSpec -> [Node] of this model
        for node in model.nodes:
            self.run_node(node, diags)
            calls.setdefault(node.layer, []).append(node)
        results, by_spec = [], {}
        for spec in model.layers:
            nodes = calls.get(spec, [])
            if not nodes:
                continue
            # One row per layer, from its first call here; a copy, since parents differ per model.
            r = _row_copy(self.node_results[nodes[0]])
            by_spec[spec] = r
            results.append(r)
            self.check_shared(spec, nodes, r, diags)
        for spec, r in by_spec.items():
            for node in calls[spec]:
                for t in node.inputs:
                    if isinstance(t, Tensor):
                        r.connected_to.append((t.node.layer.name, t.node.index, t.index))
                        parent = by_spec.get(t.node.layer)
                        if parent is not None and parent not in r.parents:
                            r.parents.append(parent)
                            parent.children.append(r)
        apply_trainable(model, results)
        complete = complete and all(r.params is not None for r in results)
        outputs = []
        for t in model.outputs:
            r = by_spec.get(t.node.layer)
            if r is not None and all(r is not o for o in outputs):
                outputs.append(r)
        return ModelResult(model, results, True, complete,
                           [self.tensor_shape(t, diags) for t in model.inputs],
                           [self.tensor_shape(t, diags) for t in model.outputs],
                           outputs)

    # ---- subclassed models: the calls their call() made, over the layers __init__ set -----
    def infer_subclassed(self, model: ModelSpec, diagnostics: list, given_input=None) -> ModelResult:
        diags = _Diags(diagnostics)
        name = model.variable or model.name
        if model.unread is not None:
            diags.add(Problem.MODEL_NOT_REBUILT, f"{'layer' if model.layer_only else 'model'} `{name}` (class {model.class_name}) "
                      "is not rebuilt: its call() depends on "
                      f"`{model.unread.origin}`, which the tool does not follow, so its shapes and params are "
                      "unknown; the layers it makes are still checked", model.span)
            for spec in model.layers:
                self.infer_layer(spec, None, diags, built=False)
            return ModelResult(model, [], False, False)
        if not model.inputs:  # never called: Keras has not built its layers either
            results = [self.mark_unbuilt(self.infer_layer(spec, None, diags, built=False)) for spec in model.layers]
            return ModelResult(model, results, False, True)
        start = model.inputs[0].node
        written = start.layer.batch_shape
        if given_input is None and isinstance(written, Unknown):
            diags.add(Problem.UNRESOLVED_VALUE, f"model `{name}` is called on `{written.origin}`, whose shape cannot be known "
                      "statically, so shapes and params are unknown", model.span)
        shape = given_input if given_input is not None else (
            written if isinstance(written, tuple) else None)
        if shape is None:  # called on unknown data, or on a tensor whose shape arrives with its model (infer_all)
            return ModelResult(model, [LayerResult(spec, None, None, None, None) for spec in model.layers],
                               True, False)
        # The same calls give other shapes for another input: they are run here, not cached.
        saved, self.node_results = self.node_results, {start: LayerResult(start.layer, None, shape, 0, 0)}
        try:
            for node in model.nodes:
                self.run_node(node, diags)
            firsts = {}
            for node in model.nodes:
                firsts.setdefault(node.layer, self.node_results[node])
            outputs = [self.tensor_shape(t, diags) for t in model.outputs]
        finally:
            self.node_results = saved
        # A layer __init__ sets but call() never uses stays unbuilt, as in Keras.
        results = [_row_copy(firsts[spec]) if spec in firsts
                   else self.mark_unbuilt(self.infer_layer(spec, None, diags, built=False)) for spec in model.layers]
        apply_trainable(model, results)
        complete = all(r.params is not None for r in results)
        last = [r for r in results if r.spec is model.outputs[0].node.layer]
        return ModelResult(model, results, True, complete, [shape], outputs, last)

    def mark_unbuilt(self, result: LayerResult) -> LayerResult:
        """A row of a model Keras has not built: no shape and no weights yet."""
        result.output_shape = None
        result.trainable_params = result.non_trainable_params = 0
        sig = self.sigs.classes.get(result.spec.keras_class or result.spec.class_name)
        result.unbuilt = not (sig is not None and sig.built_at_init)
        return result

    def probe_shape(self, tensor):
        """A tensor's shape while extraction still reads the file: its findings are dropped here, since
        spans are not placed yet; the real inference finds them again."""
        try:
            return self.tensor_shape(tensor, _Diags([]))
        except (LayerError, NeedShape, NeedValue):
            return None

    def tensor_shape(self, tensor, diags):
        if not isinstance(tensor, Tensor):
            return None
        shape = self.run_node(tensor.node, diags).output_shape
        if isinstance(shape, list):
            return shape[tensor.index] if tensor.index < len(shape) else None
        return shape if tensor.index == 0 else None

    def run_node(self, node: Node, diags) -> LayerResult:
        """A call's result, inferred once however many models hold it."""
        done = self.node_results.get(node)
        if done is not None:
            return done
        spec = node.layer
        if spec.class_name == "InputLayer":
            written = spec.batch_shape[1:] if isinstance(spec.batch_shape, tuple) else spec.batch_shape
            try:
                shape = normalize_shape(written if written is not None else Unknown("shape"))
            except LayerError as err:
                diags.at(spec.span).add(err.kind, err.message, spec.span)
                shape = None
            for blocker in unknown_dims(written):
                diags.at(spec.span).add(Problem.UNRESOLVED_VALUE, f"{label(spec)}: the input dimension `{blocker.origin}` cannot be "
                                        "known statically; shapes and counts that depend on it are unknown", spec.span)
            if shape is None:
                pass
            elif isinstance(shape, Unknown):
                # A subclassed model's own input (keras_subclassed.trace makes it, with no place in the
                # source) is unknown because what it was called on is, which has its own note.
                if spec.span is not None:
                    diags.at(spec.span).add(Problem.UNRESOLVED_VALUE, f"{label(spec)}: the input shape `{shape.origin}` "
                                            "cannot be known statically, so shapes and params after it are unknown", spec.span)
                shape = None
            elif spec.batch_shape and spec.batch_shape[0] is not None:
                shape = (spec.batch_shape[0],) + shape[1:]
            result = LayerResult(spec, None, shape, 0, 0, "no weights", macs=0, elementwise=0)
        else:
            shapes = [self.tensor_shape(t, diags) for t in node.inputs]
            for t, where in zip(node.inputs, node.keywords):
                if isinstance(t, Tensor) and t.index and self.tensor_shape(t, diags) is None:
                    diags.at(spec.span).add(Problem.UNRESOLVED_VALUE, f"{label(spec)}: input {where} is output {t.index} of "
                                            f"{label(t.node.layer)}, whose shape is not tracked; counts after it "
                                            "are unknown", node.span)
            result = (self.infer_operation(spec, shapes, diags) if spec.operation
                      else self.run_layer_call(node, shapes, diags))
        self.node_results[node] = result
        return result

    def run_layer_call(self, node: Node, shapes: list, diags) -> LayerResult:
        spec = node.layer
        entry = self.catalogue.get(spec.keras_class or spec.class_name)
        if entry is not None and entry.side_inputs and not node.multi and 0 in node.keywords:
            shapes = [shapes[node.keywords.index(0)]]  # `lstm(x, initial_state=[h, c])`: x shapes it
        if entry is not None and entry.call_args:
            x = {entry.call_args[w] if isinstance(w, int) and w < len(entry.call_args) else w: shape
                 for w, shape in zip(node.keywords, shapes)}
        elif entry is not None and entry.many_inputs:
            x = shapes if node.multi else (shapes[0] if shapes else None)
        elif len(shapes) == 1 and not node.multi:
            x = shapes[0]
        else:
            x = shapes  # several tensors into a one-tensor layer: its rule cannot place them
        if isinstance(x, list) and not (entry is not None and entry.many_inputs):
            diags.at(spec.span).add(Problem.UNRESOLVED_VALUE, f"{label(spec)}: called on {len(x)} tensors, which the tool "
                                    "does not place for this layer; its shape and counts are unknown", node.span)
            return LayerResult(spec, x, None, None, None)
        before = len(diags.out)
        result = self.infer_layer(spec, x, diags, True)
        for d in diags.out[before:]:
            # Keras raises what depends on the input at the call, not at the constructor.
            if d.code in CALL_TIME_PROBLEMS and d.span == spec.span and node.span is not None:
                d.span = node.span
        return result

    def declared(self, spec: LayerSpec, x, diags, built) -> LayerResult:
        """A weightless custom layer: its compute_output_shape, for the shape it gets."""
        out = spec.shape_rule(x) if isinstance(x, tuple) else None
        if out is None and built and isinstance(x, tuple):
            diags.add(Problem.UNRESOLVED_VALUE, f"{label(spec)}: its compute_output_shape could not be evaluated for the input "
                      f"{shape_text(x)}, so its output shape is unknown", spec.span)
        return LayerResult(spec, x, out, 0, 0, "no weights: its compute_output_shape gives the output",
                           macs=0, elementwise=None)

    def infer_operation(self, spec: LayerSpec, shapes: list, diags) -> LayerResult:
        x = shapes[0] if len(shapes) == 1 else shapes
        try:
            out = operator_output(label(spec), shapes)
        except LayerError as err:
            diags.at(spec.span).add(err.kind, err.message, spec.span)
            return LayerResult(spec, x, None, None, None)
        except NeedShape:
            return LayerResult(spec, x, None, 0, 0)
        return LayerResult(spec, x, out.shape, 0, 0, out.formula, macs=out.macs, elementwise=out.elementwise,
                           compute=out.compute)

    def check_shared(self, spec: LayerSpec, nodes: list, first: LayerResult, diags):
        """A layer called again is not built again: a call whose input would need other weights fails."""
        for node in nodes[1:]:
            later = self.node_results[node]
            if first.params is not None and later.params is not None and later.params != first.params:
                diags.at(spec.span).add(
                    Problem.INCOMPATIBLE_INPUTS, f"{label(spec)} is shared, but this call gets {shape_text(later.input_shape)} where its "
                    f"first call got {shape_text(first.input_shape)}: its weights were built for the first",
                    node.span)

    def infer_layer(self, spec: LayerSpec, x, diags: _Diags, built: bool, last=None) -> LayerResult:
        """`x`: the input shape; for a layer called on several tensors, a list (or, by name, a dict) of them."""
        result = self._infer_layer(spec, x, diags, built, last)
        # A concrete batch size (Input(batch_size=4), build((5, 4))) flows through one-input layers;
        # the rules of layers with several inputs say for themselves which batch they keep.
        batch = x[0] if isinstance(x, tuple) and x and isinstance(x[0], int) else None
        if batch is not None and isinstance(result.output_shape, tuple) and result.output_shape \
                and result.output_shape[0] is None:
            result.output_shape = (batch,) + result.output_shape[1:]
        return result

    def _infer_layer(self, spec: LayerSpec, x, diags: _Diags, built: bool, last=None) -> LayerResult:
        diags = diags.at(spec.span)
        unknown = LayerResult(spec, x, None, None, None)
        if spec.model is not None:
            return self.infer_nested(spec, x, diags, built)
        if spec.application is not None:
            return self.infer_application(spec, x, diags, built)
        if spec.shape_rule is not None:
            return self.declared(spec, x, diags, built)
        entry = self.catalogue.get(spec.keras_class or spec.class_name)
        sig = self.sigs.classes.get(spec.keras_class or spec.class_name)
        if sig is None:
            if built and spec.custom:
                diags.add(Problem.UNRESOLVED_VALUE, f"`{spec.written_name}` is a custom layer (a subclass of a Keras layer): its "
                          "output shape and params are unknown; the layers around it are still counted where "
                          "their shapes allow", spec.span)
            elif built:
                diags.add(Problem.UNRESOLVED_VALUE, f"`{spec.written_name}` is not a Keras layer this tool knows; its output shape "
                          "and params are unknown", spec.span)
            return unknown
        bound = bind(sig, [a for a in spec.args if a.keyword != "**"], spec.span, label(spec))
        unknown.args = bound.values
        for problem in bound.problems:
            if problem.kind == Problem.UNKNOWN_ARGUMENT and problem.keyword in LEGACY_ARGUMENTS:
                self.legacy(spec, bound, problem, diags)
            else:
                diags.add(problem.kind, problem.message, problem.span)
        self.check_identifiers(spec, bound, diags)
        for arg in spec.args:
            if arg.keyword == "**":
                diags.add(Problem.UNRESOLVED_VALUE, f"{label(spec)}: `**{arg.value.origin}` cannot be expanded statically",
                          arg.span)
                return unknown
        if entry is None:
            if built:
                diags.add(Problem.UNRESOLVED_VALUE, f"{label(spec)}: this tool has no shape and param rule for "
                          f"{spec.class_name} yet; its counts are unknown", spec.span)
            return unknown
        if x is None:
            self.check_arguments(entry, spec, bound, diags, built)
            if not built:
                return unknown
            result = self.infer_unknown_rank(entry, spec, bound, last)
            result.args = bound.values
            return result
        rank = len(x)
        if entry.many_inputs:
            pass  # each input's rank is the rule's to check
        elif (entry.min_rank and rank < entry.min_rank) or (entry.max_rank and rank > entry.max_rank):
            expected = (f"rank {entry.min_rank}" if entry.min_rank == entry.max_rank
                        else f"rank >= {entry.min_rank}" if not entry.max_rank else
                        f"rank {entry.min_rank} to {entry.max_rank}")
            diags.add(Problem.INCOMPATIBLE_RANK, f"{label(spec)} expects an input of {expected} (batch included), but gets "
                      f"{shape_text(x)} of rank {rank}{rank_hint(spec, x)}", spec.span)
            return unknown
        try:
            out = self.run_entry(entry, spec, bound.values, x, diags)
        except LayerError as err:
            diags.add(err.kind, err.message, arg_span(spec, bound, err.arg))
            return unknown
        except NeedValue as need:
            self.unresolved(spec, bound, need, diags)
            return unknown
        except NeedShape as need:
            return LayerResult(spec, x, need.shape, None, None, args=bound.values)
        return LayerResult(spec, x, out.shape, out.trainable, out.non_trainable, out.formula, args=bound.values,
                           macs=out.macs, elementwise=out.elementwise, compute=out.compute,
                           dtype_bytes=dtype_bytes(next((a.value for a in spec.args if a.keyword == "dtype"), None),
                                                   spec.dtype_policy))

    def check_identifiers(self, spec: LayerSpec, bound, diags):
        """Activation, initializer, regularizer and constraint names Keras cannot look up."""
        for name, arg in bound.given.items():
            kind = self.sigs.identifier_kind(name)
            if kind is None or not isinstance(arg.value, str) or arg.value in self.sigs.identifiers[kind]:
                continue
            known = self.sigs.identifiers[kind]
            close = [k for k in known if k.lower().replace("_", "") == arg.value.lower().replace("_", "")]
            hint = f"; did you mean {close[0]!r}?" if close else ""
            diags.add(Problem.INVALID_ARGUMENT_VALUE, f"{label(spec)}: `{name}={arg.value!r}` is not a Keras {kind} name{hint}", arg.span)

    def legacy(self, spec: LayerSpec, bound, problem, diags):
        old = problem.keyword
        modern = LEGACY_ARGUMENTS[old]
        hint = f"use `{modern}=`" if modern else "Keras 3 has no such argument"
        fix = None
        arg = next((a for a in spec.args if a.keyword == old), None)
        if modern and old not in ("nb_row", "nb_col") and arg is not None and arg.keyword_span \
                and modern not in bound.given and modern not in bound.base:
            edits = [(arg.keyword_span, modern)]
            if old == "dim_ordering":
                value = {"tf": "channels_last", "th": "channels_first"}.get(arg.value) \
                    if isinstance(arg.value, str) else None
                edits = edits + [(arg.span, repr(value))] if value and arg.span else []
            if edits:
                fix = Fix(f"rename `{old}` to `{modern}`", tuple(edits))
        meaning = f" ({LEGACY_MEANING[old]})" if old in LEGACY_MEANING else ""
        diags.add(Problem.LEGACY_ARGUMENT, f"{label(spec)}: `{old}` is a Keras 1/2 argument that Keras 3 rejects{meaning}; {hint}",
                  problem.span, fix=fix)

    def infer_unknown_rank(self, entry, spec: LayerSpec, bound, last) -> LayerResult:
        """The input's rank is unknown. Flatten still gives rank 2, a Lambda its `output_shape`, and
        Dense, which acts on the last axis only, is still countable when that axis is known."""
        result = LayerResult(spec, None, None, None, None)
        if spec.class_name == "Lambda" and bound.values.get("output_shape") is not None:
            try:
                out = self.run_entry(entry, spec, bound.values, (None,), _Diags([]))
                result.output_shape, result.trainable_params, result.non_trainable_params = out.shape, 0, 0
                result.formula = out.formula
            except (NeedShape, NeedValue, LayerError):
                pass
        elif spec.class_name == "Flatten":
            result.output_shape, result.trainable_params, result.non_trainable_params = (None, UNKNOWN_DIM), 0, 0
            result.formula = "no weights"
        elif spec.class_name == "Dense":
            probe = (None, UNKNOWN_DIM if last is None else last)
            try:
                out = self.run_entry(entry, spec, bound.values, probe, _Diags([]))
                result.trainable_params, result.non_trainable_params, result.formula = (
                    out.trainable, out.non_trainable, out.formula)
                result.last_axis = out.shape[-1]
            except NeedShape as need:
                result.last_axis = need.shape[-1] if need.shape else None
            except (LayerError, NeedValue):
                pass
        return result

    def run_entry(self, entry, spec: LayerSpec, values: dict, x, diags) -> Out:
        def infer_inner(inner: LayerSpec, shape) -> Out:
            inner_entry = self.catalogue.get(inner.class_name)
            inner_sig = self.sigs.classes.get(inner.class_name)
            if inner_entry is None or inner_sig is None:
                raise NeedShape()
            inner_bound = bind(inner_sig, inner.args, inner.span, label(inner))
            for problem in inner_bound.problems:
                diags.add(problem.kind, problem.message, problem.span)
            out = self.run_entry(inner_entry, inner, inner_bound.values, shape, diags)
            if out.shape is None:
                raise NeedShape()
            return out

        try:
            out = entry.infer(Args(values, label(spec), infer_inner), x)
        except (TypeError, ValueError, IndexError, KeyError, OverflowError, ZeroDivisionError,
                AttributeError) as err:  # values Python allows but the rule cannot use
            raise LayerError(Problem.UNRESOLVED_VALUE, f"{label(spec)}: its arguments cannot be evaluated statically "
                             f"({type(err).__name__}), so its counts are unknown") from err
        bad = next((b for b in map(_bad_shape, out.shape) if b is not None), None) if isinstance(out.shape, list) \
            else _bad_shape(out.shape)  # a layer with several outputs (return_state) gives a list of shapes
        if bad is not None or not all(_count(n) for n in (out.trainable, out.non_trainable)):
            raise LayerError(Problem.UNRESOLVED_VALUE, f"{label(spec)}: its output shape {bad!r} is not a shape (a dimension is "
                             "a positive integer or None), so its counts and those after it are unknown")
        return out

    def check_arguments(self, entry, spec, bound, diags, built):
        """No input shape: still report what Keras rejects in the constructor itself."""
        rank = entry.min_rank or 2
        probe = (None,) + (UNKNOWN_DIM,) * (rank - 1)
        if entry.call_args:
            probe = {name: probe for name in entry.call_args[:2]}
        elif entry.many_inputs:
            probe = [probe, probe]
        try:
            self.run_entry(entry, spec, bound.values, probe, _Diags([]))
        except LayerError as err:
            if err.kind in (Problem.INVALID_ARGUMENT_VALUE, Problem.RESHAPE_SIZE_MISMATCH):  # raised by the constructor, whatever the input
                diags.add(err.kind, err.message, arg_span(spec, bound, err.arg))
        except NeedValue as need:
            if built:
                self.unresolved(spec, bound, need, diags)
        except NeedShape:
            pass

    def unresolved(self, spec, bound, need: NeedValue, diags):
        diags.add(Problem.UNRESOLVED_VALUE, f"{label(spec)}: `{need.arg}={need.value.origin}` cannot be known statically, "
                  "so this layer's counts are unknown", arg_span(spec, bound, need.arg))

    def infer_application(self, spec: LayerSpec, x, diags, built) -> LayerResult:
        """A keras.applications model as a layer: one row, counts from the generated table,
        with layers frozen one by one (`for layer in base.layers[:-4]`) counted per layer."""
        result = self.application_counts(spec, x, diags)
        if spec.sublayer_trainable and result.params is not None:
            split = applications.trainable_split(spec)
            if split is None or sum(split) != result.params:
                diags.add(Problem.UNRESOLVED_VALUE, f"{spec.written_name}: which of its layers are frozen cannot be followed "
                          "statically, so its trainable/non-trainable split is unknown", spec.span)
                result.trainable_params = result.non_trainable_params = None
            else:
                result.trainable_params, result.non_trainable_params = split
        return result

    def application_counts(self, spec: LayerSpec, x, diags) -> LayerResult:
        app = spec.application
        unknown = LayerResult(spec, x, None, None, None)
        given = {a.keyword: a for a in spec.args}
        if None in given or "**" in given:
            diags.add(Problem.UNRESOLVED_VALUE, f"{spec.written_name}(...): pass its arguments by keyword; positional arguments "
                      "are not read, so its counts are unknown", spec.span)
            return unknown
        for name, arg in given.items():
            if isinstance(arg.value, Unknown) or (isinstance(arg.value, tuple) and any(
                    isinstance(v, Unknown) for v in arg.value)):
                diags.add(Problem.UNRESOLVED_VALUE, f"{spec.written_name}: `{name}={arg.value.origin if isinstance(arg.value, Unknown) else '...'}` "
                          "cannot be known statically, so its counts are unknown", arg.span)
                return unknown
            if name in applications.ARCHITECTURE_ARGS and name != "input_tensor":
                diags.add(Problem.UNRESOLVED_VALUE, f"{spec.written_name}: `{name}=` changes the architecture; the table holds the "
                          "default configuration only, so its counts are unknown", arg.span)
                return unknown
        values = {name: arg.value for name, arg in given.items()}
        entry = applications.table()[app]
        include_top = values.get("include_top", True)
        classes = values.get("classes", 1000)
        input_shape = values.get("input_shape")
        if include_top:
            size = applications.square_size(input_shape) if input_shape is not None else entry["default_size"]
            if size != entry["default_size"] or not isinstance(classes, int):
                diags.add(Problem.UNRESOLVED_VALUE, f"{spec.written_name} with include_top=True is tabulated for "
                          f"{entry['default_size']}x{entry['default_size']}x3 inputs only; its counts are unknown",
                          spec.span)
                return unknown
            top, f = entry["top"], entry["top_features"]
            trainable = top["trainable"] - (f * 1000 + 1000) + f * classes + classes
            return LayerResult(spec, x, (None, classes), trainable, top["non_trainable"],
                               formula=f"{app} (from Keras's own build) with a {f} * {classes} + {classes} "
                                       "classifier")
        channels = input_shape[-1] if isinstance(input_shape, (tuple, list)) and input_shape else 3
        if channels != 3:
            diags.add(Problem.UNRESOLVED_VALUE, f"{spec.written_name}: the table holds 3-channel inputs only; with {channels} "
                      "channels its counts are unknown", spec.span)
            return unknown
        size = applications.square_size(input_shape) if input_shape is not None else None
        sized = entry["notop"].get(str(size)) if size else None
        counts = sized or entry["notop"][str(entry["default_size"])]
        depth = counts["output_shape"][-1]
        if values.get("pooling") in ("avg", "max"):
            out = (None, depth)
        elif sized:
            out = (None,) + tuple(sized["output_shape"])
        elif input_shape is None:
            out = (None, None, None, depth)
        else:
            out = (None, UNKNOWN_DIM, UNKNOWN_DIM, depth)  # a size the table does not hold
        return LayerResult(spec, x, out, counts["trainable"], counts["non_trainable"],
                           formula=f"{app} without its top (from Keras's own build)")

    def infer_nested(self, spec: LayerSpec, x, diags, built) -> LayerResult:
        """A Sequential used as a layer: one row with its output and its totals, as summary() shows."""
        inner = self.infer_model(spec.model, diags.out, x if built and isinstance(x, tuple) else None)
        if not inner.built:
            return LayerResult(spec, x, None, None, None)
        # (no outputs: a subclassed layer whose call() ran on a shape not known here)
        out = inner.output_shapes[0] if len(inner.output_shapes) == 1 else list(inner.output_shapes) or None
        return LayerResult(spec, x, out, inner.trainable_params, inner.non_trainable_params,
                           formula=f"the {len(inner.layers)} layers of `{spec.model.variable or spec.name}`",
                           nested=inner, macs=inner.total_macs, elementwise=inner.total_elementwise)


def _row_copy(result: LayerResult) -> LayerResult:
    """A layer's row for another model: its own links (dataclasses.replace re-runs __init__, a
    tenth of a millisecond a layer)."""
    row = copy.copy(result)
    row.parents, row.children, row.connected_to = [], [], []
    return row


def arg_span(spec: LayerSpec, bound, name) -> Optional[Span]:
    arg: Optional[ArgSpec] = bound.given.get(name) or bound.base.get(name) if name else None
    return arg.span if arg is not None else spec.span


def rank_hint(spec: LayerSpec, x) -> str:
    if spec.class_name.startswith(("Conv", "MaxPooling", "AveragePooling", "Separable", "Depthwise")) and len(x) == 2:
        return "; it needs (batch, spatial..., channels): add a Reshape, or keep the sequence axis with " \
               "return_sequences=True, or move Flatten after it"
    if spec.class_name in ("LSTM", "GRU", "SimpleRNN", "Bidirectional") and len(x) == 2:
        return "; recurrent layers need (batch, timesteps, features): use return_sequences=True on the " \
               "previous recurrent layer, or a Reshape/RepeatVector"
    return ""


def _bad_shape(shape):
    """The first dimension that is not one (a positive int, None, or unknown), or None if all are."""
    for d in shape if isinstance(shape, tuple) else (shape,):
        if not (d is None or d is UNKNOWN_DIM or (type(d) is int and d >= 0)):
            return d
    return None


def _count(n) -> bool:
    return type(n) is int and n >= 0
