"""The agreement as Markdown with HTML structure (md_in_html): the full text, Anlage 1 and Anlage 2.

The templates `site/agreement.md.j2`, `site/measures.md.j2` and `site/subprocessors.md.j2` make
both the site's pages (links between pages, checked by MkDocs) and the printable document (links
inside one document): the caller says where a reference target is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from avv.changes.tables import printed_subprocessor_columns, tables
from avv.german import format_date
from avv.model import Agreement, Clause, RichText, Section, Subprocessor
from avv.templating import render

Link = Callable[[str], str]
"""Where a reference target (`vi-c`, `anlage-2`) is, as seen from the page being written."""


@dataclass(frozen=True)
class Row:
    """A row of a table on a page: its anchor id, if any, and its cells as lines of text."""

    id: str | None
    cells: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Grid:
    headings: tuple[str, ...]
    rows: tuple[Row, ...]


def _spans(agreement: Agreement) -> Callable[[str], RichText]:
    """A text's rich spans, as parsed when the agreement was read."""
    return agreement.rich.__getitem__


def _render(name: str, agreement: Agreement, link: Link, **context: object) -> str:
    return render(name, agreement=agreement, spans=_spans(agreement), link=link, **context)


# The full text ------------------------------------------------------------------------------


def agreement_markdown(agreement: Agreement, link: Link) -> str:
    """Title, parties, sections I–XIII with every clause anchored, and the signature block."""
    clauses = {"": [(c, _preamble_name(c)) for c in agreement.preamble]}
    for section in agreement.sections:
        clauses[section.id] = [(c, _name(section, c)) for c in section.clauses]
    return _render(
        "site/agreement.md.j2", agreement, link, clauses=clauses, data=_data_categories(agreement)
    )


def _preamble_name(clause: Clause) -> str:
    return f"Präambel, Absatz {clause.id.rsplit('-', 1)[-1]}"


def _name(section: Section, clause: Clause) -> str:
    """How a reader cites the clause: `Punkt VI.c`, or `Punkt IV, Absatz 2` without a letter."""
    if clause.kind == "lettered":
        return f"Punkt {section.number}.{clause.label.rstrip('.')}"
    return f"Punkt {section.number}, Absatz {clause.id.rsplit('-', 1)[-1]}"


def _data_categories(agreement: Agreement) -> Grid:
    table = tables(agreement).data_categories
    return Grid(
        tuple(column.label for column in table.columns),
        tuple(
            Row(None, tuple(value for _, value in table.fields(row)))
            for row in agreement.data_categories
        ),
    )


# The annexes --------------------------------------------------------------------------------


def measures_markdown(agreement: Agreement, link: Link) -> str:
    """Anlage 1: the numbered categories, each with its description and measures."""
    return _render(
        "site/measures.md.j2",
        agreement,
        link,
        annex=agreement.measures_annex,
        categories=agreement.measures,
    )


def subprocessors_markdown(agreement: Agreement, link: Link) -> str:
    """Anlage 2: the table of subprocessors, with the register's extra fields where present."""
    columns = printed_subprocessor_columns(agreement)
    anchors = subprocessor_anchors(agreement.subprocessors)
    grid = Grid(
        tuple(column.label for column in columns),
        tuple(
            Row(anchor, tuple(_SUBPROCESSOR_CELLS[column.field](s) for column in columns))
            for anchor, s in zip(anchors, agreement.subprocessors, strict=True)
        ),
    )
    return _render(
        "site/subprocessors.md.j2",
        agreement,
        link,
        annex=agreement.subprocessors_annex,
        headings=grid.headings,
        rows=grid.rows,
    )


_GERMAN_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def subprocessor_anchors(subprocessors: Sequence[Subprocessor]) -> list[str]:
    """The rows' anchors on anlage-2/, by name (`subunternehmer-interxion`); two names of the same
    letters get a number, so every anchor is unique."""
    anchors: list[str] = []
    for subprocessor in subprocessors:
        name = subprocessor.name.lower().translate(_GERMAN_LETTERS)
        anchor = "subunternehmer-" + re.sub(r"[^a-z0-9]+", "-", name).strip("-")
        taken = sum(1 for a in anchors if a == anchor or a.startswith(f"{anchor}--"))
        anchors.append(f"{anchor}--{taken + 1}" if taken else anchor)
    return anchors


Cell = Callable[[Subprocessor], tuple[str, ...]]
# What each printed column of Anlage 2 shows on the site; the address cell names the data centre
# first where it differs.
_SUBPROCESSOR_CELLS: dict[str, Cell] = {
    "name": lambda s: (s.name,),
    "address": lambda s: (s.address_cell,),
    "purpose": lambda s: (s.purpose,),
    "data_categories": lambda s: s.data_categories,
    "since": lambda s: (format_date(s.since),) if s.since else (),
    "safeguard": lambda s: (s.safeguard.reference,) if s.safeguard else (),
}
