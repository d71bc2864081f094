"""Seeded random functional-API programs written as source, for the differential test against Keras.

Each program mixes import styles, one or two inputs, branches, merges (as layers and as their
functional forms), shared layers, dead branches and layers never called, nested Sequential and
functional models called as layers, MultiHeadAttention, and outputs given as a tensor, a list,
a tuple or a dict. The generator tracks shapes only so that most programs are valid; what Keras
does with each program is for Keras to say. With a fault, one thing Keras may refuse is put in.
"""
import random

from model_generator import conv_layers, dense_layers, render

STYLES = {
    "keras": ("import keras\n", "keras.layers.", "keras.Input", "keras.Model", "keras.Sequential"),
    "layers": ("import keras\nfrom keras import layers\n", "layers.", "keras.Input", "keras.Model",
               "keras.Sequential"),
    "from": ("from keras.layers import *\nfrom keras.models import Model, Sequential\nfrom keras import Input\n",
             "", "Input", "Model", "Sequential"),
    "tf": ("import tensorflow as tf\n", "tf.keras.layers.", "tf.keras.Input", "tf.keras.Model",
           "tf.keras.Sequential"),
}
FAULTS = ("merge-shapes", "concat-shapes", "shared-shapes", "disconnected", "layer-not-tensor",
          "unknown-keyword", "bad-activation", "subtract-three", "operator-broadcast")


def _shape_text(shape):
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


class Program:
    def __init__(self, rng, style):
        self.rng = rng
        self.header, self.p, self.inp, self.model, self.seq = STYLES[style]
        self.lines = []
        self.n = 0

    def var(self):
        self.n += 1
        return f"t{self.n}"

    def emit(self, line):
        self.lines.append(line)

    def call(self, cls, args, kwargs, x):
        """`y = Cls(...)(x)`; returns the new variable."""
        y = self.var()
        self.emit(f"{y} = {render(self.p, cls, args, kwargs)}({x})")
        return y


def unary(prog, x, shape):
    """One layer on x; returns (variable, shape or None when the generator does not track it)."""
    rng = prog.rng
    rank = len(shape)
    if rank == 1:
        pick = rng.random()
        if pick < 0.5:
            u = rng.randint(2, 16)
            act = rng.choice(['"relu"', '"tanh"', "None"])
            return prog.call("Dense", [str(u)], {"activation": act}, x), (u,)
        cls, args, kwargs = rng.choice(dense_layers(rng))
        if cls == "RepeatVector":
            return prog.call(cls, args, kwargs, x), (int(args[0]),) + shape
        if cls == "Dense":
            return prog.call(cls, args, kwargs, x), (int(args[0]),)
        return prog.call(cls, args, kwargs, x), shape
    if rank == 3:  # images (h, w, c)
        pick = rng.random()
        if pick < 0.4:
            f = rng.randint(2, 8)
            return prog.call("Conv2D", [str(f), str(rng.choice([1, 3]))], {"padding": '"same"',
                                                                          "activation": '"relu"'}, x), shape[:2] + (f,)
        if pick < 0.55 and shape[0] >= 4 and shape[1] >= 4:
            return prog.call("MaxPooling2D", [], {}, x), (shape[0] // 2, shape[1] // 2, shape[2])
        if pick < 0.65:
            return prog.call(rng.choice(["Flatten", "GlobalAveragePooling2D"]), [], {}, x), None
        cls, args, kwargs = rng.choice(conv_layers(rng, 2))
        return prog.call(cls, args, kwargs, x), None
    # sequences (steps, features)
    pick = rng.random()
    if pick < 0.3:
        u = rng.randint(2, 8)
        return prog.call(rng.choice(["LSTM", "GRU"]), [str(u)], {"return_sequences": "True"}, x), shape[:1] + (u,)
    if pick < 0.5:
        u = rng.randint(2, 8)
        return prog.call("Dense", [str(u)], {}, x), shape[:1] + (u,)
    if pick < 0.7:
        return prog.call("LayerNormalization", [], {}, x), shape
    return prog.call("Conv1D", [str(rng.randint(2, 8)), "3"], {"padding": '"same"'}, x), None


OPERATORS = {"Add": "+", "Multiply": "*", "Subtract": "-"}


def merge(prog, a, b, shape, fault=None):
    rng = prog.rng
    cls = rng.choice(["Add", "Multiply", "Average", "Maximum", "Minimum", "Subtract", "Concatenate"])
    functional = rng.random() < 0.4
    y = prog.var()
    inputs = f"[{a}, {b}]"
    if fault == "subtract-three":
        cls, inputs, functional = "Subtract", f"[{a}, {b}, {a}]", False
    if cls == "Concatenate":
        axis = rng.choice([-1, len(shape)])
        form = (f"{prog.p}concatenate({inputs}, axis={axis})" if functional
                else f"{prog.p}Concatenate(axis={axis})({inputs})")
        prog.emit(f"{y} = {form}")
        return y, shape[:-1] + (shape[-1] * 2,)
    if cls in OPERATORS and rng.random() < 0.4:  # `a + b`: a keras.ops operation, not a layer
        form = rng.choice([f"{a} {OPERATORS[cls]} {b}", f"{a} {OPERATORS[cls]} 0.5", f"2 {OPERATORS[cls]} {a}"])
        prog.emit(f"{y} = {form}")
        return y, shape
    form = f"{prog.p}{cls.lower()}({inputs})" if functional else f"{prog.p}{cls}()({inputs})"
    prog.emit(f"{y} = {form}")
    return y, shape


def nested(prog, x, shape):
    """A model used as a layer: a Sequential built by the call, or a functional block with its own Input."""
    rng = prog.rng
    m = prog.var()
    if len(shape) == 1 and rng.random() < 0.5:
        u = rng.randint(2, 8)
        prog.emit(f"{m} = {prog.seq}([{prog.p}Dense({u}, activation=\"relu\"), {prog.p}Dense({shape[0]})])")
        return _call(prog, m, x), shape
    i = prog.var()
    prog.emit(f"{i} = {prog.inp}({_shape_text(shape)})")
    h, h_shape = unary(prog, i, shape)
    if h_shape is None:
        h, h_shape = prog.call("Flatten", [], {}, h) if len(shape) > 1 else (h, None), None
    prog.emit(f"{m} = {prog.model}({i}, {h})")
    return _call(prog, m, x), h_shape


def _call(prog, m, x):
    y = prog.var()
    prog.emit(f"{y} = {m}({x})")
    return y


def generate_functional(seed: int, fault=None) -> str:
    rng = random.Random(seed)
    prog = Program(rng, rng.choice(list(STYLES)))
    kind = rng.choice(["dense", "dense", "image", "seq"])
    if kind == "dense":
        shape = (rng.randint(2, 24),)
    elif kind == "image":
        shape = (rng.randint(6, 20), rng.randint(6, 20), rng.randint(1, 3))
    else:
        shape = (rng.randint(3, 10), rng.randint(2, 8))
    n_inputs = 2 if rng.random() < 0.3 else 1
    inputs = []
    for k in range(n_inputs):
        v = prog.var()
        name = f', name="in_{k}"' if rng.random() < 0.3 else ""
        batch = ", batch_size=4" if rng.random() < 0.1 else ""
        prog.emit(f"{v} = {prog.inp}(shape={_shape_text(shape)}{batch}{name})")
        inputs.append(v)
    if rng.random() < 0.2:
        prog.emit(f"unused = {prog.p}Dense({rng.randint(1, 5)})")  # made, never called: its name is taken
    pool = [(v, shape) for v in inputs]  # tensors whose shape the generator knows
    last = inputs[0]
    for _ in range(rng.randint(1, 6)):
        op = rng.random()
        x, x_shape = rng.choice(pool)
        if op < 0.45:
            y, y_shape = unary(prog, x, x_shape)
        elif op < 0.65 and len(pool) > 1:
            same = [(v, s) for v, s in pool if s == x_shape and v != x]
            if not same:
                y, y_shape = unary(prog, x, x_shape)
            else:
                y, y_shape = merge(prog, x, rng.choice(same)[0], x_shape)
        elif op < 0.75 and len(x_shape) == 1:
            shared = prog.var()
            u = rng.randint(2, 8)
            prog.emit(f"{shared} = {prog.p}Dense({u})")
            a, b = _call(prog, shared, x), _call(prog, shared, rng.choice([v for v, s in pool if s == x_shape]))
            y, y_shape = merge(prog, a, b, (u,))
        elif op < 0.85:
            y, y_shape = nested(prog, x, x_shape)
        elif op < 0.92 and len(x_shape) == 2:
            heads, key_dim = rng.randint(1, 3), rng.randint(2, 6)
            other = rng.choice([v for v, s in pool if len(s) == 2 and s[-1] == x_shape[-1]])
            y = prog.var()
            form = rng.choice([f"({x}, {other})", f"(query={x}, value={other})", f"({x}, {other}, {other})"])
            prog.emit(f"{y} = {prog.p}MultiHeadAttention({heads}, {key_dim}){form}")
            y_shape = x_shape
        else:
            prog.emit(f"{prog.var()} = {prog.p}Dense(3)({x})" if len(x_shape) == 1 else
                      f"{prog.var()} = {prog.p}Flatten()({x})")  # a dead branch: no output uses it
            continue
        last = y
        if y_shape is not None:
            pool.append((y, y_shape))
    out_shape = next((s for v, s in pool if v == last), None)
    if out_shape is None or len(out_shape) > 1:
        last = prog.call("Flatten", [], {}, last) if out_shape is None or len(out_shape) > 1 else last
    out = prog.call("Dense", [str(rng.randint(1, 5))], {"activation": '"softmax"'}, last)
    outputs = [out]
    if rng.random() < 0.3:
        second = pool[rng.randrange(len(pool))]
        src = second[0] if len(second[1]) == 1 else prog.call("Flatten", [], {}, second[0])
        outputs.append(prog.call("Dense", ["1"], {"name": '"aux"'}, src))
    if fault is not None:
        _inject(prog, rng, fault, pool, inputs, outputs)
    ins = _structure(rng, inputs)
    outs = _structure(rng, outputs, keys=("main", "aux"))
    if fault == "disconnected" and len(inputs) > 1:
        ins = inputs[0]
    name = f', name="net_{seed}"' if rng.random() < 0.3 else ""
    prog.emit(f"model = {prog.model}({ins}, {outs}{name})" if rng.random() < 0.6 else
              f"model = {prog.model}(inputs={ins}, outputs={outs}{name})")
    return prog.header + "\n" + "\n".join(prog.lines) + "\n"


def _structure(rng, items, keys=None):
    if len(items) == 1:
        return rng.choice([items[0], f"[{items[0]}]"])
    form = rng.choice(["list", "tuple", "dict"] if keys else ["list", "tuple"])
    if form == "list":
        return "[" + ", ".join(items) + "]"
    if form == "tuple":
        return "(" + ", ".join(items) + ")"
    return "{" + ", ".join(f'"{k}": {v}' for k, v in zip(keys, items)) + "}"


def _inject(prog, rng, fault, pool, inputs, outputs):
    """One thing Keras may refuse, placed just before the model; the model's output depends on it."""
    x, shape = rng.choice(pool)
    if fault == "merge-shapes":
        other = prog.call("Dense", [str(rng.randint(2, 5))], {}, prog.call("Flatten", [], {}, x))
        wider = prog.call("Dense", [str(rng.randint(6, 9))], {}, prog.call("Flatten", [], {}, x))
        y = prog.var()
        prog.emit(f"{y} = {prog.p}{rng.choice(['Add', 'Multiply', 'Maximum'])}()([{other}, {wider}])")
    elif fault == "concat-shapes":
        a = prog.call("Reshape", ["(2, 3)"], {}, prog.call("Dense", ["6"], {}, prog.call("Flatten", [], {}, x)))
        b = prog.call("Reshape", ["(3, 2)"], {}, prog.call("Dense", ["6"], {}, prog.call("Flatten", [], {}, x)))
        y = prog.call("Flatten", [], {}, _concat(prog, a, b))
    elif fault == "shared-shapes":
        shared = prog.var()
        prog.emit(f"{shared} = {prog.p}Dense(4)")
        a = _call(prog, shared, prog.call("Dense", ["3"], {}, prog.call("Flatten", [], {}, x)))
        b = _call(prog, shared, prog.call("Dense", ["5"], {}, prog.call("Flatten", [], {}, x)))
        y = prog.var()
        prog.emit(f"{y} = {prog.p}Add()([{a}, {b}])")
    elif fault == "disconnected":
        extra = prog.var()
        prog.emit(f"{extra} = {prog.inp}(shape=(3,))")
        flat = prog.call("Flatten", [], {}, x)
        y = prog.var()
        prog.emit(f"{y} = {prog.p}Concatenate()([{flat}, {extra}])")  # `extra` is not among the inputs
    elif fault == "layer-not-tensor":
        outputs[-1] = f"{prog.p}Dense(2)"
        return
    elif fault == "subtract-three":
        flat = prog.call("Flatten", [], {}, x)
        y, _ = merge(prog, flat, flat, (None,), fault)
    elif fault == "operator-broadcast":  # a last axis of 3 or more against one of a different size
        flat = prog.call("Dense", [str(rng.randint(3, 6))], {}, prog.call("Flatten", [], {}, x))
        y = prog.var()
        prog.emit(f"{y} = {flat} {rng.choice(['+', '*', '-'])} {prog.p}Dense(2)({flat})")
    elif fault == "unknown-keyword":
        flat = prog.call("Flatten", [], {}, x)
        y = prog.call("Dense", ["3"], {rng.choice(["padding", "kernel", "strides"]): '"same"'}, flat)
    else:  # bad-activation
        flat = prog.call("Flatten", [], {}, x)
        y = prog.call("Dense", ["3"], {"activation": rng.choice(['"ReLU"', '"softmaxx"'])}, flat)
    outputs[0] = prog.call("Dense", ["2"], {}, prog.call("Flatten", [], {}, y))


def _concat(prog, a, b):
    y = prog.var()
    prog.emit(f"{y} = {prog.p}Concatenate(axis=1)([{a}, {b}])")
    return y
