"""The agreement as Markdown with HTML structure (md_in_html): the full text, Anlage 1 and Anlage 2.

The templates `site/agreement.md.j2`, `site/measures.md.j2` and `site/subprocessors.md.j2` make
both the site's pages (links between pages, checked by MkDocs) and the printable document (links
inside one document): the caller says where a reference target is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from avv.changes.kinds import classify
from avv.changes.tables import (
    printed_subprocessor_cells,
    printed_subprocessor_columns,
    tables,
)
from avv.changes.words import ENTRY
from avv.content.references import rich_text
from avv.model import Agreement, Clause, RichText, Section, Subprocessor
from avv.templating import render

Link = Callable[[str], str]
"""Where a reference target (`vi-c`, `anlage-2`) is, as seen from the page being written."""


@dataclass(frozen=True)
class Row:
    """A row of a table on a page: its anchor id, if any, its cells as lines of text, and a
    note that marks it (what changed in it in this version)."""

    id: str | None
    cells: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class Grid:
    headings: tuple[str, ...]
    rows: tuple[Row, ...]


def _spans(agreement: Agreement) -> Callable[[str], RichText]:
    """A text's rich spans, as parsed when the agreement was read; a text the pages compose
    (a country with its code) is parsed here."""

    def spans(text: str) -> RichText:
        found = agreement.rich.get(text)
        return found if found is not None else rich_text(text, agreement.annexes)

    return spans


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


def subprocessors_markdown(
    agreement: Agreement, link: Link, before: Agreement | None = None
) -> str:
    """Anlage 2: the table of subprocessors, with the register's extra fields where present;
    with the version `before` it, each row new or changed in this version says so (the site's
    page, where a customer reads what a notice announces; not the copies to sign)."""
    columns = printed_subprocessor_columns(agreement)
    cells = printed_subprocessor_cells(agreement)
    anchors = subprocessor_anchors(agreement.subprocessors)
    notes = _row_notes(before, agreement) if before is not None else {}
    grid = Grid(
        tuple(column.label for column in columns),
        tuple(
            Row(anchor, tuple(cells[column.field](s) for column in columns), notes.get(s.name, ""))
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


def _row_notes(before: Agreement, agreement: Agreement) -> dict[str, str]:
    """By subprocessor name: "neu …", "neu …, ersetzt …" or "geändert …" against `before`."""
    notes = {}
    for change in classify(before, agreement).table_changes.subprocessors:
        if change.new is None:
            continue
        if change.replaced:
            note = f"{ENTRY['added']} in dieser Version, {ENTRY['replaced']} {change.old_key}"
        elif change.kind == "added":
            note = f"{ENTRY['added']} in dieser Version"
        else:
            note = f"{ENTRY['changed']} in dieser Version"
        notes[change.new.name] = note
    return notes


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
