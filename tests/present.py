"""What a query may not find (a `select_one`, a tag's child, a locator's attribute, a regular
expression's match) asserted present: a missing one fails the test naming what was looked for,
and mypy knows its type."""

from __future__ import annotations

from typing import TypeVar

from bs4 import Tag

T = TypeVar("T")


def present(value: T | None, what: object = "") -> T:
    assert value is not None, f"not found: {what}"
    return value


def attribute(element: Tag, name: str) -> str:
    """A single-valued attribute (`href`, `id`, `data-…`) as the string it is; bs4 types every
    attribute as possibly a list, as `class` is."""
    value = element[name]
    assert isinstance(value, str), f"{name} is not a single value: {value!r}"
    return value
