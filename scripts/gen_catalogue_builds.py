"""Generate tests/data/catalogue_builds.json: every layer of our catalogue built once in real Keras 3.

    KERAS_BACKEND=numpy python scripts/gen_catalogue_builds.py

For each catalogue entry, the first of a few small constructions (no arguments, one size, a size and
a kernel; after a vector, a sequence, an image or a volume) that Keras builds is recorded with Keras's
own description of the model (scripts/keras_truth.py). tests/test_catalogue_builds.py checks that we
give the same shapes and counts, and that every entry is built somewhere.
"""
import json
import os
import pathlib
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "numpy")
warnings.filterwarnings("ignore")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from keras_truth import keras, run_source  # noqa: E402

from kerascount_lint.catalogue import entries  # noqa: E402

OUT = ROOT / "tests" / "data" / "catalogue_builds.json"
INPUTS = ["(6,)", "(5, 4)", "(8, 8, 3)", "(4, 6, 6, 2)", "(3, 5, 5, 5, 2)"]
ARGUMENTS = ["", "2", "2, 3", "(2, 2)", "(4, 4)", "0.5", "0.1, 0.1", "(2, 1)", "(20,)", "layers.Dense(3)", "layers.LSTM(3)", "layers.Conv2D(2, 3)"]
NEEDS_TWO = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot")


def sources(name: str):
    if name in NEEDS_TWO:
        for shape in INPUTS[:3]:
            axes = ", axes=1" if name == "Dot" else ""
            yield ("import keras\nfrom keras import layers\n"
                   f"a = keras.Input({shape})\nb = keras.Input({shape})\n"
                   f"model = keras.Model([a, b], layers.{name}({axes.lstrip(', ')})([a, b]))\n")
        return
    if name == "MultiHeadAttention":
        yield ("import keras\nfrom keras import layers\nq = keras.Input((5, 4))\n"
               "model = keras.Model(q, layers.MultiHeadAttention(2, 3)(q, q))\n")
        return
    for shape in INPUTS:
        for args in ARGUMENTS:
            yield (f"import keras\nfrom keras import layers\n"
                   f"model = keras.Sequential([keras.Input({shape}), layers.{name}({args})])\n")


def main():
    built, never = {}, []
    for name in sorted(entries()):
        if name == "InputLayer":
            continue
        for source in sources(name):
            models, error = run_source(source, "<catalogue>")
            if error is None and models and all("error" not in m for m in models.values()):
                built[name] = {"source": source, "models": {str(k): v for k, v in models.items()}}
                break
        else:
            never.append(name)
    OUT.write_text(json.dumps({"keras_version": keras.__version__, "built": built, "never_built": never},
                              indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}: {len(built)} entries built, {len(never)} never: {never}")


if __name__ == "__main__":
    main()
