"""What a name can hold while we interpret model code: constants, Keras references, our specs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

KERAS_ROOTS = ("keras", "tensorflow", "tf_keras")


@dataclass(frozen=True)
class KerasRef:
    """A dotted path into Keras as written (`tf.keras.layers.Dense` -> ("tensorflow","keras","layers","Dense"))."""

    path: tuple

    def keras_path(self) -> Optional[tuple]:
        """The path from `keras` on, or None when it does not lead into Keras."""
        if self.path[0] in ("keras", "tf_keras"):
            return ("keras",) + self.path[1:]
        if "keras" in self.path:
            return self.path[self.path.index("keras"):]
        return None


@dataclass(frozen=True)
class Foreign:
    """Anything from a module that is not Keras (torch, numpy, the user's own)."""

    name: str


def import_ref(path: tuple):
    return KerasRef(path) if path[0] in KERAS_ROOTS else Foreign(".".join(path))


@dataclass
class Function:
    node: Any  # libcst FunctionDef
    scope: Any  # defining Scope
    defaults: dict
    owner: Optional["ClassValue"] = None
    called: bool = False
    top: Any = None  # the module-level statement it was defined in: its body lies inside it


@dataclass
class ClassValue:
    name: str
    keras_layer: bool  # subclasses a Keras Layer/Model: a custom layer
    keras_model: bool = False  # subclasses keras.Model: a model whose call() we do not rebuild
    keras_base: Optional[str] = None  # the Keras layer class it inherits from (Dropout, Dense, ...)
    overrides: set = field(default_factory=set)  # the methods it (or a base of the file's) defines
    methods: list = field(default_factory=list)
    instance: Optional["Instance"] = None
    parents: list = field(default_factory=list)  # the bases that are classes of the file

    def method(self, name: str) -> Optional[Function]:
        """The method Python would find: the class's own, else its bases' in order."""
        own = next((fn for fn in self.methods if fn.node.name.value == name), None)
        if own is not None:
            return own
        return next((fn for fn in (p.method(name) for p in self.parents) if fn is not None), None)


@dataclass
class Instance:
    cls: ClassValue
    attrs: dict = field(default_factory=dict)  # in the order they were set, as Keras tracks layers
    keras_model: Any = None  # the ModelSpec this object is, for a subclass of keras.Model


@dataclass
class Super:
    """`super()` inside a method of `cls`, on `instance`: what it finds comes after `cls`."""

    instance: Instance
    cls: ClassValue


@dataclass
class BoundMethod:
    target: Any
    name: str


@dataclass(frozen=True)
class Builtin:
    name: str


@dataclass(frozen=True)
class AppLayers:
    """`base.layers` (or a slice of it, or one of its layers) of a keras.applications model."""

    spec: Any  # the application's LayerSpec
    picks: tuple = ()  # indexes and slices applied to base.layers, in order


@dataclass(frozen=True)
class ArrayValue:
    """A NumPy array whose shape the file states (np.zeros((100, 28, 28, 1)), .reshape(-1, 28, 28, 1)).
    Dimensions that are not certain are Unknown."""

    shape: tuple


@dataclass(frozen=True)
class Partial:
    """functools.partial(func, *args, **kwargs): textbooks' layer factories."""

    func: Any
    args: tuple
    kwargs: dict
    specs: tuple  # the ArgSpecs of args and kwargs, where the partial( call wrote them


@dataclass(frozen=True)
class LambdaValue:
    """`lambda x: ...`: kept as written, for what can be told from its body alone."""

    node: Any  # libcst Lambda
