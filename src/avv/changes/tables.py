"""What changed between two versions of the annexes and tables, as data, and the one registry of
those tables.

The registry (`tables(agreement)`) says for each table what identifies a row, which fields it has
and what they are called. The labels are the agreement's own column headings where its YAML has
them (`annexes/anlage-2.yaml` `columns:`, `annexes/datenkategorien.yaml` `columns:`), so renaming
a column renames it on the site, in the redline, in the notice and in the JSON alike. The redline
shows the changes and the notices announce them (VI.c, VII.c, VIII); both read them from here,
so the two never disagree.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from avv.changes import sequence
from avv.content.adequacy import DATA_PRIVACY_FRAMEWORK
from avv.german import country_name, format_date
from avv.model import (
    Agreement,
    DataCategory,
    InstructionRecipient,
    MeasureCategory,
    Safeguard,
    Section,
    Subprocessor,
)

Row = TypeVar("Row")
ChangeKind = Literal["added", "removed", "changed"]
Values = dict[str, tuple[str, ...]]

# The tables by id: III and VIII are blocks in the text, the annexes have pages of their own.
DATA_CATEGORIES, RECIPIENTS, MEASURES, SUBPROCESSORS = (
    "datenkategorien",
    "weisungsempfaenger",
    "anlage-1",
    "anlage-2",
)


@dataclass(frozen=True)
class Column:
    field: str
    label: str


@dataclass(frozen=True)
class Table(Generic[Row]):
    """A table of the agreement: where it stands (`place`, the id of its section or annex), what
    a reader calls it and its rows, its columns, and how to read a row: `key` identifies a
    row across versions (a category of Anlage 1 by its number, so a retitled one is changed)."""

    id: str
    place: str
    title: str
    name: str
    key_label: str
    columns: tuple[Column, ...]
    rows: Callable[[Agreement], Sequence[Row]]
    key: Callable[[Row], str]
    values: Callable[[Row], Values]
    # How a row is named where it is shown, where that is more than its key.
    heading: Callable[[Row], str] | None = None
    # What a row does in the agreement (a subprocessor's purpose): a row of a new key with the
    # same role in the same place replaces the row whose key is gone (`replacements`).
    role: Callable[[Row], str] | None = None

    def name_of(self, row: Row) -> str:
        return self.heading(row) if self.heading is not None else self.key(row)

    def label(self, field: str) -> str:
        return next(column.label for column in self.columns if column.field == field)

    def fields(self, row: Row) -> tuple[tuple[Column, tuple[str, ...]], ...]:
        """The row's values in the order of the columns."""
        values = self.values(row)
        return tuple((column, values[column.field]) for column in self.columns)


@dataclass(frozen=True)
class Tables:
    """The registry: every table of one version of the agreement."""

    data_categories: Table[DataCategory]
    recipients: Table[InstructionRecipient]
    measures: Table[MeasureCategory]
    subprocessors: Table[Subprocessor]

    def all(self) -> tuple[Table[Any], ...]:
        return (self.data_categories, self.recipients, self.measures, self.subprocessors)


def _one(value: str | None) -> tuple[str, ...]:
    return (value,) if value else ()


def _columns(
    defaults: Sequence[tuple[str, str]], own: Iterable[tuple[str, str]]
) -> tuple[Column, ...]:
    """The columns with the agreement's own headings where it has them."""
    headings = dict(own)
    return tuple(Column(field, headings.get(field, label)) for field, label in defaults)


# The safeguards of Art. 45, 46 and 47 DSGVO as the agreement names them.
SAFEGUARDS = {
    "angemessenheitsbeschluss": "Angemessenheitsbeschluss (Art. 45 DSGVO)",
    "standardvertragsklauseln": "Standardvertragsklauseln (Art. 46 Abs. 2 lit. c DSGVO)",
    "bcr": "verbindliche interne Datenschutzvorschriften (Art. 47 DSGVO)",
}


def safeguard_values(safeguard: Safeguard | None) -> tuple[str, ...]:
    """A safeguard as one value: its kind in words, its reference, the authority that approved
    binding corporate rules, and a certification under the EU-US Data Privacy Framework."""
    if safeguard is None:
        return ()
    text = f"{SAFEGUARDS.get(safeguard.kind, safeguard.kind)}: {safeguard.reference}"
    if safeguard.authority:
        text += f", genehmigt von {safeguard.authority}"
    if safeguard.dpf_certified:
        text += f"; zertifiziert nach dem {DATA_PRIVACY_FRAMEWORK}"
    return (text,)


def _subprocessor_values(s: Subprocessor) -> Values:
    location = s.processing_location
    return {
        "name": (s.name,),
        "address": (s.address,),
        "country": (s.country,),
        "processing_location": _one(location.address if location else None),
        "processing_country": _one(location.country if location else None),
        "purpose": (s.purpose,),
        "since": _one(s.since.isoformat() if s.since else None),
        "data_categories": s.data_categories,
        "safeguard": safeguard_values(s.safeguard),
    }


SUBPROCESSOR_COLUMNS = (
    ("name", "Firmenname"),
    ("address", "Anschrift"),
    ("country", "Land"),
    ("processing_location", "Ort der Verarbeitung"),
    ("processing_country", "Land der Verarbeitung"),
    ("purpose", "Zweck der Beauftragung"),
    ("since", "Seit"),
    ("data_categories", "Datenkategorien"),
    ("safeguard", "Garantie"),
)
MEASURE_COLUMNS = (
    ("title", "Kategorie"),
    ("description", "Beschreibung"),
    ("measures", "Maßnahmen"),
)
RECIPIENT_COLUMNS = (
    ("name", "Name"),
    ("function", "Funktion"),
    ("email", "E-Mail"),
    ("phone", "Telefon"),
    ("data_protection_contact", "Datenschutzkontakt"),
)
DATA_CATEGORY_COLUMNS = (
    ("category", "Datenkategorie"),
    ("purpose", "Zweck der Verarbeitung"),
    ("duration", "Dauer der Verarbeitung"),
    ("persons", "Personenkategorie"),
)

# Anlage 2's optional columns: printed (on the site, in the PDF and in Word) where at least one
# subprocessor fills them, after the agreement's own (`columns:` of annexes/anlage-2.yaml).
SUBPROCESSOR_OPTIONAL = ("data_categories", "since", "safeguard")
# The table of the versions' periods: on every version's overview and in `avv history`.
PERIOD_COLUMNS = (
    ("id", "Version"),
    ("published", "Bekanntgabe"),
    ("effective", "gültig ab"),
    ("valid_until", "gültig bis"),
)
# The root notices index (mitteilungen/): its headers, which a phone shows as each cell's label.
NOTICES_INDEX_COLUMNS = (
    ("date", "Mitteilung vom"),
    ("version", "Version"),
    ("kinds", "Art der Änderung"),
    ("last_day", "Widerspruch bis"),
    ("state", "Stand"),
    ("links", "Unterlagen"),
)


def printed_subprocessor_columns(agreement: Agreement) -> tuple[Column, ...]:
    """Anlage 2's columns as every printed form shows them: the agreement's own, then each
    optional one that a subprocessor fills."""
    table = tables(agreement).subprocessors
    filled = [table.values(s) for s in agreement.subprocessors]
    return (
        *(Column(field, label) for field, label in agreement.subprocessor_columns),
        *(
            Column(field, table.label(field))
            for field in SUBPROCESSOR_OPTIONAL
            if any(values[field] for values in filled)
        ),
    )


Cells = dict[str, Callable[[Subprocessor], tuple[str, ...]]]


def printed_subprocessor_cells(agreement: Agreement) -> Cells:
    """What each printed column of Anlage 2 holds, on the site, in the PDF and in Word: the
    Anschrift names the data centre first where it differs, then the country of the seat and
    that of the data centre, each with its code, so that a changed code is a changed word."""
    table = tables(agreement).subprocessors
    seat, located = table.label("country"), table.label("processing_country")

    def address(s: Subprocessor) -> tuple[str, ...]:
        found = [s.address_cell, f"{seat}: {_country(s.country)}"]
        if s.processing_location is not None:
            found.append(f"{located}: {_country(s.processing_location.country)}")
        return tuple(found)

    return {
        "name": lambda s: (s.name,),
        "address": address,
        "purpose": lambda s: (s.purpose,),
        "data_categories": lambda s: s.data_categories,
        "since": lambda s: (format_date(s.since),) if s.since else (),
        "safeguard": lambda s: safeguard_values(s.safeguard),
    }


def _country(code: str) -> str:
    return f"{country_name(code)} ({code})"


def _holding(agreement: Agreement, block: str) -> Section | None:
    """The section whose text places the block."""
    return next((s for s in agreement.sections if any(c.block == block for c in s.clauses)), None)


def tables(agreement: Agreement) -> Tables:
    """The registry of the tables of `agreement`, labelled as its own YAML labels them."""
    iii = _holding(agreement, DATA_CATEGORIES)
    viii = _holding(agreement, RECIPIENTS)
    iii_number, viii_number = (iii.number if iii else "III"), (viii.number if viii else "VIII")
    annex_1, annex_2 = agreement.measures_annex, agreement.subprocessors_annex
    return Tables(
        data_categories=Table(
            DATA_CATEGORIES,
            iii.id if iii else "iii",
            iii.heading if iii else "III. Betroffene Daten- und Personenkategorien",
            f"Datenkategorien ({iii_number})",
            "Datenkategorie",
            _columns(DATA_CATEGORY_COLUMNS, agreement.data_category_columns),
            lambda a: a.data_categories,
            lambda d: d.category,
            lambda d: {
                "category": (d.category,),
                "purpose": d.purpose,
                "duration": d.duration,
                "persons": d.persons,
            },
        ),
        recipients=Table(
            RECIPIENTS,
            viii.id if viii else "viii",
            f"{viii_number}. Weisungsempfänger",
            f"Weisungsempfänger ({viii_number})",
            "Weisungsempfänger",
            _columns(RECIPIENT_COLUMNS, ()),
            lambda a: a.instructions.recipients,
            lambda r: r.name,
            lambda r: {
                "name": (r.name,),
                "function": (r.function,),
                "email": (r.email,),
                "phone": _one(r.phone),
                "data_protection_contact": _one("ja" if r.data_protection_contact else None),
            },
        ),
        measures=Table(
            MEASURES,
            annex_1.id,
            annex_1.title,
            f"Maßnahmenkategorien (Anlage {annex_1.number})",
            "Kategorie",
            _columns(MEASURE_COLUMNS, ()),
            lambda a: a.measures,
            lambda m: str(m.number),
            lambda m: {
                "title": (m.title,),
                "description": (m.description,),
                "measures": m.measures,
            },
            lambda m: m.key,
        ),
        subprocessors=Table(
            SUBPROCESSORS,
            annex_2.id,
            annex_2.title,
            f"Subunternehmer (Anlage {annex_2.number})",
            "Subunternehmer",
            _columns(SUBPROCESSOR_COLUMNS, agreement.subprocessor_columns),
            lambda a: a.subprocessors,
            lambda s: s.name,
            _subprocessor_values,
            role=lambda s: s.purpose,
        ),
    )


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
    """A row added, removed or changed. A changed row with an `old_key` is a row replaced in
    place: another subprocessor for the same purpose, shown as one row whose name changed. In
    law it is still a new subprocessor (VI.c, and V.b for a third country) and the end of the
    old one; `replaced` says so to everyone who words it."""

    kind: ChangeKind
    key: str
    old: Row | None
    new: Row | None
    fields: tuple[FieldChange, ...] = ()
    old_key: str = ""

    @property
    def replaced(self) -> bool:
        return bool(self.old_key)

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
    tables: Tables
    subprocessors: tuple[RowChange[Subprocessor], ...]
    measures: tuple[RowChange[MeasureCategory], ...]
    recipients: tuple[RowChange[InstructionRecipient], ...]
    data_categories: tuple[RowChange[DataCategory], ...]

    @property
    def notifiable(self) -> bool:
        """Changes the customer must be told of in writing: VI.c, VII.c and VIII."""
        return bool(self.subprocessors or self.measures or self.recipients)


def compare(old: Agreement, new: Agreement) -> Changes:
    """The rows of every table compared, labelled by the new version's registry."""
    registry = tables(new)
    return Changes(
        old=old,
        new=new,
        tables=registry,
        subprocessors=_rows(registry.subprocessors, old, new),
        measures=_rows(registry.measures, old, new),
        recipients=_rows(registry.recipients, old, new),
        data_categories=_rows(registry.data_categories, old, new),
    )


def _rows(table: Table[Row], old: Agreement, new: Agreement) -> tuple[RowChange[Row], ...]:
    """Rows matched by key, then the rows replaced in place (`replacements`), in the new order;
    removed rows after them in the old order."""
    key = table.key
    old_rows, new_rows = table.rows(old), table.rows(new)
    before = {key(row).casefold(): row for row in old_rows}
    replaced: dict[int, int] = {}
    if table.role is not None:
        role = table.role
        replaced = replacements(
            [(key(row), role(row)) for row in old_rows], [(key(row), role(row)) for row in new_rows]
        )
    taken = {key(old_rows[i]).casefold() for i in replaced.values()}
    changes: list[RowChange[Row]] = []
    for index, row in enumerate(new_rows):
        folded = key(row).casefold()
        if index in replaced:
            was = old_rows[replaced[index]]
            differences = _differences(table, table.values(was), table.values(row))
            changes.append(RowChange("changed", key(row), was, row, differences, key(was)))
        elif folded not in before:
            changes.append(RowChange("added", key(row), None, row))
        else:
            differences = _differences(table, table.values(before[folded]), table.values(row))
            if differences:
                changes.append(RowChange("changed", key(row), before[folded], row, differences))
    after = {key(row).casefold() for row in new_rows}
    changes += [
        RowChange("removed", key(row), row, None)
        for f, row in before.items()
        if f not in after and f not in taken
    ]
    return tuple(changes)


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def replacements(old: Sequence[tuple[str, str]], new: Sequence[tuple[str, str]]) -> dict[int, int]:
    """Which new row replaces which old row in the same row of a table: new index → old index.

    Each row is its (key, role): a subprocessor's name and purpose. A new row replaces an old
    one where
    1. its key is not in the old table and the old row's key is not in the new one (keys
       compared without case, as rows are matched);
    2. both stand in the same place: between the same rows kept by key, as the longest common
       run of the keys aligns them; and
    3. both have the same role, compared without case and with runs of white space as one.
    Within one place such rows are paired in their order. Every other row whose key is new or
    gone is added or removed: a subprocessor that arrives elsewhere in the list, or for another
    purpose, is a new one beside a removed one.
    """
    old_keys, new_keys = [k.casefold() for k, _ in old], [k.casefold() for k, _ in new]
    gone, arrived = set(old_keys) - set(new_keys), set(new_keys) - set(old_keys)
    pairs: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in sequence.opcodes(old_keys, new_keys):
        if tag != "replace":
            continue
        # The free old rows of each role, in order; a pair is never before the last one.
        free: dict[str, deque[int]] = {}
        for i in range(i1, i2):
            if old_keys[i] in gone:
                free.setdefault(_folded(old[i][1]), deque()).append(i)
        last = -1
        for j in range(j1, j2):
            if new_keys[j] not in arrived:
                continue
            candidates = free.get(_folded(new[j][1]), deque())
            while candidates and candidates[0] <= last:
                candidates.popleft()
            if candidates:
                pairs[j] = last = candidates.popleft()
    return pairs


def _differences(
    table: Table[Row], old: Mapping[str, tuple[str, ...]], new: Mapping[str, tuple[str, ...]]
) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(column.field, column.label, old[column.field], new[column.field])
        for column in table.columns
        if old[column.field] != new[column.field]
    )
