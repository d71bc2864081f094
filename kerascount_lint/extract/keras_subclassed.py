"""Subclassed models (`class Net(keras.Model)`), rebuilt the way Keras builds them.

`Net()` runs `__init__` on an object of its own: the layers it sets as attributes become the
model's layers, in the order they were set (Keras's tracking order, which `summary()` prints).
The first call on a tensor or an array runs `call()` once on a symbolic input and records the
layer calls it makes. Where `call()` does something we cannot follow (a branch on an unknown
value, an op on tensors, a layer made inside it), the model is `unread`, with the reason.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from kerascount_lint.datatypes import LayerSpec, ModelSpec, Node, Tensor, Unknown
from kerascount_lint.extract.keras_graph import flatten
from kerascount_lint.extract.keras_names import to_snake_case
from kerascount_lint.extract.values import ArrayValue, ClassValue, Instance

FED = object()  # trace()'s input when the model feeding it gives the shape at inference (a Sequential)


@dataclass
class Trace:
    """One run of a subclassed model's call(): the layer calls it makes, in order."""

    model: ModelSpec
    depth: int  # how many uncertain branches we were already inside when call() began
    nodes: list = field(default_factory=list)
    reason: Optional[Unknown] = None  # the first thing call() did that we cannot follow


def _no_weights_of_its_own(builder, cls: ClassValue) -> bool:
    """A custom layer class that is not a Keras layer's subclass and makes no weights: no build(),
    no add_weight in any of its methods."""
    if cls.keras_base or "build" in cls.overrides:
        return False
    return not any("add_weight" in builder.interp.names_used(fn) for fn in _methods(cls))


def composite(builder, cls: ClassValue) -> bool:
    """A keras.layers.Layer subclass whose weights are all its sublayers' and a call() to follow.
    Keras counts it as the sum of the layers its __init__ sets."""
    return "call" in cls.overrides and _no_weights_of_its_own(builder, cls)


def declares_shape(builder, cls: ClassValue) -> bool:
    """A custom layer whose compute_output_shape Keras uses for its output (and we can evaluate),
    with no weights: none of its own, and no layer made in __init__."""
    if cls.method("compute_output_shape") is None or not _no_weights_of_its_own(builder, cls):
        return False
    init = cls.method("__init__")
    return init is None or not any(builder.sigs.canonical(name) for name in builder.interp.names_used(init))


def construct(builder, cls: ClassValue, args, kwargs, model: Optional[ModelSpec] = None) -> Instance:
    """An object of the file's class, its __init__ run (self.units = units, ...); `model`: the
    ModelSpec it is, for a subclassed model or a layer made of layers."""
    instance = Instance(cls, keras_model=model)
    init = cls.method("__init__")
    if init is not None:
        builder.interp.call_function(init, args, kwargs, self_value=instance)
    return instance


def declared_shape(builder, instance: Instance, shape):
    """compute_output_shape(input_shape), run on the shape the layer gets; None where it cannot be."""
    if not isinstance(shape, tuple) or any(d is not None and type(d) is not int for d in shape):
        return None
    try:
        out = builder.interp.call_function(instance.cls.method("compute_output_shape"), [shape], {},
                                           self_value=instance)
    except Exception:  # the step budget, or what Python would raise: not a shape we can give
        return None
    if isinstance(out, list):
        out = tuple(out)
    if not isinstance(out, tuple) or not all(d is None or (type(d) is int and d >= 0) for d in out):
        return None
    return out


def _methods(cls: ClassValue) -> list:
    methods, todo = [], [cls]
    while todo:
        current = todo.pop()
        methods += current.methods
        todo += current.parents
    return methods


def instantiate(builder, cls: ClassValue, node, args, kwargs, register=True) -> ModelSpec:
    """`register`: a model (listed in the file's models), or a layer made of layers (only a row)."""
    # Named where its __init__ calls keras.Model's (super_init), as Keras names it; or after it.
    model = ModelSpec(None, None, None, [], kind="subclassed", class_name=cls.name, layer_only=not register)
    if register:
        builder.register(model, node)
    else:
        builder.model_nodes[id(model)] = node
        builder.interp.want_span(model, "span", node)
    instance = builder.instances[id(model)] = construct(builder, cls, args, kwargs, model)
    builder.subclassed.append(model)
    if model.name is None:
        super_init(builder, model, kwargs)
    model.layers = [builder.model_as_layer(v) if isinstance(v, ModelSpec) else v
                    for v in tracked_layers(instance.attrs.values())]
    model.int_attrs = {k: v for k, v in instance.attrs.items() if type(v) is int}  # a cell's state_size
    return model


def super_init(builder, model: ModelSpec, kwargs) -> None:
    """keras.Model.__init__(name=...) on a subclass: the name given, or the next auto-name of the class."""
    if model.name is None:
        explicit = kwargs.get("name")
        model.name = explicit if isinstance(explicit, str) else builder.auto_name(to_snake_case(model.class_name))


def tracked_layers(values, seen=None) -> list:
    """The layers among attribute values, lists, tuples and dicts of them, each once, in order."""
    seen = set() if seen is None else seen
    found = []
    for value in values:
        if isinstance(value, (LayerSpec, ModelSpec)):
            if id(value) not in seen:
                seen.add(id(value))
                found.append(value)
        elif isinstance(value, (list, tuple)):
            found += tracked_layers(value, seen)
        elif isinstance(value, dict):
            found += tracked_layers(value.values(), seen)
    return found


def trace(builder, model: ModelSpec, x, node, args, kwargs) -> None:
    """The first call of a subclassed model builds it: run its call() on a symbolic input. Later
    calls, and calls after one that could not be followed, build nothing."""
    if model.inputs or model.unread is not None:
        return
    fn = builder.instances[id(model)].cls.method("call")
    if fn is None:
        model.unread = Unknown(f"class {model.class_name} has no call()")
        return
    # Keras makes no InputLayer for a subclassed model: this one only carries the input's shape.
    source = LayerSpec("InputLayer", "Input", [], None, f"{model.name}_input")
    if isinstance(x, ArrayValue):
        source.batch_shape = tuple(x.shape)  # an eager call keeps the array's batch size
    elif isinstance(x, Tensor) or x is FED:
        source.batch_shape = None  # the shape of the tensor it is called on, known at inference
    else:
        source.batch_shape = x if isinstance(x, Unknown) else Unknown(node=node)
    start = Node(source, [], 0)
    start.outputs.append(Tensor(start))
    source.nodes.append(start)
    run = Trace(model, len(builder.interp.uncertain))
    builder.traces.append(run)
    try:
        result = builder.interp.call_function(fn, [start.outputs[0]] + list(args[1:]), kwargs,
                                              self_value=builder.instances[id(model)])
    finally:
        builder.traces.pop()
    outputs = flatten(result)
    tracked = {id(layer) for layer in model.layers}
    stray = next((n.layer for n in run.nodes if id(n.layer) not in tracked and not n.layer.operation), None)
    others = [v for v in outputs if not isinstance(v, Tensor)]  # (one may be None: `return` of nothing)
    if run.reason is not None:
        model.unread = run.reason
    elif stray is not None:
        model.unread = Unknown(f"its call() uses `{stray.written_name}`, a layer its __init__ does not set")
    elif not outputs or others:
        model.unread = others[0] if others and isinstance(others[0], Unknown) else Unknown("the value its call() returns")
    else:
        model.inputs, model.outputs = [start.outputs[0]], outputs
    model.nodes = run.nodes  # its own calls, even unread: they belong to no other model


def record(builder, call: Node) -> None:
    """A layer call made while a subclassed model's call() runs belongs to that model."""
    run = builder.traces[-1]
    run.nodes.append(call)
    if run.reason is None:
        if len(builder.interp.uncertain) > run.depth:
            run.reason = builder.interp.uncertain[-1]
        else:
            run.reason = next((t for t in call.inputs if isinstance(t, Unknown)), None)
