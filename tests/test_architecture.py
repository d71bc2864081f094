"""The import graph: no circles, and no module imports one that stands later in the flow
source -> extraction -> inference -> rules -> output, with the front ends (cli, scan, lsp) on top.
Imports inside functions count too."""
import ast

from conftest import ROOT

PACKAGE = ROOT / "kerascount_lint"
# Each top-level module or package of kerascount_lint, by the stage it belongs to.
STAGE = {
    "datatypes": 0, "toml_files": 0, "guard": 0, "catalogue": 1,  # plain data, Keras's own tables
    "reading": 2,  # reading the input: source, notebook, noqa comments
    "extract": 3, "inference": 4, "rules": 5, "output": 6, "fixes": 6,
    "config": 6,  # settings: the rules' selection and the assignment spec
    "analysis": 7,  # the one analysis API
    "cli": 8, "scan": 8, "lsp": 8, "check_cache": 8, "__main__": 9, "": 0,
}


def modules() -> dict:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found[name[:-len(".__init__")] if name.endswith(".__init__") else name] = path
    return found


def imports(mods: dict) -> dict:
    edges = {}
    for name, path in mods.items():
        deps = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kerascount_lint"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    deps.add(full if full in mods else node.module)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name.startswith("kerascount_lint"))
        edges[name] = {d for d in deps if d in mods and d != name}
    return edges


def stage(module: str) -> int:
    parts = module.split(".")
    return STAGE[parts[1] if len(parts) > 1 else ""]


def test_no_import_runs_against_the_flow():
    edges = imports(modules())
    back = sorted(f"{a} -> {b}" for a, deps in edges.items() for b in deps if stage(b) > stage(a))
    assert back == []


def test_no_import_circles():
    edges = imports(modules())
    state, circles = {}, []

    def visit(module, trail):
        state[module] = "open"
        for dep in sorted(edges[module]):
            if state.get(dep) == "open":
                circles.append(trail[trail.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, trail + [dep])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_every_module_has_a_stage():
    tops = {m.split(".")[1] for m in modules() if "." in m}
    assert tops - set(STAGE) == set()  # a new module or package names its place in the flow here


def test_only_rules_know_the_codes():
    """Earlier stages report a typed Problem; rules/ gives it a code (and front ends ask rules/)."""
    import re

    spelled = sorted(f"{name}: {code}" for name, path in modules().items() if not name.startswith("kerascount_lint.rules")
                     for code in re.findall(r"[\"']KC\d+", path.read_text()))
    assert spelled == []


def test_every_problem_is_a_rule():
    from kerascount_lint.datatypes import Problem
    from kerascount_lint.rules.registry import BY_NAME

    assert [p.value for p in Problem if p.value not in BY_NAME] == []


def test_every_internal_import_names_a_module_or_a_name_in_one():
    """Imports inside functions run late: a moved module must not leave one behind."""
    import importlib

    mods = modules()
    missing = []
    for name, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kerascount_lint"):
                if node.module not in mods:
                    missing.append(f"{name}: {node.module}")
                    continue
                target = importlib.import_module(node.module)
                missing += [f"{name}: {node.module}.{a.name}" for a in node.names
                            if f"{node.module}.{a.name}" not in mods and not hasattr(target, a.name)]
            elif isinstance(node, ast.Import):
                missing += [f"{name}: {a.name}" for a in node.names
                            if a.name.startswith("kerascount_lint") and a.name not in mods]
    assert missing == []
