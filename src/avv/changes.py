"""What changed between two versions of the annexes and tables, as data.

The redline shows these changes and the notices announce them (VI.c, VII.c, VIII); both read them
from here, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from avv.model import Agreement, DataCategory, InstructionRecipient, MeasureCategory, Subprocessor

Row = TypeVar("Row")
ChangeKind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class FieldChange:
    """One field of a row; every value is a tuple, so lists and single texts compare alike."""

    field: str
    label: str
    old: tuple[str, ...]
    new: tuple[str, ...]

    @property
    def added(self) -> tuple[str, ...]:
        return tuple(value for value in self.new if value not in self.old)

    @property
    def removed(self) -> tuple[str, ...]:
        return tuple(value for value in self.old if value not in self.new)


@dataclass(frozen=True)
class RowChange(Generic[Row]):
    kind: ChangeKind
    key: str
    old: Row | None
    new: Row | None
    fields: tuple[FieldChange, ...] = ()

    @property
    def row(self) -> Row:
        """The row as it is now, or as it was when it was removed."""
        row = self.new if self.new is not None else self.old
        assert row is not None
        return row


@dataclass(frozen=True)
class Changes:
    old: Agreement
    new: Agreement
    subprocessors: tuple[RowChange[Subprocessor], ...]
    measures: tuple[RowChange[MeasureCategory], ...]
    recipients: tuple[RowChange[InstructionRecipient], ...]
    data_categories: tuple[RowChange[DataCategory], ...]

    @property
    def notifiable(self) -> bool:
        """Changes the customer must be told of in writing: VI.c, VII.c and VIII."""
        return bool(self.subprocessors or self.measures or self.recipients)


Fields = Callable[[Row], Iterable[tuple[str, str, tuple[str, ...]]]]


def compare(old: Agreement, new: Agreement) -> Changes:
    return Changes(
        old=old,
        new=new,
        subprocessors=_rows(
            old.subprocessors, new.subprocessors, lambda s: s.name, subprocessor_fields
        ),
        measures=_rows(old.measures, new.measures, lambda m: str(m.number), measure_fields),
        recipients=_rows(
            old.instructions.recipients,
            new.instructions.recipients,
            lambda r: r.name,
            recipient_fields,
        ),
        data_categories=_rows(
            old.data_categories, new.data_categories, lambda d: d.category, data_category_fields
        ),
    )


def _rows(
    old: Iterable[Row], new: Iterable[Row], key: Callable[[Row], str], fields: Fields[Row]
) -> tuple[RowChange[Row], ...]:
    """Rows matched by key, in the new order, removed rows after them in the old order."""
    before = {key(row).casefold(): row for row in old}
    after = {key(row).casefold(): row for row in new}
    changes: list[RowChange[Row]] = []
    for folded, row in after.items():
        if folded not in before:
            changes.append(RowChange("added", key(row), None, row))
            continue
        differences = _differences(fields(before[folded]), fields(row))
        if differences:
            changes.append(RowChange("changed", key(row), before[folded], row, differences))
    changes += [
        RowChange("removed", key(row), row, None) for f, row in before.items() if f not in after
    ]
    return tuple(changes)


def _differences(
    old: Iterable[tuple[str, str, tuple[str, ...]]], new: Iterable[tuple[str, str, tuple[str, ...]]]
) -> tuple[FieldChange, ...]:
    before = {name: value for name, _, value in old}
    return tuple(
        FieldChange(name, label, before.get(name, ()), value)
        for name, label, value in new
        if before.get(name, ()) != value
    )


def _one(value: str | None) -> tuple[str, ...]:
    return (value,) if value else ()


def subprocessor_fields(s: Subprocessor) -> Iterable[tuple[str, str, tuple[str, ...]]]:
    location = s.processing_location
    yield "name", "Firmenname", (s.name,)
    yield "address", "Anschrift", (s.address,)
    yield "country", "Land", (s.country,)
    yield (
        "processing_location",
        "Ort der Verarbeitung",
        _one(location.address if location else None),
    )
    yield (
        "processing_country",
        "Land der Verarbeitung",
        _one(location.country if location else None),
    )
    yield "purpose", "Zweck der Beauftragung", (s.purpose,)
    yield "since", "Seit", _one(s.since.isoformat() if s.since else None)
    yield "data_categories", "Datenkategorien", s.data_categories
    safeguard = s.safeguard
    yield (
        "safeguard",
        "Garantie",
        _one(f"{safeguard.kind}: {safeguard.reference}" if safeguard else None),
    )


def measure_fields(m: MeasureCategory) -> Iterable[tuple[str, str, tuple[str, ...]]]:
    yield "title", "Kategorie", (m.title,)
    yield "description", "Beschreibung", (m.description,)
    yield "measures", "Maßnahmen", m.measures


def recipient_fields(r: InstructionRecipient) -> Iterable[tuple[str, str, tuple[str, ...]]]:
    yield "name", "Name", (r.name,)
    yield "function", "Funktion", (r.function,)
    yield "email", "E-Mail", (r.email,)
    yield "phone", "Telefon", _one(r.phone)
    yield (
        "data_protection_contact",
        "Datenschutzkontakt",
        _one("ja" if r.data_protection_contact else None),
    )


def data_category_fields(d: DataCategory) -> Iterable[tuple[str, str, tuple[str, ...]]]:
    yield "category", "Datenkategorie", (d.category,)
    yield "purpose", "Zweck der Verarbeitung", d.purpose
    yield "duration", "Dauer der Verarbeitung", d.duration
    yield "persons", "Personenkategorie", d.persons
