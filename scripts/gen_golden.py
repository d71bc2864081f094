"""Regenerate tests/data/golden_samples.json by building every sample model in real Keras 3.

    KERAS_BACKEND=jax python scripts/gen_golden.py
"""
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from keras_truth import keras, run_source  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "golden_samples.json"


def main():
    golden = {"keras_version": keras.__version__, "files": {}}
    for path in sorted((ROOT / "sample_models").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        models, error = run_source(path.read_text(), str(path))
        golden["files"][rel] = {"models": {str(k): v for k, v in sorted(models.items())}, "error": error}
        print(rel, len(models), "models", "error: " + error["message"][:80] if error else "")
    OUT.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
