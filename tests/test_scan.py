"""`kerascount-lint scan` over a generated class: every submission gets its rows and the verdict
its kind calls for, in every report format, with and without workers and the cache."""
import csv
import html.parser
import json
import os
import pathlib
import subprocess
import sys

import pytest

from class_generator import EXPECT, HUGE_LIMIT, KINDS, cnn, make_class
from conftest import SAMPLES as SAMPLES_DIR
from kerascount_lint.scan.rows import submission_verdict
from kerascount_lint.scan.runner import analyze_one

N_SUBMISSIONS = 8 * len(KINDS)  # 216


def scan(cwd, *args):
    run = subprocess.run([sys.executable, "-m", "kerascount_lint", "scan", "class", "--assignment", "spec.toml",
                          "--max-file-size", str(HUGE_LIMIT), *args], cwd=cwd, capture_output=True, text=True)
    assert "Traceback" not in run.stderr, run.stderr
    return run


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    kinds = make_class(root / "class", N_SUBMISSIONS)
    first = scan(root, "--report", "report.json", "--jobs", "2", "--cache-dir", "cache")
    assert first.returncode == 0, first.stderr
    return root, kinds, json.loads((root / "report.json").read_text()), first.stderr


def by_submission(doc):
    out = {}
    for row in doc["rows"]:
        out.setdefault(row["submission"], []).append(row)
    return out


def test_every_submission_gets_the_verdict_its_kind_calls_for(klass):
    root, kinds, doc, _ = klass
    rows = by_submission(doc)
    assert set(rows) == set(kinds) and len(kinds) == N_SUBMISSIONS
    for submission, kind in kinds.items():
        verdict, n_rows, code = EXPECT[kind]
        mine = rows[submission]
        assert (submission_verdict(mine), len(mine)) == (verdict, n_rows), (kind, mine)
        if code:
            assert code in " ".join(r["codes"] or "" for r in mine), (kind, mine)
    assert doc["summary"]["submissions"] == N_SUBMISSIONS
    assert len(doc["rows"]) == sum(EXPECT[k][1] for k in kinds.values())


def test_reasons_say_what_to_fix(klass):
    root, kinds, doc, _ = klass
    rows = by_submission(doc)
    reasons = {kind: rows[s][0]["reasons"] for s, kind in kinds.items()}
    assert "expected 24,533 params, found" in reasons["wider"]
    assert "conv2d_1 has" in reasons["wider"] and "more than expected" in reasons["wider"]
    assert "expected a softmax output" in reasons["no-softmax"]
    assert "dropout (Dropout) is not allowed" in reasons["dropout"]
    assert "X_train.shape[1:]" in reasons["unknown-input"] and "check by hand" in reasons["unknown-input"]
    for kind, words in (("syntax-error", "syntax error"), ("binary", "binary"), ("non-utf8", "UTF-8"),
                        ("empty", "empty file"), ("huge", "limit"), ("deep-nesting", "nested too deeply"),
                        ("broken-notebook", "broken notebook"), ("unreadable", "cannot read"),
                        ("symlink-out", "symlink"), ("non-keras", "no Keras model"),
                        ("no-files", "no .py or .ipynb")):
        assert words in reasons[kind], (kind, reasons[kind])
    notebook = next(r for s, k in kinds.items() if k == "correct-notebook" for r in rows[s])
    assert notebook["cell"] == 3 and notebook["architecture"] == "Conv2D(10,3x3)>Conv2D(10,3x3)>Flatten>Dense(3)"


def test_submitted_code_is_never_run(klass):
    root, _, _, _ = klass
    leftovers = [p for p in root.rglob("PWNED*")] + [p for p in pathlib.Path.cwd().glob("PWNED*")]
    assert leftovers == []


def test_csv_and_html_reports_parse_and_agree(klass):
    root, kinds, doc, _ = klass
    assert scan(root, "--report", "report.csv", "--cache-dir", "cache").returncode == 0
    assert scan(root, "--report", "models.csv", "--table", "models", "--cache-dir", "cache").returncode == 0
    assert scan(root, "--report", "report.html", "--cache-dir", "cache").returncode == 0
    with open(root / "models.csv", newline="", encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) == len(doc["rows"])
    assert [(r["submission"], r["verdict"]) for r in table] == [(r["submission"], r["verdict"] or "") for r in doc["rows"]]
    with open(root / "report.csv", newline="", encoding="utf-8") as handle:
        students = list(csv.DictReader(handle))  # the default table: one row per student
    assert [(s["student"], s["verdict"]) for s in students] == [(s["student"], s["verdict"]) for s in doc["students"]]
    assert len(students) == N_SUBMISSIONS

    class Page(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.tags, self.urls = 0, set(), []

        def handle_starttag(self, tag, attrs):
            self.tags.add(tag)
            self.rows += tag == "tr"
            self.urls += [v for k, v in attrs if k in ("src", "href") and v]

    page = Page()
    page.feed((root / "report.html").read_text(encoding="utf-8"))
    assert page.rows == len(doc["students"]) + 1 + len(doc["rows"]) + 1  # two tables, each with its header
    assert {"svg", "rect", "table", "script"} <= page.tags and page.urls == []  # nothing fetched from anywhere


def file_counts(stderr: str) -> tuple:
    """(files, analyzed, from the cache) from the scan's `Files: ...` line."""
    import re

    match = re.search(r"Files: ([\d,]+) \(([\d,]+) analyzed, ([\d,]+) from the cache\)", stderr)
    assert match, stderr
    return tuple(int(g.replace(",", "")) for g in match.groups())


def test_jobs_and_cache_give_the_same_rows(klass):
    root, kinds, doc, stderr = klass
    files, analyzed, cached = file_counts(stderr)
    assert analyzed > 0 and analyzed + cached <= files, stderr  # the rest could not be read: their rows say why
    warm = scan(root, "--report", "warm.json", "--jobs", "1", "--cache-dir", "cache")
    assert file_counts(warm.stderr) == (files, 0, analyzed + cached), warm.stderr  # every one from the cache
    assert scan(root, "--report", "cold.json", "--jobs", "1", "--no-cache").returncode == 0
    for name in ("warm.json", "cold.json"):
        assert json.loads((root / name).read_text())["rows"] == doc["rows"]


def test_a_changed_file_is_the_only_one_analyzed_again(tmp_path):
    make_class(tmp_path / "class", 12)
    assert scan(tmp_path, "--cache-dir", "c", "-j", "1").returncode == 0
    (tmp_path / "class" / "student00000" / "model.py").write_text(cnn(__import__("random").Random(1)) + "# late\n")
    again = scan(tmp_path, "--cache-dir", "c", "-j", "1")
    assert "(1 analyzed," in again.stderr, again.stderr


def test_time_limit_and_symlinks(tmp_path):
    make_class(tmp_path / "class", 1)
    slow = tmp_path / "class" / "slowpoke"
    slow.mkdir()
    (slow / "slow.py").write_text("from keras import Sequential, layers\nm = Sequential([layers.Input((4,))])\n"
                                  "for i in range(999):\n    for j in range(999):\n        m.add(layers.Dense(2))\n")
    looped = tmp_path / "class" / "student00000"
    os.symlink("..", looped / "up")  # the class folder: another student's work, not followed
    os.symlink(".", looped / "here")  # a loop inside the submission: visited once
    for jobs in ("1", "2"):
        assert scan(tmp_path, "--no-cache", "--time-limit", "1", "-j", jobs, "--report", "r.json").returncode == 0
        rows = by_submission(json.loads((tmp_path / "r.json").read_text()))
        assert "per-file time limit" in rows["slowpoke"][0]["reasons"]
        files = [r["file"] for r in rows["student00000"]]
        assert files == ["student00000/model.py", "student00000/up"], files
        assert "outside this submission" in rows["student00000"][1]["reasons"]


def test_progress_bar_only_when_asked_or_on_a_terminal(tmp_path):
    make_class(tmp_path / "class", 3)
    assert "3/3 submissions" not in scan(tmp_path, "--no-cache").stderr  # stderr is a pipe here
    assert "[###" in scan(tmp_path, "--no-cache", "--progress", "always").stderr


def test_an_internal_error_is_a_row_not_a_crash():
    rows, cacheable = analyze_one("x.py", b"from keras import Sequential\nm = Sequential()\n", object(), 1000, 0)
    assert rows[0]["status"] == "not analyzed" and "internal error" in rows[0]["reasons"] and not cacheable


def test_bad_spec_and_bad_arguments_exit_2(tmp_path):
    make_class(tmp_path / "class", 1)
    (tmp_path / "spec.toml").write_text('layers = ["Conv2D++"]\n')
    run = scan(tmp_path)
    assert run.returncode == 2 and "bad layer pattern" in run.stderr
    (tmp_path / "spec.toml").write_text("total-parms = 5\n")
    run = scan(tmp_path)
    assert run.returncode == 2 and "unknown key `total-parms`" in run.stderr
    run = scan(tmp_path, "--report", "r.xlsx")
    assert run.returncode == 2 and ".csv, .json or .html" in run.stderr


def test_check_and_summary_take_the_assignment_too(tmp_path):
    make_class(tmp_path / "class", 8)  # student00007 has a wider second convolution
    wider = "class/student00007/model.py"
    run = subprocess.run([sys.executable, "-m", "kerascount_lint", "check", wider, "--assignment", "spec.toml"],
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 1 and "KC501" in run.stdout and "conv2d_1 has" in run.stdout, run.stdout
    run = subprocess.run([sys.executable, "-m", "kerascount_lint", "summary", wider, "--assignment", "spec.toml"],
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0 and "KC501 expected 24,533 params" in run.stdout, run.stdout
    # the same spec named in pyproject.toml
    (tmp_path / "pyproject.toml").write_text('[tool.kerascount-lint]\nassignment = "spec.toml"\n')
    run = subprocess.run([sys.executable, "-m", "kerascount_lint", "check", wider], cwd=tmp_path,
                         capture_output=True, text=True)
    assert run.returncode == 1 and "KC501" in run.stdout
    good = "class/student00000/model.py"
    run = subprocess.run([sys.executable, "-m", "kerascount_lint", "check", good, "--select", "KC5"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout


CRASHING_SCAN = """
import json, multiprocessing, os, sys
from kerascount_lint.config import Settings
from kerascount_lint.scan.report import json_rows
from kerascount_lint.scan import runner

real = runner.analyze_one

def dies_on_student0(display, *args):
    if display.startswith("student00000/"):
        os._exit(9)  # what a native crash in the parser looks like to the pool
    return real(display, *args)

runner.analyze_one = dies_on_student0  # the workers are forked from here, so they get it too
multiprocessing.set_start_method("fork")
scanner = runner.Scanner(sys.argv[1], Settings(), runner.ScanOptions(jobs=2, block=2, time_limit=0))
print("".join(result.text for result in scanner.run(render=json_rows)))
"""


@pytest.mark.skipif(__import__("sys").platform != "linux", reason="the stand-in crash reaches the workers by fork")
def test_a_worker_that_dies_costs_one_submission(tmp_path):
    # In a fresh process: forking this one, with JAX's threads running, could deadlock.
    make_class(tmp_path / "class", 6)
    run = subprocess.run([sys.executable, "-c", CRASHING_SCAN, str(tmp_path / "class")], capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line.strip(" ,")) for line in run.stdout.splitlines() if line.strip(" ,")]
    by = {}
    for r in rows:
        by.setdefault(r["submission"], []).append(r)
    assert len(by) == 6 and "crashed" in by["student00000"][0]["reasons"]
    for other in ("student00002", "student00004", "student00005"):
        assert "model" in [r["status"] for r in by[other]], by[other]


def test_a_zip_inside_a_submission_folder_is_read(tmp_path):
    import zipfile

    make_class(tmp_path / "class", 1)
    with zipfile.ZipFile(tmp_path / "class" / "student00000" / "extra.zip", "w") as archive:
        archive.writestr("nested/model.py", (SAMPLES_DIR / "slide1_dense.py").read_text())
    assert scan(tmp_path, "--no-cache", "--report", "r.json").returncode == 0
    rows = by_submission(json.loads((tmp_path / "r.json").read_text()))["student00000"]
    assert [r["file"] for r in rows] == ["student00000/extra.zip!nested/model.py", "student00000/model.py"]
    assert rows[0]["total_params"] is not None and rows[0]["status"] == "model"


def test_identical_files_keep_their_own_names_when_answered_by_content(tmp_path):
    make_class(tmp_path / "class", 3)
    for name in ("student00000", "student00002"):  # the same bytes, in one block
        (tmp_path / "class" / name / "same.py").write_text("print('hello')\n")
    assert scan(tmp_path, "--cache-dir", "c", "-j", "1").returncode == 0
    for name in ("student00000", "student00002"):  # new stamps, same content: found by content hash
        (tmp_path / "class" / name / "same.py").write_text("print('hello')\n")
    assert scan(tmp_path, "--cache-dir", "c", "-j", "1", "--report", "r.json").returncode == 0
    files = [r["file"] for r in json.loads((tmp_path / "r.json").read_text())["rows"]]
    assert "student00000/same.py" in files and "student00002/same.py" in files
