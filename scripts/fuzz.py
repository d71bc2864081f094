"""Fuzz the analysis at length, then a hostile class scan and the language server.

    python scripts/fuzz.py N [--jobs J]

Inputs are those of tests/test_fuzz.py (tests/fuzzing.py: mutated samples and notebooks, generated
Sequential and functional programs with faults, programs from a grammar of hostile Keras code),
seeds 0..N-1. Each runs in a worker process with a 4 GiB address-space limit, so a native crash
or memory exhaustion is counted instead of ending the run. Prints counts of crashes, tracebacks,
internal errors, inputs over the time or memory guard, and other failed checks.
"""
import argparse
import concurrent.futures
import json
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures.process import BrokenProcessPool

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
MEMORY_GUARD = 4 * 1024 ** 3


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_GUARD, MEMORY_GUARD))


def run_seeds(seeds):
    from fuzzing import check, make_input

    out = []
    for seed in seeds:
        name, text = make_input(seed)
        try:
            problems = check(name, text)
        except MemoryError:
            problems = ["memory: over the memory guard"]
        out.append((seed, problems))
    return out


def kind(problem: str) -> str:
    if problem.startswith("raised"):
        return "tracebacks"
    if problem.startswith("internal error"):
        return "internal errors"
    if problem.startswith("took"):
        return "over the time guard"
    if problem.startswith("memory"):
        return "over the memory guard"
    return "other failed checks"


def fuzz(n: int, jobs: int) -> Counter:
    counts = Counter()
    examples = {}
    chunks = [list(range(i, min(i + 200, n))) for i in range(0, n, 200)]
    start = time.monotonic()
    with concurrent.futures.ProcessPoolExecutor(jobs, initializer=_limit_memory) as pool:
        futures = {pool.submit(run_seeds, chunk): chunk for chunk in chunks}
        for future in concurrent.futures.as_completed(futures):
            try:
                results = future.result()
            except BrokenProcessPool:
                counts["crashes"] += 1  # a worker died: the chunk is rerun one input at a time below
                results = []
                for seed in futures[future]:
                    results += isolated(seed)
            for seed, problems in results:
                counts["inputs"] += 1
                for problem in problems:
                    counts[kind(problem)] += 1
                    examples.setdefault(kind(problem), (seed, problem))
    counts["seconds"] = round(time.monotonic() - start)
    for what, (seed, problem) in sorted(examples.items()):
        print(f"  first {what}: seed {seed}: {problem[:300]}")
    return counts


def isolated(seed):
    with concurrent.futures.ProcessPoolExecutor(1, initializer=_limit_memory) as pool:
        try:
            return pool.submit(run_seeds, [seed]).result()
        except BrokenProcessPool:
            return [(seed, ["raised: the process crashed (native)"])]


def hostile_scan() -> str:
    """A hostile class (tests/test_hostile.py's) scanned twice, the cache damaged in between."""
    from test_hostile import _hostile_class

    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp) / "class"
        root.mkdir()
        _hostile_class(root)
        results = []
        for damage in (False, True):
            if damage:
                for db in (pathlib.Path(tmp) / "cache").glob("*.sqlite*"):
                    db.write_bytes(b"garbage")
            proc = subprocess.run([sys.executable, "-m", "kerascount_lint", "scan", str(root), "--report",
                                   str(pathlib.Path(tmp) / "r.json"), "--cache-dir", str(pathlib.Path(tmp) / "cache")],
                                  capture_output=True, text=True, timeout=300)
            rows = json.loads((pathlib.Path(tmp) / "r.json").read_text())["rows"]
            results.append(f"exit {proc.returncode}, {len(rows)} rows, "
                           f"{'a traceback' if 'Traceback' in proc.stderr else 'no traceback'}")
        return "; ".join(results)


def server(n: int) -> str:
    """The language server, sent n fuzz inputs as edits of one document, then a hover and shutdown."""
    from fuzzing import make_input
    from test_lsp_protocol import RawClient

    client = RawClient()
    try:
        client.start()
        uri = "file:///fuzz.py"
        client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": ""}}})
        for version, seed in enumerate(range(n), start=2):
            text = make_input(seed)[1].encode("utf-8", "replace").decode("utf-8")
            client.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}})
        client.send({"jsonrpc": "2.0", "id": 5, "method": "textDocument/hover",
                     "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}})
        hover = client.replies({5}, timeout=120)
        client.send({"jsonrpc": "2.0", "id": 6, "method": "shutdown"})
        shut = client.replies({6}, timeout=60)
        client.send({"jsonrpc": "2.0", "method": "exit"})
        code = client.proc.wait(60)
        return f"hover {'answered' if hover else 'NOT answered'}, shutdown {'answered' if shut else 'NOT answered'}, " \
               f"exit code {code}"
    finally:
        client.proc.kill()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=10000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    counts = fuzz(args.n, args.jobs)
    print(f"{counts['inputs']:,} inputs in {counts['seconds']} s: {counts['crashes']} crashes, "
          f"{counts['tracebacks']} tracebacks, {counts['internal errors']} internal errors, "
          f"{counts['over the time guard']} over the time guard, {counts['over the memory guard']} over the memory "
          f"guard, {counts['other failed checks']} other failed checks")
    print("hostile scan:", hostile_scan())
    print("language server:", server(min(args.n, 300)))


if __name__ == "__main__":
    main()
