"""Plain data passed between the stages: extraction -> inference -> rules -> output."""
from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass
class ArgSpec:
    """One argument as written: keyword (None when positional), value, and where it is."""

    keyword: Optional[str]
    value: Any
    span: Optional[Span]
    keyword_span: Optional[Span] = None


@dataclass
class LayerSpec:
    """A layer constructor call as extraction saw it."""

    class_name: str  # canonical Keras class, aliases resolved
    written_name: str  # as written in the source (Convolution2D, MaxPool2D, ...)
    args: list  # [ArgSpec]
    span: Optional[Span]
    name: str  # Keras auto-name or name=
    trainable: Any = True
    model: Optional["ModelSpec"] = None  # a Sequential used as a layer
    custom: bool = False  # an instance of the file's own subclass of a Keras layer
    application: Optional[str] = None  # a keras.applications model (VGG16, ...) used as a layer
    # `for layer in base.layers[:-4]: layer.trainable = False`, in order: ((index or slice, ...), value)
    sublayer_trainable: list = field(default_factory=list)


@dataclass
class ModelSpec:
    """A Sequential model as extraction rebuilt it."""

    variable: Optional[str]
    name: str
    span: Optional[Span]
    layers: list  # [LayerSpec]
    input_shape: Any = None  # tuple without batch, Unknown, or None (not given)
    input_span: Optional[Span] = None
    build_shape: Any = None  # from model.build((None, ...))
    uncertain: list = field(default_factory=list)  # [Unknown]: control flow we could not follow
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
    nested: Optional["ModelResult"] = None  # a Sequential used as this layer, inferred in place

    @property
    def params(self) -> Optional[int]:
        if self.trainable_params is None or self.non_trainable_params is None:
            return None
        return self.trainable_params + self.non_trainable_params


@dataclass
class ModelResult:
    spec: ModelSpec
    layers: list  # [LayerResult]
    built: bool
    complete: bool

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


@dataclass
class FileResult:
    path: str
    models: list  # [ModelResult]
    diagnostics: list  # [Diagnostic]
    source: Optional[str] = None
    cells: Optional[dict] = None  # notebooks: cell number -> its source lines, as the spans count them

    def source_line(self, span: Span) -> Optional[str]:
        if self.cells is not None and span.cell is not None:
            lines = self.cells.get(span.cell, [])
        else:
            lines = self.source.splitlines() if self.source else []
        return lines[span.line - 1] if 0 < span.line <= len(lines) else None
