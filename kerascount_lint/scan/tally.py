"""A running summary of scan rows: counts, one example per finding code and a log-scale
histogram of parameter counts. Kept per block in the workers and merged in the main process,
so it never holds the rows themselves."""
from __future__ import annotations

import math
import re
from collections import Counter

from kerascount_lint.scan.rows import MODEL, NOT_ANALYZED, submission_verdict

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

    def add(self, submission: str, rows: list) -> None:
        self.submissions += 1
        self.rows += len(rows)
        self.verdicts[submission_verdict(rows)] += 1
        models = [r for r in rows if r["status"] == MODEL]
        self.models += len(models)
        self.without_model += not models
        for r in rows:
            if r["status"] == NOT_ANALYZED:
                self.not_analyzed[reason_kind(r["reasons"])] += 1
            for code in (r["codes"] or "").split():
                self.codes[code] += 1
                if code not in self.examples:
                    said = next((f for f in (r["findings"] or "").split("; ") if f.startswith(code + " ")), "")
                    self.examples[code] = (submission, r["file"], said)
            if r["total_params"] is not None:
                self.bins[histogram_bin(r["total_params"])] += 1
            if r.get("flops") is not None:
                self.flops_bins[histogram_bin(r["flops"])] += 1

    def merge(self, other: "Tally") -> None:
        for name in ("submissions", "rows", "models", "without_model"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("verdicts", "codes", "not_analyzed", "bins", "flops_bins"):
            getattr(self, name).update(getattr(other, name))
        for code, example in other.examples.items():
            self.examples.setdefault(code, example)

    def text(self, seconds: float) -> str:
        v = self.verdicts
        lines = [f"Scanned {self.submissions:,} submission{'s' if self.submissions != 1 else ''} in {seconds:.1f} s: "
                 f"{self.models:,} model{'s' if self.models != 1 else ''}; {v['pass']:,} pass, {v['fail']:,} fail, "
                 f"{v['review']:,} to review by hand; {self.without_model:,} without any model."]
        if self.codes:
            common = ", ".join(f"{code} ×{n}" for code, n in self.codes.most_common(5))
            lines.append(f"Most common findings: {common}")
        if self.not_analyzed:
            lines.append("Files not analyzed: " + ", ".join(f"{why} ×{n}" for why, n in self.not_analyzed.most_common(5)))
        return "\n".join(lines)

    def as_json(self) -> dict:
        return {"submissions": self.submissions, "models": self.models, "without_model": self.without_model,
                "verdicts": dict(self.verdicts), "codes": dict(self.codes.most_common())}


def reason_kind(reason: str) -> str:
    """"syntax error: ..." -> "syntax error"; numbers folded so that like reasons count together."""
    head = reason.split(";")[0].split(":")[0].split(" (")[0]
    return re.sub(r"\d[\d,.]*", "N", head)


def histogram_bin(params: int) -> int:
    """Fixed log-scale bins (4 per decade), so the histogram needs counts only."""
    return 0 if params <= 0 else 1 + int(math.floor(math.log10(params) * BINS_PER_DECADE))


def bin_range(index: int) -> tuple:
    if index == 0:
        return 0, 1
    return math.ceil(10 ** ((index - 1) / BINS_PER_DECADE)), math.ceil(10 ** (index / BINS_PER_DECADE))


