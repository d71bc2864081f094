"""A rule's documentation as Markdown: what `kerascount-lint rule CODE` prints, and what the
language server links diagnostics to."""
from kerascount_lint.rules.base import Rule


def render(rule: Rule) -> str:
    return (f"# {rule.code} ({rule.name})\n\nSeverity: {rule.severity}{' · autofixable' if rule.fixable else ''}\n\n"
            f"## What it finds\n{rule.summary}\n\n## Why it matters\n{rule.why}\n\n"
            "## Bad\n```python\n" + rule.invalid[0].rstrip() + "\n```\n\n"
            "## Good\n```python\n" + rule.valid[0].rstrip() + "\n```\n")
