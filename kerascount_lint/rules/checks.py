"""Model-level checks that run after inference."""
from __future__ import annotations


def run_checks(result, settings=None) -> None:
    """Add diagnostics for design mistakes and budgets to `result`."""
    return None
