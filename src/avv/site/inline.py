"""A text of the model as inline Markdown or HTML: escaped, with **bold** and cross references.

Every text from YAML or Markdown passes through here, so markup in the data is shown, never run.
The Markdown form escapes HTML and the characters that Markdown, attr_list and toc would read as
syntax; its links point at source files (`../anlage-2/index.md`), so MkDocs checks them.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from avv import markdown_text
from avv.model import Annex
from avv.references import find_references

_BOLD = re.compile(r"\*\*(.+?)\*\*")

AGREEMENT_PAGE = "avv/index.md"


@dataclass(frozen=True)
class Span:
    """A run of text, bold or not, that may refer to a section, clause or annex (its anchor id)."""

    text: str
    bold: bool = False
    target: str | None = None


def spans(text: str, annexes: Iterable[Annex]) -> list[Span]:
    """The text split at `**` markers and cross references."""
    annexes = tuple(annexes)
    result: list[Span] = []
    position = 0
    for match in _BOLD.finditer(text):
        result += _references(text[position : match.start()], False, annexes)
        result += _references(match.group(1), True, annexes)
        position = match.end()
    result += _references(text[position:], False, annexes)
    return [span for span in result if span.text]


def _references(text: str, bold: bool, annexes: tuple[Annex, ...]) -> list[Span]:
    result: list[Span] = []
    position = 0
    for reference in find_references(text, annexes):
        result.append(Span(text[position : reference.start], bold))
        result.append(Span(reference.label, bold, reference.target))
        position = reference.end
    result.append(Span(text[position:], bold))
    return result


def target_uri(target: str) -> str:
    """The source file and anchor of a reference target: an annex page or a place in the AVV."""
    if target.startswith("anlage-"):
        return f"{target}/index.md"
    return f"{AGREEMENT_PAGE}#{target}"


def link_from(page: str, target: str) -> str:
    """A link from the page with source `page` (e.g. `anlage-1/index.md`) to a reference target."""
    uri = target_uri(target)
    path, _, anchor = uri.partition("#")
    if path == page:
        return f"#{anchor}" if anchor else ""
    relative = posixpath.relpath(path, posixpath.dirname(page) or ".")
    return f"{relative}#{anchor}" if anchor else relative


def markdown(text: str, annexes: Iterable[Annex], link: Callable[[str], str]) -> str:
    """The text as inline Markdown; `link` maps a reference target to the link written."""
    parts = []
    for span in spans(text, annexes):
        part = markdown_text.escape(span.text)
        if span.target is not None:
            part = f"[{part}]({link(span.target)})"
        parts.append(f"<strong>{part}</strong>" if span.bold else part)
    return "".join(parts)


def to_html(text: str, annexes: Iterable[Annex], href: Callable[[str], str] | None = None) -> str:
    """The text as inline HTML; references become links where `href` maps their target."""
    parts = []
    for span in spans(text, annexes):
        part = html.escape(span.text)
        if span.target is not None and href is not None:
            part = f'<a href="{html.escape(href(span.target))}">{part}</a>'
        parts.append(f"<strong>{part}</strong>" if span.bold else part)
    return "".join(parts)
