"""Regenerate tests/data/golden_samples.json by building every sample model in real Keras 3.

    KERAS_BACKEND=jax python scripts/gen_golden.py

The dataset sample calls scikit-learn's train_test_split: `pip install scikit-learn` first. keras.datasets
loaders are stubbed with the documented shapes (scripts/keras_truth.py), so nothing is downloaded.
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))
from keras_truth import keras, run_source  # noqa: E402

from kerascount_lint.reading import notebook  # noqa: E402  (only to join a notebook's code cells)
OUT = ROOT / "tests" / "data" / "golden_samples.json"


def main():
    golden = {"keras_version": keras.__version__, "files": {}}
    paths = sorted(p for p in (ROOT / "sample_models").rglob("*") if p.suffix in (".py", ".ipynb"))
    for path in paths:
        rel = path.relative_to(ROOT).as_posix()
        if path.suffix == ".ipynb":
            nb = notebook.parse(path.read_text())
            models, error = run_source(nb.text, str(path))

            def key(line, nb=nb):  # "cell:line", as our notebook output counts
                return "%d:%d" % nb.line_map[line - 1]
        else:
            models, error = run_source(path.read_text(), str(path))
            key = str
        if error is not None and error["line"] is not None:
            error["line"] = key(error["line"])
        golden["files"][rel] = {"models": {key(k): v for k, v in sorted(models.items())}, "error": error}
        print(rel, len(models), "models", "error: " + error["message"][:80] if error else "")
    OUT.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
