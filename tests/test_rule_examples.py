"""Fixit-style: every rule's own invalid examples must raise it, its valid examples must not."""
import pytest

from kerascount_lint.analysis import analyze_source
from kerascount_lint.cli import main
from kerascount_lint.config import Settings
from kerascount_lint.rules.registry import BY_CODE, RULES

CASES = [(rule.code, "invalid", i, src) for rule in RULES for i, src in enumerate(rule.invalid)] + [
    (rule.code, "valid", i, src) for rule in RULES for i, src in enumerate(rule.valid)]


@pytest.mark.parametrize("code,kind,index,source", CASES, ids=[f"{c}-{k}-{i}" for c, k, i, _ in CASES])
def test_rule_example(code, kind, index, source):
    settings = Settings(**dict(BY_CODE[code].example_settings))
    codes = {d.code for d in analyze_source(source, settings=settings).diagnostics}
    if kind == "invalid":
        assert code in codes
    else:
        assert code not in codes


def test_every_rule_has_examples():
    for rule in RULES:
        assert rule.invalid and rule.valid and rule.why and rule.summary


def test_rule_command_prints_docs(capsys):
    assert main(["rule", "KC101"]) == 0
    out = capsys.readouterr().out
    assert "unknown-argument" in out and "## Bad" in out and "padding='same'" in out
    assert main(["rule", "KC999"]) == 2


def test_readme_lists_every_rule():
    readme = (__import__("pathlib").Path(__file__).resolve().parent.parent / "README.md").read_text()
    for rule in RULES:
        assert f"{rule.code}  {rule.name}" in readme, f"README's rule list lacks {rule.code}"
