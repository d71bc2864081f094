"""Analysis time over a bare libcst.parse_module of the same files, measured side by side.

    python benchmarks/bench_parse_ratio.py [N_FILES]

Generates N (default 1000) model files with tests/model_generator.py, then times, in one run
and alternating per round, (a) libcst.parse_module alone and (b) kerascount_lint's full
analysis (parse + extraction + inference + checks). Prints both and the ratio.
"""
import pathlib
import sys
import time

import libcst as cst

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
from kerascount_lint.analysis import analyze_source  # noqa: E402
from model_generator import generate  # noqa: E402


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    sources = [generate(seed) for seed in range(n)]
    analyze_source(sources[0])  # warm imports and the catalogue
    parse_times, analyze_times = [], []
    for _ in range(3):
        t = time.perf_counter()
        for src in sources:
            cst.parse_module(src)
        parse_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        for src in sources:
            analyze_source(src)
        analyze_times.append(time.perf_counter() - t)
    p, a = min(parse_times), min(analyze_times)
    print(f"{n} files, best of 3 rounds")
    print(f"libcst.parse_module only: {p:.3f} s ({n / p:.0f} files/s)")
    print(f"kerascount-lint analysis: {a:.3f} s ({n / a:.0f} files/s)")
    print(f"ratio analysis / parse:   {a / p:.2f}x")


if __name__ == "__main__":
    main()
