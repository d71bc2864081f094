"""Static counting versus importing Keras and building the same model, in one run.

    python benchmarks/bench_vs_keras.py [FILE]

Each side runs in a fresh subprocess so both pay their imports: (a) `kerascount_lint` analyzing
FILE, (b) `import keras` and building FILE's models (scripts/keras_truth.py). Then the warm
per-model cost of each, inside already-started processes. Prints the times and ratios.
"""
import os
import pathlib
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
FILE = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "sample_models" / "slide2_cnn.py"

STATIC = f"""
import time; t = time.perf_counter()
from kerascount_lint.analysis import analyze_file
r = analyze_file({str(FILE)!r}); assert r.models
cold = time.perf_counter() - t
t = time.perf_counter()
for _ in range(50): analyze_file({str(FILE)!r})
print(cold, (time.perf_counter() - t) / 50)
"""
KERAS = f"""
import sys, time; t = time.perf_counter()
sys.path.insert(0, {str(ROOT / "scripts")!r})
from keras_truth import run_source
src = open({str(FILE)!r}).read()
models, err = run_source(src, {str(FILE)!r}); assert models
cold = time.perf_counter() - t
t = time.perf_counter()
for _ in range(5): run_source(src, {str(FILE)!r})
print(cold, (time.perf_counter() - t) / 5)
"""


def run(code):
    env = dict(os.environ, KERAS_BACKEND=os.environ.get("KERAS_BACKEND", "jax"), PYTHONPATH=str(ROOT))
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    wall = time.perf_counter() - t
    cold, warm = map(float, out.stdout.split()[-2:])
    return wall, cold, warm


def main():
    s_wall, s_cold, s_warm = run(STATIC)
    k_wall, k_cold, k_warm = run(KERAS)
    print(f"file: {FILE.relative_to(ROOT) if FILE.is_relative_to(ROOT) else FILE}")
    print(f"whole process (start, import, first count): static {s_wall:.3f} s, keras {k_wall:.3f} s, "
          f"ratio {k_wall / s_wall:.0f}x")
    print(f"first count after start:                    static {s_cold * 1000:.1f} ms, keras {k_cold * 1000:.0f} ms, "
          f"ratio {k_cold / s_cold:.0f}x")
    print(f"warm, per file:                             static {s_warm * 1000:.2f} ms, keras {k_warm * 1000:.1f} ms, "
          f"ratio {k_warm / s_warm:.0f}x")


if __name__ == "__main__":
    main()
