"""The assignment rules (KC5xx): a model against a spec given with `--assignment spec.toml`."""
from kerascount_lint.rules.assignment.rules import RULES

__all__ = ["RULES"]
