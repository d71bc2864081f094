"""The editor's incremental parse must give exactly what a full parse gives, edit after edit."""
import random

from conftest import SAMPLES
from model_generator import FAULTS, generate
from kerascount_lint.analysis import analyze_source
from kerascount_lint.extract.incremental import ParseCache


def summary(result):
    models = [(m.spec.span, m.total_params, [(r.spec.span, r.spec.name, r.output_shape, r.params) for r in m.layers])
              for m in result.models]
    return models, [(d.code, d.span, d.message) for d in result.diagnostics]


def edits(text: str, rng: random.Random, n: int):
    """Versions of `text` as someone types: lines changed, duplicated, deleted, numbers edited."""
    lines = text.splitlines(keepends=True)
    for _ in range(n):
        i = rng.randrange(len(lines))
        kind = rng.choice(["digit", "duplicate", "delete", "comment", "break"])
        if kind == "digit" and any(c.isdigit() for c in lines[i]):
            j = rng.choice([k for k, c in enumerate(lines[i]) if c.isdigit()])
            lines[i] = lines[i][:j] + str(rng.randrange(1, 10)) + lines[i][j + 1:]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "comment":
            lines.insert(i, "# a note\n")
        elif kind == "break":
            lines[i] = lines[i].rstrip("\n") + "(\n"  # half-typed: a syntax error for a while
        yield "".join(lines)


def test_incremental_parse_matches_full_parse():
    rng = random.Random(7)
    sources = [p.read_text() for p in sorted(SAMPLES.rglob("*.py"))]
    sources += [generate(seed, FAULTS[seed % len(FAULTS)] if seed % 2 else None) for seed in range(40)]
    checked = 0
    for text in sources:
        cache = ParseCache()
        assert summary(analyze_source(text, cache=cache)) == summary(analyze_source(text))
        for version in edits(text, rng, 6):
            assert summary(analyze_source(version, cache=cache)) == summary(analyze_source(version)), version
            checked += 1
    assert checked >= 300
