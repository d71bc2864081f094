"""Notebooks: code cells as one program, IPython syntax blanked, every position as (cell, line)."""
import json
import subprocess
import sys

import pytest

from conftest import SAMPLES
from kerascount_lint.analysis import analyze_file


def write_nb(path, *cells):
    nb = {"cells": [{"cell_type": kind, "metadata": {}, "source": src, **({"outputs": [], "execution_count": None}
                                                                          if kind == "code" else {})}
                    for kind, src in cells],
          "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb))
    return path


def test_models_and_findings_map_to_cells(tmp_path):
    nb = write_nb(tmp_path / "nb.ipynb",
                  ("markdown", "# title"),
                  ("code", "%load_ext autoreload\nfrom keras import Sequential, layers\n"),
                  ("code", ["model = Sequential()\n", "!nvidia-smi\n",
                            "model.add(layers.Dense(5, input_shape=(784,), padding='same'))\n"]))
    result = analyze_file(str(nb))
    [model] = result.models
    assert (model.spec.span.cell, model.spec.span.line, model.spec.span.column) == (3, 1, 9)
    assert (model.layers[0].spec.span.cell, model.layers[0].spec.span.line) == (3, 3)
    [kc101] = [d for d in result.diagnostics if d.code == "KC101"]
    assert (kc101.span.cell, kc101.span.line, kc101.span.column) == (3, 3, 47)
    assert result.source_line(kc101.span) == "model.add(layers.Dense(5, input_shape=(784,), padding='same'))"


def test_magics_help_and_cell_magics_are_blanked(tmp_path):
    nb = write_nb(tmp_path / "nb.ipynb",
                  ("code", "%%bash\necho this is not python\n"),
                  ("code", "import keras\nkeras.Sequential?\nx = !ls\nfor i in range(2):\n    %time i\n"),
                  ("code", "m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])  # why?\n"))
    result = analyze_file(str(nb))
    assert [d.code for d in result.diagnostics if d.severity == "error"] == []
    [model] = result.models
    assert model.total_params is not None and model.spec.span.cell == 3


@pytest.mark.parametrize("content,words", [
    ("{not json", "not valid JSON"),
    ('{"cells": 3}', "not a Jupyter notebook"),
    ('{"cells": [{"cell_type": "code", "source": 7}]}', "source"),
    ('{"cells": [], "metadata": {"language_info": {"name": "julia"}}}', "julia"),
])
def test_broken_notebooks_are_kc001(tmp_path, content, words):
    path = tmp_path / "bad.ipynb"
    path.write_text(content)
    [d] = analyze_file(str(path)).diagnostics
    assert d.code == "KC001" and words in d.message


def test_cli_text_and_json_number_cells_alike(tmp_path):
    write_nb(tmp_path / "nb.ipynb", ("code", "from keras import Sequential, layers\n"),
             ("markdown", "text"),
             ("code", "m = Sequential([layers.Dense(5, input_shape=(4,), padding='same')])\n"))
    run = lambda *a: subprocess.run([sys.executable, "-m", "kerascount_lint", *a], capture_output=True, text=True,
                                    cwd=tmp_path)
    text = run("check", "--format", "concise", "nb.ipynb").stdout
    assert text.startswith("nb.ipynb:cell 3:1:")
    [record] = json.loads(run("check", "--format", "json", "nb.ipynb").stdout)
    assert (record["cell"], record["location"]["row"]) == (3, 1) and record["fix"] is None
    doc = json.loads(run("summary", "--format", "json", "nb.ipynb").stdout)
    model = doc["files"][0]["models"][0]
    assert (model["cell"], model["line"]) == (3, 1)
    assert doc["files"][0]["diagnostics"][0]["cell"] == 3
    # Folders are searched for notebooks too.
    assert "nb.ipynb:cell 3:1:" in run("check", "--format", "concise", ".").stdout


def test_sample_notebook_summary():
    result = analyze_file(str(SAMPLES / "notebook_cnn.ipynb"))
    assert [m.spec.span.cell for m in result.models] == [5]


BAD_CELLS = {
    "pip continuation": "!pip install keras \\\n    tensorflow\nimport numpy as np\n",
    "prose": "This cell explains the model in words, not code.\n",
    "python 2 print": "print 'training...'\n",
    "merge marker": "<<<<<<< HEAD\nx = 1\n=======\nx = 2\n>>>>>>> branch\n",
}


@pytest.mark.parametrize("kind", sorted(BAD_CELLS))
def test_a_cell_that_does_not_parse_costs_only_itself(tmp_path, kind):
    """The slide-1 model in later cells is still counted (its total from Keras's golden data)."""
    golden = json.loads((SAMPLES.parent / "tests" / "data" / "golden_samples.json").read_text())
    [truth] = golden["files"]["sample_models/slide1_dense.py"]["models"].values()
    slide = (SAMPLES / "slide1_dense.py").read_text()
    nb = write_nb(tmp_path / "nb.ipynb",
                  ("code", "from keras.models import Sequential\nfrom keras.layers import Dense\n"),
                  ("code", BAD_CELLS[kind]),
                  ("code", slide))
    result = analyze_file(str(nb))
    [model] = result.models
    assert model.total_params == truth["total_params"]
    errors = [d for d in result.diagnostics if d.code == "KC001"]
    if kind == "pip continuation":
        assert errors == []  # IPython syntax, blanked with its continuation line
    else:
        assert len(errors) == 1 and errors[0].span.cell == 2, errors
