"""Differential test: seeded random models, analyzed by us and built by real Keras 3.

Every layer's output shape and params, and the totals, must be equal. A model Keras refuses
must get an error from us on a line of the failing layer call. Needs `keras` and `jax`
(the test extra); CI installs them.
"""
import os
import sys

import pytest

from conftest import ROOT
from helpers import compare_model, error_lines
from kerascount_lint.analysis import analyze_source
from model_generator import generate

sys.path.insert(0, str(ROOT / "scripts"))
pytest.importorskip("keras")
pytest.importorskip("jax")
from keras_truth import run_source  # noqa: E402

N_MODELS = int(os.environ.get("KERASCOUNT_DIFF_MODELS", "500"))


def test_differential_against_keras():
    mismatches, refused, flagged, false_errors = [], 0, 0, []
    for seed in range(N_MODELS):
        source = generate(seed)
        filename = f"<generated {seed}>"
        models, error = run_source(source, filename)
        result = analyze_source(source, filename)
        our_errors = [d for d in result.diagnostics if d.severity == "error"]
        if error is not None:
            refused += 1
            if error["line"] in error_lines(result):
                flagged += 1
            else:
                mismatches.append(f"seed {seed}: Keras refused ({error['message']}) but we flagged nothing "
                                  f"on line {error['line']}:\n{source}")
            continue
        if our_errors:
            false_errors.append(f"seed {seed}: Keras built it but we report {our_errors[0].message}\n{source}")
        [model] = result.models
        problems = compare_model(model, models[model.spec.span.line])
        if problems:
            mismatches.append(f"seed {seed}: " + "; ".join(problems) + "\n" + source)
    print(f"\n{N_MODELS} models: {N_MODELS - refused} built by Keras, {refused} refused, "
          f"{flagged} of those flagged by us, {len(false_errors)} false errors")
    assert not false_errors, "\n\n".join(false_errors[:5])
    assert not mismatches, f"{len(mismatches)} mismatches:\n\n" + "\n\n".join(mismatches[:5])
