"""Every rule, gathered from the modules that declare them; looked up by code."""
from __future__ import annotations

from kerascount_lint.rules import assignment, budget, design, keras_errors

RULES = tuple(sorted(keras_errors.RULES + design.RULES + budget.RULES + assignment.RULES, key=lambda r: r.code))
BY_CODE = {rule.code: rule for rule in RULES}
assert len(BY_CODE) == len(RULES), "a rule code is declared twice"


def severity_of(code: str) -> str:
    return BY_CODE[code].severity
