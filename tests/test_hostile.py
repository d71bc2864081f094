"""Regression tests for hostile input (issue 16): each reproducer once crashed, hung, exhausted memory
or printed something false. Each must now give a diagnostic or an honest unknown, quickly."""
import json
import os
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from kerascount_lint.analysis import analyze_file, analyze_notebook, analyze_source
from kerascount_lint.output.json_report import summary_document

HEADER = "import keras\nfrom keras import layers\n"


def analyze(source, seconds=5.0):
    start = time.process_time()
    result = analyze_source(source, "hostile.py")
    assert time.process_time() - start < seconds, "over the time this input may take"
    json.dumps(summary_document([result]), allow_nan=False)  # every output stays valid JSON
    for model in result.models:
        for layer in model.layers:
            shapes = layer.output_shape if isinstance(layer.output_shape, list) else [layer.output_shape]
            for shape in shapes:
                for d in shape or ():
                    assert d is None or (isinstance(d, int) and not isinstance(d, bool) and d >= 0) or repr(d) == "?"
            for n in (layer.trainable_params, layer.non_trainable_params):
                assert n is None or (isinstance(n, int) and n >= 0)
    return result


def codes(result):
    return [d.code for d in result.diagnostics]


@pytest.mark.parametrize("expression", ["not " * 12000 + "1", "lambda: " * 4000 + "1", "1+" * 7000 + "1",
                                        "a" + "[0]" * 2000, "-" * 8000 + "1", "(1 +\n" + "1 +\n" * 3000 + "1)"])
def test_deep_expressions_are_refused_before_libcst_sees_them(expression):
    result = analyze(HEADER + "x = " + expression + "\n", seconds=2)
    assert codes(result) == ["KC001"] and "nested" in result.diagnostics[0].message


def test_a_long_flat_chain_is_not_too_deep():
    source = HEADER + "n = " + "1+" * 999 + "1\nm = keras.Sequential([keras.Input((n,)), layers.Dense(2)])\n"
    result = analyze(source)
    assert codes(result) == [] and result.models[0].total_params is not None


def test_values_the_interpreter_builds_are_capped():
    doubling = "s = 'x' * 100000\n" + "s = s + s\n" * 14 + "m = keras.Sequential([layers.Dense(len(s))])\n"
    analyze(HEADER + doubling, seconds=2)
    squaring = ("a = 10**64\n" + "a = a*a\n" * 20) * 3 + "m = keras.Sequential([layers.Dense(2)])\n"
    analyze(HEADER + squaring, seconds=2)
    methods = ("s = 'x' * 100000\nt = s.replace('x', s)\nu = ''.join([s] * 1000)\n"
               "m = keras.Sequential([layers.Dense(len(t) + len(u))])\n")
    analyze(HEADER + methods, seconds=2)
    recursive = ("def f(n):\n    return [f(n - 1) for _ in range(50)] if n else layers.Dense(1)\n"
                 "m = keras.Sequential(f(6))\n")
    analyze(HEADER + recursive, seconds=10)


@pytest.mark.parametrize("line", [
    "m = keras.Sequential([keras.Input((4,)), layers.Dense(3, dim_ordering=[])])",
    "m = keras.Sequential([keras.Input((4, 5)), layers.Permute(([], 1))])",
    "m = keras.Sequential([keras.Input((4, 5)), layers.PReLU(shared_axes=[10**60])])",
    "m = keras.Sequential([keras.Input((4, 5)), layers.PReLU(shared_axes=[1.5])])",
    "m = keras.Sequential([keras.Input((4, 5)), layers.PReLU(shared_axes=[5])])",
    "m = keras.Sequential([keras.Input((4,)), layers.Lambda(lambda t: t, output_shape=('a',)), layers.Dense(2)])",
    "m = keras.Sequential([keras.Input((4,)), layers.Lambda(lambda t: t, output_shape=(-3,)), layers.Dense(4)])",
    "m = keras.Sequential([keras.Input((4,)), layers.Lambda(lambda t: t, output_shape=(1.5,)), layers.Dense(4)])",
    "m = keras.Sequential([keras.Input((4,)), layers.Lambda(lambda t: t, output_shape=(float('nan'),)), "
    "layers.Dense(4)])",
    "m = keras.Sequential([keras.Input((4,)), layers.Lambda(lambda t: t, output_shape=([3],)), layers.Dense(4)])",
    "m = keras.Sequential([keras.Input((4,)), layers.Lambda(lambda t: t, output_shape=(b'1',)), layers.Dense(4)])",
    "r = range(10**20)\nm = keras.Sequential([keras.Input((4,)), layers.Dense(len(r))])",
    "r = range(1, 5, 0)\nm = keras.Sequential([keras.Input((4,)), layers.Dense(2)])",
    "n = " + "9" * 5000 + "\nm = keras.Sequential([keras.Input((4,)), layers.Dense(2)])",
    "base = keras.applications.VGG16(include_top=False, weights=None)\nfor l in base.layers[:1.5]:\n"
    "    l.trainable = False\nm = keras.Sequential([keras.Input((32, 32, 3)), base])",
    "m = keras.Sequential([keras.Input((4,)), layers.Dense(2, name=keras.something.unknown)])",
    "m = keras()",  # found by scripts/fuzz.py: a call of the module itself
])
def test_values_python_allows_never_crash(line):
    result = analyze(HEADER + line + "\n")
    for model in result.models:
        total = model.total_params
        assert total is None or total >= 0


def test_a_module_level_return_is_a_syntax_error():
    result = analyze(HEADER + "return 3\nm = keras.Sequential([layers.Dense(2)])\n")
    assert "KC001" in codes(result)


@pytest.mark.parametrize("text", [
    json.dumps({"cells": [], "metadata": "a string", "nbformat": 4, "nbformat_minor": 5}),
    '{"cells": [{"cell_type": "code", "source": ["import keras\\n", "x = \\"\\ud800\\""], "metadata": {}, '
    '"outputs": []}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}',
    "[" * 100000 + "]" * 100000,
    json.dumps({"cells": [{"cell_type": "code", "source": 5}], "nbformat": 4}),
    json.dumps({"cells": "nope", "nbformat": 4}),
])
def test_broken_notebooks_are_diagnosed(text):
    result = analyze_notebook(text, "nb.ipynb")
    json.dumps(summary_document([result]), allow_nan=False)


def test_a_fifo_does_not_block_check_or_summary(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "p.py")
    (tmp_path / "m.py").write_text(HEADER + "m = keras.Sequential([keras.Input((4,)), layers.Dense(2)])\n")
    for command in ("check", "summary"):
        proc = subprocess.run([sys.executable, "-m", "kerascount_lint", command, str(tmp_path)],
                              capture_output=True, text=True, timeout=60, cwd=ROOT)
        assert "not a regular file" in proc.stdout + proc.stderr
        assert "Traceback" not in proc.stderr


GOOD = HEADER + "m = keras.Sequential([keras.Input((4,)), layers.Dense(2)])\n"
BAD = HEADER + "m = keras.Sequential([keras.Input((4,)), layers.Dense(2, padding='same')])\n"


def _hostile_class(root):
    import zipfile

    (root / "alice").mkdir()
    (root / "alice" / "model.py").write_text(GOOD)
    (root / "bob").mkdir()
    (root / "bob" / "model.py").write_text(BAD)
    os.symlink(root / "alice", root / "carol")  # carol points at alice's passing work
    (root / "pyproject.toml").write_text('[tool.kerascount-lint]\nselect = ["KC999"]\n')
    (root / os.fsdecode(b"eve\xff.py")).write_text(GOOD)
    (root / "=HYPERLINK(1).py").write_text(GOOD)
    (root / "esc\x1b[31m.py").write_text(GOOD)
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "fifo.py")
    with zipfile.ZipFile(root / "dan.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("good.py", GOOD)
        archive.writestr("broken.py", GOOD * 20)
        archive.writestr("dup.py", BAD)
        archive.writestr("dup.py", GOOD)
        archive.writestr("../up.py", GOOD)
    data = bytearray((root / "dan.zip").read_bytes())
    start = data.index(b"broken.py") + len(b"broken.py") + 10  # inside broken.py's deflate stream
    data[start] ^= 0xFF
    (root / "dan.zip").write_bytes(bytes(data))


def _scan(root, report, cache, table="models"):
    return subprocess.run([sys.executable, "-m", "kerascount_lint", "scan", str(root), "--report", str(report),
                           "--cache-dir", str(cache), "--jobs", "1", "--table", table], capture_output=True, text=True,
                          timeout=120)


def test_a_hostile_class_gets_a_complete_report(tmp_path):
    import csv

    root = tmp_path / "class"
    root.mkdir()
    _hostile_class(root)
    cache = tmp_path / "cache"
    report = tmp_path / "report.csv"
    first = _scan(root, report, cache)
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr
    for db in cache.glob("*.sqlite*"):  # damage the cache: the next scan must still report
        db.write_bytes(b"this is not a database")
    second = _scan(root, report, cache)
    assert second.returncode == 0 and "Traceback" not in second.stderr, second.stderr
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    verdict = {}
    for r in rows:
        verdict.setdefault(r["submission"], set()).add(r["verdict"])
    assert verdict["alice"] == {"pass"} and verdict["bob"] == {"fail"}
    assert verdict["carol"] == {"fail"}  # the symlink to alice is not followed
    assert any(r["file"] == "eve\\xff.py" for r in rows)
    zipped = {r["file"]: r for r in rows if r["submission"] == "dan.zip"}
    assert "cannot read zip member" in zipped["dan.zip!broken.py"]["reasons"]
    assert zipped["dan.zip!dup.py"]["verdict"] != zipped["dan.zip!dup.py (copy 2)"]["verdict"]
    assert "dan.zip!../up.py" in zipped
    raw = report.read_text(encoding="utf-8")
    assert "\n=HYPERLINK" not in raw and ",=HYPERLINK" not in raw and "'=HYPERLINK(1).py" in raw
    students = tmp_path / "students.csv"
    assert _scan(root, students, cache, "students").returncode == 0
    raw = students.read_text(encoding="utf-8")  # a student named like a formula is text there too
    assert "\n=HYPERLINK" not in raw and ",=HYPERLINK" not in raw and "'=HYPERLINK(1).py" in raw
    if hasattr(os, "mkfifo"):
        assert "not a regular file" in next(r["reasons"] for r in rows if r["submission"] == "fifo.py")
    text = subprocess.run([sys.executable, "-m", "kerascount_lint", "scan", str(root), "--no-cache"],
                          capture_output=True, text=True, timeout=120)
    assert "\x1b" not in text.stdout and "\\x1b" in text.stdout


def test_a_cache_that_cannot_be_used_is_a_warning(tmp_path):
    root = tmp_path / "class"
    (root / "alice").mkdir(parents=True)
    (root / "alice" / "model.py").write_text(GOOD)
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("not a folder")
    proc = _scan(root, tmp_path / "r.csv", blocker)
    assert proc.returncode == 0 and "warning: the cache" in proc.stderr and "Traceback" not in proc.stderr
    assert "alice" in (tmp_path / "r.csv").read_text()


def test_check_and_summary_have_a_per_file_time_limit(tmp_path):
    path = tmp_path / "m.py"
    path.write_text(GOOD)
    for command in ("check", "summary"):
        proc = subprocess.run([sys.executable, "-m", "kerascount_lint", command, "--time-limit", "0.001", str(path)],
                              capture_output=True, text=True, timeout=60)
        assert "per-file time limit" in proc.stdout + proc.stderr, proc.stdout + proc.stderr


def test_more_code_than_libcst_should_parse_is_refused_quickly():
    source = HEADER + "m = keras.Sequential([" + "layers.Dense(1), " * 70000 + "])\n"
    result = analyze(source, seconds=2)
    assert codes(result) == ["KC001"] and "characters of code" in result.diagnostics[0].message


def test_a_missing_argument_never_prints_an_object_repr():
    from kerascount_lint.scan.rows import architecture

    result = analyze(HEADER + "m = keras.Sequential([keras.Input((4,)), layers.Dropout(), layers.Dense(2)])\n")
    text = architecture(result.models[0])
    assert "object at" not in text and text.startswith("Dropout")


def test_a_zip_is_opened_once_for_all_its_members(tmp_path, monkeypatch):
    """Re-opening the archive per member made 4,000 members take 35 s: quadratic in their number."""
    import zipfile

    from kerascount_lint.scan import submissions

    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(300):
            archive.writestr(f"m{i}.py", GOOD)
    opened = []
    original = zipfile.ZipFile.__init__

    def counting(self, *args, **kwargs):
        opened.append(args[0] if args else None)
        original(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "__init__", counting)
    submissions._archive.cache_clear()
    jobs = list(submissions.zip_members(str(path), "many.zip", 10 ** 6))
    data = [submissions.read_job(job, 10 ** 6)[0] for job in jobs]
    assert len(jobs) == 300 and all(d == GOOD.encode() for d in data)
    assert len(opened) == 1


KERAS_SOURCES = ["saving/saving_api_test.py", "ops/function_test.py", "backend/numpy/nn.py", "export/onnx_test.py",
                 "export/saved_model_test.py", "layers/convolutional/conv_transpose_test.py",
                 "trainers/trainer_test.py", "legacy/saving/legacy_h5_format_test.py"]


@pytest.mark.parametrize("name", KERAS_SOURCES)
def test_keras_own_sources_that_once_crashed_the_analysis(name):
    """Read (never run) from the installed Keras: Input(batch_shape=()), a nested model with no single
    output, array arithmetic over unknown dimensions."""
    import keras

    path = os.path.join(os.path.dirname(keras.__file__), "src", name)
    result = analyze_file(path)  # raised IndexError or TypeError before
    assert result.path.endswith(name)


def test_uncalled_functions_run_only_where_they_name_what_builds_models():
    """Models built in functions nobody calls still count; a function that names nothing of the kind
    (a training loop, a data helper) is not run, so it cannot spend the budget."""
    source = HEADER + (
        "def helper():\n    total = 0\n"
        + "    for i in range(1000):\n        for j in range(40):\n            total += j\n" * 12
        + "    return total\n\n"
        "if True:\n    def other():\n        return helper()\nelif False:\n    pass\nelse:\n"
        "    def third():\n        return 1\n\n"
        "class Trainer:\n    def fit(self):\n        return [helper() for _ in range(3)]\n\n"
        "def build(units=8):\n    return keras.Sequential([keras.Input((4,)), layers.Dense(units)])\n")
    result = analyze(source)  # helper alone would spend more than the whole file's step budget
    assert "KC900" not in [d.code for d in result.diagnostics]
    assert [m.total_params for m in result.models] == [analyze(
        HEADER + "m = keras.Sequential([keras.Input((4,)), layers.Dense(8)])\n").models[0].total_params]
