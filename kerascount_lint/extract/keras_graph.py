"""A functional model's graph, laid out as Keras lays it out (keras/src/ops/function.py, map_graph):
which calls belong to the model, the order Keras runs them in, and the order of `model.layers`."""
from __future__ import annotations

from collections import Counter

from dataclasses import dataclass, field

from kerascount_lint.datatypes import Node, Tensor


@dataclass
class Graph:
    nodes: list  # [Node] from the inputs to the outputs, each after the nodes that feed it
    layers: list  # [LayerSpec] in Keras's model.layers order
    disconnected: list = field(default_factory=list)  # indexes of outputs the inputs cannot compute
    duplicate_names: list = field(default_factory=list)


def is_input(node: Node) -> bool:
    return node.layer.class_name == "InputLayer"


def map_graph(inputs: list, outputs: list) -> Graph:
    """`inputs` and `outputs` are flat lists of Tensor; anything else in them is skipped."""
    input_ids = {id(t) for t in inputs}
    finished, order, first_seen = set(), [], {}
    # Keras's _build_map is a recursive depth-first walk; this is the same walk with a stack,
    # so a chain of thousands of calls cannot exhaust Python's recursion limit.
    for output in outputs:
        stack = [(output, False)]
        while stack:
            tensor, expanded = stack.pop()
            if not isinstance(tensor, Tensor):
                continue
            node = tensor.node
            if expanded:
                if node not in finished:
                    finished.add(node)
                    order.append(node)
                continue
            if node in finished:
                continue
            if not is_input(node) and id(tensor) in input_ids:
                finished.add(node)
                continue
            first_seen.setdefault(node.layer, len(first_seen))
            stack.append((tensor, True))
            if not is_input(node):
                stack.extend((t, False) for t in reversed(node.inputs))
    in_graph = set(order)
    node_depth, layer_depth = {}, {}
    for node in reversed(order):
        depth = max(node_depth.setdefault(node, 0), layer_depth.get(node.layer, 0))
        layer_depth[node.layer] = node_depth[node] = depth
        for t in node.inputs:
            if isinstance(t, Tensor) and t.node in in_graph:
                node_depth[t.node] = max(depth + 1, node_depth.get(t.node, 0))
    for t in inputs:
        if isinstance(t, Tensor) and t.node.layer not in layer_depth and is_input(t.node):
            layer_depth[t.node.layer] = 0
            first_seen[t.node.layer] = -1
            order.insert(0, t.node)
    layers = sorted(layer_depth, key=lambda layer: (-layer_depth[layer], first_seen[layer]))
    counts = Counter(layer.name for layer in layers)
    duplicates = sorted(n for n, k in counts.items() if k > 1)
    return Graph(order, layers, _disconnected(inputs, outputs, order), duplicates)


def _disconnected(inputs, outputs, order) -> list:
    """Keras runs the graph from the given inputs only: an output they cannot reach is refused."""
    computable = {id(t) for t in inputs}
    for node in order:
        if is_input(node):
            continue
        if all(isinstance(t, Tensor) and id(t) in computable for t in node.inputs):
            computable.update(id(t) for t in node.outputs)
    return [i for i, t in enumerate(outputs) if isinstance(t, Tensor) and id(t) not in computable]


def flatten(value) -> list:
    """Keras's tree.flatten: lists and tuples in order, dicts by sorted key."""
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in flatten(item)]
    if isinstance(value, dict):
        try:
            keys = sorted(value)
        except TypeError:
            keys = list(value)
        return [leaf for key in keys for leaf in flatten(value[key])]
    return [value]
