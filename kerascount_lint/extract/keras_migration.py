"""Keras 1/2 code that Keras 3 rejects before any layer is reached: removed modules and names, model
methods, keyword arguments and metric names (the table: catalogue/removed_api.py).

Each is a "removed" problem on the builder, with a fix where the replacement is one-to-one. The
reading goes on as if the code were fixed, so the model is still counted.
"""
from __future__ import annotations

import re

import libcst as cst

from kerascount_lint.catalogue import removed_api
from kerascount_lint.extract.values import KerasRef

DIM_ORDERING = {"th": "channels_first", "tf": "channels_last"}  # Keras 2's names for the data formats


def imported(builder, base: tuple, names: list, node) -> None:
    """`from <base> import <names>` or `import <base>` (names None); `node` the statement."""
    path = KerasRef(base).keras_path()
    if path is None or len(path) < 2:
        return
    gone = removed_api.module(path)
    if gone is not None:
        fix = None
        if isinstance(node, cst.ImportFrom) and gone.fixable and names and gone.old == ".".join(path) \
                and removed_api.module_has(gone.replacement, names):
            written = base[:len(base) - len(path)]  # `tensorflow.` before `keras`, kept
            new = ".".join(written + tuple(gone.replacement.split(".")))
            fix = (f"import from {new}", ((node.module, new),))
        builder.problems.append(("removed", f"Keras 3 has no module `{gone.old}` ({gone.error}): {gone.instead()}",
                                 node, fix))
        return
    for name in names or ():
        submodule = removed_api.module(path + (name,))  # `from keras.utils import np_utils`
        if submodule is not None and submodule.old == ".".join(path + (name,)):
            builder.problems.append(("removed", f"Keras 3 has no module `{submodule.old}` ({submodule.error}): "
                                     f"{submodule.instead()}", node, None))
            continue
        old = removed_api.name(path + (name,))
        if old is not None:
            builder.problems.append(("removed", f"`{old.old}` does not exist in Keras 3 ({old.error}): "
                                     f"{old.instead()}", node, None))


def called(builder, path: tuple, node, args, kwargs) -> None:
    """A call of a Keras function or class by its path (`keras.backend.set_image_dim_ordering('th')`)."""
    old = removed_api.name(path)
    if old is not None:
        fix = None
        func = node.func
        if old.fixable and isinstance(func, cst.Attribute) \
                and old.replacement.rsplit(".", 1)[0] == old.old.rsplit(".", 1)[0]:
            new = old.replacement.rsplit(".", 1)[1]
            edits = ((func.attr, new),)
            if path[-1] == "set_image_dim_ordering":  # and its argument: 'th' -> 'channels_first'
                value = node.args[0].value if len(node.args) == 1 else None
                fmt = DIM_ORDERING.get(value.raw_value) if isinstance(value, cst.SimpleString) else None
                edits = edits + ((value, repr(fmt)),) if fmt else None
            fix = (f"use {new}", edits) if edits else None
        builder.problems.append(("removed", f"`{old.old}` does not exist in Keras 3 ({old.error}): {old.instead()}",
                                 node, fix))
        if path[-1] == "set_image_dim_ordering" and len(args) == 1 and args[0] in DIM_ORDERING:
            # What the old call meant: 'th' is channels-first input from here on.
            builder.image_data_format = DIM_ORDERING[args[0]]
    if "optimizers" in path and path[-1][:1].isupper():
        keywords(builder, "optimizer", f"keras.optimizers.{path[-1]}", node, kwargs)
    elif path[-1] == "to_categorical":
        keywords(builder, "to_categorical", "to_categorical", node, kwargs)


def method(builder, name: str, node, kwargs) -> None:
    """`model.<name>(...)` on a model: a removed method, or a removed keyword of fit."""
    old = removed_api.method(name)
    if old is not None:
        fix = None
        if old.fixable and isinstance(node.func, cst.Attribute):
            fix = (f"use {old.replacement}", ((node.func.attr, old.replacement),))
        builder.problems.append(("removed", f"`model.{name}` does not exist in Keras 3: {old.instead()}", node, fix))
    if name in ("fit", "fit_generator"):
        keywords(builder, "fit", f"model.{name}", node, kwargs)
    if name == "compile":
        metrics(builder, node)


def never_called(builder, model, attr: str, node) -> None:
    """`seq.input` or `seq.output` of a Sequential nothing has called: Keras 2 gave the tensor; Keras 3
    raises, since Operation.input reads the calls made on the layer. `.inputs[0]` is what was meant."""
    written = builder.interp.code(node.value)
    fix = (f"use .{attr}s[0]", ((node.attr, f"{attr}s[0]"),))
    builder.problems.append(("removed", f"`{written}.{attr}` fails in Keras 3 for a Sequential never called (AttributeError: "
                             f"The layer {model.name} has never been called and thus has no defined {attr}.): use "
                             f"`{written}.{attr}s[0]`", node, fix))


def keywords(builder, call: str, label: str, node, kwargs) -> None:
    for keyword in kwargs:
        old = removed_api.argument(call, keyword)
        if old is None:
            continue
        arg = next((a for a in node.args if a.keyword is not None and a.keyword.value == keyword), None)
        fix = None
        if old.fixable and arg is not None and old.replacement not in kwargs:
            fix = (f"rename to {old.replacement}=", ((arg.keyword, old.replacement),))
        # Keras's error as the generator saw it, less the value it tried (not the one written here).
        error = re.sub(r": \{'\w+': [^}]*\}$", "", old.error)
        builder.problems.append(("removed", f"{label}(): Keras 3 rejects `{keyword}=` ({error}): "
                                 f"{old.instead()}", arg if arg is not None else node, fix))


def metrics(builder, node) -> None:
    """compile(metrics=[...]): identifiers Keras 3 can no longer look up."""
    arg = next((a for a in node.args if a.keyword is not None and a.keyword.value == "metrics"), None)
    if arg is None or not isinstance(arg.value, (cst.List, cst.Tuple)):
        return
    for element in arg.value.elements:
        value = element.value
        if isinstance(value, cst.SimpleString) and removed_api.metric(value.raw_value):
            builder.problems.append(("removed", f"compile(): Keras 3 cannot interpret the metric "
                                     f"{value.value} (ValueError: Could not interpret metric identifier); "
                                     "use a keras.metrics class, or write the metric as a function", value, None))
