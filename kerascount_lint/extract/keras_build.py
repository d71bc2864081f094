"""Keras model building, as the evaluator meets it: layer constructors, `Sequential`, `keras.Input`,
layer calls on symbolic tensors, `keras.Model(inputs, outputs)`, pretrained bases and freezing.

The evaluator (interpreter.py) hands every value it does not know to `attribute`, `call`,
`assign_attribute`, `subscript`, `iterate` and `builtin` here; each answers NOT_MINE when the
value is not Keras's.
"""
from __future__ import annotations

import functools

import libcst as cst

from kerascount_lint.catalogue import applications, datasets, entries, removed_api
from kerascount_lint.catalogue.operators import OPERATOR_CLASSES
from kerascount_lint.catalogue.signatures import KerasSignatures, input_shape_of, shape_keywords
from kerascount_lint.datatypes import (
    ArgSpec,
    Elementwise,
    KerasObject,
    LayerSpec,
    LossSpec,
    ModelSpec,
    Node,
    Problem,
    Tensor,
    Unknown,
    keras_family,
)
from kerascount_lint.extract import keras_migration, keras_subclassed, numpy_shapes
from kerascount_lint.extract.keras_graph import flatten, map_graph
from kerascount_lint.extract.keras_names import to_snake_case
from kerascount_lint.extract.values import (
    AppLayers,
    ArrayValue,
    BoundMethod,
    ClassValue,
    KerasRef,
    LambdaValue,
)

NOT_MINE = NotImplemented
MODEL_METHODS = {"add", "pop", "build", "compile", "summary", "fit", "evaluate", "predict", "save",
                 "train_on_batch", "test_on_batch", "predict_on_batch", "get_layer"}
DATA_METHODS = {"fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch"}
INPUT_NAMES = {"Input"}
SEQUENTIAL_NAMES = {"Sequential"}
FUNCTIONAL_NAMES = {"Model", "Functional"}
# A layer subclass that defines one of these has its own shapes or weights: it is a custom layer.
SHAPE_METHODS = {"__init__", "build", "compute_output_shape"}
# keras.layers.add([a, b]) is Add()([a, b]); the second positional argument of these names an option.
MERGE_FUNCTIONS = {"add": ("Add", None), "subtract": ("Subtract", None), "multiply": ("Multiply", None),
                   "average": ("Average", None), "maximum": ("Maximum", None), "minimum": ("Minimum", None),
                   "concatenate": ("Concatenate", "axis"), "dot": ("Dot", "axes")}


class KerasBuilder:
    def __init__(self, interp, signatures: KerasSignatures, shape_of=None):
        self.interp = interp
        self.sigs = signatures
        self.shape_of = shape_of  # a symbolic tensor -> its shape (tuple) or None, from the shape rules
        self.models: list[ModelSpec] = []
        self.layers: list[LayerSpec] = []  # every layer constructed, in or out of a model
        self.seen_model_nodes: set = set()
        self.model_nodes: dict = {}  # id(ModelSpec) -> its Sequential( or Model( call
        self.uid: dict = {}
        self.image_data_format = "channels_last"
        self.dtype_policy = None  # keras.mixed_precision.set_global_policy(...), once called
        # (kind, message, node, fix or None): what Keras refuses while reading the file (a graph it
        # cannot wire, an API Keras 3 removed); fix is (title, ((node, replacement), ...)).
        self.problems: list = []
        self.input_calls: dict = {}  # InputLayer LayerSpec -> its Input( call
        self.instances: dict = {}  # id(subclassed ModelSpec) -> the object its methods run on
        self.subclassed: list = []  # every subclassed ModelSpec, layers made of layers included
        self.traces: list = []  # subclassed models whose call() is running, innermost last
        self.calls: list = []  # every call on symbolic tensors (layers and operators), in order

    # ---- names --------------------------------------------------------------------------
    def auto_name(self, prefix: str) -> str:
        n = self.uid.get(prefix, 0)
        self.uid[prefix] = n + 1
        return prefix if n == 0 else f"{prefix}_{n}"

    def unbound_name(self, name: str):
        """An unbound layer name, as on slides with no imports: nothing but Keras is meant."""
        if name == "keras":  # `keras.optimizers.Adam(...)` in a snippet that leaves out `import keras`
            return KerasRef(("keras",))
        if name in SEQUENTIAL_NAMES:
            return KerasRef(("keras", "models", name))
        if name in INPUT_NAMES or name in MERGE_FUNCTIONS or self.sigs.canonical(name):
            return KerasRef(("keras", "layers", name))
        return None

    # ---- the evaluator's hooks ----------------------------------------------------------
    def attribute(self, owner, attr: str, node):
        if isinstance(owner, KerasRef):
            return KerasRef(owner.path + (attr,))
        if isinstance(owner, ModelSpec):
            if attr in MODEL_METHODS or removed_api.method(attr) is not None:
                return BoundMethod(owner, attr)
            if attr in ("layers", "input", "inputs", "output", "outputs"):
                self.sequential_graph(owner)
            if attr in ("input", "output") and owner.kind == "sequential" and owner.as_layer is None \
                    and owner.build_shape is None:
                keras_migration.never_called(self, owner, attr, node)
                tensors = owner.inputs if attr == "input" else owner.outputs  # read on as if fixed
                return tensors[0] if tensors else Unknown(node=node)
            if attr == "layers":
                return [layer for layer in owner.layers if not layer.operation]
            if attr == "trainable":
                return owner.trainable
            if attr in ("input", "inputs") and owner.inputs:
                return owner.inputs[0] if attr == "input" and len(owner.inputs) == 1 else list(owner.inputs)
            if attr in ("output", "outputs") and owner.outputs:
                return owner.outputs[0] if attr == "output" and len(owner.outputs) == 1 else list(owner.outputs)
            return Unknown(node=node)
        if isinstance(owner, LayerSpec):
            if attr == "trainable":
                return owner.trainable
            if owner.application and attr == "layers":
                return AppLayers(owner)
            if attr == "output" and owner.nodes and owner.nodes[0].outputs:
                return owner.nodes[0].outputs[0]
            return Unknown(node=node)
        if isinstance(owner, Tensor) and attr == "shape":
            return self.tensor_shape(owner, node)
        if isinstance(owner, AppLayers) and attr == "name":
            one = applications.one_layer(owner.spec, owner.picks)
            return one[0] if one is not None else Unknown(node=node)
        if isinstance(owner, (Tensor, AppLayers)):
            return Unknown(node=node)
        return NOT_MINE

    def tensor_shape(self, tensor: Tensor, node):
        """`x.shape`: a tuple, batch axis first (None where Keras has None); an unknown dimension is Unknown."""
        # Inside a subclassed model's call(), the input's shape arrives only with inference.
        shape = self.shape_of(tensor) if self.shape_of is not None and not self.traces else None
        if not isinstance(shape, tuple):
            return Unknown(node=node)
        return tuple(d if d is None or type(d) is int else Unknown(node=node) for d in shape)

    def call(self, func, node, args, kwargs, specs):
        if isinstance(func, KerasRef):
            return self.call_keras(func, node, args, kwargs, specs)
        if isinstance(func, BoundMethod) and isinstance(func.target, ModelSpec):
            return self.call_model_method(func.target, func.name, node, args, kwargs)
        if isinstance(func, (LayerSpec, ModelSpec)):
            return self.call_layer(func, node, args, kwargs)
        if isinstance(func, ClassValue) and func.keras_model:
            return self.make_subclassed(func, node, args, kwargs)
        if isinstance(func, ClassValue) and func.keras_layer and keras_subclassed.declares_shape(self, func):
            layer = self.make_layer(func.name, func.name, node, specs)
            layer.custom = True
            layer.shape_rule = functools.partial(keras_subclassed.declared_shape, self,
                                                 keras_subclassed.construct(self, func, args, kwargs))
            return layer
        if isinstance(func, ClassValue) and func.keras_layer and keras_subclassed.composite(self, func):
            # A layer made of layers (a transformer block): one row, counted as Keras builds it.
            return self.model_as_layer(keras_subclassed.instantiate(self, func, node, args, kwargs, register=False))
        if isinstance(func, ClassValue) and func.keras_layer:
            layer = self.make_layer(func.name, func.name, node, specs)
            if func.keras_base and not func.overrides & SHAPE_METHODS:
                layer.keras_class = func.keras_base  # a subclass that keeps its parent's shapes and weights
            else:
                layer.custom = True
            return layer
        return NOT_MINE

    def assign_attribute(self, owner, attr, value) -> bool:
        if attr != "trainable":
            return False
        if isinstance(owner, (LayerSpec, ModelSpec)):
            _set_trainable(owner, value)
        elif isinstance(owner, AppLayers):
            if self.interp.uncertain:  # inside an `if` we cannot decide: which layers is not known
                owner.spec.trainable = Unknown(f"`trainable` set on some layers of {owner.spec.written_name}")
            else:
                owner.spec.sublayer_trainable.append((owner.picks, value))
        elif isinstance(owner, list):
            for item in owner:
                if isinstance(item, (LayerSpec, ModelSpec)):
                    item.trainable = value
        else:
            return False
        return True

    def subscript(self, owner, key, node):
        """`base.layers[:-4]`: `key` is the evaluated index or slice (or Unknown)."""
        if not isinstance(owner, AppLayers):
            return NOT_MINE
        valid = type(key) is int or (isinstance(key, slice) and all(
            part is None or type(part) is int for part in (key.start, key.stop, key.step)) and key.step != 0)
        if not valid:
            key = Unknown(node=node)
        return AppLayers(owner.spec, owner.picks + (key,))

    def iterate(self, items):
        """`for layer in base.layers[:-4]:` runs its body on each layer, where the table knows their
        names and classes (`if layer.name == 'block5_conv1':`); else once, on the picked layers together."""
        if not isinstance(items, AppLayers):
            return NOT_MINE
        return self.each_layer(items) or [items]

    def each_layer(self, items: AppLayers) -> list:
        identities = applications.layer_identities(items.spec)
        chosen = applications.picked(len(identities), items.picks) if identities is not None else None
        return [AppLayers(items.spec, items.picks + (i,)) for i in range(len(chosen))] if chosen else []

    def builtin(self, name, args, node):
        if name == "isinstance" and len(args) == 2 and isinstance(args[0], (LayerSpec, ModelSpec)):
            return self.is_instance(args[0], args[1], node)
        if name == "isinstance" and len(args) == 2 and isinstance(args[0], AppLayers):
            one = applications.one_layer(args[0].spec, args[0].picks)
            refs = args[1] if isinstance(args[1], tuple) else (args[1],)
            if one is None or not all(isinstance(r, KerasRef) and r.keras_path() for r in refs):
                return Unknown(node=node)
            return any((self.sigs.canonical(r.path[-1]) or r.path[-1]) in (one[1], "Layer", "Operation")
                       for r in refs)
        if name == "enumerate" and len(args) == 1 and isinstance(args[0], AppLayers) and self.each_layer(args[0]):
            return list(enumerate(self.each_layer(args[0])))
        for arg in args:
            if isinstance(arg, AppLayers):
                if name == "len" and len(args) == 1:
                    count = applications.layer_count(arg.spec, arg.picks)
                    return count if count is not None else Unknown(node=node)
                # enumerate(base.layers), zip(...): a walk over the base's layers we do not follow.
                arg.spec.trainable = Unknown(f"{name}({self.interp.code(node.args[0].value)})")
                return Unknown(node=node)
        return NOT_MINE

    def is_instance(self, value, classes, node):
        """`isinstance(layer, keras.layers.Dropout)` over a model's layers. A subclass of the file's
        own counts as its parent; anything not a Keras class stays unknown."""
        refs = classes if isinstance(classes, tuple) else (classes,)
        if not all(isinstance(r, KerasRef) and r.keras_path() for r in refs):
            return Unknown(node=node)
        if isinstance(value, ModelSpec):
            names = {"Model", "Layer", "Operation", "Sequential" if value.kind == "sequential" else "Functional"}
            return any(r.path[-1] in names for r in refs)
        mine = {value.class_name, value.keras_class, "Layer", "Operation"}
        if value.model is not None or value.application:
            mine |= {"Model", "Functional" if value.application or value.model.kind != "sequential" else "Sequential"}
        return any((self.sigs.canonical(r.path[-1]) or r.path[-1]) in mine for r in refs)

    def unpack(self, value, count: int):
        """`out, h, c = LSTM(8, return_state=True)(x)`: a call's several outputs."""
        if not isinstance(value, Tensor) or value.index != 0 or len(value.node.outputs) > count:
            return NOT_MINE
        node = value.node
        while len(node.outputs) < count:
            node.outputs.append(Tensor(node, len(node.outputs)))
        return list(node.outputs)

    def classify(self, cls: ClassValue, bases: list) -> None:
        """What a class of the file is to Keras, from its bases: a custom layer, a model, or a
        subclass of a layer the catalogue knows."""
        for base in bases:
            if isinstance(base, ClassValue):
                cls.keras_layer |= base.keras_layer
                cls.keras_model |= base.keras_model
                cls.keras_base = cls.keras_base or base.keras_base
            elif isinstance(base, KerasRef) and base.keras_path():
                cls.keras_layer = True
                cls.keras_model |= base.path[-1] in FUNCTIONAL_NAMES
                known = self.sigs.canonical(base.path[-1]) if "layers" in base.path else None
                if known and known not in ("Layer", "InputLayer"):
                    cls.keras_base = cls.keras_base or known

    # ---- constructors -------------------------------------------------------------------
    def imported(self, path: tuple, names, node):
        keras_migration.imported(self, path, names, node)

    def call_keras(self, ref: KerasRef, node, args, kwargs, specs):
        path = ref.keras_path()
        if path is None:
            return Unknown(node=node)
        keras_migration.called(self, path, node, args, kwargs)
        name = path[-1]
        top_level = len(path) == 2 or (len(path) > 2 and path[-2] == "models")
        if name in SEQUENTIAL_NAMES and top_level:
            return self.make_model(node, args, kwargs)
        if name in FUNCTIONAL_NAMES and top_level:
            return self.make_functional(node, args, kwargs)
        if name in INPUT_NAMES:
            return self.make_input(node, specs)
        if "losses" in path:
            return LossSpec(name, kwargs.get("from_logits", False))
        if name == "image_data_format":
            self.interp.notes.append((Problem.ASSUMED_DEFAULT_CONFIG, f"`{self.interp.code(node)}` is read as {self.image_data_format!r}, "
                                      "Keras's default configuration (no keras.json is consulted)", node))
            return self.image_data_format
        if name in ("set_global_policy", "set_dtype_policy") and args and isinstance(args[0], str):
            self.dtype_policy = args[0]  # layers made from now on compute in it
            return None
        if name == "set_image_data_format" and args and isinstance(args[0], str):
            self.image_data_format = args[0]
            return None
        if "datasets" in path and name == "load_data" and path[-2] in datasets.LOADERS:
            return numpy_shapes.arrays(datasets.LOADERS[path[-2]], f"{path[-2]}.load_data()")
        if name == "to_categorical" and args:
            return numpy_shapes.to_categorical(args[0], args[1] if len(args) > 1 else kwargs.get("num_classes"),
                                               node)
        if name == "pad_sequences" and args:
            return numpy_shapes.pad_sequences(args[0], kwargs.get("maxlen"), node)
        if "applications" in path and applications.known(name):
            return self.make_application(name, node, kwargs, specs)
        if "ops" in path and name in self.sigs.unary_ops and args and isinstance(args[0], Tensor):
            return self.operation(self.sigs.unary_ops[name], [args[0]], node)  # keras.ops.relu(x)
        if "layers" in path and name in MERGE_FUNCTIONS and (args or "inputs" in kwargs):
            return self.merge_function(name, node, args, kwargs, specs)
        if "layers" in path and self.sigs.canonical(name):
            return self.make_layer(name, self.sigs.canonical(name), node, specs)
        if keras_family(path):  # MaxNorm(3), l2(0.01): the rules check where they are passed
            return KerasObject(path, node)
        return Unknown(node=node)

    def make_layer(self, written, class_name, node, specs):
        explicit = next((s.value for s in specs if s.keyword == "name"), None)
        sig = self.sigs.classes.get(class_name)
        prefix = sig.auto_name if sig else to_snake_case(class_name)
        name = explicit if isinstance(explicit, str) else self.auto_name(prefix)
        trainable = next((s.value for s in specs if s.keyword == "trainable"), True)
        if self.image_data_format != "channels_last" and sig is not None and sig.accepts("data_format") \
                and all(s.keyword != "data_format" for s in specs):
            # keras.config.set_image_data_format(...) earlier in the file: the default of layers made after it.
            specs = list(specs) + [ArgSpec("data_format", self.image_data_format, None)]
        if class_name == "Lambda":
            for s in specs:
                if s.keyword in (None, "function") and isinstance(s.value, (LambdaValue, KerasRef)):
                    s.value = self.elementwise(s.value)
        spec = LayerSpec(class_name, written, specs, None, name, trainable, dtype_policy=self.dtype_policy)
        self.interp.want_span(spec, "span", node)
        if class_name == "InputLayer":
            shape = next((s.value for s in specs if s.keyword in ("shape", "input_shape")), None)
            if shape is None and specs and specs[0].keyword is None:
                shape = specs[0].value
            batch = next((s.value for s in specs if s.keyword in ("batch_shape", "batch_input_shape")), None)
            size = next((s.value for s in specs if s.keyword == "batch_size"), None)
            return self.input_tensor(spec, shape, batch, size, node)
        self.layers.append(spec)
        return spec

    def elementwise(self, function):
        """Elementwise(...) when `function` (given to a Lambda) keeps its input's shape: a Keras or
        TensorFlow element-wise op or activation, or a lambda whose body only combines its argument
        with numbers through such ops; else the function unchanged."""
        if isinstance(function, KerasRef):
            return Elementwise(".".join(function.path)) if function.path[-1] in ELEMENTWISE_OPS else function
        params = function.node.params
        if len(params.params) != 1 or isinstance(params.star_arg, cst.Param) or params.kwonly_params:
            return function
        name = params.params[0].name.value
        text = self.interp.code(function.node)
        return Elementwise(text) if _keeps_shape(function.node.body, name) else function

    def make_input(self, node, specs):
        """keras.Input(shape, batch_size, dtype, sparse, batch_shape, name, ...): an InputLayer's output."""
        given = {s.keyword: s.value for s in specs if s.keyword}
        positional = [s.value for s in specs if s.keyword is None]
        shape = positional[0] if positional else given.get("shape")
        size = positional[1] if len(positional) > 1 else given.get("batch_size")
        explicit = given.get("name")
        name = explicit if isinstance(explicit, str) else self.auto_name("input_layer")
        spec = LayerSpec("InputLayer", "Input", specs, None, name)
        self.interp.want_span(spec, "span", node)
        return self.input_tensor(spec, shape, given.get("batch_shape"), size, node)

    def input_tensor(self, spec, shape, batch_shape, batch_size, node):
        if batch_shape is not None and shape is None:
            spec.batch_shape = tuple(batch_shape) if isinstance(batch_shape, (tuple, list)) else (
                batch_shape if isinstance(batch_shape, Unknown) else Unknown(node=node))
        elif isinstance(shape, Unknown):
            spec.batch_shape = shape
        elif shape is None:
            spec.batch_shape = None
        elif isinstance(shape, (tuple, list)):
            size = batch_size if isinstance(batch_size, int) and not isinstance(batch_size, bool) else None
            spec.batch_shape = (size,) + tuple(shape)
        else:
            spec.batch_shape = shape  # not a shape: inference says what Keras says
        self.input_calls[spec] = node
        call = Node(spec, [], 0)
        call.outputs.append(Tensor(call))
        spec.nodes.append(call)
        return call.outputs[0]

    def merge_function(self, name, node, args, kwargs, specs):
        class_name, option = MERGE_FUNCTIONS[name]
        inputs = args[0] if args else kwargs["inputs"]
        layer_specs = []
        positional = 0
        for s in specs:
            if s.keyword == "inputs":
                continue
            if s.keyword is None:
                positional += 1
                if positional == 1:
                    continue  # the tensors
                if positional == 2 and option:
                    s = ArgSpec(option, s.value, s.span)
            layer_specs.append(s)
        layer = self.make_layer(name, class_name, node, layer_specs)
        return self.call_layer(layer, node, [inputs], {})

    def make_application(self, app, node, kwargs, specs):
        name = kwargs.get("name")
        if not isinstance(name, str):
            name = applications.model_name(app, kwargs.get("include_top", True), kwargs.get("input_shape"))
        spec = LayerSpec("Functional", app, specs, None, name, True, application=app)
        self.interp.want_span(spec, "span", node)
        # Its own layers are named from the same counters: what the user creates next is numbered past them.
        used = dict(applications.names_used(app, kwargs.get("include_top", True), kwargs.get("pooling")))
        if isinstance(kwargs.get("input_tensor"), Tensor) and used.get("input_layer"):
            used["input_layer"] -= 1  # a symbolic input_tensor is its input: Keras makes no InputLayer of its own
        for prefix, count in used.items():
            self.uid[prefix] = self.uid.get(prefix, 0) + count
        self.layers.append(spec)
        return spec

    def register(self, model: ModelSpec, node):
        self.interp.want_span(model, "span", node)
        self.model_nodes[id(model)] = node
        if id(node) not in self.seen_model_nodes:
            self.seen_model_nodes.add(id(node))
            self.models.append(model)

    def make_subclassed(self, cls: ClassValue, node, args, kwargs):
        return keras_subclassed.instantiate(self, cls, node, args, kwargs)

    def super_init(self, model: ModelSpec, kwargs):
        keras_subclassed.super_init(self, model, kwargs)

    # ---- Sequential ---------------------------------------------------------------------
    def make_model(self, node, args, kwargs):
        explicit = kwargs.get("name")
        name = explicit if isinstance(explicit, str) else self.auto_name("sequential")
        model = ModelSpec(None, name, None, [])
        self.register(model, node)
        items = args[0] if args else kwargs.get("layers")
        if isinstance(items, (list, tuple)):
            for item in items:
                self.add_to_model(model, item, node, rebuild=False)
            self.rebuilt(model, first=True)
        elif items is not None:
            model.uncertain.append(items if isinstance(items, Unknown) else Unknown(node=node))
        if "trainable" in kwargs:
            model.trainable = kwargs["trainable"]
        return model

    def add_to_model(self, model: ModelSpec, item, node, rebuild=True):
        if isinstance(item, Tensor) and item.node.layer.class_name == "InputLayer":
            if not model.layers and model.input_shape is None:
                batch = item.node.layer.batch_shape
                model.input_shape = batch[1:] if isinstance(batch, tuple) else batch
                model.batch_size = batch[0] if isinstance(batch, tuple) else None
                model.inputs = [item]  # its graph starts there (sequential_graph)
                self.interp.want_span(model, "input_span", self.input_calls.get(item.node.layer))
            return
        if isinstance(item, LayerSpec) and item.model is not None and item.model.layer_only:
            # A layer made of layers in a Sequential: built on what the layer before gives it.
            keras_subclassed.trace(self, item.model, keras_subclassed.FED, node, [keras_subclassed.FED], {})
        if isinstance(item, LayerSpec):
            implied = not model.layers and model.input_shape is None and _gives_input(item)
            model.layers.append(item)
            if implied:  # Sequential.add puts an InputLayer before it: the start of its graph
                self.implied_input(model, self.auto_name("input_layer"))
        elif isinstance(item, ModelSpec):
            model.layers.append(self.model_as_layer(item))
        else:
            unknown = LayerSpec("?", self.interp.code(node) if not isinstance(item, Unknown) else item.origin,
                                [], None, "?", True)
            self.interp.want_span(unknown, "span", node)
            model.layers.append(unknown)
        if self.interp.uncertain:
            model.uncertain.append(self.interp.uncertain[-1])
        if rebuild:
            self.rebuilt(model, first=len(model.layers) == 2)

    def rebuilt(self, model: ModelSpec, first: bool = False):
        """Each time a Sequential with an input gains a layer, Keras builds a Functional inside it,
        which takes a `functional` name: later keras.Model(...) names count past them. `first`: the
        build that gives a Sequential led by a model (a pretrained base) its InputLayer."""
        model.outputs = []  # a graph read of its layers before (sequential_graph) no longer ends it
        if _has_input(model) and model.layers:
            if first and _led_by_model(model):
                self.auto_name("input_layer")
            self.auto_name("functional")

    def model_as_layer(self, model: ModelSpec) -> LayerSpec:
        """A model used as a layer (nested in a Sequential, or called on a tensor): one LayerSpec, however
        often it is used."""
        if model.as_layer is None:
            cls = model.class_name or ("Sequential" if model.kind == "sequential" else "Functional")
            model.as_layer = LayerSpec(cls, cls, [], None, model.name, model.trainable, model=model)
            self.interp.want_span(model.as_layer, "span", self.model_nodes[id(model)])
        return model.as_layer

    def call_model_method(self, model: ModelSpec, name, node, args, kwargs):
        keras_migration.method(self, name, node, kwargs)
        if name == "get_layer":
            return self.get_layer(model, args, kwargs, node)
        if name == "add" and model.kind == "sequential":
            item = args[0] if args else kwargs.get("layer")
            self.add_to_model(model, item, node.args[0].value if node.args else node)
        elif name == "pop" and model.kind == "sequential":
            if model.layers:
                model.layers.pop()
                self.rebuilt(model)
            if self.interp.uncertain:
                model.uncertain.append(self.interp.uncertain[-1])
        elif name == "build" and model.kind == "sequential":
            shape = args[0] if args else kwargs.get("input_shape")
            self.build_with(model, shape, node)
        elif name in DATA_METHODS and model.kind == "subclassed":
            x = args[0] if args else kwargs.get("x")
            if isinstance(x, ArrayValue):  # Keras builds it on a batch of x; the batch size is fit's choice
                x = ArrayValue((None,) + tuple(x.shape[1:]))
            if x is not None:
                keras_subclassed.trace(self, model, x, node, [x], {})
        elif name == "compile":
            if "loss" in kwargs:
                model.loss = _loss(kwargs["loss"])
                loss_arg = next(a for a in node.args if a.keyword is not None and a.keyword.value == "loss")
                self.interp.want_span(model, "loss_span", loss_arg.value)
        return None

    def implied_input(self, model: ModelSpec, name: str) -> None:
        """The InputLayer Keras puts before a first layer given `input_shape=` or `input_dim=`: the
        tensor model.inputs gives, where its shape is written out."""
        shape, _ = input_shape_of(model)
        if not isinstance(shape, (tuple, list)) or not all(d is None or type(d) is int for d in shape):
            return
        written = [a for a in model.layers[0].args if a.keyword in ("input_shape", "input_dim")]
        spec = LayerSpec("InputLayer", "Input", written, None, name)  # its args: the keyword that made it
        spec.batch_shape = (None,) + tuple(shape)
        call = Node(spec, [], 0)
        call.outputs.append(Tensor(call))
        spec.nodes.append(call)
        model.inputs = [call.outputs[0]]

    def sequential_graph(self, model: ModelSpec) -> None:
        """A Sequential that starts from keras.Input is a graph of calls inside, in Keras 3: what user
        code reads of it (`keras.Model(seq.inputs, seq.layers[-2].output)`) are tensors of that graph.
        Made when first read, from the layers it has then; not where a layer is unknown or already
        called elsewhere (whose output would that be?). A layer added or popped after leaves
        seq.outputs unknown (Keras rebuilds; we do not), while the earlier layers keep the outputs
        of that first graph, as Keras's layer.output does."""
        if model.kind != "sequential" or not model.inputs or model.outputs:
            return
        if any(spec.class_name == "?" or spec.nodes for spec in model.layers):
            return
        x = model.inputs[0]
        for spec in model.layers:
            call = Node(spec, [x], 0, keywords=[0])
            call.outputs.append(Tensor(call))
            spec.nodes.append(call)
            x = call.outputs[0]
        model.outputs = [x]

    def get_layer(self, model: ModelSpec, args, kwargs, node):
        """`model.get_layer("hidden")` or `get_layer(index=2)`: one of model.layers, as Keras looks it up."""
        self.sequential_graph(model)
        layers = [layer for layer in model.layers if not layer.operation]
        name = args[0] if args else kwargs.get("name")
        index = args[1] if len(args) > 1 else kwargs.get("index")
        if type(index) is int and name is None and -len(layers) <= index < len(layers):
            return layers[index]
        if isinstance(name, str):
            found = [layer for layer in layers if layer.name == name]
            if found:
                return found[0]
        return Unknown(node=node)  # a name not among them (Keras raises), or one not known here

    def build_with(self, model: ModelSpec, shape, node):
        """model.build((None, 4)) or model(np.zeros((5, 4))): the batch size stays as given."""
        if isinstance(shape, (tuple, list)) and shape:
            model.build_shape = tuple(shape[1:])
            model.batch_size = shape[0] if isinstance(shape[0], int) and not isinstance(shape[0], bool) else None
        else:
            model.build_shape = shape if isinstance(shape, Unknown) else Unknown(node=node)
        if model.input_shape is None:
            self.auto_name("input_layer")
        self.auto_name("functional")

    def operator(self, symbol: str, left, right, node):
        """`x + shortcut`, `2 * x` on symbolic tensors: a node of a keras.ops Operation."""
        if not (isinstance(left, Tensor) or isinstance(right, Tensor)):
            return NOT_MINE
        if not all(isinstance(v, Tensor) or (type(v) in (int, float)) for v in (left, right)):
            return Unknown(node=node)
        return self.operation(OPERATOR_CLASSES[symbol], [v for v in (left, right) if isinstance(v, Tensor)], node)

    def operation(self, class_name: str, tensors: list, node):
        """A keras.ops Operation on symbolic tensors: named like a layer, a row of summary(), no weights."""
        spec = LayerSpec(class_name, class_name, [], None, self.auto_name(to_snake_case(class_name)), operation=True)
        self.interp.want_span(spec, "span", node)
        return self.connect(Node(spec, tensors, 0, keywords=list(range(len(tensors)))), node)

    # ---- the functional API -------------------------------------------------------------
    def call_layer(self, layer, node, args, kwargs):
        """`Dense(8)(x)`, `Add()([a, b])`, `mha(q, v)`, `encoder(x)`: a node in the graph."""
        call_kwargs = {k: v for k, v in kwargs.items() if k not in ("training", "mask")}
        # Keras flattens the call's arguments, then its keywords by sorted name (tree.flatten).
        leaves = [(i, leaf) for i, arg in enumerate(args) for leaf in flatten(arg)]
        leaves += [(key, leaf) for key in sorted(call_kwargs) for leaf in flatten(call_kwargs[key])]
        leaves = [(where, leaf) for where, leaf in leaves if not _plain(leaf)]
        model = layer.model if isinstance(layer, LayerSpec) else layer
        if model is not None and model.kind == "subclassed":
            keras_subclassed.trace(self, model, args[0] if args else kwargs.get("inputs"), node, args, kwargs)
        if not any(isinstance(leaf, Tensor) for _, leaf in leaves):
            if isinstance(layer, ModelSpec) and layer.kind == "sequential" and len(args) == 1 \
                    and isinstance(args[0], ArrayValue):
                self.build_with(layer, args[0].shape, node)  # model(np.zeros((5, 4))) builds it
            # Called on something unknown: that is the reason to give, not this call.
            return next((leaf for _, leaf in leaves if isinstance(leaf, Unknown)), None) or Unknown(node=node)
        if isinstance(layer, ModelSpec) and layer.kind == "sequential" and not _has_input(layer) \
                and (layer.as_layer is None or not layer.as_layer.nodes):
            self.auto_name("input_layer")  # its first call builds it: an InputLayer and a Functional inside
            self.auto_name("functional")
        spec = layer if isinstance(layer, LayerSpec) else self.model_as_layer(layer)
        entry = entries().get(spec.class_name)
        if entry is not None and not spec.nodes:
            for prefix in entry.build_names:
                self.auto_name(prefix)
        inputs = [leaf if isinstance(leaf, (Tensor, Unknown)) else Unknown(node=node) for _, leaf in leaves]
        multi = bool(args) and isinstance(args[0], (list, tuple, dict))
        call = Node(spec, inputs, len(spec.nodes), multi=multi, keywords=[where for where, _ in leaves])
        return self.connect(call, node)

    def connect(self, call: Node, node):
        """A call on symbolic tensors joins the graph: its output, its layer's nodes, the running trace."""
        self.interp.want_span(call, "span", node)
        call.outputs.append(Tensor(call))
        call.layer.nodes.append(call)
        self.calls.append(call)
        if self.traces:
            keras_subclassed.record(self, call)
        return call.outputs[0]

    def make_functional(self, node, args, kwargs):
        explicit = kwargs.get("name")
        name = explicit if isinstance(explicit, str) else self.auto_name("functional")
        model = ModelSpec(None, name, None, [], kind="functional")
        self.register(model, node)
        inputs = args[0] if args else kwargs.get("inputs")
        outputs = args[1] if len(args) > 1 else kwargs.get("outputs")
        if "trainable" in kwargs:
            model.trainable = kwargs["trainable"]
        flat_in, flat_out = flatten(inputs), flatten(outputs)
        for label, flat in (("inputs", flat_in), ("outputs", flat_out)):
            unknown = next((v for v in flat if isinstance(v, Unknown)), None)
            if unknown is not None:
                model.uncertain.append(unknown)
            elif not flat or not all(isinstance(v, Tensor) for v in flat):
                bad = next((v for v in flat if not isinstance(v, Tensor)), None)
                self.problems.append(("graph", f"keras.Model(...): `{label}` must be symbolic tensors (keras.Input "
                                      f"or layer outputs), got {_describe(bad) if flat else 'nothing'}", node, None))
        if isinstance(outputs, dict):
            model.output_keys = [key for key in sorted(outputs, key=str) for _ in flatten(outputs[key])]
        model.inputs = [t for t in flat_in if isinstance(t, Tensor)]
        model.outputs = [t for t in flat_out if isinstance(t, Tensor)]
        if model.uncertain or len(model.inputs) != len(flat_in) or len(model.outputs) != len(flat_out):
            model.uncertain = model.uncertain or [Unknown(node=node)]
            return model
        graph = map_graph(model.inputs, model.outputs)
        model.nodes, model.layers = graph.nodes, graph.layers
        for i in graph.disconnected:
            self.problems.append(("graph", f"keras.Model(...): output {i} is not connected to `inputs`: it depends "
                                  "on a keras.Input that is not among the model's inputs", node, None))
        for name in graph.duplicate_names:
            self.problems.append(("graph", f"keras.Model(...): the name {name!r} is used by more than one layer "
                                  "of the model; Keras requires unique names", node, None))
        for call in graph.nodes:
            for t in call.inputs:
                if isinstance(t, Unknown):
                    model.uncertain.append(t)
        return model


def _set_trainable(owner, value, seen=None) -> None:
    """Keras sets `trainable` on a layer and on every layer inside it: a nested model's own
    summary then shows it frozen too."""
    seen = set() if seen is None else seen
    if id(owner) in seen:
        return
    seen.add(id(owner))
    owner.trainable = value
    if isinstance(owner, LayerSpec):
        owner.sublayer_trainable.clear()  # a base's layers all take the same value
        if owner.model is not None:
            _set_trainable(owner.model, value, seen)
    else:
        for layer in owner.layers:
            if layer.model is not None or layer.application:
                _set_trainable(layer, value, seen)
        if owner.as_layer is not None:
            owner.as_layer.trainable = value


# Functions that apply to each element of a tensor (keras.ops, tf, tf.math, tf.nn, backend,
# keras.activations), so the shape they return is the shape they get.
ELEMENTWISE_OPS = frozenset({
    "cast", "relu", "relu6", "sigmoid", "tanh", "exp", "log", "log1p", "abs", "absolute", "sqrt", "square",
    "softmax", "log_softmax", "gelu", "elu", "selu", "softplus", "softsign", "swish", "silu", "hard_sigmoid",
    "hard_swish", "leaky_relu", "clip", "clip_by_value", "negative", "sign", "round", "floor", "ceil", "erf",
    "l2_normalize", "normalize", "stop_gradient", "identity", "linear", "exponential", "mish"})


def _keeps_shape(node, param: str) -> bool:
    """Whether an expression of the lambda's one parameter keeps its shape: the parameter itself,
    arithmetic of it with numbers, or an element-wise op applied to such an expression."""
    if isinstance(node, cst.Name):
        return node.value == param
    if isinstance(node, (cst.Integer, cst.Float)):
        return False  # a number alone is not the tensor
    if isinstance(node, cst.UnaryOperation):
        return _keeps_shape(node.expression, param)
    if isinstance(node, cst.BinaryOperation):
        sides = (node.left, node.right)
        return any(_keeps_shape(side, param) for side in sides) and all(
            _keeps_shape(side, param) or isinstance(side, (cst.Integer, cst.Float)) for side in sides)
    if isinstance(node, cst.Call) and node.args:
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
        return name in ELEMENTWISE_OPS and _keeps_shape(node.args[0].value, param) and all(
            isinstance(arg.value, (cst.Integer, cst.Float, cst.SimpleString, cst.Name)) or arg.keyword is not None
            for arg in node.args[1:])
    return False


def _gives_input(layer: LayerSpec) -> bool:
    """A first layer with `input_shape=` (or `input_dim=`): Keras puts an InputLayer before it."""
    return any(a.keyword in shape_keywords(layer.class_name, layer.application) for a in layer.args)


def _has_input(model: ModelSpec) -> bool:
    if model.input_shape is not None or model.build_shape is not None:
        return True
    return bool(model.layers) and (_gives_input(model.layers[0]) or _led_by_model(model))


def _led_by_model(model: ModelSpec) -> bool:
    """A model (or pretrained base) first, with no input of the Sequential's own: Keras builds the
    Sequential from the first layer's input once a second layer follows (Sequential._maybe_rebuild)."""
    if model.input_shape is not None or model.build_shape is not None or len(model.layers) < 2:
        return False
    first = model.layers[0]
    if _gives_input(first):
        return False
    return first.application is not None or (first.model is not None and (
        first.model.kind != "sequential" or _has_input(first.model)))


def _plain(value) -> bool:
    """Python constants passed beside tensors (`training=False`, an axis) are not graph inputs."""
    return value is None or isinstance(value, (bool, int, float, str))


def _describe(value) -> str:
    if isinstance(value, (LayerSpec, ModelSpec)):
        return f"a layer ({value.name}) instead of its output: call it on a tensor"
    return f"`{value!r}`"[:80]


def _loss(value):
    """A loss as written -> LossSpec (a list or dict of them, for several outputs), or the value
    unchanged when it is not one we can read."""
    if isinstance(value, (list, tuple)):
        return [_loss(v) for v in value]
    if isinstance(value, dict):
        return {k: _loss(v) for k, v in value.items()}
    if isinstance(value, str):
        return LossSpec(value)
    if isinstance(value, KerasRef) and value.keras_path() and "losses" in value.path:
        return LossSpec(value.path[-1])
    return value
