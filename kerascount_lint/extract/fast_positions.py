"""Offsets of the wanted nodes by adding up token lengths, for the nodes model code is made of.

positions.py runs libcst's own code generation, which costs a context manager and a hook per
node. Top-level simple statements, calls, arguments, names, numbers, strings, attributes,
lists and tuples are walked here instead, step for step as their `_codegen_impl` emits
tokens, counting lengths only. Everything else (compound statements, other expressions)
goes through libcst's code generation from the same offset, so the result is the same;
tests/test_positions.py checks that on every sample model and hundreds of generated ones.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst
from libcst import MaybeSentinel

from kerascount_lint.extract.codegen_offsets import OffsetState
from kerascount_lint.extract.regions import first_line, python_tree

_LEAVES = (cst.Name, cst.Integer, cst.Float, cst.SimpleString)


class _Walker:
    def __init__(self, module: cst.Module, wanted: set):
        self.wanted = wanted
        self.found: dict = {}
        self.offset = 0
        self.newline = module.default_newline
        # For everything not walked here: libcst's code generation, from our offset. At the top
        # level there is no indentation, so one state serves every fallback.
        self.state = OffsetState(default_indent=module.default_indent, default_newline=module.default_newline,
                                  wanted=wanted, found=self.found)

    def fallback(self, node, **kwargs) -> None:
        state = self.state
        state.offset = self.offset
        node._codegen(state, **kwargs)
        self.offset = state.offset
        state.tokens.clear()

    # ---- whitespace ----
    def ws(self, node) -> None:
        if type(node) is cst.SimpleWhitespace:
            self.offset += len(node.value)
        elif type(node) is cst.ParenthesizedWhitespace:
            self.trailing(node.first_line)
            for line in node.empty_lines:
                self.empty_line(line)
            self.offset += len(node.last_line.value)  # indentation tokens: none at the top level
        else:
            self.fallback(node)

    def trailing(self, node: cst.TrailingWhitespace) -> None:
        self.offset += len(node.whitespace.value) + (len(node.comment.value) if node.comment else 0)
        self.offset += len(self.newline if node.newline.value is None else node.newline.value)

    def empty_line(self, node: cst.EmptyLine) -> None:
        self.trailing(node)  # same fields: whitespace, comment, newline

    def op(self, node, token_length: int) -> None:
        self.ws(node.whitespace_before)
        self.offset += token_length
        self.ws(node.whitespace_after)

    # ---- expressions ----
    def expr(self, node) -> None:
        kind = type(node)
        if kind not in _HANDLED:
            self.fallback(node)
            return
        for lpar in node.lpar:
            self.offset += 1
            self.ws(lpar.whitespace_after)
        start = self.offset
        if kind in _LEAVES:
            self.offset += len(node.value)
        elif kind is cst.Call:
            self.expr(node.func)
            self.ws(node.whitespace_after_func)
            self.offset += 1
            self.ws(node.whitespace_before_args)
            last = len(node.args) - 1
            for i, arg in enumerate(node.args):
                self.arg(arg, i != last)
            self.offset += 1
        elif kind is cst.Attribute:
            self.expr(node.value)
            self.op(node.dot, 1)
            self.expr(node.attr)
        elif kind is cst.Tuple:
            elements = node.elements
            if len(elements) == 1:
                self.element(elements[0], True, False)
            else:
                for i, el in enumerate(elements):
                    self.element(el, i < len(elements) - 1, True)
        else:  # List
            self.offset += 1
            self.ws(node.lbracket.whitespace_after)
            elements = node.elements
            for i, el in enumerate(elements):
                self.element(el, i < len(elements) - 1, True)
            self.ws(node.rbracket.whitespace_before)
            self.offset += 1
        if id(node) in self.wanted:
            self.found[id(node)] = (start, self.offset)
        for rpar in node.rpar:
            self.ws(rpar.whitespace_before)
            self.offset += 1

    def arg(self, node: cst.Arg, default_comma: bool) -> None:
        start = self.offset
        self.offset += len(node.star)
        self.ws(node.whitespace_after_star)
        if node.keyword is not None:
            self.expr(node.keyword)
        if node.equal is MaybeSentinel.DEFAULT and node.keyword is not None:
            self.offset += 3  # " = "
        elif isinstance(node.equal, cst.AssignEqual):
            self.op(node.equal, 1)
        self.expr(node.value)
        if id(node) in self.wanted:
            self.found[id(node)] = (start, self.offset)
        self.comma(node.comma, default_comma, True)
        self.ws(node.whitespace_after_arg)

    def element(self, node, default_comma: bool, default_comma_whitespace: bool) -> None:
        if type(node) is not cst.Element:
            self.fallback(node, default_comma=default_comma, default_comma_whitespace=default_comma_whitespace)
            return
        start = self.offset
        self.expr(node.value)
        if id(node) in self.wanted:
            self.found[id(node)] = (start, self.offset)
        self.comma(node.comma, default_comma, default_comma_whitespace)

    def comma(self, comma, default_comma: bool, default_comma_whitespace: bool) -> None:
        if comma is MaybeSentinel.DEFAULT:
            if default_comma:
                self.offset += 2 if default_comma_whitespace else 1
        elif isinstance(comma, cst.Comma):
            self.op(comma, 1)

    # ---- statements ----
    def module(self, module: cst.Module, plan: dict) -> None:
        for line in module.header:
            self.empty_line(line)
        for i, stmt in enumerate(module.body):
            step = plan.get(i)
            if step is None:
                if type(stmt) is cst.SimpleStatementLine:
                    self.simple_line(stmt)
                else:
                    self.fallback(stmt)
                continue
            members, after = step  # a statement stepped over, but for the class members listed
            for member, start, indent in members:
                self.state.offset = start
                self.state.indent_tokens[:] = [indent]
                member._codegen(self.state)
                self.state.tokens.clear()
            self.state.indent_tokens.clear()
            self.offset = after
        # The footer and a missing final newline come after every node: they move nothing.

    def simple_line(self, line: cst.SimpleStatementLine) -> None:
        for leading in line.leading_lines:
            self.empty_line(leading)
        start = self.offset
        body = line.body
        last = len(body) - 1
        for i, small in enumerate(body):
            kind = type(small)
            if kind is cst.Expr:
                self.small(small, lambda s: self.expr(s.value), i != last)
            elif kind is cst.Assign:
                self.small(small, self.assign, i != last)
            elif kind is cst.Import:
                self.small(small, self.import_, i != last)
            elif kind is cst.ImportFrom:
                self.small(small, self.import_from, i != last)
            else:
                self.fallback(small, default_semicolon=(i != last))
        if not body:
            self.offset += 4  # "pass"
        if id(line) in self.wanted:
            self.found[id(line)] = (start, self.offset)
        self.trailing(line.trailing_whitespace)

    def small(self, node, body, default_semicolon: bool) -> None:
        start = self.offset
        body(node)
        if id(node) in self.wanted:
            self.found[id(node)] = (start, self.offset)
        if isinstance(node.semicolon, MaybeSentinel):
            if default_semicolon:
                self.offset += 2  # "; "
        else:
            self.op(node.semicolon, 1)

    # Imports hold few nodes we report (a module a fix rewrites), but every file has them: their lengths, token by token as
    # Import/ImportFrom/ImportAlias/AsName._codegen_impl emit them, cost far less than codegen.
    def import_(self, node: cst.Import) -> None:
        self.offset += 6  # "import"
        self.ws(node.whitespace_after_import)
        self.aliases(node.names)

    def import_from(self, node: cst.ImportFrom) -> None:
        self.offset += 4  # "from"
        self.ws(node.whitespace_after_from)
        for dot in node.relative:
            self.op(dot, 1)
        if node.module is not None:
            self.dotted(node.module)
        self.ws(node.whitespace_before_import)
        self.offset += 6  # "import"
        self.ws(node.whitespace_after_import)
        if node.lpar is not None:
            self.offset += 1
            self.ws(node.lpar.whitespace_after)
        if isinstance(node.names, cst.ImportStar):
            self.offset += 1
        else:
            self.aliases(node.names)
        if node.rpar is not None:
            self.ws(node.rpar.whitespace_before)
            self.offset += 1

    def aliases(self, names) -> None:
        last = len(names) - 1
        for i, alias in enumerate(names):
            self.dotted(alias.name)
            if alias.asname is not None:
                self.ws(alias.asname.whitespace_before_as)
                self.offset += 2  # "as"
                self.ws(alias.asname.whitespace_after_as)
                self.offset += len(alias.asname.name.value)
            if alias.comma is MaybeSentinel.DEFAULT:
                if i != last:
                    self.offset += 2  # ", "
            elif isinstance(alias.comma, cst.Comma):
                self.op(alias.comma, 1)

    def dotted(self, node) -> None:
        start = self.offset
        self.dotted_name(node)
        if id(node) in self.wanted:  # an import's module, which a fix rewrites
            self.found[id(node)] = (start, self.offset)

    def dotted_name(self, node) -> None:
        if type(node) is cst.Name and not node.lpar:
            self.offset += len(node.value)
        elif type(node) is cst.Attribute and not node.lpar:
            self.dotted_name(node.value)
            self.op(node.dot, 1)
            self.offset += len(node.attr.value)
        else:
            self.fallback(node)

    def assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self.expr(target.target)
            self.ws(target.whitespace_before_equal)
            self.offset += 1
            self.ws(target.whitespace_after_equal)
        self.expr(node.value)


_HANDLED = {cst.Name, cst.Integer, cst.Float, cst.SimpleString, cst.Call, cst.Attribute, cst.Tuple, cst.List}


def fast_offsets(module: cst.Module, wanted: set, plan: Optional[dict] = None) -> dict:
    """{id(node): (start, end)} for the wanted nodes, as codegen_offsets.code_offsets gives them.
    `plan`: module-level statements to step over (see plan)."""
    walker = _Walker(module, wanted)
    walker.module(module, plan or {})
    return walker.found


def plan(module: cst.Module, text: str, starts: list, ran, tree=None) -> dict:
    """{i: (members, offset after)} for the module-level compound statements worth stepping over:
    a class or function the analysis never ran holds no node we want, and of a class it used only
    the members it ran (and its statements that are not functions) are generated, each from where
    it starts. libcst's code generation of a large class is the costliest step of a position pass;
    CPython's `ast` says where each statement starts (its first line, less the blank and comment
    lines libcst gives it). {} when the two trees do not pair. `ran(node)`: the analysis ran
    code in this statement."""
    body = module.body
    if not any(type(stmt) is not cst.SimpleStatementLine for stmt in body[:-1]):
        return {}
    tree = tree or python_tree(text)  # (statements stand where they stood before regions.py blanked any)
    if tree is None:
        return {}
    top = _paired(body, tree.body)
    if top is None:
        return {}
    out = {}
    for i, stmt in enumerate(body[:-1]):
        if type(stmt) is cst.SimpleStatementLine:
            continue
        after = _start(body[i + 1], top[i + 1][1], starts, "", module)
        if not ran(stmt):
            out[i] = ((), after)
        elif type(stmt) is cst.ClassDef and isinstance(stmt.body, cst.IndentedBlock):
            members = _paired(stmt.body.body, top[i][0].body)
            if members is None:
                continue
            indent = stmt.body.indent if stmt.body.indent is not None else module.default_indent
            kept = [(member, _start(member, line, starts, indent, module), indent) for member, (_, line) in
                    zip(stmt.body.body, members) if type(member) is not cst.FunctionDef or ran(member)]
            if len(kept) < len(members):
                out[i] = (kept, after)
    return out


def _paired(stmts, nodes):
    """[(ast node, first line)] for each libcst statement, or None: a line of `a; b` is one libcst
    statement and two of ast's."""
    out, at = [], 0
    for stmt in stmts:
        if at >= len(nodes):
            return None
        out.append((nodes[at], first_line(nodes[at])))
        at += len(stmt.body) if type(stmt) is cst.SimpleStatementLine else 1
    return out if at == len(nodes) else None


def _start(stmt, line: int, starts: list, indent: str, module) -> int:
    """The offset where libcst's code for `stmt` begins: its blank and comment lines before `line`."""
    newline = module.default_newline
    leading = sum((len(indent) if row.indent else 0) + len(row.whitespace.value)
                  + (len(row.comment.value) if row.comment else 0)
                  + len(newline if row.newline.value is None else row.newline.value)
                  for row in stmt.leading_lines)
    return starts[line - 1] - leading
