"""Differential test: seeded random models, analyzed by us and built by real Keras 3.

Every layer's output shape and params, and the totals, must be equal. A model Keras refuses
must get an error from us on a line of the failing layer call. Needs `keras` (the test
extra); CI installs it. The oracle runs on the numpy backend (conftest.py).
"""
import os
import sys

import pytest

from conftest import ROOT
from helpers import compare_model, error_lines, refusals
from kerascount_lint.analysis import analyze_source
from functional_generator import FAULTS as FUNCTIONAL_FAULTS, generate_functional
from model_generator import FAULTS, generate

sys.path.insert(0, str(ROOT / "scripts"))
pytest.importorskip("keras")
from keras_truth import run_source  # noqa: E402

pytestmark = pytest.mark.slow

N_MODELS = int(os.environ.get("KERASCOUNT_DIFF_MODELS", "500"))


def judge(label, source, error, result, mismatches, false_errors) -> str:
    """"refused" when Keras refused the program (and our error must sit on its line), "false" when Keras
    built it but we report an error, else "built"."""
    if error is not None:
        if error["line"] not in error_lines(result):
            mismatches.append(f"{label}: Keras refused on line {error['line']} ({error['type']}: {error['message']}) "
                              f"but we flagged nothing there\n{source}")
        return "refused"
    errors = refusals(result)
    if errors:
        false_errors.append(f"{label}: Keras built it but we report {errors[0].code} {errors[0].message}\n{source}")
        return "false"
    return "built"


def test_differential_against_keras():
    mismatches, refused, flagged, false_errors = [], 0, 0, []
    for seed in range(N_MODELS):
        source = generate(seed)
        filename = f"<generated {seed}>"
        models, error = run_source(source, filename)
        result = analyze_source(source, filename)
        before = len(mismatches)
        verdict = judge(f"seed {seed}", source, error, result, mismatches, false_errors)
        if verdict == "refused":
            refused += 1
            flagged += len(mismatches) == before
            continue
        [model] = result.models
        problems = compare_model(model, models[model.spec.span.line])
        if problems:
            mismatches.append(f"seed {seed}: " + "; ".join(problems) + "\n" + source)
    print(f"\n{N_MODELS} models: {N_MODELS - refused} built by Keras, {refused} refused, "
          f"{flagged} of those flagged by us, {len(false_errors)} false errors")
    assert not false_errors, "\n\n".join(false_errors[:5])
    assert not mismatches, f"{len(mismatches)} mismatches:\n\n" + "\n\n".join(mismatches[:5])


def test_differential_errors_against_keras():
    """Faulty models: Keras decides which it refuses; we must flag exactly those, on the failing line.
    Prints precision and recall of our error findings."""
    tp = fp = fn = tn = 0
    problems = []
    for seed in range(N_MODELS):
        fault = FAULTS[seed % len(FAULTS)]
        source = generate(seed, fault)
        filename = f"<faulty {seed}>"
        _, error = run_source(source, filename)
        result = analyze_source(source, filename)
        flagged = bool(refusals(result))
        if error is not None:
            if error["line"] in error_lines(result):
                tp += 1
            else:
                fn += 1
                problems.append(f"seed {seed} ({fault}): Keras refused on line {error['line']} "
                                f"({error['type']}: {error['message']}) but we flagged no error there\n{source}")
        elif flagged:
            fp += 1
            first = refusals(result)[0]
            problems.append(f"seed {seed} ({fault}): Keras built it but we report {first.code} {first.message}"
                            f"\n{source}")
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"\n{N_MODELS} faulty models: Keras refused {tp + fn}, built {fp + tn}; "
          f"our errors: precision {precision:.3f}, recall {recall:.3f} (tp {tp}, fp {fp}, fn {fn}, tn {tn})")
    assert not problems, f"{len(problems)} disagreements:\n\n" + "\n\n".join(problems[:5])


def test_functional_differential_against_keras():
    """Random functional programs: every layer of every model (nested ones too), connected_to
    included, against real Keras; and where Keras refuses, an error of ours on that line."""
    mismatches, refused, flagged, false_errors, models_seen = [], 0, 0, [], 0
    for seed in range(N_MODELS):
        fault = FUNCTIONAL_FAULTS[seed % len(FUNCTIONAL_FAULTS)] if seed % 3 == 2 else None
        source = generate_functional(seed, fault)
        filename = f"<functional {seed}>"
        truth, error = run_source(source, filename)
        result = analyze_source(source, filename)
        before = len(mismatches)
        if judge(f"seed {seed} ({fault})", source, error, result, mismatches, false_errors) == "refused":
            refused += 1
            flagged += len(mismatches) == before
            continue
        ours = {m.spec.span.line: m for m in result.models}
        for line, model in truth.items():
            models_seen += 1
            if line not in ours:
                mismatches.append(f"seed {seed}: Keras built a model on line {line}; we found none\n{source}")
                continue
            problems = compare_model(ours[line], model)
            if problems:
                mismatches.append(f"seed {seed} line {line}: " + "; ".join(problems) + "\n" + source)
    print(f"\n{N_MODELS} functional programs: {N_MODELS - refused} built by Keras ({models_seen} models), "
          f"{refused} refused, {flagged} of those flagged by us, {len(false_errors)} false errors")
    assert not false_errors, "\n\n".join(false_errors[:5])
    assert not mismatches, f"{len(mismatches)} mismatches:\n\n" + "\n\n".join(mismatches[:5])


def test_an_application_given_a_symbolic_input_tensor_makes_no_input_layer():
    """keras.io's fine-tuning examples pass `input_tensor=inputs`: the application then has no
    InputLayer of its own, so the names after it are numbered one lower than after an application
    built from `input_shape`. Checked against Keras for the model built after it."""
    source = ("import keras\n"
              "inputs = keras.Input((96, 96, 3))\n"
              "base = keras.applications.MobileNetV2(include_top=False, weights=None, input_tensor=inputs)\n"
              "other = keras.Input((8,))\n"
              "model = keras.Model(other, keras.layers.Dense(2)(other))\n")
    models, error = run_source(source, "<input_tensor>")
    assert error is None
    [truth] = [m for line, m in models.items() if line == 5]
    [ours] = [m for m in analyze_source(source).models if m.spec.span.line == 5]
    assert compare_model(ours, truth) == []
    assert [layer.spec.name for layer in ours.layers][0] == truth["layers"][0]["name"]


@pytest.mark.parametrize("call", ["layers.CategoryEncoding(output_mode='one_hot')",
                                  "layers.CategoryEncoding(num_tokens=0)",
                                  "layers.CategoryEncoding(num_tokens=4, output_mode='int')",
                                  "layers.Discretization()",
                                  "layers.Discretization(bin_boundaries=[0.0, 1.0], num_bins=3)",
                                  "layers.Discretization(num_bins=3, output_mode='bins')"])
def test_encoding_arguments_keras_refuses(call):
    """What catalogue/encoding.py refuses, Keras refuses, on the same line."""
    source = f"import keras\nfrom keras import layers\nx = keras.Input((3,))\ny = {call}(x)\n"
    _, error = run_source(source, "<encoding>")
    assert error is not None and error["line"] == 4
    assert 4 in error_lines(analyze_source(source))


@pytest.mark.parametrize("attr", ["input", "output"])
def test_input_of_a_sequential_never_called_fails_in_keras_and_the_fix_builds(attr):
    """Keras 2 tutorials cut a Sequential CNN with keras.Model(model.input, ...): Keras 3 raises there.
    We flag that line, and after --fix (`.inputs[0]`, `.outputs[0]`) Keras builds what we count."""
    from kerascount_lint.fixes import fix_source

    model_call = {"input": "keras.Model(model.input, model.layers[0].output)",
                  "output": "keras.Model(model.inputs, model.output)"}[attr]
    source = ("import keras\nfrom keras import layers\n"
              "model = keras.Sequential([keras.Input((8, 8, 1)), layers.Conv2D(4, 3), layers.Flatten(), "
              f"layers.Dense(2)])\nfeatures = {model_call}\n")
    _, error = run_source(source, "<never-called>")
    assert error is not None and error["line"] == 4 and "has never been called" in error["message"]
    assert 4 in error_lines(analyze_source(source))
    fixed, applied, result = fix_source(source, "x.py", lambda text, path: analyze_source(text, path))
    assert applied == 1 and f".{attr}s[0]" in fixed
    models, error = run_source(fixed, "<fixed>")
    assert error is None
    ours = {m.spec.span.line: m for m in result.models}
    for line, truth in models.items():
        assert compare_model(ours[line], truth) == []


def test_a_sequential_changed_after_its_graph_was_read_has_no_known_outputs():
    """Reading seq.layers builds its graph (sequential_graph); Keras rebuilds it on each add, which we
    do not: seq.outputs is then unknown, never the old last layer's (a wrong count). The first layer's
    output stays that of the first graph, as in Keras; those models match Keras."""
    source = ("import keras\nfrom keras import layers\n"
              "model = keras.Sequential([keras.Input((8,)), layers.Dense(4)])\n"
              "for layer in model.layers:\n    layer.trainable = True\n"
              "model.add(layers.Dense(2))\nwhole = keras.Model(model.inputs, model.outputs)\n"
              "first = keras.Model(model.inputs, model.layers[0].output)\n")
    models, error = run_source(source, "<stale>")
    assert error is None
    ours = {m.spec.span.line: m for m in analyze_source(source).models}
    assert ours[7].total_params is None and models[7]["total_params"] is not None
    for line in (3, 8):
        assert compare_model(ours[line], models[line]) == []
