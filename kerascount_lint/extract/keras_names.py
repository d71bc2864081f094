"""Keras's own naming rules, where the reader needs them."""
import re


def to_snake_case(name: str) -> str:
    """keras.src.utils.naming.to_snake_case: how Keras names an instance of a class it has no
    auto-name for (a subclass, a custom layer, a subclassed model)."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
