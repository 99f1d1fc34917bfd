"""Every change the web redline shows is a tracked change in the Word redline: each field of every
table of the registry, changed alone, is compared by the redline and tracked in Word, and
accepting or rejecting every change gives the two versions' documents."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from avv.changes import redline
from avv.changes import tables as changes
from avv.content.load import load, read_folder
from avv.documents.docx import SUBPROCESSOR_FIELDS, redline_docx, version_docx
from avv.model import Agreement, Location, Safeguard, Subprocessor
from tests.support import ROOT
from tests.wordml import W, document_xml, resolved, text_of

REAL = load(read_folder(ROOT))
Edit = Callable[[Agreement], Agreement]


def _subprocessor(index: int, **fields: Any) -> Edit:
    def edit(agreement: Agreement) -> Agreement:
        rows = list(agreement.subprocessors)
        rows[index] = dataclasses.replace(rows[index], **fields)
        return dataclasses.replace(agreement, subprocessors=tuple(rows))

    return edit


def _row(table: str, index: int, **fields: Any) -> Edit:
    def edit(agreement: Agreement) -> Agreement:
        if table == changes.RECIPIENTS:
            people = list(agreement.instructions.recipients)
            people[index] = dataclasses.replace(people[index], **fields)
            instructions = dataclasses.replace(agreement.instructions, recipients=tuple(people))
            return dataclasses.replace(agreement, instructions=instructions)
        rows = list(getattr(agreement, table))
        rows[index] = dataclasses.replace(rows[index], **fields)
        changed: dict[str, Any] = {table: tuple(rows)}
        return dataclasses.replace(agreement, **changed)

    return edit


_US = Subprocessor(
    "Example Cloud Inc.",
    "1 Example Way, Seattle, WA 98101, USA",
    "US",
    "Versand von E-Mail-Benachrichtigungen",
    safeguard=Safeguard("standardvertragsklauseln", "Durchführungsbeschluss (EU) 2021/914"),
)


def _with_us(agreement: Agreement) -> Agreement:
    return dataclasses.replace(agreement, subprocessors=(*agreement.subprocessors, _US))


def _us(**fields: Any) -> Edit:
    """Changes the third-country subprocessor that `_with_us` appends."""

    def edit(agreement: Agreement) -> Agreement:
        with_us = _with_us(agreement)
        return _subprocessor(len(with_us.subprocessors) - 1, **fields)(with_us)

    return edit


# (table, field) → the older version (where the field needs a row that has it) and the newer.
FIELDS: dict[tuple[str, str], tuple[Edit, Edit]] = {
    (changes.SUBPROCESSORS, "name"): (_with_us, _us(name="Example Cloud LLC")),
    (changes.SUBPROCESSORS, "address"): (
        lambda a: a,
        _subprocessor(1, address="Augustinerplatz 4, 79098 Freiburg i.Br., Deutschland"),
    ),
    (changes.SUBPROCESSORS, "country"): (lambda a: a, _subprocessor(0, country="BE")),
    (changes.SUBPROCESSORS, "processing_location"): (
        lambda a: a,
        _subprocessor(1, processing_location=Location("Kärntner Straße 1, 1010 Wien", "DE")),
    ),
    (changes.SUBPROCESSORS, "processing_country"): (
        lambda a: a,
        _subprocessor(0, processing_location=Location("Louis-Häflinger-Gasse, 1210 Wien", "DE")),
    ),
    (changes.SUBPROCESSORS, "purpose"): (lambda a: a, _subprocessor(2, purpose="Betrieb")),
    (changes.SUBPROCESSORS, "since"): (
        _subprocessor(1, since=dt.date(2022, 3, 1)),
        _subprocessor(1, since=dt.date(2022, 4, 1)),
    ),
    (changes.SUBPROCESSORS, "data_categories"): (
        _subprocessor(1, data_categories=("Stammdaten",)),
        _subprocessor(1, data_categories=("Stammdaten", "Inhaltsdaten")),
    ),
    (changes.SUBPROCESSORS, "safeguard"): (
        _with_us,
        _us(safeguard=Safeguard("angemessenheitsbeschluss", _US.safeguard.reference)),  # type: ignore[union-attr]
    ),
    (changes.RECIPIENTS, "name"): (lambda a: a, _row(changes.RECIPIENTS, 0, name="Anna MUSTER")),
    (changes.RECIPIENTS, "function"): (lambda a: a, _row(changes.RECIPIENTS, 0, function="CTO")),
    (changes.RECIPIENTS, "email"): (
        lambda a: a,
        _row(changes.RECIPIENTS, 0, email="technik@websms.com"),
    ),
    (changes.RECIPIENTS, "phone"): (lambda a: a, _row(changes.RECIPIENTS, 0, phone="+43 1 234")),
    (changes.RECIPIENTS, "data_protection_contact"): (
        lambda a: a,
        _row(changes.RECIPIENTS, 0, data_protection_contact=True),
    ),
    (changes.DATA_CATEGORIES, "category"): (
        lambda a: a,
        _row("data_categories", 0, category="Stammdaten der Kunden"),
    ),
    (changes.DATA_CATEGORIES, "purpose"): (
        lambda a: a,
        _row("data_categories", 0, purpose=("Kontaktadresse",)),
    ),
    (changes.DATA_CATEGORIES, "duration"): (
        lambda a: a,
        _row("data_categories", 0, duration=("Dauer des Vertragsverhältnisses",)),
    ),
    (changes.DATA_CATEGORIES, "persons"): (
        lambda a: a,
        _row("data_categories", 0, persons=("AUFTRAGGEBER",)),
    ),
    (changes.MEASURES, "title"): (lambda a: a, _row("measures", 0, title="Zutritt")),
    (changes.MEASURES, "description"): (
        lambda a: a,
        _row("measures", 0, description="Kein unbefugter Zutritt."),
    ),
    (changes.MEASURES, "measures"): (
        lambda a: a,
        _row("measures", 0, measures=("Alarmanlage",)),
    ),
}


def test_every_field_of_every_table_has_a_case_and_a_place_in_the_word_document() -> None:
    registry = changes.tables(REAL)
    fields = {(table.id, column.field) for table in registry.all() for column in table.columns}
    assert set(FIELDS) == fields
    shown = {field for shows in SUBPROCESSOR_FIELDS.values() for field in shows}
    assert shown == {column.field for column in registry.subprocessors.columns}


def _outside_the_version_line(data: bytes) -> list[str]:
    return text_of(resolved(data, "accept"))[1:]


@pytest.mark.parametrize("case", sorted(FIELDS), ids="-".join)
def test_a_field_the_redline_shows_changed_is_a_tracked_change_in_word(
    case: tuple[str, str],
) -> None:
    make_old, make_new = FIELDS[case]
    old, new = make_old(REAL), make_new(REAL)
    table_id, field = case
    rows = redline.redline(old, new).table(table_id).rows
    assert any(f.field == field for row in rows for f in row.fields)
    old_document, new_document = version_docx(old), version_docx(new)
    # The field is in both versions' documents: they differ beyond the version line.
    assert _outside_the_version_line(old_document) != _outside_the_version_line(new_document)
    tracked = redline_docx(old, new)
    assert resolved(tracked, "accept") == resolved(new_document, "accept")
    assert resolved(tracked, "reject") == resolved(old_document, "accept")


def _column(data: bytes, heading: str) -> list[tuple[str, str]]:
    """The cells of the column under `heading` in the last table (Anlage 2), as (ins/del/"",
    text) per tracked run."""
    table = document_xml(data).findall(f".//{W}tbl")[-1]
    rows = table.findall(f"{W}tr")
    cells = rows[0].findall(f"{W}tc")
    at = next(n for n, c in enumerate(cells) if heading in "".join(c.itertext()))
    found = []
    for row in rows:
        cell = row.findall(f"{W}tc")[at]
        for run in cell.iter(f"{W}r"):
            mark = next(
                (
                    a.tag.removeprefix(W)
                    for a in run.iterancestors()
                    if a.tag in (f"{W}ins", f"{W}del")
                ),
                "",
            )
            text = "".join(t.text or "" for t in run.iter(f"{W}t", f"{W}delText"))
            if text:
                found.append((mark, text))
    return found


@pytest.mark.parametrize("direction", ["added", "removed"])
def test_a_column_only_one_version_has_is_shown_with_its_content_inserted_or_deleted(
    direction: str,
) -> None:
    with_column = _subprocessor(1, since=dt.date(2022, 3, 1))(REAL)
    old, new = (REAL, with_column) if direction == "added" else (with_column, REAL)
    mark = "ins" if direction == "added" else "del"
    assert _column(redline_docx(old, new), "Seit") == [(mark, "Seit"), (mark, "1. März 2022")]


def test_the_country_and_the_data_centres_country_stand_in_the_address_cell() -> None:
    moved = _subprocessor(0, country="BE")(REAL)
    cell = _column(redline_docx(REAL, moved), "Anschrift")
    marked = [(mark, text) for mark, text in cell if mark]
    assert marked == [("del", "Niederlande (NL"), ("ins", "Belgien (BE")]
    address = [
        text for heading, text in _lines(version_docx(moved), "InterXion") if heading == "Anschrift"
    ]
    assert address[1:] == ["Land: Belgien (BE)", "Land der Verarbeitung: Österreich (AT)"]


def _lines(data: bytes, name: str) -> list[tuple[str, str]]:
    """The paragraphs of the Anlage 2 row of `name`, cell by cell: (heading, text)."""
    table = document_xml(data).findall(f".//{W}tbl")[-1]
    rows = table.findall(f"{W}tr")
    headings = ["".join(c.itertext()) for c in rows[0].findall(f"{W}tc")]
    row = next(r for r in rows if "".join(r.findall(f"{W}tc")[0].itertext()) == name)
    return [
        (heading, "".join(p.itertext()))
        for heading, cell in zip(headings, row.findall(f"{W}tc"), strict=True)
        for p in cell.findall(f"{W}p")
    ]
