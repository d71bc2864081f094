"""`scan --similarity`: submissions whose model code is the same, or nearly, once names, comments,
whitespace and literal spelling are normalised; and submissions with the same rare architecture.

For review, never a verdict. What many students wrote alike (the textbook model) is not evidence:
a match counts only where few in the class share it. Grouping is by hash buckets (an exact
fingerprint, MinHash bands for near copies), never by comparing all pairs.
"""
from __future__ import annotations

import hashlib
import keyword
import re
from collections import defaultdict
from dataclasses import dataclass, field

HASHES = 32  # MinHash values per model
BAND = 4  # values per LSH band: pairs about 70% alike share a band most of the time
SHINGLE = 5  # tokens per shingle
NEAR = 0.7  # estimated Jaccard similarity for a near copy

_TOKEN = re.compile(r"[A-Za-z_]\w*|\d+\.\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|\d+(?:[eE][-+]?\d+)?"
                    r"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|\S")
_COMMENT = re.compile(r"#[^\n]*")
_SEEDS = [int.from_bytes(hashlib.blake2b(str(i).encode(), digest_size=8).digest(), "big") for i in range(HASHES)]
_MASK = (1 << 61) - 1


def tokens(code: str) -> list:
    """The model's code as it means, not as it is spelled: own names become `v`, numbers and
    strings one spelling each; Keras's names, keywords and argument names stay."""
    words = _TOKEN.findall(_COMMENT.sub("", code))
    out = []
    for i, tok in enumerate(words):
        first = tok[0]
        if first.isalpha() or first == "_":
            after_dot = i > 0 and words[i - 1] == "."
            is_keyword_arg = i + 1 < len(words) and words[i + 1] == "=" and i > 0 and words[i - 1] in "(,"
            keep = keyword.iskeyword(tok) or after_dot or is_keyword_arg or tok[0].isupper() or \
                tok in ("keras", "layers", "models", "tf")
            out.append(tok if keep else "v")
        elif first.isdigit() or first == ".":
            try:
                out.append(repr(float(tok)) if any(c in tok for c in ".eE") else str(int(tok)))
            except ValueError:
                out.append(tok)
        elif first in "'\"":
            out.append("s:" + tok[1:-1])
        else:
            out.append(tok)
    return out


def fingerprint(code: str) -> tuple:
    """(exact fingerprint, MinHash signature) of a model's code."""
    toks = tokens(code)
    exact = hashlib.blake2b(" ".join(toks).encode(), digest_size=8).hexdigest()
    shingles = {hash_of(" ".join(toks[i:i + SHINGLE])) for i in range(max(1, len(toks) - SHINGLE + 1))}
    signature = tuple(min(((h ^ seed) * 0x9E3779B97F4A7C15) & _MASK for h in shingles) for seed in _SEEDS)
    return exact, signature


def hash_of(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


@dataclass
class Match:
    student: str
    file: str
    lines: str  # "12-20"
    exact: str
    signature: tuple
    architecture: str


@dataclass
class Group:
    kind: str  # "same code", "nearly the same code", "same rare architecture"
    members: list = field(default_factory=list)  # [Match]
    shared_by: int = 0  # how many students in the class wrote it this way


class Similarity:
    """Collects each student's model fingerprints as the scan goes (a few numbers each), groups at the end."""

    def __init__(self):
        self.matches: list = []
        self.students = 0

    def add(self, students: list) -> None:
        for s in students:
            self.students += 1
            for m in s.get("_prints") or ():
                self.matches.append(Match(s["student"], *m))

    def common(self) -> int:
        """How many students must share a way of writing it before it is the class's, not a copy."""
        return max(3, self.students // 100)

    def groups(self) -> list:
        common = self.common()
        found, grouped = [], set()
        by_exact = _buckets((m.exact, m) for m in self.matches)
        for exact, members in by_exact.items():
            students = {m.student for m in members}
            if 2 <= len(students) < common:
                found.append(Group("same code", members, len(students)))
                grouped.update(students)
        # Near copies: pairs that share a MinHash band in a bucket few share, then checked.
        parent: dict = {}

        def root(i):
            while parent.get(i, i) != i:
                parent[i] = parent.get(parent[i], parent[i])
                i = parent[i]
            return i

        popular = {e for e, members in by_exact.items() if len(members) >= common}
        for band in range(0, HASHES, BAND):
            for members in _buckets(((band, m.signature[band:band + BAND]), i)
                                    for i, m in enumerate(self.matches) if m.exact not in popular).values():
                if not 2 <= len(members) < common:
                    continue
                for j in members[1:]:
                    a, b = self.matches[members[0]], self.matches[j]
                    if a.student != b.student and a.exact != b.exact and _alike(a, b) >= NEAR:
                        parent[root(j)] = root(members[0])
        near = defaultdict(list)
        for i in parent:
            near[root(i)].append(self.matches[i])
        for members in near.values():
            students = {m.student for m in members}
            if 2 <= len(students) < common and not students <= grouped:
                found.append(Group("nearly the same code", sorted(members, key=lambda m: m.student), len(students)))
                grouped.update(students)
        arch_count = defaultdict(set)
        for m in self.matches:
            arch_count[m.architecture].add(m.student)
        by_arch = _buckets((m.architecture, m) for m in self.matches if m.architecture)
        for arch, members in by_arch.items():
            students = {m.student for m in members}
            # Rare where the class mostly differs: an architecture few share in a class of many.
            if 2 <= len(students) < common and len(arch_count) > len(self.matches) // 2 and not students <= grouped:
                found.append(Group("same rare architecture", members, len(students)))
        return sorted(found, key=lambda g: (g.kind, g.members[0].student))


def _alike(a: Match, b: Match) -> float:
    return sum(x == y for x, y in zip(a.signature, b.signature)) / HASHES


def _buckets(pairs) -> dict:
    out = defaultdict(list)
    for key, value in pairs:
        out[key].append(value)
    return out


def describe(group: Group) -> str:
    where = ", ".join(f"{m.student} ({m.file}, lines {m.lines})" for m in group.members)
    return f"{group.kind}, for review: {where}"


def prints(rows: list) -> list:
    """A submission's model rows -> (file, lines, exact, signature, architecture) each, for Similarity."""
    out = []
    for r in rows:
        code = r.get("_code")
        if code:
            exact, signature = fingerprint(code[1])
            out.append((r["file"], code[0], exact, signature, r["architecture"] or ""))
    return out
