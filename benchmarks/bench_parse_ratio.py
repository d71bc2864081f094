"""Analysis time over a bare libcst.parse_module of the same files, measured side by side.

    python benchmarks/bench_parse_ratio.py [N_FILES] [ROUNDS] [sequential|functional]

Generates N (default 1000) model files with tests/model_generator.py (or, with `functional`,
tests/functional_generator.py), then, for each file in
turn, times (a) libcst.parse_module alone and (b) kerascount_lint's full analysis (parse +
extraction + inference + checks), the two in alternating order. Interleaving per file keeps a
shared machine's slow spells from landing on one side only. Each round gives a ratio; prints
the median and every round's.
"""
import pathlib
import statistics
import sys
import time

import libcst as cst

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
from kerascount_lint.analysis import analyze_source  # noqa: E402
from functional_generator import generate_functional  # noqa: E402
from model_generator import generate  # noqa: E402


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    make = generate_functional if len(sys.argv) > 3 and sys.argv[3] == "functional" else generate
    sources = [make(seed) for seed in range(n)]
    analyze_source(sources[0])  # warm imports and the catalogue
    ratios, parse_total, analyze_total = [], [], []
    clock = time.perf_counter
    for _ in range(rounds):
        parse = analyze = 0.0
        for i, src in enumerate(sources):
            if i % 2:  # which goes first alternates, so neither side gets the warmer caches
                t0 = clock()
                cst.parse_module(src)
                t1 = clock()
                analyze_source(src)
                t2 = clock()
                parse, analyze = parse + t1 - t0, analyze + t2 - t1
            else:
                t0 = clock()
                analyze_source(src)
                t1 = clock()
                cst.parse_module(src)
                t2 = clock()
                analyze, parse = analyze + t1 - t0, parse + t2 - t1
        ratios.append(analyze / parse)
        parse_total.append(parse)
        analyze_total.append(analyze)
    print(f"{n} files, {rounds} rounds, parse and analysis interleaved file by file")
    print(f"libcst.parse_module only: median {statistics.median(parse_total):.3f} s "
          f"({n / statistics.median(parse_total):.0f} files/s)")
    print(f"kerascount-lint analysis: median {statistics.median(analyze_total):.3f} s "
          f"({n / statistics.median(analyze_total):.0f} files/s)")
    print(f"ratio analysis / parse:   median {statistics.median(ratios):.2f}x "
          f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)})")


if __name__ == "__main__":
    main()
