#!/bin/bash
# Cold and warm `scan` of one generated class, an earlier commit against the working tree, interleaved
# round by round (CPU seconds from /usr/bin/time; a shared machine is noisy: read the medians).
#   benchmarks/compare_scan_commits.sh COMMIT [N_SUBMISSIONS=2000] [ROUNDS=3]
# Do not edit the code while it runs: the cache is keyed on the tool, so a warm run would turn cold.
set -eu
COMMIT=$1; N=${2:-2000}; ROUNDS=${3:-3}
HERE=$(cd "$(dirname "$0")/.." && pwd)
OLD=$(mktemp -d); WORK=$(mktemp -d)
git -C "$HERE" worktree add -q "$OLD" "$COMMIT"
trap 'git -C "$HERE" worktree remove --force "$OLD"; rm -rf "$WORK"' EXIT
(cd "$HERE/tests" && python -c "import sys, pathlib; from class_generator import make_class; make_class(pathlib.Path(sys.argv[1]), int(sys.argv[2]))" "$WORK/class" "$N")
cd "$WORK"
for round in $(seq "$ROUNDS"); do
  for side in old new; do
    if [ $side = old ]; then src=$OLD; else src=$HERE; fi
    rm -rf "cache_$side"
    for kind in cold warm; do
      /usr/bin/time -f "$side $kind %U s user" env PYTHONPATH="$src" python -m kerascount_lint scan class \
        --assignment spec.toml --max-file-size 100000000 --report r.csv --jobs 2 --cache-dir "cache_$side" \
        2>&1 >/dev/null | grep " user$"
    done
  done
done
