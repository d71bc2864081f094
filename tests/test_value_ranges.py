"""Argument values Keras 3 refuses when it makes and builds a layer (rates outside [0, 1], negative or
zero sizes, negative slopes...), from tests/data/value_ranges.json, which scripts/gen_value_ranges.py
records from real Keras: we report an error exactly where Keras refuses."""
import json

import pytest

from conftest import DATA
from kerascount_lint.analysis import analyze_source

CASES = json.loads((DATA / "value_ranges.json").read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["call"] for c in CASES])
def test_we_refuse_what_keras_refuses(case):
    errors = [d for d in analyze_source(case["source"], "x.py").diagnostics if d.severity == "error"]
    if case["accepted"]:
        assert errors == [], errors
    else:
        assert errors, f"Keras refuses: {case['error']}"
