"""Scan throughput over a generated class, measured side by side in one run.

    python benchmarks/bench_scan.py [N_SUBMISSIONS]   (default 10000)

Generates N submissions with tests/class_generator.py (every kind: good and faulty models,
notebooks, zips, nested folders, non-Keras files and every bad-input case), then times, as
separate `kerascount-lint scan` processes (wall clock, files per second):
  - cold, no cache, --jobs 1 and --jobs 2 (alternating, best of 2 rounds each);
  - a cold run that fills a fresh cache, then warm reruns over that cache (--jobs 2);
  - cold and warm with --similarity (fingerprints and grouping on top);
  - the floor: a bare libcst.parse_module of every Python text, in this one process.
Also prints each scan's peak resident memory, and the same for a tenth of the class, to show
that memory stays flat as the class grows.
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

import libcst as cst

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
from class_generator import HUGE_LIMIT, make_class  # noqa: E402
from kerascount_lint.reading import notebook  # noqa: E402
from kerascount_lint.extract import nesting  # noqa: E402
from kerascount_lint.scan.submissions import files_of, list_submissions, read_job  # noqa: E402


def run_scan(workdir, folder, *args):
    """(seconds, peak RSS in MB of the scan and the workers it waited for)."""
    command = [sys.executable, "-m", "kerascount_lint", "scan", folder, "--assignment", "spec.toml",
               "--max-file-size", str(HUGE_LIMIT), "--report", "report.csv", *args]
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    stderr = child.stderr.read().decode()
    child.stderr.close()
    if status != 0:
        raise SystemExit(f"scan failed:\n{stderr}")
    return seconds, usage.ru_maxrss / 1024


def parse_floor(folder: pathlib.Path):
    """(seconds, files) for libcst.parse_module over every readable Python text of the class."""
    texts = []
    for entry in list_submissions(str(folder)):
        for job in files_of(str(folder), entry, HUGE_LIMIT):
            data, problem = (None, job.problem) if job.problem else read_job(job, HUGE_LIMIT)
            if problem or data is None:
                continue
            try:
                text = data.decode("utf-8")
                text = notebook.parse(text).text if job.display.endswith(".ipynb") else text
            except (UnicodeDecodeError, notebook.NotebookError):
                continue
            if nesting.problem(text) is None:  # what libcst must not parse, the analysis does not either
                texts.append(text)
    start = time.perf_counter()
    for text in texts:
        try:
            cst.parse_module(text)
        except Exception:  # syntax errors and the like cost a parse too
            pass
    return time.perf_counter() - start, len(texts)


def count_files(folder):
    return sum(1 for entry in list_submissions(str(folder)) for _ in files_of(str(folder), entry, HUGE_LIMIT))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    work = pathlib.Path(tempfile.mkdtemp(prefix="kc-bench-scan-"))
    try:
        t = time.perf_counter()
        make_class(work / "class", n)
        make_class(work / "small", max(1, n // 10))
        files = count_files(work / "class")
        print(f"{n:,} submissions, {files:,} files (generated in {time.perf_counter() - t:.1f} s); "
              f"{os.cpu_count()} cores")

        jobs1, jobs2 = [], []
        for _ in range(2):
            jobs1.append(run_scan(work, "class", "--no-cache", "--jobs", "1"))
            jobs2.append(run_scan(work, "class", "--no-cache", "--jobs", "2"))
        fill = run_scan(work, "class", "--jobs", "2", "--cache-dir", "cache")
        warm = [run_scan(work, "class", "--jobs", "2", "--cache-dir", "cache") for _ in range(5)]
        similar_cold = run_scan(work, "class", "--no-cache", "--jobs", "2", "--similarity")
        similar_warm = run_scan(work, "class", "--jobs", "2", "--cache-dir", "cache", "--similarity")
        small = run_scan(work, "small", "--no-cache", "--jobs", "2")
        floor, parsed = parse_floor(work / "class")

        best = lambda runs: min(runs, key=lambda r: r[0])  # noqa: E731
        rate = lambda seconds: files / seconds  # noqa: E731
        rows = [("cold --jobs 1", best(jobs1)), ("cold --jobs 2", best(jobs2)),
                ("cold --jobs 2, filling the cache", fill), ("warm --jobs 2", best(warm)),
                ("cold --jobs 2 --similarity", similar_cold), ("warm --jobs 2 --similarity", similar_warm)]
        for label, (seconds, rss) in rows:
            print(f"{label:<34} {seconds:7.2f} s  {rate(seconds):8.0f} files/s  peak RSS {rss:6.1f} MB")
        print(f"{'bare libcst.parse_module (floor)':<34} {floor:7.2f} s  {parsed / floor:8.0f} files/s  "
              f"({parsed:,} Python texts, in-process)")
        print(f"{'cold --jobs 2, a tenth of the class':<34} {small[0]:7.2f} s  peak RSS {small[1]:6.1f} MB")
        print()
        print(f"--jobs 2 over --jobs 1 (cold):  {best(jobs1)[0] / best(jobs2)[0]:.2f}x   (target >= 1.5x)")
        print(f"warm over cold (--jobs 2):      {fill[0] / best(warm)[0]:.1f}x   (target >= 20x)")
        print(f"cold --jobs 1 over the parse floor: {best(jobs1)[0] / floor:.2f}x the time")
        print(f"peak RSS, full class over a tenth: {best(jobs2)[1] / small[1]:.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
