"""What Keras 3 does with a constraint passed as a regularizer and a regularizer passed as a
constraint, for rule KC413; writes tests/data/weight_hooks.json.

    KERAS_BACKEND=jax python scripts/gen_weight_hooks.py

For each slot (kernel_regularizer, kernel_constraint) and each kind of object (a constraint,
MaxNorm(3); a regularizer, L2(0.01)) it builds Dense(3) on 4 inputs, trains one epoch with JAX
(the numpy backend cannot train), and records whether fit() raised and the shapes of model.losses
(a regularizer's penalty is a scalar, shape [])."""
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "weight_hooks.json"
ONE = """
import json, sys
import numpy as np, keras
slot, given = sys.argv[1], sys.argv[2]
made = {"constraint": keras.constraints.MaxNorm(3), "regularizer": keras.regularizers.L2(0.01)}[given]
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, **{"kernel_" + slot: made})])
model.compile(loss="mse", optimizer="sgd")
try:
    model.fit(np.ones((4, 4), "float32"), np.ones((4, 3), "float32"), verbose=0, epochs=1)
    print(json.dumps({"fit_error": None, "loss_shapes": [list(np.shape(x)) for x in model.losses]}))
except Exception as err:
    print(json.dumps({"fit_error": f"{type(err).__name__}: {str(err).splitlines()[0][:120]}", "loss_shapes": None}))
"""


def main() -> None:
    import keras

    out = {"keras_version": keras.__version__, "backend": os.environ.get("KERAS_BACKEND", "jax"), "cases": {}}
    env = dict(os.environ, KERAS_BACKEND=out["backend"])
    for slot in ("regularizer", "constraint"):
        for given in ("regularizer", "constraint"):
            # One process each: a case that hangs or crashes Keras cannot take the others with it.
            done = subprocess.run([sys.executable, "-c", ONE, slot, given], capture_output=True, text=True,
                                  timeout=300, env=env)
            out["cases"][f"{slot}={given}"] = json.loads(done.stdout.strip().splitlines()[-1])
    OUT.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {out['cases']}")


if __name__ == "__main__":
    main()
