"""`scan --similarity` on a generated class: most students write the slide's textbook CNN, the rest
write their own models, and a few pairs are planted copies (exact, renamed, reformatted, one layer
changed). Every planted pair must be found; the textbook model must not make a group."""
import json
import re
import subprocess
import sys

from conftest import SAMPLES
from model_generator import generate

TEXTBOOK = (SAMPLES / "slide2_cnn.py").read_text()


def rename(code: str) -> str:
    return re.sub(r"\bmodel\b", "my_net", code).replace("layers.", "layers.")  # the names a copier changes


def reformat(code: str) -> str:
    code = code.replace('"', "'").replace(", ", ",  ")
    return "# my own work\n" + code.replace("keras.Sequential(", "keras.Sequential(  # the model\n")


def change_one_layer(code: str) -> str:
    """The last Dense gets one unit more: a copy with one layer changed."""
    head, _, tail = code.rpartition("Dense(")
    units = re.match(r"\d+", tail)
    return head + "Dense(" + str(int(units.group()) + 1) + tail[units.end():]


def make_class(root, n_textbook=70, n_own=40):
    (root / "class").mkdir()
    students = {}
    for i in range(n_textbook):  # some rename the variable, as many students do
        students[f"textbook{i:03d}.py"] = TEXTBOOK if i % 3 else TEXTBOOK.replace("model", "cnn")
    # Models long enough to be somebody's own work, each with a Dense whose units a copier can change.
    own = [code for code in (generate(1000 + i) for i in range(400))
           if re.search(r"Dense\(\d", code) and code.count("\n") >= 8][:n_own + 4]
    for i, code in enumerate(own[:n_own]):
        students[f"own{i:03d}.py"] = code
    planted = {"exact": (own[n_own], own[n_own]), "renamed": (own[n_own + 1], rename(own[n_own + 1])),
               "reformatted": (own[n_own + 2], reformat(own[n_own + 2])),
               "one-layer": (own[n_own + 3], change_one_layer(own[n_own + 3]))}
    pairs = {}
    for kind, (a, b) in planted.items():
        students[f"{kind}_a.py"], students[f"{kind}_b.py"] = a, b
        pairs[kind] = {f"{kind}_a.py", f"{kind}_b.py"}
    for name, code in students.items():
        (root / "class" / name).write_text(code)
    return pairs


def test_planted_copies_are_found_and_the_textbook_is_not(tmp_path):
    pairs = make_class(tmp_path)
    run = subprocess.run([sys.executable, "-m", "kerascount_lint", "scan", "class", "--no-cache", "--similarity",
                          "--report", "r.json"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    doc = json.loads((tmp_path / "r.json").read_text())
    groups = [{m["student"] for m in g["members"]} for g in doc["similar"]]
    for kind, pair in pairs.items():
        assert any(pair <= g for g in groups), (kind, doc["similar"])
    assert not any(all(s.startswith("textbook") for s in g) for g in groups), doc["similar"]
    flagged = set().union(*groups) if groups else set()
    assert flagged == set().union(*pairs.values()), doc["similar"]  # nobody else
    said = re.search(r"Similar submissions, for review: (\d+) group", run.stderr)
    assert said and int(said.group(1)) == len(doc["similar"])
    students = {s["student"]: s for s in doc["students"]}
    assert students["exact_a.py"]["similar_to"] == "same code: exact_b.py"
