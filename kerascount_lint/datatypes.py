"""Plain data passed between the stages: extraction -> inference -> rules -> output."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Optional, Tuple, Union


class _UnknownDim:
    """A dimension the analysis could not know (as opposed to Keras's own `None`)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self):
        return "?"

    def __reduce__(self):
        return (_UnknownDim, ())


UNKNOWN_DIM = _UnknownDim()
Dim = Union[int, None, _UnknownDim]
Shape = Tuple[Dim, ...]  # batch axis first, as Keras prints it


class Problem(str, Enum):
    """What a stage before rules/ found, by kind. rules/ gives each its code, severity and docs
    (the value is the rule's name), so no other stage knows a code."""

    SYNTAX_ERROR = "syntax-error"
    UNKNOWN_ARGUMENT = "unknown-argument"
    INVALID_ARGUMENT_VALUE = "invalid-argument-value"
    MISSING_OR_EXTRA_ARGUMENT = "missing-or-extra-argument"
    LEGACY_ARGUMENT = "legacy-argument"
    REMOVED_API = "removed-api"
    MODEL_NOT_BUILT = "model-not-built"
    INCOMPATIBLE_RANK = "incompatible-rank"
    NON_POSITIVE_DIMENSION = "non-positive-dimension"
    RESHAPE_SIZE_MISMATCH = "reshape-size-mismatch"
    INCOMPATIBLE_INPUTS = "incompatible-inputs"
    INVALID_GRAPH = "invalid-graph"
    UNRESOLVED_VALUE = "unresolved-value"
    ASSUMED_DEFAULT_CONFIG = "assumed-default-config"
    MODEL_NOT_REBUILT = "model-not-rebuilt"
    UNUSED_NOQA = "unused-noqa"


def label(spec) -> str:
    """`dense_1 (Dense)`: how every message names a layer."""
    return f"{spec.name} ({spec.class_name})"


def shape_text(shape) -> str:
    """`(None, 28, 28, 10)` as Keras prints it, `?` where unknown; several tensors print as Keras
    prints them: `[(None, 2), (None, 3)]`. Every stage's messages and every output share it."""
    if shape is None:
        return "?"
    if isinstance(shape, dict):
        shape = list(shape.values())
    if isinstance(shape, list):
        return "[" + ", ".join(shape_text(s) for s in shape) + "]"
    parts = ["None" if d is None else "?" if d is UNKNOWN_DIM else str(d) for d in shape]
    return f"({parts[0]},)" if len(parts) == 1 else "(" + ", ".join(parts) + ")"


@dataclass(frozen=True)
class Span:
    """1-based line and column, end exclusive, like Ruff's location/end_location."""

    line: int
    column: int
    end_line: int
    end_column: int
    cell: Optional[int] = None  # in a notebook: the 1-based cell, and lines count within it


@dataclass
class Diagnostic:
    code: str
    message: str
    span: Optional[Span]
    severity: str = "error"
    fix: Optional["Fix"] = None
    anchor: Optional[Span] = None  # the enclosing call: `# noqa` on its first or last line counts
    related: tuple = ()  # ((Span, message), ...): other places it is about (SARIF relatedLocations)


@dataclass(frozen=True)
class Fix:
    """Text replacements over spans of the original source, applied together."""

    title: str
    edits: tuple  # ((Span, replacement), ...)


@dataclass(frozen=True)
class LossSpec:
    """The loss given to model.compile(): a name as Keras spells it, and from_logits."""

    name: str
    from_logits: Any = False


class Unknown:
    """A value that cannot be known statically. `origin` is the source text that blocked it.

    The text is rendered only when someone asks: most unknowns (print(...), model.fit(...))
    are never reported.
    """

    __slots__ = ("_origin", "_node")

    def __init__(self, origin: Optional[str] = None, node: Any = None):
        self._origin = origin
        self._node = node

    @property
    def origin(self) -> str:
        if self._origin is None:
            import libcst

            self._origin = libcst.Module([]).code_for_node(self._node).strip() if self._node else "?"
        return self._origin

    def __repr__(self):
        return f"Unknown({self.origin!r})"

    def __eq__(self, other):
        return isinstance(other, Unknown) and other.origin == self.origin

    __hash__ = None


class KerasObject(Unknown):
    """A Keras object made by a call the tool does not evaluate (`keras.constraints.MaxNorm(3)`):
    unknown as a value, but where in Keras it comes from is known."""

    __slots__ = ("path",)

    def __init__(self, path: tuple, node: Any = None):
        super().__init__(None, node)
        self.path = path

    def family(self) -> Optional[str]:
        return keras_family(self.path)


def keras_family(path: tuple) -> Optional[str]:
    """'constraint', 'regularizer' or 'initializer', from a Keras path's module; None for anything else."""
    return next((f[:-1] for f in ("constraints", "regularizers", "initializers") if f in path), None)


@dataclass(frozen=True)
class Elementwise:
    """A function given to a layer (Lambda) that applies to each element and keeps the shape:
    `lambda x: x / 255`, `keras.ops.cast`, an activation."""

    origin: str


@dataclass
class ArgSpec:
    """One argument as written: keyword (None when positional), value, and where it is."""

    keyword: Optional[str]
    value: Any
    span: Optional[Span]
    keyword_span: Optional[Span] = None


@dataclass(eq=False)
class LayerSpec:
    """A layer constructor call as extraction saw it. Compared by identity: one instance is one
    layer, however often it is called."""

    class_name: str  # canonical Keras class, aliases resolved
    written_name: str  # as written in the source (Convolution2D, MaxPool2D, ...)
    args: list  # [ArgSpec]
    span: Optional[Span]
    name: str  # Keras auto-name or name=
    trainable: Any = True
    model: Optional["ModelSpec"] = None  # a Sequential used as a layer
    custom: bool = False  # an instance of the file's own subclass of a Keras layer
    keras_class: Optional[str] = None  # a subclass that keeps its parent's rules: the parent (Dropout)
    dtype_policy: Optional[str] = None  # keras.mixed_precision's global policy when the layer was made
    application: Optional[str] = None  # a keras.applications model (VGG16, ...) used as a layer
    # `for layer in base.layers[:-4]: layer.trainable = False`, in order: ((index or slice, ...), value)
    sublayer_trainable: list = field(default_factory=list)
    nodes: list = field(default_factory=list)  # [Node]: each call on symbolic tensors, in call order
    batch_shape: Any = None  # an InputLayer's shape, batch axis first (a tuple, or Unknown)
    operation: bool = False  # `x + y` on tensors: a keras.ops Operation, not one of model.layers
    # A weightless custom layer's compute_output_shape, as extraction evaluates it: input shape -> output
    # shape (None where it cannot be evaluated). Called by inference; never serialized.
    shape_rule: Optional[Any] = field(default=None, repr=False, compare=False)


@dataclass(eq=False)
class Node:
    """One call of a layer on symbolic tensors: `Dense(8)(x)`. The edges of a model's graph."""

    layer: LayerSpec
    inputs: list  # [Tensor], flattened in Keras's order
    index: int  # the layer's n-th call, Keras's node_index
    span: Optional[Span] = None
    multi: bool = False  # called on a list of tensors (merge layers), not on one
    keywords: list = field(default_factory=list)  # per input: its call() keyword, or its position
    outputs: list = field(default_factory=list)  # [Tensor] it returns; more than one when unpacked


@dataclass(eq=False)
class Tensor:
    """A symbolic tensor: output `index` of `node`."""

    node: Node
    index: int = 0


@dataclass(eq=False)
class ModelSpec:
    """A model as extraction rebuilt it: a graph of layer calls.

    A Sequential model is the chain case: `layers` in order, each fed by the one before.
    A functional model (`keras.Model(inputs, outputs)`) has `nodes`, the calls between its
    `inputs` and `outputs` in the order Keras runs them, and `layers` in Keras's own order.
    """

    variable: Optional[str]
    name: str
    span: Optional[Span]
    layers: list  # [LayerSpec]
    input_shape: Any = None  # tuple without batch, Unknown, or None (not given)
    input_span: Optional[Span] = None
    build_shape: Any = None  # from model.build((None, ...))
    batch_size: Any = None  # a concrete batch size stated by Input(batch_size=) or build((5, 4))
    kind: str = "sequential"  # or "functional", or "subclassed" (a class of the file: its call() traced)
    class_name: Optional[str] = None  # subclassed: the file's class (Net)
    layer_only: bool = False  # subclassed from keras.layers.Layer: a row of other models, not a model
    int_attrs: dict = field(default_factory=dict)  # layer_only: the ints its __init__ set (units, state_size)
    inputs: list = field(default_factory=list)  # functional: [Tensor]
    outputs: list = field(default_factory=list)  # functional: [Tensor]
    output_keys: list = field(default_factory=list)  # functional, outputs given as a dict: its keys, in order
    nodes: list = field(default_factory=list)  # functional: [Node] in run order
    as_layer: Optional[LayerSpec] = field(default=None, repr=False)  # when nested or called as a layer
    uncertain: list = field(default_factory=list)  # [Unknown]: control flow we could not follow
    unread: Optional[Unknown] = None  # subclassed: why its call() could not be followed (then no counts)
    loss: Any = None
    loss_span: Optional[Span] = None
    trainable: Any = True


@dataclass
class LayerResult:
    spec: LayerSpec
    input_shape: Optional[Shape]
    output_shape: Optional[Shape]  # None: unknown
    trainable_params: Optional[int]
    non_trainable_params: Optional[int]
    formula: Optional[str] = None  # the arithmetic, for --explain
    last_axis: Optional[int] = None  # known last axis of an output whose rank is unknown
    args: dict = field(default_factory=dict)  # every parameter, given or default, as Keras binds them
    nested: Optional["ModelResult"] = None  # a model used as this layer, inferred in place
    unbuilt: bool = False  # Keras has made no weights for it yet: summary() shows "0 (unbuilt)"
    # The graph around this layer in its model: the layers that feed it and that it feeds.
    parents: list = field(default_factory=list, repr=False)
    children: list = field(default_factory=list, repr=False)
    connected_to: list = field(default_factory=list)  # functional: [(layer name, node index, tensor index)]
    # Compute for one example (catalogue.base.Out says the convention); None: not known.
    macs: Optional[int] = None
    elementwise: Optional[int] = None
    compute: Optional[str] = None  # the MACs arithmetic, for --explain
    dtype_bytes: int = 4  # of the output: float32 unless dtype= or a mixed-precision policy says otherwise

    @property
    def params(self) -> Optional[int]:
        if self.trainable_params is None or self.non_trainable_params is None:
            return None
        return self.trainable_params + self.non_trainable_params

    @property
    def flops(self) -> Optional[int]:
        if self.macs is None or self.elementwise is None:
            return None
        return 2 * self.macs + self.elementwise

    @property
    def activation_bytes(self) -> Optional[int]:
        """The output's size for one example, in its dtype (float32 by default)."""
        shapes = self.output_shape if isinstance(self.output_shape, list) else [self.output_shape]
        total = 0
        for shape in shapes:
            if shape is None:
                return None
            n = 1
            for d in shape[1:]:
                if type(d) is not int:
                    return None
                n *= d
            total += n
        return self.dtype_bytes * total


@dataclass
class ModelResult:
    spec: ModelSpec
    layers: list  # [LayerResult], in Keras's model.layers order
    built: bool
    complete: bool
    input_shapes: list = field(default_factory=list)  # [Shape or None]
    output_shapes: list = field(default_factory=list)  # [Shape or None]
    outputs: list = field(default_factory=list)  # [LayerResult] that produce the model's outputs

    @property
    def kind(self) -> str:
        return self.spec.kind

    def _sum(self, attr) -> Optional[int]:
        if not self.complete:
            return None
        return sum(getattr(layer, attr) or 0 for layer in self.layers)

    @property
    def total_params(self):
        return self._sum("params")

    @property
    def trainable_params(self):
        return self._sum("trainable_params")

    @property
    def non_trainable_params(self):
        return self._sum("non_trainable_params")

    # Compute: the sum over the layers, or None when one of them is not known (at_least gives what
    # is known, for "at least N").
    def _compute(self, attr) -> Optional[int]:
        values = [getattr(layer, attr) for layer in self.layers]
        return None if not self.built or any(v is None for v in values) else sum(values)

    def at_least(self, attr) -> int:
        return sum(getattr(layer, attr) or 0 for layer in self.layers) if self.built else 0

    @property
    def total_macs(self):
        return self._compute("macs")

    @property
    def total_elementwise(self):
        return self._compute("elementwise")

    @property
    def total_flops(self):
        return self._compute("flops")

    @property
    def activation_bytes(self):
        return self._compute("activation_bytes")


@dataclass
class FileResult:
    path: str
    models: list  # [ModelResult]
    diagnostics: list  # [Diagnostic]
    source: Optional[str] = None
    cells: Optional[dict] = None  # notebooks: cell number -> its source lines, as the spans count them
    unread: Optional[tuple] = None  # what unread_models() gave, for a result read back from a cache

    def unread_models(self) -> list:
        """The models a clean result must not pass: ("not rebuilt", name, class, what call() depends on)
        for a subclass whose call() was not followed, ("uncounted", name) for shapes known only at run time."""
        if self.unread is not None:
            return list(self.unread)
        out = [("not rebuilt", m.spec.variable or m.spec.name, m.spec.class_name, m.spec.unread.origin)
               for m in self.not_rebuilt]
        return out + [("uncounted", m.spec.variable or m.spec.name) for m in self.models
                      if m.spec.unread is None and m.built and m.total_params is None]

    def reported(self) -> "FileResult":
        """What `check` prints of this file and nothing more: its findings, the source they quote,
        and what could not be read. A check of 10,000 files then holds no model, and no source of a
        file with nothing to quote."""
        quoted = bool(self.diagnostics)
        return FileResult(self.path, [], self.diagnostics, self.source if quoted else None,
                          self.cells if quoted else None, tuple(self.unread_models()))

    @property
    def not_rebuilt(self) -> list:
        """Models found but not rebuilt (a subclassed keras.Model whose call() we could not follow):
        never to be passed as clean."""
        return [m for m in self.models if m.spec.unread is not None]

    def source_line(self, span: Span) -> Optional[str]:
        if self.cells is not None and span.cell is not None:
            lines = self.cells.get(span.cell, [])
        else:
            lines = self._lines()
        return lines[span.line - 1] if 0 < span.line <= len(lines) else None

    def _lines(self) -> list:
        """The source's lines, split once per file (a file's findings each quote one)."""
        cached = self.__dict__.get("_split")
        if cached is None or cached[0] is not self.source:
            cached = self.__dict__["_split"] = (self.source, self.source.splitlines() if self.source else [])
        return cached[1]
