"""`check` as pre-commit users pay for it, side by side with pyflakes and Ruff, as whole processes.

    pip install pyflakes ruff          # the comparison tools (not dependencies of kerascount-lint)
    python benchmarks/bench_vs_pyflakes.py [ROUNDS] [TREE ...]

Times, as the CPU (user + system) of each child process, interleaved round by round so that a
busy machine's slow spells fall on every side alike:
  - one small model file (the slides' CNN) and one file with no model;
  - whole real-world trees. By default, two installed here that stand at the two ends: Keras's own
    source (every file is Keras code: the most we can be asked to read) and JAX's (a large library
    that names Keras once: what the prefilter skips).
`check` runs cold (--no-cache: every file parsed) and warm (its cache filled by a first run, as a
second pre-commit or CI run finds it).
Prints the medians and the ratios to pyflakes. Ruff is skipped if it is not installed.
"""
import pathlib
import shutil
import statistics
import sys
import tempfile

from process import byte_compiled, cpu

ROOT = pathlib.Path(__file__).resolve().parent.parent
MODEL = ROOT / "sample_models" / "slide2_cnn.py"
PLAIN = "import os\n\n\ndef main():\n    return os.getcwd()\n"



CACHE = tempfile.mkdtemp(prefix="kc-bench-cache-")  # the warm cache's; the cold run reads none


def tools():
    out = {"kerascount-lint check": [sys.executable, "-m", "kerascount_lint", "check", "--no-cache"],
           "  with a warm cache": [sys.executable, "-m", "kerascount_lint", "check", "--cache-dir", CACHE],
           "pyflakes": [sys.executable, "-m", "pyflakes"]}
    if shutil.which("ruff"):
        out["ruff check"] = ["ruff", "check", "--no-cache", "--quiet"]
    return out


def measure(target: str, rounds: int) -> dict:
    cpu(tools()["  with a warm cache"] + [target])  # fills the cache: every later run of it is warm
    times = {name: [] for name in tools()}
    for _ in range(rounds):
        for name, command in tools().items():
            times[name].append(cpu(command + [target]))
    return {name: statistics.median(values) for name, values in times.items()}


def report(label: str, medians: dict) -> None:
    base = medians["pyflakes"]
    print(f"{label}:")
    for name, seconds in medians.items():
        print(f"  {name:<24} {seconds * 1000:8.1f} ms CPU   {seconds / base:5.2f}x pyflakes")


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    byte_compiled()  # as pip installs it (see process.py)
    trees = sys.argv[2:] or default_trees()
    with tempfile.TemporaryDirectory() as work:
        plain = pathlib.Path(work) / "plain.py"
        plain.write_text(PLAIN)
        report(f"one model file ({MODEL.name}), median of {rounds}", measure(str(MODEL), rounds))
        report(f"one file with no model, median of {rounds}", measure(str(plain), rounds))
    for tree in trees:
        files = sum(1 for _ in pathlib.Path(tree).rglob("*.py"))
        report(f"a whole tree ({tree}, {files:,} files), median of 3", measure(tree, 3))


def default_trees() -> list:
    """Keras's source and JAX's, found, not imported (importing Keras would need a backend)."""
    import importlib.util

    out = []
    for name, sub in (("keras", "src"), ("jax", "")):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            out.append(str(pathlib.Path(spec.submodule_search_locations[0]) / sub))
    return out


if __name__ == "__main__":
    main()
