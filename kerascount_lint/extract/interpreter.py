"""A small abstract interpreter over the libcst tree: it follows constants, imports, loops and
functions far enough to rebuild each model, and never runs the user's code.

This module is the generic Python evaluator. What Keras values do lives in keras_build.py and
what NumPy arrays do in numpy_shapes.py; the evaluator asks them through a few hooks.
Whatever it cannot know becomes `Unknown`, carrying the source that blocked it.
"""
from __future__ import annotations

import ast
import operator
import re
import warnings
from typing import Any, Optional

import libcst as cst

from kerascount_lint.catalogue.signatures import KerasSignatures
from kerascount_lint.datatypes import (
    ArgSpec,
    LayerSpec,
    ModelSpec,
    Problem,
    Tensor,
    Unknown,
)
from kerascount_lint.extract import numpy_shapes
from kerascount_lint.extract.keras_build import NOT_MINE, KerasBuilder
from kerascount_lint.extract.regions import python_tree
from kerascount_lint.extract.values import (
    KERAS_ROOTS,
    BoundMethod,
    Builtin,
    ClassValue,
    Foreign,
    Function,
    Instance,
    KerasRef,
    LambdaValue,
    Partial,
    Super,
    import_ref,
)

MAX_LOOP = 1000  # iterations we unroll; longer loops are treated as unknown
LOOP_STEPS = 20_000  # work one loop (its nested loops included) may take before it is abandoned
MAX_CALL_DEPTH = 8
MAX_STEPS = 200_000  # statements per file, so pathological input cannot hang a scan
MAX_SEQ = 100_000  # longest tuple/list/str we build by * or range

QUOTES = ("'", '"')
TRIPLE_QUOTES = ("'''", '"""')
OPERATOR_SYMBOLS = {operator.add: "+", operator.sub: "-", operator.mul: "*", operator.truediv: "/",
                    operator.floordiv: "//", operator.pow: "**"}
BUILTINS = {
    "range", "len", "int", "float", "str", "bool", "tuple", "list", "min", "max", "sum", "abs",
    "round", "zip", "enumerate", "reversed", "sorted", "dict", "set", "frozenset", "isinstance", "super",
}
# Methods of plain values the reader can follow (str.join, dict.get, ...), when their arguments are known.
PLAIN_METHODS = {
    str: {"join", "upper", "lower", "strip", "lstrip", "rstrip", "replace", "split", "startswith", "endswith",
          "title", "capitalize", "count", "find"},
    dict: {"get", "keys", "values", "items", "copy"},
    list: {"index", "count", "copy"},
    tuple: {"index", "count"},
}


class _Return(Exception):
    def __init__(self, value, node=None):
        self.value = value
        self.node = node


class _Budget(Exception):
    pass


class Scope:
    __slots__ = ("vars", "parent", "method_of")

    def __init__(self, parent: Optional["Scope"] = None):
        self.vars: dict = {}
        self.parent = parent
        self.method_of = None  # (self, its class) in a method's own scope, for super()

    def lookup(self, name):
        scope = self
        while scope is not None:
            if name in scope.vars:
                return True, scope.vars[name]
            scope = scope.parent
        return False, None


def _known(value) -> bool:
    """Plain data all the way down (no Unknown inside)."""
    if isinstance(value, (tuple, list)):
        return all(_known(v) for v in value)
    if isinstance(value, dict):
        return all(_known(v) for v in value.values())
    return not isinstance(value, Unknown)


BINARY = {
    cst.Add: operator.add, cst.Subtract: operator.sub, cst.Multiply: operator.mul,
    cst.Divide: operator.truediv, cst.FloorDivide: operator.floordiv, cst.Modulo: operator.mod,
    cst.Power: operator.pow,
}
COMPARE = {
    cst.Equal: operator.eq, cst.NotEqual: operator.ne, cst.LessThan: operator.lt,
    cst.LessThanEqual: operator.le, cst.GreaterThan: operator.gt, cst.GreaterThanEqual: operator.ge,
    cst.In: lambda a, b: a in b, cst.NotIn: lambda a, b: a not in b,
    cst.Is: operator.is_, cst.IsNot: operator.is_not,
}


class Interpreter:
    def __init__(self, module: cst.Module, signatures: KerasSignatures, shape_of=None, text=None, tree=None,
                 blanked=frozenset()):
        self.module = module
        self.text = text  # the source, when known: which functions name Keras is read from it
        # Its `ast` (of the source before regions.py blanked the `def`s at `blanked`), when parsed.
        self.tree, self.blanked = tree, blanked
        self.names_in = None  # id(FunctionDef) -> the names it uses, computed when first asked
        self.keras = KerasBuilder(self, signatures, shape_of)
        self.span_requests: list = []  # (object, attribute, node): spans filled in after the run
        self.uncertain: list = []  # stack of Unknown: control flow we are inside but cannot follow
        self.functions: list[Function] = []
        self.foreign_star = False
        self.notes: list = []  # (code, message, node)
        self.steps = 0
        self.depth = 0
        self.globals = Scope()
        self.globals.vars["__name__"] = "__main__"  # the file is read as if it were run
        # The module-level statement being run; and id() of those where a call was made and of the
        # functions whose body ran: the nodes we ask positions for lie in these (positions.py steps
        # over the others, and checks that it found every node).
        self.top = None
        self.ran: set = set()

    # ---- driver -------------------------------------------------------------------------
    def run(self):
        try:
            try:
                for stmt in self.module.body:
                    self.top = stmt
                    self.exec_stmt(stmt, self.globals)
            except _Return as ret:  # Python itself refuses the file; libcst parses it
                self.notes.append((Problem.SYNTAX_ERROR, "syntax error: 'return' outside function", ret.node))
            # Models built in functions nobody calls still count: run those with defaults. A function
            # that names nothing of Keras builds no model (a helper it calls runs on its own).
            for fn in self.functions:
                if not fn.called and self.mentions_keras(fn):
                    self.call_function(fn, [], {}, top_level=True)
        except _Budget:
            self.notes.append((Problem.UNRESOLVED_VALUE, "the analysis stopped early: this file needs more steps than allowed", None))
        return self.keras.models

    def names_used(self, fn: Function) -> set:
        """The names and attribute names a function uses: from one `ast` read of the file, or, where
        that cannot be paired with libcst's tree, every identifier of its code (a superset)."""
        if self.names_in is None:
            if self.tree is None and self.text is not None:
                self.tree = python_tree(self.text)
            self.names_in = function_names(self.module, self.tree, self.blanked)
        names = self.names_in.get(id(fn.node))
        if names is None:
            names = self.names_in[id(fn.node)] = set(re.findall(r"[A-Za-z_]\w*", self.code(fn.node)))
        return names

    def mentions_keras(self, fn: Function) -> bool:
        """Whether a function's body names what builds models: a layer or model class, `layers`,
        a class of the file's that subclasses one, or a Keras import of those."""
        for name in self.names_used(fn):
            if name in KERAS_WORDS or self.keras.sigs.canonical(name):
                return True
            found, value = fn.scope.lookup(name)
            if found and isinstance(value, ClassValue) and value.keras_layer:
                return True
            if found and isinstance(value, KerasRef) and (KERAS_WORDS & set(value.path) or (
                    value.path and self.keras.sigs.canonical(value.path[-1]))):
                return True  # `from keras import layers as L`, `from tensorflow.keras import models`
        return False

    def want_span(self, obj, attr, node):
        self.span_requests.append((obj, attr, node))

    # ---- statements ---------------------------------------------------------------------
    def exec_block(self, body, scope):
        for stmt in body:
            self.exec_stmt(stmt, scope)

    def tick(self):
        """One unit of work: a statement, a call, a comprehension's iteration."""
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise _Budget()

    def exec_stmt(self, stmt, scope):
        self.tick()
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                self.exec_small(small, scope)
        elif isinstance(stmt, cst.FunctionDef):
            self.define_function(stmt, scope)
        elif isinstance(stmt, cst.ClassDef):
            self.define_class(stmt, scope)
        elif isinstance(stmt, cst.If):
            self.exec_if(stmt, scope)
        elif isinstance(stmt, cst.For):
            self.exec_for(stmt, scope)
        elif isinstance(stmt, cst.While):
            self.exec_uncertain(stmt.body.body, scope, Unknown(node=stmt.test))
        elif isinstance(stmt, cst.With):
            for item in stmt.items:
                value = self.eval(item.item, scope)
                if item.asname is not None:
                    self.assign(item.asname.name, Unknown(node=item.item) if not isinstance(value, Unknown) else value,
                                scope)
            self.exec_block(stmt.body.body, scope)
        elif isinstance(stmt, cst.Try):
            self.exec_block(stmt.body.body, scope)
            if stmt.orelse is not None:
                self.exec_block(stmt.orelse.body.body, scope)
            if stmt.finalbody is not None:
                self.exec_block(stmt.finalbody.body.body, scope)

    def exec_small(self, small, scope):
        if isinstance(small, cst.Assign):
            value = self.eval(small.value, scope)
            for target in small.targets:
                self.assign(target.target, value, scope)
                self.name_model(target.target, value)
        elif isinstance(small, cst.AnnAssign):
            if small.value is not None:
                value = self.eval(small.value, scope)
                self.assign(small.target, value, scope)
                self.name_model(small.target, value)
        elif isinstance(small, cst.AugAssign):
            op = _aug_op(small.operator)
            current = self.eval(small.target, scope)
            value = self.eval(small.value, scope)
            self.assign(small.target, self.binary(op, current, value, small), scope)
        elif isinstance(small, cst.Expr):
            self.eval(small.value, scope)
        elif isinstance(small, cst.Return):
            raise _Return(None if small.value is None else self.eval(small.value, scope), small)
        elif isinstance(small, cst.Import):
            for alias in small.names:
                path = _dotted(alias.name)
                self.keras.imported(path, None, small)
                if alias.asname is not None:
                    scope.vars[alias.asname.name.value] = import_ref(path)
                else:
                    scope.vars[path[0]] = import_ref(path[:1])
        elif isinstance(small, cst.ImportFrom):
            self.exec_import_from(small, scope)

    def exec_import_from(self, node, scope):
        if node.relative or node.module is None:
            base = None
        else:
            base = _dotted(node.module)
        if base is not None:
            self.keras.imported(base, None if isinstance(node.names, cst.ImportStar) else [
                alias.name.value if isinstance(alias.name, cst.Name) else _dotted(alias.name)[-1]
                for alias in node.names], node)
        if isinstance(node.names, cst.ImportStar):
            if base is not None and len(base) > 1 and base[1] in KERAS_STAR_MODULES and base[0] not in KERAS_ROOTS:
                # `from k.layers import *`: a snippet's alias of Keras (Python cannot import from an
                # alias, so `k` is no module of the file's): read its names as Keras's, and say so.
                self.notes.append((Problem.ASSUMED_DEFAULT_CONFIG, f"`{'.'.join(base)}` is read as Keras's "
                                   f"`keras.{'.'.join(base[1:])}`: its names (Sequential, Dense, ...) are taken "
                                   "to be Keras's", node))
            elif base is None or not isinstance(import_ref(base), KerasRef):
                self.foreign_star = True
            return
        for alias in node.names:
            name = alias.name.value if isinstance(alias.name, cst.Name) else _dotted(alias.name)[-1]
            bound = alias.asname.name.value if alias.asname is not None else name
            scope.vars[bound] = import_ref(base + (name,)) if base else Foreign(name)

    def exec_if(self, stmt, scope):
        test = self.truth(self.eval(stmt.test, scope))
        orelse = stmt.orelse
        if test is True:
            self.exec_block(stmt.body.body, scope)
        elif test is False:
            if isinstance(orelse, cst.If):
                self.exec_if(orelse, scope)
            elif orelse is not None:
                self.exec_block(orelse.body.body, scope)
        else:
            reason = Unknown(node=stmt.test)
            before = dict(scope.vars)
            self.exec_uncertain(stmt.body.body, scope, reason)
            after_body = scope.vars
            scope.vars = dict(before)
            if isinstance(orelse, cst.If):
                self.uncertain.append(reason)
                try:
                    self.exec_if(orelse, scope)
                finally:
                    self.uncertain.pop()
            elif orelse is not None:
                self.exec_uncertain(orelse.body.body, scope, reason)
            for name in set(after_body) | set(scope.vars):
                a, b = after_body.get(name, reason), scope.vars.get(name, reason)
                if a is not b and not (_known(a) and _known(b) and type(a) is type(b) and a == b):
                    scope.vars[name] = Unknown(f"{name} (set differently by `if {reason.origin}`)")

    def exec_uncertain(self, body, scope, reason):
        self.uncertain.append(reason)
        try:
            self.exec_block(body, scope)
        finally:
            self.uncertain.pop()

    def exec_for(self, stmt, scope):
        items = self.eval(stmt.iter, scope)
        together = self.keras.iterate(items)
        if together is not NOT_MINE:
            items = together
        if isinstance(items, dict):
            items = list(items)
        if isinstance(items, (list, tuple, str)) and len(items) <= MAX_LOOP:
            start, layers_before = self.steps, len(self.keras.layers)
            for item in list(items):
                if self.steps - start > LOOP_STEPS:
                    # A training or data loop (500 epochs x 200 batches): not worth following. What
                    # it binds becomes unknown; a model it added layers to is uncertain.
                    self.abandon_loop(stmt, scope, layers_before)
                    break
                self.assign(stmt.target, item, scope)
                self.exec_block(stmt.body.body, scope)
        else:
            reason = Unknown(node=stmt.iter)
            self.assign(stmt.target, reason, scope)
            self.exec_uncertain(stmt.body.body, scope, reason)
        if stmt.orelse is not None:
            self.exec_block(stmt.orelse.body.body, scope)

    def abandon_loop(self, stmt, scope, layers_before: int):
        loop = f"set in the loop over `{self.code(stmt.iter)}`, too long to follow"
        reason = Unknown(f"the loop over `{self.code(stmt.iter)}` (too long to follow)")
        for name in _bound_names(stmt):
            scope.vars[name] = Unknown(f"{name} ({loop})")
        new = self.keras.layers[layers_before:]
        if new:
            for model in self.keras.models:
                if any(layer is added for layer in model.layers for added in new):
                    model.uncertain.append(reason)

    def define_function(self, node, scope):
        defaults = {}
        for param in list(node.params.params) + list(node.params.kwonly_params) + list(node.params.posonly_params):
            if param.default is not None:
                defaults[param.name.value] = self.eval(param.default, scope)
        fn = Function(node, scope, defaults, top=self.top)
        scope.vars[node.name.value] = fn
        self.functions.append(fn)
        return fn

    def define_class(self, node, scope):
        bases = [self.eval(b.value, scope) for b in node.bases]
        cls = ClassValue(node.name.value, False, parents=[b for b in bases if isinstance(b, ClassValue)])
        self.keras.classify(cls, bases)
        cls.instance = Instance(cls)
        scope.vars[cls.name] = cls
        body_scope = Scope(scope)
        for stmt in node.body.body:
            if isinstance(stmt, cst.FunctionDef):
                fn = self.define_function(stmt, body_scope)
                fn.owner = cls
                cls.methods.append(fn)
        cls.overrides = {fn.node.name.value for fn in cls.methods} | {
            name for b in bases if isinstance(b, ClassValue) for name in b.overrides}

    def call_function(self, fn: Function, args, kwargs, top_level=False, self_value=None):
        """`self_value`: the object a method is called on; by default its class's shared instance."""
        self.tick()
        fn.called = True
        if self.depth >= MAX_CALL_DEPTH:
            return Unknown(f"{fn.node.name.value}(...)")
        local = Scope(fn.scope)
        params = fn.node.params
        positional = list(params.posonly_params) + list(params.params)
        if fn.owner is not None and positional:
            local.vars[positional[0].name.value] = self_value if self_value is not None else fn.owner.instance
            local.method_of = (local.vars[positional[0].name.value], fn.owner)  # for super()
            positional = positional[1:]
        for i, param in enumerate(positional):
            name = param.name.value
            if i < len(args):
                local.vars[name] = args[i]
            elif name in kwargs:
                local.vars[name] = kwargs[name]
            elif name in fn.defaults:
                local.vars[name] = fn.defaults[name]
            else:
                local.vars[name] = Unknown(f"parameter `{name}` of {fn.node.name.value}()")
        for param in params.kwonly_params:
            name = param.name.value
            local.vars[name] = kwargs.get(name, fn.defaults.get(name, Unknown(f"parameter `{name}`")))
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                local.vars[star.name.value] = Unknown(f"*{star.name.value}")
        self.depth += 1
        caller, self.top = self.top, fn.top
        self.ran.add(id(fn.node))
        try:
            self.exec_block(fn.node.body.body, local)
        except _Return as ret:
            return ret.value
        finally:
            self.depth -= 1
            self.top = caller
        return None

    # ---- assignment ---------------------------------------------------------------------
    def assign(self, target, value, scope):
        if isinstance(target, cst.Name):
            scope.vars[target.value] = value
        elif isinstance(target, (cst.Tuple, cst.List)):
            elements = target.elements
            unpacked = self.keras.unpack(value, len(elements))
            if unpacked is not NOT_MINE:
                value = unpacked
            if isinstance(value, (tuple, list)) and len(value) == len(elements) and not any(
                    isinstance(e, cst.StarredElement) for e in elements):
                for element, item in zip(elements, value):
                    self.assign(element.value, item, scope)
            else:
                for element in elements:
                    self.assign(element.value, value if isinstance(value, Unknown) else Unknown(node=target), scope)
        elif isinstance(target, cst.Attribute):
            owner = self.eval(target.value, scope)
            attr = target.attr.value
            if self.keras.assign_attribute(owner, attr, value):
                pass
            elif isinstance(owner, Instance):
                owner.attrs[attr] = value

    def name_model(self, target, value):
        if isinstance(value, ModelSpec) and value.variable is None:
            value.variable = self.code(target)

    # ---- expressions --------------------------------------------------------------------
    def eval(self, node, scope) -> Any:
        method = getattr(self, "eval_" + type(node).__name__, None)
        if method is None:
            return Unknown(node=node)
        return method(node, scope)

    def eval_Integer(self, node, scope):
        # int(text, 0) reads every Python 3 integer literal (0x1F, 1_000); libcst's
        # evaluated_value runs ast.literal_eval, a compile per number.
        try:
            return int(node.value, 0)
        except ValueError:
            try:
                return node.evaluated_value
            except ValueError:  # over Python's 4,300-digit limit for int()
                return Unknown(node=node)

    def eval_Float(self, node, scope):
        try:
            return float(node.value)
        except ValueError:
            return node.evaluated_value

    def eval_Imaginary(self, node, scope):
        return Unknown(node=node)

    def eval_SimpleString(self, node, scope):
        text = node.value
        if len(text) >= 2 and text[0] in QUOTES and text[-1] == text[0] and "\\" not in text \
                and text[:3] not in TRIPLE_QUOTES:
            return text[1:-1]  # a plain one-line string: no need for ast.literal_eval
        try:
            with warnings.catch_warnings():  # `"C:\inputs"`: CPython's warning is about their code, not ours
                warnings.simplefilter("ignore")
                return node.evaluated_value
        except Exception:  # bytes or odd prefixes
            return Unknown(node=node)

    def eval_ConcatenatedString(self, node, scope):
        left, right = self.eval(node.left, scope), self.eval(node.right, scope)
        if isinstance(left, str) and isinstance(right, str):
            return left + right
        return Unknown(node=node)

    def eval_FormattedString(self, node, scope):
        out = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                out.append(part.value)
                continue
            value = self.eval(part.expression, scope)
            if part.format_spec or part.conversion or not isinstance(value, (int, float, str)):
                return Unknown(node=node)
            out.append(str(value))
        return "".join(out)

    def eval_Name(self, node, scope):
        name = node.value
        found, value = scope.lookup(name)
        if found:
            return value
        if name in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[name]
        if not self.foreign_star:
            ref = self.keras.unbound_name(name)
            if ref is not None:
                return ref
        if name in BUILTINS:
            return Builtin(name)
        return Unknown(node=node)

    def eval_Attribute(self, node, scope):
        owner = self.eval(node.value, scope)
        attr = node.attr.value
        if isinstance(owner, Foreign):
            return Foreign(owner.name + "." + attr)
        for domain in (self.keras, numpy_shapes):
            value = domain.attribute(owner, attr, node)
            if value is not NOT_MINE:
                return value
        if attr in PLAIN_METHODS.get(type(owner), ()):
            return BoundMethod(owner, attr)
        if isinstance(owner, Instance) and attr in owner.attrs:
            return owner.attrs[attr]
        if isinstance(owner, Instance) and owner.cls.method(attr) is not None:
            return BoundMethod(owner, attr)
        if isinstance(owner, Super):
            return BoundMethod(owner, attr)
        return Unknown(node=node)

    def eval_Subscript(self, node, scope):
        owner = self.eval(node.value, scope)
        key = self.subscript_key(node, scope)
        for domain in (self.keras, numpy_shapes):
            value = domain.subscript(owner, key, node)
            if value is not NOT_MINE:
                return value
        if isinstance(key, Unknown) or not isinstance(owner, (tuple, list, str, dict)):
            return Unknown(node=node)
        if isinstance(key, slice) and isinstance(owner, dict):
            return Unknown(node=node)
        try:
            return owner[key]
        except (IndexError, KeyError, TypeError, ValueError):
            return Unknown(node=node)

    def subscript_key(self, node, scope):
        """The index or slice written in `x[...]`, evaluated (a tuple of them for `x[:, 0]`);
        Unknown when it cannot be."""
        if len(node.slice) > 1:
            keys = tuple(self.one_key(element.slice, node, scope) for element in node.slice)
            return Unknown(node=node) if any(isinstance(k, Unknown) for k in keys) else keys
        return self.one_key(node.slice[0].slice, node, scope)

    def one_key(self, index, node, scope):
        if isinstance(index, cst.Index):
            key = self.eval(index.value, scope)
            return Unknown(node=node) if not _known(key) else key
        if isinstance(index, cst.Slice):
            parts = [None if p is None else self.eval(p, scope) for p in (index.lower, index.upper, index.step)]
            if any(isinstance(p, Unknown) for p in parts):
                return Unknown(node=node)
            return slice(*parts)
        return Unknown(node=node)

    def eval_Tuple(self, node, scope):
        return tuple(self.elements(node.elements, scope, node))

    def eval_List(self, node, scope):
        return list(self.elements(node.elements, scope, node))

    def eval_Set(self, node, scope):
        items = self.elements(node.elements, scope, node)
        if not _known(items):
            return Unknown(node=node)
        try:
            return set(items)
        except TypeError:  # an unhashable item
            return Unknown(node=node)

    def elements(self, elements, scope, node):
        out = []
        for element in elements:
            value = self.eval(element.value, scope)
            if isinstance(element, cst.StarredElement):
                if isinstance(value, (tuple, list)):
                    out.extend(value)
                else:
                    out.append(Unknown(node=node))
            else:
                out.append(value)
        return out

    def eval_Dict(self, node, scope):
        out = {}
        for element in node.elements:
            if isinstance(element, cst.DictElement):
                key = self.eval(element.key, scope)
                if isinstance(key, Unknown) or not isinstance(key, (str, int, float, bool, tuple)):
                    return Unknown(node=node)
                out[key] = self.eval(element.value, scope)
            else:
                value = self.eval(element.value, scope)
                if not isinstance(value, dict):
                    return Unknown(node=node)
                out.update(value)
        return out

    def eval_ListComp(self, node, scope):
        return self.comprehension(node, scope)

    def eval_GeneratorExp(self, node, scope):
        return self.comprehension(node, scope)

    def comprehension(self, node, scope):
        local = Scope(scope)
        out = []

        def run(clause):
            items = self.eval(clause.iter, local)
            if isinstance(items, dict):
                items = list(items)
            if not isinstance(items, (list, tuple, str)) or len(items) > MAX_LOOP:
                raise _Unresolved()
            for item in items:
                self.tick()
                self.assign(clause.target, item, local)
                if not all(self.truth(self.eval(cond.test, local)) is True for cond in clause.ifs):
                    continue
                if clause.inner_for_in is not None:
                    run(clause.inner_for_in)
                else:
                    out.append(self.eval(node.elt, local))

        try:
            run(node.for_in)
        except _Unresolved:
            return Unknown(node=node)
        return out

    def eval_BinaryOperation(self, node, scope):
        op = BINARY.get(type(node.operator))
        return self.binary(op, self.eval(node.left, scope), self.eval(node.right, scope), node)

    def binary(self, op, left, right, node):
        array = numpy_shapes.binary(left, right, node)
        if array is not NOT_MINE:
            return array
        symbol = OPERATOR_SYMBOLS.get(op)
        tensor_op = self.keras.operator(symbol, left, right, node) if symbol else NOT_MINE
        if tensor_op is not NOT_MINE:
            return tensor_op
        if op is None or not _known(left) or not _known(right):
            return Unknown(node=node)
        if isinstance(left, (LayerSpec, ModelSpec, Tensor)) or isinstance(right, (LayerSpec, ModelSpec, Tensor)):
            return Unknown(node=node)
        if op is operator.pow and isinstance(right, (int, float)) and abs(right) > 64:
            return Unknown(node=node)
        if _too_big(op, left, right):
            return Unknown(node=node)
        if op is operator.mul and (isinstance(left, (tuple, list, str)) or isinstance(right, (tuple, list, str))):
            n = right if isinstance(left, (tuple, list, str)) else left
            if not isinstance(n, int) or n * len(left if n is right else right) > MAX_SEQ:
                return Unknown(node=node)
        try:
            return op(left, right)
        except Exception:  # ZeroDivisionError, TypeError, OverflowError...
            return Unknown(node=node)

    def eval_UnaryOperation(self, node, scope):
        value = self.eval(node.expression, scope)
        if isinstance(node.operator, cst.Not):
            truth = self.truth(value)
            return Unknown(node=node) if truth is None else not truth
        if not isinstance(value, (int, float)):
            return Unknown(node=node)
        if isinstance(node.operator, cst.Minus):
            return -value
        if isinstance(node.operator, cst.Plus):
            return +value
        if isinstance(node.operator, cst.BitInvert) and isinstance(value, int):
            return ~value
        return Unknown(node=node)

    def eval_BooleanOperation(self, node, scope):
        left = self.eval(node.left, scope)
        truth = self.truth(left)
        if truth is None:
            return Unknown(node=node)
        if isinstance(node.operator, cst.And):
            return self.eval(node.right, scope) if truth else left
        return left if truth else self.eval(node.right, scope)

    def eval_Comparison(self, node, scope):
        left = self.eval(node.left, scope)
        for target in node.comparisons:
            right = self.eval(target.comparator, scope)
            op = COMPARE.get(type(target.operator))
            if op is None or not _known(left) or not _known(right):
                return Unknown(node=node)
            try:
                if not op(left, right):
                    return False
            except Exception:
                return Unknown(node=node)
            left = right
        return True

    def eval_IfExp(self, node, scope):
        truth = self.truth(self.eval(node.test, scope))
        if truth is None:
            return Unknown(node=node)
        return self.eval(node.body if truth else node.orelse, scope)

    def eval_Ellipsis(self, node, scope):
        return Ellipsis

    def eval_Lambda(self, node, scope):
        return LambdaValue(node)

    def truth(self, value) -> Optional[bool]:
        if isinstance(value, (Unknown, Foreign, KerasRef, Function, BoundMethod, Builtin)):
            return None
        if isinstance(value, (tuple, list)) and not value:
            return False
        if isinstance(value, (bool, int, float, str, tuple, list, dict)) or value is None:
            return bool(value)
        return None

    # ---- calls --------------------------------------------------------------------------
    def eval_Call(self, node, scope):
        self.ran.add(id(self.top))
        self.implicit_sequential(node, scope)
        func = self.eval(node.func, scope)
        args, kwargs, specs = [], {}, []
        for arg in node.args:
            value = self.eval(arg.value, scope)
            if arg.star == "*":
                if isinstance(value, (tuple, list)):
                    for item in value:
                        args.append(item)
                        specs.append(self.arg_spec(None, item, arg))
                    continue
                value = Unknown(node=arg.value)
                args.append(value)
                specs.append(self.arg_spec(None, value, arg))
            elif arg.star == "**":
                if isinstance(value, dict) and all(isinstance(k, str) for k in value):
                    for key, item in value.items():
                        kwargs[key] = item
                        specs.append(self.arg_spec(key, item, arg))
                else:
                    specs.append(self.arg_spec("**", Unknown(node=arg.value), arg))
            elif arg.keyword is not None:
                kwargs[arg.keyword.value] = value
                specs.append(self.arg_spec(arg.keyword.value, value, arg))
            else:
                args.append(value)
                specs.append(self.arg_spec(None, value, arg))

        if isinstance(func, Foreign) and func.name in ("functools.partial", "partial") and args:
            return Partial(args[0], tuple(args[1:]), dict(kwargs), tuple(specs[1:]))
        if isinstance(func, Partial):
            # partial(Conv2D, kernel_size=3)(64): the stored arguments first; a keyword given again wins.
            given = {s.keyword for s in specs if s.keyword}
            specs = [s for s in func.specs if s.keyword not in given] + specs
            args, kwargs = list(func.args) + args, {**func.kwargs, **kwargs}
            func = func.func
        for domain in (self.keras, numpy_shapes):
            value = domain.call(func, node, args, kwargs, specs)
            if value is not NOT_MINE:
                return value
        if isinstance(func, BoundMethod) and type(func.target) in PLAIN_METHODS:
            return self.call_plain_method(func, args, kwargs, node)
        if isinstance(func, BoundMethod) and isinstance(func.target, Instance):
            return self.call_function(func.target.cls.method(func.name), args, kwargs, self_value=func.target)
        if isinstance(func, BoundMethod) and isinstance(func.target, Super):
            return self.call_super(func.target, func.name, args, kwargs, node)
        if isinstance(func, Function):
            return self.call_function(func, args, kwargs)
        if isinstance(func, ClassValue):
            return func.instance
        if isinstance(func, Builtin) and func.name == "super":
            return self.super_in(scope, node)
        if isinstance(func, Builtin):
            return self.call_builtin(func.name, args, kwargs, node)
        return Unknown(node=node)

    def implicit_sequential(self, node, scope) -> None:
        """`model.add(Dense(...))` where the file never binds `model` (a snippet that leaves out
        `model = Sequential()`): read as a Sequential made just before, and say so."""
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "add" and isinstance(func.value, cst.Name)
                and node.args and isinstance(node.args[0].value, cst.Call)) or self.foreign_star:
            return
        name, made = func.value.value, node.args[0].value.func
        layer = made.value if isinstance(made, cst.Name) else made.attr.value if isinstance(made, cst.Attribute) else ""
        if scope.lookup(name)[0] or name in BUILTINS or not self.keras.sigs.canonical(layer):
            return
        model = self.globals.vars[name] = self.keras.make_model(func.value, [], {})
        model.variable = name
        self.notes.append((Problem.ASSUMED_DEFAULT_CONFIG, f"`{name}` is not defined in this file: it is read as "
                           f"`{name} = keras.Sequential()` made before its first `.add(...)`", func.value))

    def super_in(self, scope, node):
        while scope is not None:
            if scope.method_of is not None:
                instance, cls = scope.method_of
                return Super(instance, cls) if isinstance(instance, Instance) else Unknown(node=node)
            scope = scope.parent
        return Unknown(node=node)

    def call_super(self, sup: Super, name, args, kwargs, node):
        """`super().__init__(...)`: a base class of the file's own first, else Keras's."""
        fn = next((f for f in (p.method(name) for p in sup.cls.parents) if f is not None), None)
        if fn is not None:
            return self.call_function(fn, args, kwargs, self_value=sup.instance)
        if name == "__init__" and sup.instance.keras_model is not None:
            self.keras.super_init(sup.instance.keras_model, kwargs)
            return None
        return Unknown(node=node)

    def arg_spec(self, keyword, value, arg):
        spec = ArgSpec(keyword, value, None)
        self.want_span(spec, "span", arg.value)
        if arg.keyword is not None:
            self.want_span(spec, "keyword_span", arg.keyword)
        return spec

    def call_plain_method(self, method: BoundMethod, args, kwargs, node):
        if not _known(args) or not _known(kwargs) or _too_long(method, args):
            return Unknown(node=node)
        try:
            value = getattr(method.target, method.name)(*args, **kwargs)
        except Exception:  # a wrong argument: what Python would raise is not ours to report
            return Unknown(node=node)
        if isinstance(value, (type({}.keys()), type({}.values()), type({}.items()))):
            value = list(value)
        if isinstance(value, (str, list, tuple)) and len(value) > MAX_SEQ:
            return Unknown(node=node)
        return value

    def call_builtin(self, name, args, kwargs, node):
        value = self.keras.builtin(name, args, node)
        if value is not NOT_MINE:
            return value
        if name in ("len", "list", "tuple", "reversed", "enumerate", "zip", "sorted", "set", "frozenset") \
                and not kwargs:
            if not all(isinstance(a, (list, tuple, str, dict, set, frozenset)) for a in args):
                return Unknown(node=node)
        elif not _known(args) or not _known(kwargs):
            return Unknown(node=node)
        if name == "range" and args and all(isinstance(a, int) for a in args):
            try:
                r = range(*args) if len(args) <= 3 else None
                if r is None or len(r) > MAX_SEQ:
                    return Unknown(node=node)
            except (ValueError, OverflowError):  # a zero step, a length past sys.maxsize
                return Unknown(node=node)
            return list(r)
        fn = {
            "len": len, "int": int, "float": float, "str": str, "bool": bool, "tuple": tuple, "list": list,
            "min": min, "max": max, "sum": sum, "abs": abs, "round": round, "sorted": sorted, "dict": dict,
            "zip": lambda *a: list(zip(*a)), "enumerate": lambda *a, **k: list(enumerate(*a, **k)),
            "reversed": lambda a: list(reversed(a)), "set": set, "frozenset": frozenset,
        }.get(name)
        if fn is None:
            return Unknown(node=node)
        try:
            return fn(*args, **kwargs)
        except Exception:
            return Unknown(node=node)

    # ---- helpers ------------------------------------------------------------------------
    def code(self, node) -> str:
        return self.module.code_for_node(node).strip()


# `from <alias>.layers import *`: modules whose star import brings Keras's layer and model names.
KERAS_STAR_MODULES = frozenset({"layers", "models"})
# Names that build models (not every Keras import: keras.ops or keras.utils alone make no model).
KERAS_WORDS = frozenset({"Sequential", "Model", "Functional", "Input", "layers", "models", "applications"})


def function_names(module: cst.Module, tree, blanked=frozenset()) -> dict:
    """id(libcst FunctionDef) -> the names its body uses. Read with CPython's `ast`, an order of
    magnitude cheaper than walking libcst's nodes; the two trees' function definitions are paired in
    statement order (not inside the `def`s at `blanked`, whose body libcst saw as `pass`). {} when
    that cannot be done (no tree, or trees that do not pair)."""
    if tree is None:
        return {}
    theirs = list(_ast_functions(tree.body, blanked))
    ours = list(_cst_functions(module.body))
    if len(theirs) != len(ours):
        return {}
    out = {}
    for node, defined in zip(ours, theirs):
        names = set()
        for sub in ast.walk(defined):
            if isinstance(sub, ast.Name):
                names.add(sub.id)
            elif isinstance(sub, ast.Attribute):
                names.add(sub.attr)
        out[id(node)] = names
    return out


def _cst_functions(body):
    """FunctionDefs in statement pre-order (a function before the ones inside it)."""
    for stmt in body:
        if isinstance(stmt, cst.FunctionDef):
            yield stmt
        for block in _cst_blocks(stmt):
            yield from _cst_functions(block)


def _cst_blocks(stmt):
    if isinstance(stmt, (cst.FunctionDef, cst.ClassDef, cst.With)):
        return [stmt.body.body] if isinstance(stmt.body, cst.IndentedBlock) else []
    blocks = []
    if isinstance(stmt, (cst.If, cst.For, cst.While, cst.Try, cst.TryStar)):
        blocks.append(stmt.body)
        blocks += [h.body for h in getattr(stmt, "handlers", ())]
        orelse = getattr(stmt, "orelse", None)
        while isinstance(orelse, cst.If):  # elif: its own body, then what follows it
            blocks.append(orelse.body)
            orelse = orelse.orelse
        if orelse is not None:
            blocks.append(orelse.body)
        if getattr(stmt, "finalbody", None) is not None:
            blocks.append(stmt.finalbody.body)
    elif isinstance(stmt, cst.Match):
        blocks += [case.body for case in stmt.cases]
    return [b.body for b in blocks if isinstance(b, cst.IndentedBlock)]


def _ast_functions(body, blanked=frozenset()):
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield stmt
            if stmt.lineno in blanked:
                continue
        for block in _ast_blocks(stmt):
            yield from _ast_functions(block, blanked)


def _ast_blocks(stmt):
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.With, ast.AsyncWith)):
        return [stmt.body]
    blocks = []
    if isinstance(stmt, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, getattr(ast, "TryStar", ast.Try))):
        blocks.append(stmt.body)
        blocks += [h.body for h in getattr(stmt, "handlers", ())]
        blocks.append(stmt.orelse)  # an elif is an If in it: the same order as libcst's flattened chain
        if getattr(stmt, "finalbody", None):
            blocks.append(stmt.finalbody)
    elif isinstance(stmt, ast.Match):
        blocks += [case.body for case in stmt.cases]
    return blocks


def _bound_names(node) -> set:
    """The plain names a statement's body assigns (targets of =, +=, for and with)."""
    names = set()
    stack = [node]
    while stack:
        current = stack.pop()
        targets = []
        if isinstance(current, cst.Assign):
            targets = [t.target for t in current.targets]
        elif isinstance(current, (cst.AugAssign, cst.AnnAssign, cst.For)):
            targets = [current.target]
        for target in targets:
            names.update(n.value for n in _names_in(target))
        if not isinstance(current, (cst.FunctionDef, cst.ClassDef)):
            stack.extend(current.children)
    return names


def _names_in(target):
    if isinstance(target, cst.Name):
        return [target]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for element in target.elements for n in _names_in(element.value)]
    return []


MAX_INT_BITS = 4096  # shapes and counts are small numbers: a bigger one is not worth computing


def _too_long(method, args) -> bool:
    """A str.join or str.replace whose result would pass MAX_SEQ: not built."""
    target = method.target
    if method.name == "join" and args and isinstance(args[0], (list, tuple)):
        parts = args[0]
        return not all(isinstance(p, str) for p in parts) or \
            sum(map(len, parts)) + len(target) * len(parts) > MAX_SEQ
    if method.name == "replace" and len(args) >= 2 and all(isinstance(a, str) for a in args[:2]):
        return len(target) + (len(target) + 1) * len(args[1]) > MAX_SEQ
    return False


def _too_big(op, left, right) -> bool:
    """A result the evaluator should not build: a sequence over MAX_SEQ, an integer over MAX_INT_BITS."""
    if op is operator.add and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        return len(left) + len(right) > MAX_SEQ
    if type(left) is int and type(right) is int:
        if op is operator.mul:
            return left.bit_length() + right.bit_length() > MAX_INT_BITS
        if op is operator.pow:
            return right > 0 and left.bit_length() * right > MAX_INT_BITS
    return False


class _Unresolved(Exception):
    pass


def _dotted(node) -> tuple:
    if isinstance(node, cst.Name):
        return (node.value,)
    if isinstance(node, cst.Attribute):
        return _dotted(node.value) + (node.attr.value,)
    return ("?",)


def _aug_op(op):
    return {
        cst.AddAssign: operator.add, cst.SubtractAssign: operator.sub, cst.MultiplyAssign: operator.mul,
        cst.DivideAssign: operator.truediv, cst.FloorDivideAssign: operator.floordiv,
        cst.ModuloAssign: operator.mod, cst.PowerAssign: operator.pow,
    }.get(type(op))
