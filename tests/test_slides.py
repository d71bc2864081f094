"""The course slides' four models: our per-layer counts and totals must be the slides' own.

The expected numbers are parsed from the slide text (tests/data/slides.txt, a copy of
shared/seeds), never typed here. Layer names are not compared: the slides come from a
Keras 2 session whose name counters had run on (dense_4, conv2d_12, ...).
"""
import re

import pytest

from conftest import DATA, SAMPLES
from kerascount_lint.analysis import analyze_file
from kerascount_lint.datatypes import shape_text

ROW = re.compile(r"^(\w+) \((\w+)\)\s+(\(None(?:, \d+)*\))\s+(\d+)\s*$")
TOTAL = re.compile(r"^(Total|Trainable|Non-trainable) params: ([\d,]+)")


def slide_tables():
    tables, rows, totals = [], [], {}
    for line in (DATA / "slides.txt").read_text().splitlines():
        line = line.strip()
        if m := ROW.match(line):
            rows.append((m.group(2), m.group(3), int(m.group(4))))
        elif m := TOTAL.match(line):
            totals[m.group(1)] = int(m.group(2).replace(",", ""))
            if m.group(1) == "Non-trainable":
                tables.append((rows, totals))
                rows, totals = [], {}
    unique = []
    for table in tables:  # the first table is shown twice on the slides
        if table not in unique:
            unique.append(table)
    return unique


SLIDES = ["slide1_dense.py", "slide2_cnn.py", "slide3_dense_padding.py", "slide4_cnn_wider.py"]


def test_slide_totals_are_the_four_models():
    assert [t["Total"] for _, t in slide_tables()] == [7993, 24533, 4063, 36023]


@pytest.mark.parametrize("index", range(4))
def test_slide_model(index):
    rows, totals = slide_tables()[index]
    result = analyze_file(str(SAMPLES / SLIDES[index]))
    [model] = result.models
    ours = [(r.spec.class_name, shape_text(r.output_shape), r.params) for r in model.layers]
    assert ours == rows
    assert (model.total_params, model.trainable_params, model.non_trainable_params) == (
        totals["Total"], totals["Trainable"], totals["Non-trainable"])


def test_slide3_flags_padding_on_dense():
    result = analyze_file(str(SAMPLES / SLIDES[2]))
    flagged = [d for d in result.diagnostics if d.code == "KC101"]
    assert [d.span.line for d in flagged] == [6, 8]
    assert all("padding" in d.message and d.severity == "error" for d in flagged)
