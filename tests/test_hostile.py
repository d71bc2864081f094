"""Regression tests for hostile input (issue 16): each reproducer once crashed, hung, exhausted memory
or printed something false. Each must now give a diagnostic or an honest unknown, quickly."""
import json
import os
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from kerascount_lint.analysis import analyze_source, analyze_notebook
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
