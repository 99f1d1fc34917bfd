"""The written notice of a version's changes (VI.c, VII.c, VIII), in German.

`notice_for(old, new)` gives the notice as data, or None when the version changes nothing that
must be notified. The notice is laid out once, as a few neutral blocks (headings, paragraphs,
lists of lines of spans), which know neither HTML nor Markdown; `avv.notice_render` renders every
output from those blocks through the templates, so that all of them always say the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from avv.changes import ChangeKind, Changes, FieldChange, RowChange, Table, Values, compare
from avv.deadline import last_day_to_object
from avv.german import country_name, format_date
from avv.model import (
    EU_EEA,
    Agreement,
    InstructionRecipient,
    MeasureCategory,
    Processor,
    Safeguard,
    Subprocessor,
)

__all__ = [
    "Block",
    "Bullets",
    "Heading",
    "Notice",
    "Paragraph",
    "ThirdCountryTransfer",
    "blocks",
    "notice_for",
]

TITLE = "Mitteilung über Änderungen der Auftragsverarbeitungsvereinbarung"

SAFEGUARDS = {
    "angemessenheitsbeschluss": "Angemessenheitsbeschluss (Art. 45 DSGVO)",
    "standardvertragsklauseln": "Standardvertragsklauseln (Art. 46 Abs. 2 lit. c DSGVO)",
}


@dataclass(frozen=True)
class ThirdCountryTransfer:
    """A subprocessor that this version brings into countries outside the EU/EEA (V.a, V.b)."""

    subprocessor: Subprocessor
    countries: tuple[str, ...]


@dataclass(frozen=True)
class Notice:
    """What the processor must tell its customers of one version, against the one before it."""

    changes: Changes

    @property
    def version(self) -> str:
        return self.changes.new.version

    @property
    def previous(self) -> str:
        return self.changes.old.version

    @property
    def date(self) -> dt.date:
        """The day of notice: the new version's announcement (Bekanntgabe)."""
        return self.changes.new.meta.published

    @property
    def effective(self) -> dt.date:
        return self.changes.new.meta.effective

    @property
    def sender(self) -> Processor:
        return self.changes.new.meta.processor

    @property
    def contact(self) -> InstructionRecipient:
        """Whom customers write to: the data protection contact of VIII as of the new version."""
        return self.changes.new.instructions.data_protection_contact

    @property
    def last_day_to_object(self) -> dt.date | None:
        """The last day to object under VI.c; None when no subprocessor changes."""
        return last_day_to_object(self.date) if self.changes.subprocessors else None

    @property
    def third_country(self) -> tuple[ThirdCountryTransfer, ...]:
        """Subprocessors added or moved to countries outside the EU/EEA: V.b asks for consent."""
        transfers = []
        for change in self.changes.subprocessors:
            if change.new is None:
                continue
            before = set(change.old.countries) if change.old else set()
            countries = tuple(
                dict.fromkeys(
                    code
                    for code in change.new.countries
                    if code not in EU_EEA and code not in before
                )
            )
            if countries:
                transfers.append(ThirdCountryTransfer(change.new, countries))
        return tuple(transfers)

    @property
    def subject(self) -> str:
        subject = f"{TITLE}, Version {self.version}, wirksam ab {format_date(self.effective)}"
        last_day = self.last_day_to_object
        if last_day is None:
            return subject
        return f"{subject}; Widerspruch bis einschließlich {format_date(last_day)}"


def notice_for(old: Agreement, new: Agreement) -> Notice | None:
    """The notice of `new` against `old`, or None when nothing notifiable changed."""
    changes = compare(old, new)
    return Notice(changes) if changes.notifiable else None


# The notice as neutral blocks: every renderer below walks the same blocks.


@dataclass(frozen=True)
class Span:
    text: str
    strong: bool = False
    mail: bool = False


Line = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Bullet:
    line: Line
    details: tuple[Line, ...] = ()


@dataclass(frozen=True)
class Bullets:
    items: tuple[Bullet, ...]


Block = Heading | Paragraph | Bullets


def _t(*parts: str | Span) -> Line:
    return tuple(Span(part) if isinstance(part, str) else part for part in parts)


def _b(text: str) -> Span:
    return Span(text, strong=True)


def _quoted(values: Iterable[str]) -> str:
    return ", ".join(f"„{value}“" for value in values)


LABELS = {"added": "Neu", "removed": "Entfällt", "changed": "Geändert"}


def blocks(notice: Notice) -> tuple[Block, ...]:
    """The notice laid out: heading level 1 for the title, 2 for its parts."""
    return tuple(_blocks(notice))


def _blocks(n: Notice) -> Iterator[Block]:
    sender = n.sender
    effective = format_date(n.effective)
    yield Heading(1, TITLE)
    yield Paragraph(
        (
            _t(_b("Absender:"), " ", ", ".join((sender.name, *sender.address_lines))),
            _t(_b("Datum der Mitteilung:"), " ", format_date(n.date)),
            _t(
                _b("Betrifft:"),
                f" {n.changes.new.title}, Version {n.previous} → Version {n.version}, "
                f"gültig ab {effective}",
            ),
        )
    )
    yield Paragraph((_t("Sehr geehrte Damen und Herren,"),))
    yield Paragraph(
        (
            _t(
                "wir teilen Ihnen die folgenden Änderungen der Vereinbarung über die "
                f"Auftragsverarbeitung mit. Sie werden am {effective} wirksam.",
            ),
        )
    )
    changes = n.changes
    if changes.subprocessors:
        yield Heading(
            2, f"Subunternehmer (Anlage {changes.new.subprocessors_annex.number}, Punkt VI.c)"
        )
        table = changes.tables.subprocessors
        yield Bullets(tuple(_subprocessor(table, c, effective) for c in changes.subprocessors))
    if changes.measures:
        yield Heading(
            2,
            "Technische und organisatorische Maßnahmen "
            f"(Anlage {changes.new.measures_annex.number}, Punkt VII.c)",
        )
        yield Bullets(tuple(_measure(c, effective) for c in changes.measures))
    if changes.recipients:
        yield Heading(2, "Weisungsempfänger des Auftragnehmers (Punkt VIII)")
        yield Bullets(tuple(_recipient(c, effective) for c in changes.recipients))
    contact = _contact(n)
    last_day = n.last_day_to_object
    if last_day is not None:
        yield Heading(2, "Ihr Recht auf Widerspruch (Punkt VI.c)")
        yield Paragraph(
            (
                _t(
                    "Gemäß Punkt VI.c haben Sie das Recht, den Änderungen der Subunternehmer "
                    "binnen eines Monats ab Bekanntgabe schriftlich zu widersprechen, also ",
                    _b(f"bis einschließlich {format_date(last_day)}"),
                    ". Bitte richten Sie Ihren Widerspruch schriftlich an unseren "
                    "Datenschutzkontakt (Punkt VIII):",
                ),
            )
        )
        yield contact
    if n.third_country:
        yield Heading(2, "Ersuchen um Ihre Zustimmung (Punkt V.b)")
        yield Paragraph(
            (
                _t(
                    "Gemäß Punkt V.a erfolgen alle Datenverarbeitungstätigkeiten ausschließlich "
                    "innerhalb der EU bzw. des EWR; eine Verlagerung der Leistungserbringung in "
                    "einen Drittstaat erfolgt gemäß Punkt V.b nur nach Ihrer schriftlichen "
                    "Zustimmung. Die folgenden Subunternehmer verarbeiten Daten außerhalb der "
                    "EU und des EWR:",
                ),
            )
        )
        yield Bullets(tuple(_transfer(t) for t in n.third_country))
        yield Paragraph(
            (
                _t(
                    "Wir ersuchen Sie daher um Ihre vorherige schriftliche Zustimmung zu dieser "
                    "Verarbeitung in einem Drittstaat. Bitte senden Sie sie an den oben "
                    "genannten Datenschutzkontakt. Ohne Ihre schriftliche Zustimmung werden "
                    "Ihre Daten nicht in einen Drittstaat verlagert.",
                ),
            )
        )
    if last_day is None:
        yield Heading(2, "Kontakt")
        yield Paragraph(
            (_t("Bei Fragen wenden Sie sich bitte an unseren Datenschutzkontakt (Punkt VIII):"),)
        )
        yield contact
    yield Paragraph((_t("Mit freundlichen Grüßen"), _t(sender.name)))


def _contact(n: Notice) -> Paragraph:
    person, sender = n.contact, n.sender
    lines = [
        _t(f"{person.name}, {person.function}"),
        _t("E-Mail: ", Span(person.email, mail=True)),
    ]
    if person.phone:
        lines.append(_t(f"Telefon: {person.phone}"))
    lines.append(_t("Post: ", ", ".join((sender.name, *sender.address_lines))))
    return Paragraph(tuple(lines))


def _head(kind: ChangeKind, subject: str, effective: str) -> Line:
    return _t(_b(f"{LABELS[kind]}:"), f" {subject} (wirksam ab {effective})")


def _field_lines(label: str, old: tuple[str, ...], new: tuple[str, ...]) -> Iterator[Line]:
    """One field that changed: `old → new` for a single value, added and removed for a list."""
    if len(old) <= 1 and len(new) <= 1:
        if not old:
            yield _t(f"{label}: neu {_quoted(new)}")
        elif not new:
            yield _t(f"{label}: entfällt (bisher {_quoted(old)})")
        else:
            yield _t(f"{label}: {_quoted(old)} → {_quoted(new)}")
        return
    added = [value for value in new if value not in old]
    removed = [value for value in old if value not in new]
    for value in added:
        yield _t(f"{label}, neu: „{value}“")
    for value in removed:
        yield _t(f"{label}, entfällt: „{value}“")
    if not added and not removed:
        yield _t(f"{label}: Reihenfolge geändert")


def _changed(
    fields: Sequence[FieldChange],
    show: Callable[[FieldChange], tuple[tuple[str, ...], tuple[str, ...]]],
) -> tuple[Line, ...]:
    return tuple(line for f in fields for line in _field_lines(f.label, *show(f)))


def _safeguard(safeguard: Safeguard | None) -> tuple[str, ...]:
    if safeguard is None:
        return ()
    return (f"{SAFEGUARDS.get(safeguard.kind, safeguard.kind)}: {safeguard.reference}",)


def _subprocessor_values(s: Subprocessor, values: Values) -> Values:
    """The fields of the registry's subprocessor table as a customer reads them."""
    location = s.processing_location
    return {
        **values,
        "country": (country_name(s.country),),
        "processing_country": (country_name(location.country),) if location else (),
        "since": (format_date(s.since),) if s.since else (),
        "safeguard": _safeguard(s.safeguard),
    }


def _subprocessor(
    table: Table[Subprocessor], change: RowChange[Subprocessor], effective: str
) -> Bullet:
    head = _head(change.kind, change.row.name, effective)
    if change.old is not None and change.new is not None:
        before = _subprocessor_values(change.old, table.values(change.old))
        after = _subprocessor_values(change.new, table.values(change.new))
        return Bullet(head, _changed(change.fields, lambda f: (before[f.field], after[f.field])))
    values = _subprocessor_values(change.row, table.values(change.row))
    return Bullet(
        head,
        tuple(
            _t(f"{column.label}: {'; '.join(values[column.field])}")
            for column in table.columns
            if values[column.field] and column.field != "name"
        ),
    )


def _measure(change: RowChange[MeasureCategory], effective: str) -> Bullet:
    category = change.row
    head = _head(change.kind, f"Kategorie {category.key}", effective)
    if change.kind == "changed":
        return Bullet(head, _changed(change.fields, lambda f: (f.old, f.new)))
    return Bullet(
        head,
        (
            _t(f"Beschreibung: {category.description}"),
            *(_t(f"Maßnahme: {measure}") for measure in category.measures),
        ),
    )


def _recipient(change: RowChange[InstructionRecipient], effective: str) -> Bullet:
    person = change.row
    subject = person.name if change.kind == "changed" else person.line
    head = _head(change.kind, subject, effective)
    return Bullet(head, _changed(change.fields, lambda f: (f.old, f.new)))


def _transfer(transfer: ThirdCountryTransfer) -> Bullet:
    s = transfer.subprocessor
    countries = ", ".join(country_name(code) for code in transfer.countries)
    safeguard = _safeguard(s.safeguard)
    return Bullet(
        _t(_b(s.name), f": {countries}"),
        (
            _t(f"Zweck der Beauftragung: {s.purpose}"),
            _t(f"Garantie: {safeguard[0]}" if safeguard else "Garantie: keine angegeben"),
        ),
    )
