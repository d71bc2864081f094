"""`scan` for instructors: one verdict and points per student, a gradebook, feedback files to hand
back, and an exit code an autograder can use. The class is built from the slides, so what each
student should get follows from the construction."""
import csv
import json
import re
import shutil
import subprocess
import sys

import pytest

from conftest import SAMPLES

SPEC = """name = "HW1: the slide MLP"
reference = "solution.py"
[points]
total-params = 4
no-errors = 2
"""
STUDENTS = {  # submission -> (sample, verdict, points)
    "alice.py": ("slide1_dense.py", "pass", 6),  # the reference itself
    "bob.py": ("slide3_dense_padding.py", "fail", 0),  # padding= on Dense (an error) and other params
    "carol.py": ("slide2_cnn.py", "fail", 2),  # another architecture, but nothing Keras refuses
}


def scan(root, *args):
    run = subprocess.run([sys.executable, "-m", "kerascount_lint", "scan", "class", "--assignment", "spec.toml",
                          "--no-cache", *args], cwd=root, capture_output=True, text=True)
    assert "Traceback" not in run.stderr, run.stderr
    return run


@pytest.fixture()
def course(tmp_path):
    (tmp_path / "class").mkdir()
    for name, (sample, _, _) in STUDENTS.items():
        shutil.copy(SAMPLES / sample, tmp_path / "class" / name)
    (tmp_path / "class" / "dave").mkdir()  # a folder: the model and a helper module with none
    shutil.copy(SAMPLES / "slide1_dense.py", tmp_path / "class" / "dave" / "model.py")
    (tmp_path / "class" / "dave" / "utils.py").write_text("import keras\n\ndef normalise(x):\n    return x / 255\n")
    shutil.copy(SAMPLES / "slide1_dense.py", tmp_path / "solution.py")
    (tmp_path / "spec.toml").write_text(SPEC)
    return tmp_path


def test_one_verdict_and_points_per_student_in_every_format(course):
    run = scan(course, "--report", "r.json", "--gradebook", "grades.csv")
    assert run.returncode == 0, run.stderr
    doc = json.loads((course / "r.json").read_text())
    students = {s["student"]: s for s in doc["students"]}
    expected = {**{name: (verdict, points) for name, (_, verdict, points) in STUDENTS.items()}, "dave": ("pass", 6)}
    assert {name: (s["verdict"], s["points"]) for name, s in students.items()} == expected
    assert {s["max_points"] for s in students.values()} == {6}
    # The helper module is listed among the rows, not judged.
    helper = next(r for r in doc["rows"] if r["file"] == "dave/utils.py")
    assert helper["verdict"] is None and students["dave"]["model"].startswith("model (dave/model.py")
    # stderr's counts are the report's.
    verdicts = [s["verdict"] for s in doc["students"]]
    said = re.search(r"Scanned (\d+) students .*: (\d+) pass, (\d+) fail, (\d+) to review", run.stderr)
    assert said and tuple(map(int, said.groups())) == (len(verdicts), verdicts.count("pass"), verdicts.count("fail"),
                                                      verdicts.count("review"))
    assert "Assignment: HW1: the slide MLP" in run.stderr
    with open(course / "grades.csv", newline="", encoding="utf-8") as handle:
        grades = list(csv.DictReader(handle))
    assert [(g["identifier"], g["score"], g["max_score"]) for g in grades] == [
        (name.removesuffix(".py"), str(expected[name][1]), "6") for name in sorted(expected)]
    assert grades[1]["feedback"].startswith("Does not pass yet:")


def test_text_and_html_name_the_assignment_and_list_students_first(course):
    text = scan(course).stdout
    assert text.startswith("HW1: the slide MLP") and "Students:" in text
    assert scan(course, "--report", "r.html").returncode == 0
    page = (course / "r.html").read_text()
    assert "<title>HW1: the slide MLP</title>" in page
    assert page.index("<h2>Students</h2>") < page.index("<h2>All models and files</h2>")
    assert 'class="expected"' in page  # the reference's total, marked on the histogram


def test_feedback_files_speak_to_the_student(course):
    assert scan(course, "--feedback", "feedback").returncode == 0
    files = sorted(p.name for p in (course / "feedback").iterdir())
    assert files == ["alice.py.md", "bob.py.md", "carol.py.md", "dave.md"]
    bob = (course / "feedback" / "bob.py.md").read_text()
    assert bob.startswith("# HW1: the slide MLP: feedback for bob.py")
    assert "**does not pass the automatic checks yet**" in bob and "0 / 6" in bob
    assert "padding='same'" in bob  # the student's own line, quoted
    assert "What this means:" in bob and re.search(r"\bKC\d{3}\b", bob) is None  # no codes without meaning
    assert "reference layer" in bob  # their table next to the reference's


def test_exit_non_zero_on_fail_for_autograders(course):
    assert scan(course, "--exit-non-zero-on-fail").returncode == 1
    for name in ("bob.py", "carol.py"):
        (course / "class" / name).unlink()
    assert scan(course, "--exit-non-zero-on-fail").returncode == 0
