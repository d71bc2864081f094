"""The parts of a file that can reach a model, found with CPython's `ast` before libcst parses it.

libcst parses an order of magnitude slower than `ast`, and most of a real file is code that builds
no model: library methods, training loops, data helpers. The interpreter runs a function's body only
when executed code calls it, or when nobody calls it and it names what builds models
(`Interpreter.mentions_keras`). A function that does neither is never run, so its body can be left
out of the parse.

`reachable_text` blanks those bodies line for line (a body becomes `pass` and empty lines), so every
line and column of the code that stays is where it was, and positions, fixes and `# noqa` stay exact.
Everything here errs towards keeping code:
- a function's names are every identifier on its lines outside strings and comments (f-strings'
  words included), a superset of what the interpreter reads;
- any name in kept code that spells a function's name keeps it (`self.helper()`, `fn = helper`);
- a class named in kept code keeps all its methods (Python calls `__init__`, `call` and `build`
  without spelling them).
Only statements are walked in Python; names come from a regular expression over the lines.
"""
from __future__ import annotations

import ast
import bisect
import re
import warnings
from dataclasses import dataclass
from typing import Optional

# Below this size the ast pass costs more than the parse it could save.
MIN_BYTES = 4096
# An identifier, or a string or comment skipped whole (the words of docstrings, messages and comments
# are never read as code); an f-string's words count, since its braces hold code.
TOKENS = re.compile(
    r"(?P<prefix>\b[rRbBuUfF]{1,2})?"
    r"(?P<string>" + r'"""[\s\S]*?"""' + "|" + r"'''[\s\S]*?'''" + "|" + r'"(?:\\.|[^"\\\n])*"' + "|"
    + r"'(?:\\.|[^'\\\n])*'" + r")|#[^\n]*|(?P<name>[A-Za-z_]\w*)")
IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
DEFINED = re.compile(r"\b(?:def|class)\s+[A-Za-z_]\w*")  # a name being defined is not a use of it
DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class Reading:
    """What libcst is to parse, and what the `ast` pass found, for the stages after it to reuse."""

    text: str  # the source, with the bodies that cannot reach a model blanked
    tree: Optional[ast.Module] = None  # `ast` of the source as it was (None: not parsed)
    blanked: frozenset = frozenset()  # line of each `def` whose body was blanked


def python_tree(text: str) -> Optional[ast.Module]:
    """CPython's `ast` of `text`, or None where CPython cannot read it (libcst then says why)."""
    try:
        return quiet_parse(text.lstrip("\ufeff"))
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None


def quiet_parse(text: str) -> ast.Module:
    """ast.parse without CPython's warnings about the code read (`"C:\\inputs"`: an invalid escape
    sequence), which would print on a user's terminal as if they were ours."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text)


def reachable_text(text: str, model_words: frozenset, is_layer_name) -> Reading:
    """`text` with the bodies of functions that cannot reach a model blanked (as it is when nothing
    can be left out, or `ast` cannot read the file: then libcst reports the error as it is).

    `model_words` and `is_layer_name(name)` say which names build models, as the interpreter's
    `mentions_keras` decides; names a Keras import binds, and the file's classes that subclass
    Keras, count too."""
    if len(text) < MIN_BYTES or "\r" in text.replace("\r\n", ""):
        return Reading(text)  # (a lone carriage return ends a line for Python, not for str.split("\n"))
    tree = python_tree(text)
    if tree is None:
        return Reading(text)
    lines = text.split("\n")
    found = _Statements(lines)
    found.visit(tree.body, None, False)
    builds = set(model_words)
    builds |= found.model_names(builds, is_layer_name)
    kept = _kept(found, lambda names: any(n in builds or is_layer_name(n) for n in names))
    dropped = [fn for fn in found.functions if id(fn) not in kept]
    blanked, starts = set(), []  # starts: first body line of each blanked function, in order
    for fn in _outermost(dropped):
        first, last = first_line(fn.body[0]), fn.end_lineno
        if first == fn.lineno or last is None or last <= first:
            continue  # `def f(): return 1`, or a one-line body: nothing worth the risk
        head = lines[first - 1]
        indent = head[:len(head) - len(head.lstrip())]
        if not indent or "\t" in indent or _continued(lines, first):
            continue
        _blank(lines, first, last, indent)
        blanked.add(fn.lineno)
        starts.append((first, last))
    # Docstrings and other strings that stand alone: never evaluated to anything a model needs, and
    # often a third of a library's bytes. Each becomes `pass` where it starts, as a body's first
    # statement must be something.
    strings = 0
    for node in found.strings:
        indent = lines[node.lineno - 1][:node.col_offset]
        at = bisect.bisect_right(starts, (node.lineno, float("inf"))) - 1
        if indent.strip() or (at >= 0 and node.lineno <= starts[at][1]) or _continued(lines, node.lineno):
            continue  # after code on its line (`class A: """..."""`), or in a body left out already
        _blank(lines, node.lineno, node.end_lineno, indent)
        strings += 1
    changed = blanked or strings
    return Reading("\n".join(lines) if changed else text, tree, frozenset(blanked))


def _continued(lines: list, line: int) -> bool:
    """The line before ends with a backslash: `line` is part of the statement above it."""
    return line > 1 and lines[line - 2].rstrip("\r").endswith("\\")


def _blank(lines: list, first: int, last: int, indent: str) -> None:
    """Lines first..last (1-based) become `pass` at `indent`, then empty lines, keeping each `\r`."""
    lines[first - 1] = f"{indent}pass\r" if lines[first - 1].endswith("\r") else f"{indent}pass"
    for i in range(first, last):
        lines[i] = "\r" if lines[i].endswith("\r") else ""


class _Statements:
    """One walk over the file's statements (never its expressions, which is where `ast` is slow)."""

    def __init__(self, lines):
        self.lines = lines
        self.functions: list = []
        self.names: dict = {}  # id(function) -> identifiers on its lines
        self.methods: dict = {}  # class name -> its methods
        self.classes: list = []  # ClassDefs outside functions
        self.imports: list = []  # Import / ImportFrom outside functions
        self.assignments: list = []  # `name = reference` outside functions
        self.bodies: list = []  # (first, last) line of each outermost function body
        self.strings: list = []  # multi-line string statements alone on their lines: docstrings and the like

    def visit(self, body, owner, inside):
        for i, stmt in enumerate(body):
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(
                    stmt.value.value, str) and stmt.end_lineno > stmt.lineno:
                alone = (i == 0 or body[i - 1].end_lineno < stmt.lineno) and (
                    i + 1 == len(body) or first_line(body[i + 1]) > stmt.end_lineno)
                if alone:
                    self.strings.append(stmt)
            if isinstance(stmt, DEFS):
                self.functions.append(stmt)
                self.names[id(stmt)] = self.identifiers(first_line(stmt), stmt.end_lineno)
                if owner is not None:
                    self.methods[owner].append(stmt)
                if not inside:
                    self.bodies.append((first_line(stmt.body[0]), stmt.end_lineno))
                self.visit(stmt.body, None, True)
            elif isinstance(stmt, ast.ClassDef):
                self.methods.setdefault(stmt.name, [])
                if not inside:
                    self.classes.append(stmt)
                self.visit(stmt.body, stmt.name, inside)
            else:
                if not inside and isinstance(stmt, (ast.Import, ast.ImportFrom)):
                    self.imports.append(stmt)
                elif not inside and isinstance(stmt, (ast.Assign, ast.AnnAssign)) and isinstance(
                        stmt.value, (ast.Name, ast.Attribute)):
                    self.assignments.append(stmt)
                for block in _blocks(stmt):
                    self.visit(block, owner, inside)

    def identifiers(self, first, last) -> set:
        names = set()
        for match in TOKENS.finditer(DEFINED.sub("", "\n".join(self.lines[first - 1:last]))):
            name, prefix = match.group("name"), match.group("prefix")
            if name is not None:
                names.add(name)
            elif prefix is not None and "f" in prefix.lower():
                names.update(IDENTIFIER.findall(match.group("string")))
        return names

    def root_names(self) -> set:
        """Identifiers outside every function body: module level, class bodies, def headers."""
        names, line = set(), 1
        for first, last in sorted(self.bodies):
            if first > line:
                names |= self.identifiers(line, first - 1)
            line = max(line, (last or first) + 1)
        return names | self.identifiers(line, len(self.lines))

    def model_names(self, builds: set, is_layer_name) -> set:
        """Names bound to what builds models, as the interpreter's KerasRef and ClassValue see them:
        an import whose path names one (`from keras import layers as L`), a reference to one
        (`L = keras.layers`), and a class whose bases come from Keras or lead to one."""
        def builds_model(parts) -> bool:
            return any(p in builds for p in parts) or (bool(parts) and bool(is_layer_name(parts[-1])))

        known, from_keras = set(builds), set()
        for node in self.imports:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    parts, name = alias.name.split("."), alias.asname or alias.name.split(".")[0]
                    known.update([name] if builds_model(parts) else [])
                    from_keras.update([name] if _keras_module(parts) else [])
            else:
                module = (node.module or "").split(".")
                known.update(a.asname or a.name for a in node.names if builds_model(module + [a.name]))
                from_keras.update(a.asname or a.name for a in node.names if _keras_module(module))
        grew = True
        while grew:
            grew = False
            for node in self.classes:  # any base from Keras makes a custom layer to the interpreter
                bases = self.identifiers(node.lineno, max(node.lineno, node.body[0].lineno - 1)) - {node.name}
                if node.name not in known and any(builds_model([n]) or n in known or n in from_keras for n in bases):
                    known.add(node.name)
                    grew = True
            for node in self.assignments:
                refs = self.identifiers(node.value.lineno, node.value.end_lineno)
                if any(builds_model([n]) or n in known for n in refs):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    new = {t.id for t in targets if isinstance(t, ast.Name)} - known
                    known |= new
                    grew = grew or bool(new)
        return known - builds


def _kept(found: _Statements, mentions) -> set:
    """id() of every function the interpreter may run: a worklist over names, each taken once."""
    by_name: dict = {}
    for fn in found.functions:
        by_name.setdefault(fn.name, []).append(fn)
    queue = [fn for fn in found.functions if mentions(found.names[id(fn)])]
    kept_names: set = set()
    kept: set = set()

    def reach(names):
        for name in names - kept_names:
            kept_names.add(name)
            queue.extend(by_name.get(name, ()))
            queue.extend(found.methods.get(name, ()))

    reach(found.root_names())
    while queue:
        fn = queue.pop()
        if id(fn) not in kept:
            kept.add(id(fn))
            reach(found.names[id(fn)])
    return kept


def _blocks(stmt) -> list:
    """The statement lists inside a compound statement (if/for/while/with/try/match)."""
    blocks = [getattr(stmt, name, None) for name in ("body", "orelse", "finalbody")]
    blocks += [h.body for h in getattr(stmt, "handlers", ())]
    blocks += [case.body for case in getattr(stmt, "cases", ())]
    return [b for b in blocks if isinstance(b, list) and b and isinstance(b[0], ast.stmt)]


def first_line(stmt) -> int:
    """Where a statement starts: a decorated definition starts at its first decorator's `@`."""
    decorators = getattr(stmt, "decorator_list", None)
    return min([stmt.lineno] + [d.lineno for d in decorators]) if decorators else stmt.lineno


def _keras_module(parts) -> bool:
    return parts[0] in ("keras", "tf_keras") or "keras" in parts  # as KerasRef.keras_path()


def _outermost(fns):
    """The dropped functions not inside another dropped one (that one's blanking covers them)."""
    out, end = [], 0
    for start, stop, fn in sorted(((fn.lineno, fn.end_lineno or fn.lineno, fn) for fn in fns),
                                  key=lambda row: row[:2]):
        if start > end:
            out.append(fn)
            end = stop
    return out
