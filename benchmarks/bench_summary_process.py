"""`summary --format json` over many model files against a bare parse of them, as whole processes.

    python benchmarks/bench_summary_process.py [N_FILES] [ROUNDS] [sequential|functional]

Writes N (default 1000) generated model files (tests/model_generator.py, or functional_generator.py)
to a temporary folder, then times, as the CPU of each child process, interleaved round by round:
  - `kerascount-lint summary --format json FOLDER` (start-up, reading, analysis, output);
  - a process that imports libcst and runs libcst.parse_module on each file, and nothing else.
Prints the medians and their ratio (the issue's target: at most 1.5x), with each round's ratio.
bench_parse_ratio.py gives the same comparison inside one process, without start-up.
"""
import pathlib
import statistics
import sys
import tempfile

from process import byte_compiled, cpu

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from functional_generator import generate_functional  # noqa: E402
from model_generator import generate  # noqa: E402

PARSE = ("import os, sys, libcst\n"
         "for name in sorted(os.listdir(sys.argv[1])):\n"
         "    with open(os.path.join(sys.argv[1], name), encoding='utf-8') as handle:\n"
         "        libcst.parse_module(handle.read())\n")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    make = generate_functional if len(sys.argv) > 3 and sys.argv[3] == "functional" else generate
    byte_compiled()  # as pip installs it (see process.py)
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(n):
            (pathlib.Path(folder) / f"model_{seed:05d}.py").write_text(make(seed), encoding="utf-8")
        tools = {"summary --format json": [sys.executable, "-m", "kerascount_lint", "summary", "--format", "json",
                                           folder],
                 "libcst.parse_module only": [sys.executable, "-c", PARSE, folder]}
        times = {name: [] for name in tools}
        for _ in range(rounds):
            for name, command in tools.items():
                times[name].append(cpu(command))
    medians = {name: statistics.median(values) for name, values in times.items()}
    summary, parse = medians.values()
    print(f"{n:,} files, whole processes, CPU medians of {rounds} interleaved rounds")
    for name, seconds in medians.items():
        print(f"  {name:<26} {seconds:7.2f} s")
    rounds_ratio = ", ".join(f"{s / p:.2f}" for s, p in zip(*times.values()))
    print(f"  ratio: {summary / parse:.2f}x a bare parse (rounds: {rounds_ratio})")


if __name__ == "__main__":
    main()
