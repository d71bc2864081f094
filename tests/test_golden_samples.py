"""Every sample model against what real Keras 3 built (tests/data/golden_samples.json,
produced by scripts/gen_golden.py)."""
import json

import pytest

from conftest import DATA, ROOT, SAMPLES
from helpers import compare_model, error_lines
from kerascount_lint.analysis import analyze_file

GOLDEN = json.loads((DATA / "golden_samples.json").read_text())
FILES = sorted(GOLDEN["files"])


def key(span) -> str:
    """How golden_samples.json names a place: "line", or "cell:line" in a notebook."""
    return f"{span.cell}:{span.line}" if span.cell is not None else str(span.line)


def test_every_sample_has_golden_data():
    on_disk = sorted(p.relative_to(ROOT).as_posix() for p in SAMPLES.rglob("*") if p.suffix in (".py", ".ipynb"))
    assert on_disk == FILES, "run scripts/gen_golden.py after adding a sample"


@pytest.mark.parametrize("rel", FILES)
def test_sample_matches_keras(rel):
    truth = GOLDEN["files"][rel]
    result = analyze_file(str(ROOT / rel))
    ours = {key(m.spec.span): m for m in result.models if m.spec.unread is None}
    unread = {key(m.spec.span) for m in result.not_rebuilt}
    for model in result.not_rebuilt:  # found and said so, not counted
        assert any(d.code == "KC902" and d.span == model.spec.span for d in result.diagnostics)
    if truth["error"] is not None:
        # Keras refused the file: we must say so with an error on the line Keras failed on.
        assert truth["error"]["line"] in {str(line) for line in error_lines(result)}, f"Keras raised {truth['error']}"
        return  # what Keras built before it failed is not a model to compare with
    for line, keras_model in truth["models"].items():
        if line in unread:
            continue
        assert line in ours, f"Keras built a model at {line}; we found {sorted(ours)}"
        problems = compare_model(ours[line], keras_model)
        assert not problems, "\n".join(problems)
    assert sorted(ours) == sorted(set(truth["models"]) - unread)


# Samples with a model the tool leaves partly unknown on purpose (each says why in its docstring): a
# layer whose weights come from its own build(), a keras.ops call() not followed, shapes from data.
PARTIAL = {"sample_models/functional/subclassed.py", "sample_models/real_world/built_by_a_call.py",
           "sample_models/real_world/composite_layer.py", "sample_models/real_world/custom_layer.py",
           "sample_models/real_world/custom_rnn_cell.py", "sample_models/real_world/declared_shapes.py",
           "sample_models/real_world/layer_subclasses.py", "sample_models/unknown_input_shape.py"}


@pytest.mark.parametrize("rel", [rel for rel in FILES if rel not in PARTIAL and GOLDEN["files"][rel]["error"] is None])
def test_sample_is_counted_in_full(rel):
    """Every other sample's every model has Keras's totals: test_sample_matches_keras accepts an
    unknown in a model marked incomplete, so this is what keeps a model from quietly becoming one."""
    result = analyze_file(str(ROOT / rel))
    ours = {key(m.spec.span): m.total_params for m in result.models if m.spec.unread is None}
    assert ours == {line: model["total_params"] for line, model in GOLDEN["files"][rel]["models"].items()}


@pytest.mark.parametrize("rel", ["sample_models/real_world/data_augmentation.py",
                                 "sample_models/real_world/pretrained_base.py",
                                 "sample_models/real_world/nested_with_shape.py"])
def test_summary_json_rows_are_keras_rows(rel):
    """What a user reads from `summary --format json` for nested and pretrained models is what
    Keras's summary() shows: one row per layer, the nested model or base as a single row."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "kerascount_lint", "summary", "--format", "json", rel],
                          capture_output=True, text=True, cwd=ROOT)
    [doc] = json.loads(proc.stdout)["files"]
    truth = GOLDEN["files"][rel]["models"]
    for model in doc["models"]:
        keras_model = truth[str(model["line"])]
        if not model["complete"]:
            continue  # checked layer by layer, leniently, by test_sample_matches_keras
        rows = [(la["name"], la["class"], la["output_shape"], la["params"]) for la in model["layers"]]
        assert rows == [(la["name"], la["class"], la["output_shape"], la["params"]) for la in keras_model["layers"]]
        assert (model["total_params"], model["trainable_params"], model["non_trainable_params"]) == (
            keras_model["total_params"], keras_model["trainable_params"], keras_model["non_trainable_params"])
