"""Bad input gets a clear KC001 diagnostic, never a traceback, and other files go on."""
import json
import subprocess
import sys

import pytest

from conftest import SAMPLES
from kerascount_lint.analysis import analyze_file, analyze_source

CASES = {
    "syntax.py": (b"from keras import Sequential\nmodel = Sequential(\n", "syntax error"),
    "binary.py": (b"Sequential\x00\x01\x02", "binary"),
    "latin1.py": ("model = Sequential()  # caf\u00e9\n".encode("latin-1"), "UTF-8"),
    "deep.py": (b"from keras import Sequential\nx = " + b"(" * 5000 + b"1" + b")" * 5000 + b"\n", "nested"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_gives_kc001(tmp_path, name):
    data, words = CASES[name]
    path = tmp_path / name
    path.write_bytes(data)
    result = analyze_file(str(path))
    assert [d.code for d in result.diagnostics] == ["KC001"]
    assert words in result.diagnostics[0].message


def test_huge_file(tmp_path):
    path = tmp_path / "huge.py"
    path.write_bytes(b"# Sequential\n" + b"x = 1\n" * 1_000_000)
    result = analyze_file(str(path))
    assert result.diagnostics[0].code == "KC001" and "limit" in result.diagnostics[0].message


def test_empty_and_unrelated_files_have_no_models(tmp_path):
    assert analyze_source("").models == []
    assert analyze_source("print('hello')\n").diagnostics == []


def test_deeply_nested_blocks_do_not_crash():
    src = "from keras import Sequential\nm = Sequential()\n"
    for depth in range(60):
        src += "    " * depth + "if True:\n"
    src += "    " * 60 + "m.add(Dense(2, input_shape=(3,)))\n"
    result = analyze_source(src)
    assert [d.code for d in result.diagnostics if d.severity != "info"] == []
    [model] = result.models
    assert [r.spec.class_name for r in model.layers] == ["Dense"] and model.complete


def test_cli_keeps_going_after_bad_files(tmp_path):
    for name, (data, _) in CASES.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.py").write_text((SAMPLES / "slide1_dense.py").read_text())
    run = subprocess.run([sys.executable, "-m", "kerascount_lint", "summary", "--format", "json", str(tmp_path)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    doc = json.loads(run.stdout)
    by_name = {f["path"].rsplit("/", 1)[-1]: f for f in doc["files"]}
    assert by_name["good.py"]["models"][0]["total_params"] is not None
    for name in CASES:
        assert by_name[name]["diagnostics"][0]["code"] == "KC001"
