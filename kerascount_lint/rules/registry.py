"""Every rule, gathered from the modules that declare them; looked up by code."""
from __future__ import annotations

from kerascount_lint.datatypes import Diagnostic, Problem
from kerascount_lint.rules import assignment, budget, design, keras_errors

RULES = tuple(sorted(keras_errors.RULES + design.RULES + budget.RULES + assignment.RULES, key=lambda r: r.code))
BY_CODE = {rule.code: rule for rule in RULES}
assert len(BY_CODE) == len(RULES), "a rule code is declared twice"


def severity_of(code: str) -> str:
    return BY_CODE[code].severity
BY_NAME = {rule.name: rule for rule in RULES}


def code_of(problem: Problem) -> str:
    return BY_NAME[problem.value].code


def resolve(d: Diagnostic) -> Diagnostic:
    """Give a finding of an earlier stage (its code still a Problem) its rule's code and severity."""
    if isinstance(d.code, Problem):
        rule = BY_NAME[d.code.value]
        d.code, d.severity = rule.code, rule.severity
    elif d.severity is None:
        d.severity = BY_CODE[d.code].severity
    return d


def diagnostic(problem: Problem, message: str, span, fix=None) -> Diagnostic:
    return resolve(Diagnostic(problem, message, span, None, fix))


# Findings about the assignment, not about Keras: they always fail a submission.
ASSIGNMENT_CODES = frozenset(rule.code for rule in assignment.RULES)
# The notes on what could not be known statically: a scan row to review needs them.
STATIC_LIMIT_CODES = tuple(rule.code for rule in RULES if rule.code.startswith("KC9"))
