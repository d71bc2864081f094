"""A running summary of scan rows: counts, one example per finding code and a log-scale
histogram of parameter counts. Kept per block in the workers and merged in the main process,
so it never holds the rows themselves."""
from __future__ import annotations

import math
import re
from collections import Counter

from kerascount_lint.rules.registry import BY_CODE
from kerascount_lint.scan.rows import MODEL, NOT_ANALYZED

BINS_PER_DECADE = 4


class Tally:
    def __init__(self):
        self.submissions = 0
        self.rows = 0
        self.models = 0
        self.without_model = 0
        self.verdicts: Counter = Counter()  # per submission
        self.codes: Counter = Counter()  # per model row that has them
        self.examples: dict = {}  # code -> (submission, file, the finding as said there)
        self.not_analyzed: Counter = Counter()
        self.bins: Counter = Counter()  # total params per model, on log bins
        self.flops_bins: Counter = Counter()  # FLOPs per example per model, on the same bins
        self.points: Counter = Counter()  # students per points earned
        self.max_points = None

    def add(self, submission: str, rows: list, student: dict) -> None:
        self.submissions += 1
        self.rows += len(rows)
        self.verdicts[student["verdict"]] += 1
        if student["points"] is not None:
            self.points[student["points"]] += 1
        models = [r for r in rows if r["status"] == MODEL]
        self.models += len(models)
        self.without_model += not models
        for r in rows:
            if r["status"] == NOT_ANALYZED:
                self.not_analyzed[reason_kind(r["reasons"])] += 1
            for code in (r["codes"] or "").split():
                self.codes[code] += 1
                if code not in self.examples:
                    said = next((f for f in ((r["reasons"] or "") + "; " + (r["findings"] or "")).split("; ")
                                 if f.startswith(code + " ")), "")
                    source = next((f[5] for f in r.get("_findings") or () if f[0] == code), "")
                    self.examples[code] = (submission, r["file"], said, source.strip())
            if r["total_params"] is not None:
                self.bins[histogram_bin(r["total_params"])] += 1
            if r.get("flops") is not None:
                self.flops_bins[histogram_bin(r["flops"])] += 1

    def merge(self, other: "Tally") -> None:
        for name in ("submissions", "rows", "models", "without_model"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("verdicts", "codes", "not_analyzed", "bins", "flops_bins", "points"):
            getattr(self, name).update(getattr(other, name))
        for code, example in other.examples.items():
            self.examples.setdefault(code, example)

    def text(self, seconds: float) -> str:
        v = self.verdicts
        lines = [f"Scanned {self.submissions:,} student{'s' if self.submissions != 1 else ''} in {seconds:.1f} s: "
                 f"{v['pass']:,} pass, {v['fail']:,} fail, {v['review']:,} to review by hand "
                 f"({self.models:,} model{'s' if self.models != 1 else ''}; {self.without_model:,} "
                 f"submission{'s' if self.without_model != 1 else ''} without any model)."]
        if self.points:
            graded = sum(self.points.values())
            mean = sum(p * n for p, n in self.points.items()) / graded
            lines.append(f"Points: mean {mean:.1f} over {graded:,} graded student{'s' if graded != 1 else ''}.")
        if self.codes:
            common = ", ".join(f"{code} {BY_CODE[code].name} ×{n}" if code in BY_CODE else f"{code} ×{n}"
                               for code, n in self.codes.most_common(5))
            lines.append(f"Most common findings (in models): {common}")
        if self.not_analyzed:
            lines.append("Files not analyzed: " + ", ".join(f"{why} ×{n}" for why, n in self.not_analyzed.most_common(5)))
        return "\n".join(lines)

    def as_json(self) -> dict:
        return {"submissions": self.submissions, "models": self.models, "without_model": self.without_model,
                "verdicts": dict(self.verdicts), "codes": dict(self.codes.most_common())}


def reason_kind(reason: str) -> str:
    """"syntax error: ..." -> "syntax error"; numbers folded so that like reasons count together
    (standalone numbers only: UTF-8 stays UTF-8)."""
    head = reason.split(";")[0].split(":")[0].split(" (")[0]
    return re.sub(r"(?<![\w-])\d[\d,.]*", "N", head)


def histogram_bin(params: int) -> int:
    """Fixed log-scale bins (4 per decade), so the histogram needs counts only."""
    return 0 if params <= 0 else 1 + int(math.floor(math.log10(params) * BINS_PER_DECADE))


def bin_range(index: int) -> tuple:
    if index == 0:
        return 0, 1
    return math.ceil(10 ** ((index - 1) / BINS_PER_DECADE)), math.ceil(10 ** (index / BINS_PER_DECADE))


