import os
import pathlib

# The oracle runs on Keras's numpy backend: the same shapes, counts and errors as JAX (the
# 500-model differentials agree on both), about 30x faster to build. KERAS_BACKEND=jax overrides it.
os.environ.setdefault("KERAS_BACKEND", "numpy")

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SAMPLES = ROOT / "sample_models"
