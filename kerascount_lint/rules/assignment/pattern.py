"""The `layers` pattern of a spec ("Conv2D+", "MaxPooling2D?", "Dense*", "A|B", "..."), matched
against a model's layer classes."""
from __future__ import annotations


class AssignmentError(Exception):
    """A spec we cannot use: the CLI exits 2 with this message."""


def token(text: str, source):
    """"Conv2D+" -> ({"conv2d"}, 1, many); "..." matches any run of layers."""
    text = shown = text.strip()
    if text in ("...", "*"):
        return frozenset(), 0, True, text
    low, many = 1, False
    if text[-1:] in "?+*":
        low, many = (0 if text[-1] in "?*" else 1), text[-1] in "+*"
        text = text[:-1]
    names = frozenset(n.strip().lower() for n in text.split("|") if n.strip())
    if not names or not all(n.replace("_", "").isalnum() for n in names):
        raise AssignmentError(f"{source}: bad layer pattern {shown!r}: use names like \"Conv2D+\", \"Dropout?\"")
    return names, low, many, shown


def match(tokens, classes):
    """Does the class sequence match the tokens? If not, how far it got and what was expected there."""
    todo, seen = [(0, 0)], set()
    while todo:
        i, j = todo.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if j == len(tokens):
            if i == len(classes):
                return True, i, []
            continue
        names, low, many, _ = tokens[j]
        if low == 0:
            todo.append((i, j + 1))
        if i < len(classes) and (not names or classes[i].lower() in names):
            todo.append((i + 1, j + 1))
            if many:
                todo.append((i + 1, j))
    furthest = max(i for i, _ in seen)
    expected = []
    for i, j in sorted(seen):
        if i == furthest and j < len(tokens) and tokens[j][3] not in expected:
            expected.append(tokens[j][3])
    return False, furthest, expected or ["the end of the model"]

