"""Build models in real Keras 3 and describe them: the ground truth for golden and differential tests.

Only our own sample and generated files are executed here, never user code.
"""
import os
import sys
import traceback
import types
import warnings

os.environ.setdefault("KERAS_BACKEND", "jax")
warnings.filterwarnings("ignore")

import keras  # noqa: E402
from keras.src.backend import StatelessScope  # noqa: E402
from keras.src import backend as keras_backend  # noqa: E402
from keras.src.models.functional import Functional  # noqa: E402



def _tensorflow_shim():
    """Keras 3 is what tf.keras is in TensorFlow >= 2.16: a file importing tensorflow gets Keras itself.
    Installed only while such a file runs, since Keras checks for a real TensorFlow elsewhere."""
    tf = types.ModuleType("tensorflow")
    tf.keras = keras
    return {"tensorflow": tf, "tensorflow.keras": keras, "tensorflow.keras.layers": keras.layers,
            "tensorflow.keras.models": keras.models}

SLIDE_PRELUDE = "from keras.models import Sequential\nfrom keras.layers import *\n"


def weights_size(weights):
    """Number of scalars in a list of Keras variables."""
    total = 0
    for w in weights:
        n = 1
        for d in w.shape:
            n *= d
        total += n
    return total


def _dims(shape):
    """A shape as a list; a dimension JAX traces symbolically (jax's _DimExpr) is None, as Keras shows it."""
    return [d if d is None or isinstance(d, int) else None for d in shape]


def _shape(tensors):
    if isinstance(tensors, (list, tuple)):
        return [_dims(t.shape) for t in tensors]
    if isinstance(tensors, dict):
        return [_dims(tensors[k].shape) for k in sorted(tensors)]
    return _dims(tensors.shape)


def _merge_runs(first, second):
    if first is None or second is None or len(first) != len(second):
        return first
    if first and isinstance(first[0], list):
        return [_merge_runs(a, b) for a, b in zip(first, second)]
    return [a if a == b else None for a, b in zip(first, second)]


def _connections(model):
    """Per layer: what Keras's summary prints in its "Connected to" column, as (layer, node, tensor),
    and the output of the layer's first call in this model."""
    relevant = [node for nodes in model._nodes_by_depth.values() for node in nodes]
    out = {}
    for layer in model._operations:
        links, first = [], None
        for node in layer._inbound_nodes:
            if node not in relevant:
                continue
            first = first or node
            for kt in node.input_tensors:
                history = kt._keras_history
                links.append([history.operation.name, history.node_index, history.tensor_index])
        outputs = first.output_tensors if first is not None else layer.output
        out[layer.name] = links, (outputs[0] if isinstance(outputs, list) and len(outputs) == 1 else outputs)
    return out


def _positions(shape, fmt="channels_last"):
    """The product of the spatial (or time) axes of a batch-first shape."""
    dims = list(shape[1:-1]) if fmt == "channels_last" else list(shape[2:])
    n = 1
    for d in dims:
        n *= d
    return n


def _size(variable):
    n = 1
    for d in variable.shape:
        n *= d
    return n


def convention_macs(layer, output, inputs):
    """MACs by torchinfo's convention, from the layer's own built weights and tensors: the kernel's
    size times the positions it is applied at. None for a layer this does not cover."""
    name = type(layer).__name__
    fmt = getattr(layer, "data_format", "channels_last")
    if name == "Dense":
        return _size(layer.kernel) * _positions(output.shape)
    if name.startswith("Conv") and name.endswith("Transpose"):
        return _size(layer.kernel) * _positions(inputs.shape, fmt)
    if name in ("Conv1D", "Conv2D", "Conv3D", "DepthwiseConv1D", "DepthwiseConv2D"):
        return _size(layer.kernel) * _positions(output.shape, fmt)
    if name in ("SeparableConv1D", "SeparableConv2D"):
        return (_size(layer.depthwise_kernel) + _size(layer.pointwise_kernel)) * _positions(output.shape, fmt)
    if name in ("SimpleRNN", "LSTM", "GRU"):
        return (_size(layer.cell.kernel) + _size(layer.cell.recurrent_kernel)) * inputs.shape[1]
    if not layer.weights and name not in ("MultiHeadAttention", "Bidirectional", "TimeDistributed", "Functional",
                                          "Sequential"):
        return 0
    return None


def describe_model(model, first_outputs=None):
    """`first_outputs`: id(layer) -> the shape of its first call's output, for a subclassed model,
    whose layers keep no symbolic output."""
    built = bool(model.built)
    functional = isinstance(model, Functional) and not isinstance(
        model, keras.Sequential)
    subclassed = not isinstance(model, (Functional, keras.Sequential))
    connections = _connections(model) if functional else {}
    layers = []
    # summary() prints a functional model's operations: its layers and `x + y`-style keras.ops calls.
    for layer in (model._operations if functional else model.layers):
        if built and subclassed:
            shape = (first_outputs or {}).get(id(layer), (None, None))[1]
            trainable = weights_size(layer.trainable_weights)
            non_trainable = weights_size(layer.non_trainable_weights)
        elif built:
            shape = _shape(connections[layer.name][1] if functional else layer.output)
            trainable = weights_size(getattr(layer, "trainable_weights", []))
            non_trainable = weights_size(getattr(layer, "non_trainable_weights", []))
        else:
            shape, trainable, non_trainable = None, 0, 0
        layers.append({"name": layer.name, "class": type(layer).__name__, "output_shape": shape,
                       "params": trainable + non_trainable, "trainable_params": trainable,
                       "non_trainable_params": non_trainable})
        if built and not subclassed and type(layer).__name__ != "InputLayer":
            try:
                layers[-1]["macs"] = convention_macs(layer, layer.output, layer.input)
            except (AttributeError, ValueError, TypeError):  # several inputs or outputs
                layers[-1]["macs"] = None
        if functional:
            layers[-1]["connected_to"] = connections[layer.name][0]
    kind = "subclassed" if subclassed else "functional" if functional else "sequential"
    return {"built": built, "layers": layers, "kind": kind,
            "name": model.name,
            "total_params": sum(la["params"] for la in layers),
            "trainable_params": sum(la["trainable_params"] for la in layers),
            "non_trainable_params": sum(la["non_trainable_params"] for la in layers)}


def _no_downloads():
    """keras.applications with weights=None: counts and shapes do not depend on the weights,
    and nothing is fetched."""
    import functools

    patched = {}
    for name in dir(keras.applications):
        fn = getattr(keras.applications, name)
        if callable(fn) and name[:1].isupper():
            @functools.wraps(fn)
            def without_weights(*args, _fn=fn, **kwargs):
                kwargs["weights"] = None
                return _fn(*args, **kwargs)

            patched[name] = fn
            setattr(keras.applications, name, without_weights)
    return patched


def _stub_datasets():
    """keras.datasets loaders return zeros of the documented shapes (the table the analysis uses),
    so nothing is downloaded; a sample count the docs leave open is 100 here."""
    import numpy as np

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    from kerascount_lint.catalogue.datasets import LOADERS

    patched = {}
    for name, shapes in LOADERS.items():
        module = getattr(keras.datasets, name)

        def load_data(*args, _shapes=shapes, **kwargs):
            return tuple(tuple(np.zeros(tuple(100 if d is None else d for d in s), dtype="uint8") for s in pair)
                         for pair in _shapes)

        patched[name] = module.load_data
        module.load_data = load_data
    return patched


def _no_compile(self, *args, **kwargs):
    return None


def run_source(source: str, filename: str):
    """Execute `source` in a fresh Keras session; return (models by the line of their Sequential( or
    keras.Model( call, error or None)."""
    keras.backend.clear_session(free_memory=False)  # resets auto-naming; gc per model is slow
    created = []
    original = keras.Sequential.__init__

    def recording_init(self, *args, **kwargs):
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename != filename:
            frame = frame.f_back
        created.append((frame.f_lineno if frame else None, self))
        original(self, *args, **kwargs)

    if not any(line.startswith(("import ", "from ")) for line in source.splitlines()):
        source = SLIDE_PRELUDE + source
        offset = 2
    else:
        offset = 0
    error = None
    keras.Sequential.__init__ = recording_init
    functional_init = Functional.__init__

    def recording_functional_init(self, *args, **kwargs):
        frame = sys._getframe(1)
        inside_keras = False
        while frame is not None and frame.f_code.co_filename != filename:
            inside_keras |= frame.f_code.co_filename.endswith(os.path.join("models", "sequential.py")) or \
                os.path.join("src", "applications") in frame.f_code.co_filename
            frame = frame.f_back
        if not inside_keras:  # a Sequential or keras.applications builds a Functional: not the user's model
            created.append((frame.f_lineno if frame else None, self))
        functional_init(self, *args, **kwargs)

    Functional.__init__ = recording_functional_init
    model_init = keras.Model.__init__

    def recording_model_init(self, *args, **kwargs):
        if type(self).__module__ == "__keras_truth__":  # a subclass the file defines
            frame = sys._getframe(1)
            # Past the class's own __init__ (super().__init__()) to the line that makes the object.
            while frame is not None and (frame.f_code.co_filename != filename or frame.f_locals.get("self") is self):
                frame = frame.f_back
            created.append((frame.f_lineno if frame else None, self))
        model_init(self, *args, **kwargs)

    keras.Model.__init__ = recording_model_init
    first_outputs = {}  # id(layer) -> (layer, the shape of its first output); the layer kept, so ids stay unique
    runs_stack = []  # inside Keras's compute_output_spec: its runs, each the (layer, shape) calls it made
    layer_call = keras.layers.Layer.__call__
    output_spec = keras_backend.compute_output_spec

    def recording_call(self, *args, **kwargs):
        out = layer_call(self, *args, **kwargs)
        try:
            shape = _shape(out)
        except AttributeError:  # an output that is not a tensor
            shape = None
        if runs_stack:
            runs_stack[-1][-1].append((self, shape))
        else:
            first_outputs.setdefault(id(self), (self, shape))
        return out

    def recording_output_spec(fn, *args, **kwargs):
        # Keras infers a symbolic call by running it on arrays with every None dimension set to 83,
        # then (if there was one) to 89: the dimensions that differ between the runs are None.
        runs = []

        def one_run(*a, **k):
            runs.append([])
            return fn(*a, **k)

        runs_stack.append(runs)
        try:
            return output_spec(one_run, *args, **kwargs)
        finally:
            runs_stack.pop()
            second = runs[1] if len(runs) > 1 else runs[0] if runs else []
            for (layer, a), (_, b) in zip(runs[0] if runs else [], second):
                merged = _merge_runs(a, b)
                if runs_stack:
                    runs_stack[-1][-1].append((layer, merged))
                else:
                    first_outputs.setdefault(id(layer), (layer, merged))

    keras.layers.Layer.__call__ = recording_call
    keras_backend.compute_output_spec = recording_output_spec
    compile_ = keras.Model.compile
    keras.Model.compile = _no_compile  # compiling makes optimizer variables; it changes no count
    originals = _no_downloads()
    loaders = _stub_datasets()
    shim = _tensorflow_shim() if "tensorflow" in source and "tensorflow" not in sys.modules else {}
    sys.modules.update(shim)
    try:
        # Deferred weight initialization: shapes and counts are the same, without compiling
        # a random initializer for every new weight shape.
        with StatelessScope():
            exec(compile(source, filename, "exec"), {"__name__": "__keras_truth__"})
    except Exception as exc:  # the model Keras refuses: record where and why
        line = None
        for frame, lineno in traceback.walk_tb(exc.__traceback__):
            if frame.f_code.co_filename == filename:
                line = lineno - offset
        error = {"line": line, "type": type(exc).__name__, "message": str(exc).splitlines()[0][:300] if str(exc) else ""}
    finally:
        keras.Sequential.__init__ = original
        Functional.__init__ = functional_init
        keras.Model.__init__ = model_init
        keras.layers.Layer.__call__ = layer_call
        keras_backend.compute_output_spec = output_spec
        keras.Model.compile = compile_
        for name, fn in originals.items():
            setattr(keras.applications, name, fn)
        for name, fn in loaders.items():
            getattr(keras.datasets, name).load_data = fn
        for name in shim:
            sys.modules.pop(name, None)
    models = {}
    for line, model in created:
        if line is None:
            continue
        try:
            models[line - offset] = describe_model(model, first_outputs)
        except Exception as exc:
            models[line - offset] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    return models, error
