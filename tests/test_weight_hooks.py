"""KC413 fires exactly where Keras 3 misbehaves (tests/data/weight_hooks.json, from
scripts/gen_weight_hooks.py): a fit() that fails, or a penalty that is not a scalar."""
import json

import pytest

from conftest import DATA
from kerascount_lint.analysis import analyze_source

TRUTH = json.loads((DATA / "weight_hooks.json").read_text())
MADE = {"constraint": "keras.constraints.MaxNorm(3)", "regularizer": "keras.regularizers.L2(0.01)"}


@pytest.mark.parametrize("case", sorted(TRUTH["cases"]))
def test_kc413_where_keras_goes_wrong(case):
    slot, given = case.split("=")
    outcome = TRUTH["cases"][case]
    wrong = outcome["fit_error"] is not None or any(shape != [] for shape in outcome["loss_shapes"])
    src = (f"import keras\nmodel = keras.Sequential([keras.Input((4,)), "
           f"keras.layers.Dense(3, kernel_{slot}={MADE[given]})])\n")
    codes = {d.code for d in analyze_source(src).diagnostics}
    assert ("KC413" in codes) == wrong
    assert wrong == (slot != given)  # the data covers both swaps and both right uses
