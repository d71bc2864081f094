"""Generate kerascount_lint/catalogue/keras_signatures.json from the installed Keras 3.

The catalogue never types an argument list by hand: this script reads the real
constructor signatures, follows **kwargs up the class hierarchy to Layer, and
records the auto-name prefix Keras gives each class.

    KERAS_BACKEND=jax python scripts/gen_signatures.py
"""
import ast
import inspect
import json
import textwrap
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
from keras.src.utils.naming import to_snake_case  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent / "kerascount_lint" / "catalogue" / "keras_signatures.json"
REQUIRED = {"required": True}


def plain(value):
    if isinstance(value, (tuple, list)):
        return all(plain(v) for v in value)
    return isinstance(value, (int, float, str, bool)) or value is None


def jsonable(value):
    if value is inspect.Parameter.empty:
        return REQUIRED
    if isinstance(value, (bool, int, float, str)) or value is None:
        return {"value": value}
    if isinstance(value, (tuple, list)) and all(plain(v) for v in value):
        return {"value": value, "tuple": isinstance(value, tuple)}
    return {"repr": repr(value)}


def layer_base_kwargs():
    """Keyword names Layer.__init__ takes: its named ones plus those it pops from **kwargs."""
    sig = inspect.signature(keras.layers.Layer.__init__)
    named = [p for p in sig.parameters if p not in ("self", "kwargs")]
    src = inspect.getsource(keras.layers.Layer.__init__)
    popped = [n for n in ("input_dim", "input_shape", "batch_input_shape", "batch_size") if f'kwargs.pop("{n}"' in src]
    return named + popped


def super_call(klass):
    """(keywords the __init__ passes explicitly to its parent, whether it forwards **kwargs)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(klass.__init__)))
    except (OSError, TypeError, SyntaxError):
        return set(), True, 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "__init__":
            explicit = {k.arg for k in node.keywords if k.arg}
            forwards = any(k.arg is None for k in node.keywords)
            return explicit, forwards, len(node.args)
    return set(), False, 0


def popped_kwargs(klass):
    """Keywords an __init__ takes out of **kwargs (`kwargs.pop("input_length", None)`)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(klass.__init__)))
    except (OSError, TypeError, SyntaxError):
        return []
    return [node.args[0].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "pop"
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "kwargs"
            and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)]


def describe(cls, base_kwargs):
    params = []
    seen = set()
    blocked = set()  # set by a subclass itself, so a user passing it gets "multiple values"
    forwards_to_layer = False
    accepts_any = False
    passed_positionally = 0
    for klass in cls.__mro__:
        if "__init__" not in vars(klass):
            continue
        if klass is keras.layers.Layer:
            forwards_to_layer = True
            break
        sig = inspect.signature(klass.__init__)
        positional_names = [p.name for p in list(sig.parameters.values())[1:] if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        blocked |= set(positional_names[:passed_positionally]) - seen
        has_var_kw = False
        for p in list(sig.parameters.values())[1:]:
            if p.kind is p.VAR_KEYWORD:
                has_var_kw = True
                continue
            if p.kind is p.VAR_POSITIONAL or p.name in seen or p.name in blocked:
                continue
            seen.add(p.name)
            # Only the class's own __init__ takes positional arguments.
            positional = klass is cls and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            params.append({"name": p.name, "positional": positional, **jsonable(p.default)})
        for popped in popped_kwargs(klass):  # taken out of **kwargs by this __init__ itself
            if popped not in seen:
                seen.add(popped)
                params.append({"name": popped, "positional": False, "value": None})
        explicit, forwards, passed_positionally = super_call(klass)
        blocked |= explicit - seen
        if not has_var_kw:
            break
        if not forwards:
            # **kwargs taken but dropped: Keras ignores unknown keywords here.
            accepts_any = True
            break
    extra = [k for k in base_kwargs if k not in seen and k not in blocked] if forwards_to_layer else []
    return {
        "auto_name": to_snake_case(cls.__name__),
        # Keras marks these built in __init__: summary() shows 0, not "0 (unbuilt)", before any input.
        "built_at_init": built_at_init(cls),
        "params": params,
        "base_kwargs": extra,
        "accepts_any_keyword": accepts_any,
    }


def built_at_init(cls) -> bool:
    from keras.src import utils

    sources = [inspect.getsource(vars(k)["__init__"]) for k in cls.__mro__
               if "__init__" in vars(k) and k is not keras.layers.Layer and k.__module__.startswith("keras")]
    if any("self.built = True" in source for source in sources):
        return True
    return any("_build_at_init()" in source for source in sources) and utils.is_default(cls.build)


UNARY_OPS = ("relu", "sigmoid", "tanh", "exp", "log", "sqrt", "abs", "absolute", "square", "negative", "softmax",
             "gelu", "silu", "swish", "elu", "selu", "softplus", "softsign", "leaky_relu", "log_softmax",
             "hard_sigmoid", "hard_silu", "relu6", "erf", "sin", "cos", "floor", "ceil", "round", "sign",
             "reciprocal", "rsqrt", "log1p", "expm1")


def unary_ops() -> dict:
    """keras.ops functions that keep their input's shape, called on a symbolic tensor: the Operation
    class Keras makes for each (its name in summary(), and its auto-name)."""
    out = {}
    x = keras.Input((4, 6))
    for name in UNARY_OPS:
        fn = getattr(keras.ops, name, None)
        if fn is None:
            continue
        y = fn(x)
        if tuple(y.shape) == tuple(x.shape):
            out[name] = type(y._keras_history.operation).__name__
    return out


def identifiers():
    """The strings Keras accepts for activation=, *_initializer=, *_regularizer=, *_constraint=."""
    from keras.src import activations, constraints, initializers, regularizers

    out = {}
    for kind, module in (("activation", activations), ("initializer", initializers),
                         ("regularizer", regularizers), ("constraint", constraints)):
        accepted = []
        for name in sorted(module.ALL_OBJECTS_DICT):
            try:
                module.get(name)
            except Exception:  # e.g. an abstract base class that cannot be built from its name
                continue
            accepted.append(name)
        try:
            module.get("not_a_keras_name")
        except Exception:
            pass
        else:
            raise SystemExit(f"{kind}: Keras accepts unknown names; the table would be wrong")
        out[kind] = accepted
    return out


def main():
    base = layer_base_kwargs()
    classes, aliases = {}, {}
    for export in sorted(dir(keras.layers)):
        obj = getattr(keras.layers, export)
        if not (inspect.isclass(obj) and issubclass(obj, keras.layers.Layer)):
            continue
        if obj.__name__ != export:
            aliases[export] = obj.__name__
        if obj.__name__ not in classes:
            classes[obj.__name__] = describe(obj, base)
    data = {
        "keras_version": keras.__version__,
        "layer_base_kwargs": base,
        "classes": classes,
        "aliases": aliases,
        "identifiers": identifiers(),
        "unary_ops": unary_ops(),
    }
    OUT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT} ({len(classes)} classes, {len(aliases)} aliases, keras {keras.__version__})")


if __name__ == "__main__":
    main()
