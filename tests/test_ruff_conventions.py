"""Our `check` prints as Ruff prints, side by side with what Ruff itself printed
(tests/data/ruff_conventions.json, recorded by scripts/gen_ruff_conventions.py): the same lines in
the concise, GitHub and statistics formats, the same footers, exit codes and JSON keys."""
import json
import subprocess
import sys

import pytest

from conftest import DATA

RUFF = json.loads((DATA / "ruff_conventions.json").read_text())
# One finding we can fix (lr= -> learning_rate=) and one we cannot (an argument Dense does not take).
BAD = ("from keras.models import Sequential\nfrom keras.layers import Dense\nfrom keras.optimizers import Adam\n"
       "model = Sequential([Dense(3, input_shape=(4,), padding='same')])\nopt = Adam(lr=0.1)\n")
GOOD = "import keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\n"


def check(folder, *args):
    done = subprocess.run([sys.executable, "-m", "kerascount_lint", "check", *args], cwd=folder,
                          capture_output=True, text=True)
    return done.returncode, done.stdout.splitlines()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ruffish").resolve()
    (folder / "bad.py").write_text(BAD)
    (folder / "good.py").write_text(GOOD)
    return folder


@pytest.fixture(scope="module")
def findings(project):
    _, lines = check(project, "--output-format", "json", "bad.py")
    found = json.loads("\n".join(lines))
    assert sorted(bool(f["fix"]) for f in found) == [False, True]
    return found


def expected(kind: str, finding: dict, project) -> str:
    [line] = RUFF["lines"][kind]
    start, end = finding["location"], finding["end_location"]
    return line.format(path="bad.py", row=start["row"], col=start["column"], end_row=end["row"],
                       end_col=end["column"], code=finding["code"], message=finding["message"],
                       name=finding["name"], abspath=project / "bad.py", count=1,
                       fix=(finding["fix"] or {}).get("message")).replace("ruff (", "kerascount-lint (")


@pytest.mark.parametrize("fmt", ["concise", "github"])
def test_finding_lines_are_ruffs(project, findings, fmt):
    _, lines = check(project, "--output-format", fmt, "bad.py")
    for finding in findings:
        assert expected(f"{fmt}_{'fixable' if finding['fix'] else 'unfixable'}", finding, project) in lines


def test_statistics_lines_are_ruffs(project, findings):
    _, lines = check(project, "--statistics", "bad.py")
    for finding in findings:
        assert expected(f"statistics_{'fixable' if finding['fix'] else 'unfixable'}", finding, project) in lines


def test_footers_are_ruffs(project):
    _, lines = check(project, "bad.py")
    assert lines[-2:] == [line.format(n=2, fixable=1) for line in RUFF["lines"]["footer"]]
    assert check(project, "good.py")[1] == RUFF["lines"]["clean"]


def test_exit_codes_are_ruffs(project):
    assert check(project, "good.py")[0] == RUFF["exit"]["clean"]
    assert check(project, "bad.py")[0] == RUFF["exit"]["findings"]
    assert check(project, "--exit-zero", "bad.py")[0] == RUFF["exit"]["exit_zero"]
    assert check(project, "--select", "KC1O1", "good.py")[0] == RUFF["exit"]["unknown_selector"]


def test_json_has_every_key_ruffs_has(findings):
    for finding in findings:
        assert set(RUFF["json_keys"]) <= set(finding)
        assert sorted(finding["location"]) == RUFF["json_location_keys"]
    assert set(RUFF["json_fix_keys"]) <= set(next(f for f in findings if f["fix"])["fix"])
