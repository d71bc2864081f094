"""What a rule is: declared once with its code, name, severity, docs, examples and (for
model-level rules) the check itself."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str  # error | warning | info
    summary: str
    why: str
    invalid: tuple  # sources that must raise this code
    valid: tuple  # sources that must not
    fixable: bool = False
    # Model-level rules: (ModelResult, Settings) -> iterable of Finding. Codes raised while
    # inferring (Keras itself refusing the model) have None: their logic is in inference.
    check: Optional[Callable] = None
    example_settings: tuple = ()  # ((Settings field, value), ...) the examples need, e.g. a budget


@dataclass(frozen=True)
class Finding:
    message: str
    span: object  # Span or None
    anchor: object = None  # the enclosing call, for `# noqa` on its first or last line
    related: tuple = ()  # ((Span, message), ...): other places the finding is about (SARIF relatedLocations)
