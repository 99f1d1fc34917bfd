"""The search index at the level of clauses: a hit in the agreement lands on its clause
(`avv/#vi-c`), not on the section that holds it.

The theme's search splits a page at its headings only; the agreement's clauses are anchored
blocks below them. So the agreement page's entries are rewritten after the theme has written the
index: its title and each section keep an entry of their heading alone, and each clause gets an
entry of its own text, titled as a reader cites it ("Punkt VI.c · VI. Subaufträge").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser

CLAUSE = "avv-clause"
PERMALINK = "avv-permalink"
PERMALINK_LABEL = "Link zu "


@dataclass
class _Clause:
    id: str
    name: str = ""
    text: list[str] = field(default_factory=list)


class _Clauses(HTMLParser):
    """The clauses of the agreement's HTML: id, how a reader cites it, its text; and the section
    heading each stands under."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, _Clause]] = []
        self._heading: list[str] | None = None
        self._section = ""
        self._clause: _Clause | None = None
        self._depth = 0  # open elements inside the current clause
        self._skip = 0  # open elements whose text is no part of it (the permalink)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "h2" and self._clause is None:
            self._heading = []
            return
        if self._clause is None:
            if tag == "div" and CLAUSE in classes and values.get("id"):
                self._clause = _Clause(str(values["id"]))
                self._depth = 1
                self.found.append((self._section, self._clause))
            return
        if tag in _VOID:
            if tag == "br":
                self._clause.text.append(" ")
            return
        self._depth += 1
        if self._skip:
            self._skip += 1
        elif tag == "a" and PERMALINK in classes:
            label = values.get("aria-label") or ""
            self._clause.name = label.removeprefix(PERMALINK_LABEL)
            self._skip = 1
        elif tag in _BREAKS:
            self._clause.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._heading is not None and tag == "h2":
            self._section = " ".join("".join(self._heading).replace("¶", "").split())
            self._heading = None
            return
        if self._clause is None or tag in _VOID:
            return
        self._depth -= 1
        if self._skip:
            self._skip -= 1
        if self._depth == 0:
            self._clause = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        elif self._clause is not None and not self._skip:
            self._clause.text.append(data)


_VOID = frozenset({"br", "img", "input", "hr", "wbr", "meta", "link"})
_BREAKS = frozenset({"p", "li", "td", "th", "tr", "div", "ul"})


def clause_entries(html: str, location: str) -> list[dict[str, str]]:
    """A search entry per clause of the agreement page's HTML at `location` (`avv/`)."""
    parser = _Clauses()
    parser.feed(html)
    parser.close()
    entries = []
    for section, clause in parser.found:
        text = " ".join("".join(clause.text).split())
        if not text:
            continue
        name = clause.name or clause.id
        entries.append(
            {
                "location": f"{location}#{clause.id}",
                "title": f"{name} · {section}" if section else name,
                "text": text,
            }
        )
    return entries


def with_clauses(index: str, location: str, clauses: list[dict[str, str]]) -> str:
    """The theme's search index (its JSON) with the page at `location` found by its clauses:
    the page's own entries keep their titles without their text, the clauses follow them."""
    data = json.loads(index)
    docs = []
    for entry in data["docs"]:
        page = str(entry.get("location", "")).split("#", 1)[0]
        if page == location:
            entry = {**entry, "text": ""}
        docs.append(entry)
    data["docs"] = docs + clauses
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)
