"""The written notice of a version's changes, in German: what each change is legally.

`notice_for(old, new)` gives the notice as data, or None when the version changes nothing the
customer is to be told of (only editorial changes, `avv.changes.kinds`). One notice covers every
kind: the changes notified under VI.c (with the right to object within the period of the version's
own VI.c), VII.c and VIII, the request for consent to a third country (V.b), and the proposed
amendments of the text, which need the customer's written agreement (XIII.b).

The notice is laid out once, as a few neutral blocks (headings, paragraphs, lists of lines of
spans), which know neither HTML nor Markdown; `avv.documents.notice_render` renders every output
from those blocks through the templates, so that all of them always say the same. Given where it is
read (`here`, and the site's address), the notice links to the redline of exactly its change, to the
new version's text and PDF and to the calendar entry of its objection period (`avv.notices.links`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

from avv.changes import redline as redlines
from avv.changes.kinds import (
    ApplicablePeriod,
    Classification,
    ThirdCountryTransfer,
    applicable_period,
    classify,
)
from avv.changes.kinds import Change as KindOfChange
from avv.changes.tables import (
    ChangeKind,
    Changes,
    FieldChange,
    RowChange,
    Table,
    Values,
    safeguard_values,
)
from avv.german import country_name, format_date, format_long_date
from avv.law.deadline import ObjectionPeriod, Reckoning, reckon
from avv.law.objection import explain, stated_period
from avv.model import (
    Agreement,
    InstructionRecipient,
    MeasureCategory,
    Processor,
    Subprocessor,
)
from avv.notices.calendar import ObjectionDeadline
from avv.notices.links import NoticeLinks, notice_links, site_host

__all__ = [
    "Addressee",
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


@dataclass(frozen=True)
class Addressee:
    """The one customer a notice is sent to (the register's e-mail): their number and company,
    the day it went out (`sent`, in Vienna) and the day it reached them (`received`: the next
    working day after one that is none, or after 17:00), and the objection period of the VI.c of
    the version whose text binds them (`bound_to`)."""

    customer: str
    name: str
    sent: dt.date
    received: dt.date
    bound_to: str
    period: ObjectionPeriod


@dataclass(frozen=True)
class Notice:
    """What the processor tells its customers of one version, against the one before it.

    `period` is the objection period that applies (None where no subprocessor changes), `links`
    where the notice is read from (None: a draft without links, such as the pull request's)."""

    classification: Classification
    period: ApplicablePeriod | None
    links: NoticeLinks | None = None
    site: str = ""
    addressee: Addressee | None = None

    @property
    def changes(self) -> Changes:
        return self.classification.table_changes

    @property
    def version(self) -> str:
        return self.classification.new.version

    @property
    def previous(self) -> str:
        return self.classification.old.version

    @property
    def date(self) -> dt.date:
        """The date of the notice: the new version's announcement (Bekanntgabe), or the day the
        e-mail to one customer went out."""
        if self.addressee is not None:
            return self.addressee.sent
        return self.classification.new.meta.published

    @property
    def given(self) -> dt.date:
        """The day the period counts from: for one customer, the day the e-mail reached them."""
        return self.addressee.received if self.addressee is not None else self.date

    @property
    def effective(self) -> dt.date:
        return self.classification.new.meta.effective

    @property
    def sender(self) -> Processor:
        return self.classification.new.meta.processor

    @property
    def contact(self) -> InstructionRecipient:
        """Whom customers write to: the data protection contact of VIII as of the new version."""
        return self.classification.new.instructions.data_protection_contact

    @property
    def reckoning(self) -> Reckoning | None:
        """How the last day to object was found; None when no subprocessor changes."""
        if self.period is None:
            return None
        own = self.addressee.period if self.addressee is not None else self.period.period
        return reckon(self.given, own)

    @property
    def last_day_to_object(self) -> dt.date | None:
        """The last day to object under VI.c; None when no subprocessor changes."""
        reckoning = self.reckoning
        return reckoning.last_day if reckoning else None

    @property
    def third_country(self) -> tuple[ThirdCountryTransfer, ...]:
        """Subprocessors added or moved to countries outside the EU/EEA: V.b asks for consent."""
        return self.classification.third_country

    @property
    def amendments(self) -> tuple[KindOfChange, ...]:
        """The changes that need the customer's written agreement (XIII.b)."""
        return self.classification.of("amendment")

    @property
    def notified(self) -> bool:
        """Whether the notice announces changes under VI.c, VII.c or VIII."""
        return bool(self.classification.of("notice"))

    @property
    def subject(self) -> str:
        subject = f"{TITLE}, Version {self.version}, wirksam ab {format_date(self.effective)}"
        last_day = self.last_day_to_object
        if last_day is not None:
            subject += f"; Widerspruch bis einschließlich {format_date(last_day)}"
        if self.amendments or self.third_country:
            subject += "; Ihre schriftliche Zustimmung erbeten"
        return subject

    @property
    def objection_subject(self) -> str:
        """The subject of an objection by e-mail, filled in by the notice's mailto link."""
        day = format_date(self.date)
        return f"Widerspruch gegen die Mitteilung vom {day} (AVV, Version {self.version}{self._of})"

    @property
    def consent_subject(self) -> str:
        """The subject of a consent by e-mail (addressed notices only)."""
        return f"Zustimmung zur AVV, Version {self.version}{self._of}"

    @property
    def _of(self) -> str:
        return "" if self.addressee is None else f", Kunde {self.addressee.customer}"

    def declaration(self, subject: str, part: str, declared: str) -> str:
        """A `mailto:` link to the data protection contact: subject, and for an addressed notice
        a body that names customer, version and part, so that the reply can be matched."""
        link = f"mailto:{quote(self.contact.email, safe='@.+-_')}?subject={quote(subject)}"
        a = self.addressee
        if a is None:
            return link
        body = (
            f"Kunde: {a.name} (Kundennummer {a.customer})\r\n"
            f"AVV, Version {self.version}, Mitteilung vom {format_date(self.date)}\r\n"
            f"Teil: {part}\r\n\r\n{declared}\r\n"
        )
        return f"{link}&body={quote(body)}"

    @property
    def deadline(self) -> ObjectionDeadline | None:
        """The calendar entry of the objection period; None when there is none."""
        reckoning = self.reckoning
        if reckoning is None:
            return None
        contact = self.contact
        return ObjectionDeadline(
            version=self.version,
            notice_date=self.date,
            last_day=reckoning.last_day,
            explanation=explain(reckoning),
            contact=f"{contact.name}, {contact.email}",
            notice_url=self.links.notice if self.links else "",
            site=self.site or contact.email.rpartition("@")[2],
        )


def notice_for(
    old: Agreement, new: Agreement, site_url: str = "", here: str | None = None
) -> Notice | None:
    """The notice of `new` against `old`, or None when nothing is to be told of.

    With `here` (the folder the notice is read in, from the site's root: `2026-03-02/mitteilung/`,
    or `""` for the feed) the notice links to its redline, text, PDF and calendar entry;
    `site_url` makes those links absolute. Raises `InvalidAgreement` where a version's VI.c
    states no period that can be counted."""
    classification = classify(old, new)
    if not classification.communicated:
        return None
    period = (
        applicable_period(classification, stated_period(new)) if classification.objection else None
    )
    links = None
    if here is not None:
        links = notice_links(new.version, old.version, site_url, here, calendar=period is not None)
    return Notice(classification, period, links, site_host(site_url))


# The notice as neutral blocks: every renderer walks the same blocks.

Change = Literal["", "insert", "delete"]


@dataclass(frozen=True)
class Span:
    """A piece of a line: bold, an e-mail address (`mail`), a link (`href`), or a word of the
    redline that was inserted or deleted (`change`)."""

    text: str
    strong: bool = False
    mail: bool = False
    href: str = ""
    change: Change = ""


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


def _a(text: str, href: str) -> Span:
    return Span(text, href=href)


def _quoted(values: Iterable[str]) -> str:
    return ", ".join(f"„{value}“" for value in values)


LABELS = {"added": "Neu", "removed": "Entfällt", "changed": "Geändert"}
AMENDED = {
    "added": "Neu",
    "removed": "Entfällt",
    "changed": "Geändert",
    "moved": "Verschoben",
    "relabelled": "Neu bezeichnet",
}


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
            _t(_b("Datum der Mitteilung:"), " ", format_date(n.date), *_received(n)),
            _t(
                _b("Betrifft:"),
                f" {n.classification.new.title}, Version {n.previous} → Version {n.version}, "
                f"gültig ab {effective}",
            ),
            *(
                (_t(_b("An:"), f" {n.addressee.name} (Kundennummer {n.addressee.customer})"),)
                if n.addressee
                else ()
            ),
        )
    )
    yield Paragraph((_t("Sehr geehrte Damen und Herren,"),))
    yield _intro(n, effective)
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
    if n.amendments:
        yield from _amendment_blocks(n)
    contact = _contact(n)
    if n.period is not None:
        yield from _objection_blocks(n, contact)
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
        if n.addressee is not None:
            yield _consent_link(
                n,
                "Drittstaat (Punkt V.b)",
                "Wir stimmen der Verarbeitung in den genannten Drittstaaten zu.",
            )
    if n.period is None:
        yield Heading(2, "Kontakt")
        yield Paragraph(
            (_t("Bei Fragen wenden Sie sich bitte an unseren Datenschutzkontakt (Punkt VIII):"),)
        )
        yield contact
    if n.links is not None:
        yield from _link_blocks(n, n.links)
    yield Paragraph((_t("Mit freundlichen Grüßen"), _t(sender.name)))


def _received(n: Notice) -> tuple[str, ...]:
    """Why an e-mail counts as received on a later day than it went out."""
    if n.given == n.date:
        return ()
    return (
        f" (gilt als am {format_long_date(n.given)} zugegangen, dem nächsten Werktag nach dem "
        "Versand außerhalb der Geschäftszeiten; ab dann zählt die Frist)",
    )


def _intro(n: Notice, effective: str) -> Paragraph:
    lines = []
    if n.notified or n.third_country:
        lines.append(
            _t(
                "wir teilen Ihnen die folgenden Änderungen der Vereinbarung über die "
                f"Auftragsverarbeitung mit. Sie werden am {effective} wirksam."
            )
        )
    if n.amendments:
        also = "Außerdem schlagen wir Ihnen" if lines else "wir schlagen Ihnen"
        lines.append(
            _t(
                f"{also} Änderungen der Vereinbarung vor, die nur mit Ihrer schriftlichen "
                "Zustimmung wirksam werden (Punkt XIII.b)."
            )
        )
    return Paragraph(tuple(lines))


def _amendment_blocks(n: Notice) -> Iterator[Block]:
    diff = redlines.redline(n.classification.old, n.classification.new)
    clauses = {clause.id: clause for section in diff.sections for clause in section.clauses}
    rows = {row.key: row for row in n.classification.table_changes.data_categories}
    yield Heading(2, "Vorgeschlagene Änderungen der Vereinbarung (Punkt XIII.b)")
    items = []
    for change in n.amendments:
        head = _t(_b(f"{AMENDED[change.status]}:"), f" {change.subject}")
        clause = clauses.get(change.target)
        if clause is not None and change.status in ("added", "removed", "changed"):
            items.append(Bullet(head, _redline_lines(clause)))
        elif change.target == "datenkategorien" and change.subject.split(": ", 1)[-1] in rows:
            row = rows[change.subject.split(": ", 1)[-1]]
            items.append(Bullet(head, _changed(row.fields, lambda f: (f.old, f.new))))
        else:
            items.append(Bullet(head))
    yield Bullets(tuple(items))
    old, new = n.previous, n.version
    contact = n.contact
    yield Paragraph(
        (
            _t(
                "Gemäß Punkt XIII.b müssen Änderungen und Ergänzungen der Vereinbarung "
                "schriftlich erfolgen. Diese Änderungen werden daher erst mit Ihrer "
                f"schriftlichen Zustimmung Teil der Vereinbarung; bis dahin gilt für Sie "
                f"Version {old} unverändert weiter.",
            ),
        )
    )
    yield Paragraph(
        (
            _t(
                f"So stimmen Sie zu: Senden Sie uns Version {new} der Vereinbarung, von Ihnen "
                "unterschrieben, als PDF per E-Mail an ",
                Span(contact.email, mail=True),
                " oder per Post an ",
                ", ".join((n.sender.name, *n.sender.address_lines)),
                ".",
            ),
        )
    )
    if n.addressee is not None:
        yield _consent_link(
            n,
            "Vertragsänderung (Punkt XIII.b)",
            "Wir stimmen den vorgeschlagenen Änderungen der Vereinbarung zu; die unterschriebene "
            "Version liegt als PDF bei.",
        )


def _consent_link(n: Notice, part: str, declared: str) -> Paragraph:
    """The customer's own link to consent to one part, separate from every other part."""
    subject = f"{n.consent_subject}, {part}"
    return Paragraph(
        (_t("Zustimmung per E-Mail: ", _a(subject, n.declaration(subject, part, declared))),)
    )


def _redline_lines(clause: redlines.ClauseDiff) -> tuple[Line, ...]:
    """The clause's words with what was inserted and deleted marked, and its items."""
    lines = [_marked(clause.text)] if clause.text else []
    lines += [_marked(item.diff) for item in clause.items if item.status != "unchanged"]
    return tuple(line for line in lines if line)


def _marked(diff: redlines.Diff) -> Line:
    kinds: dict[str, Change] = {"equal": "", "insert": "insert", "delete": "delete"}
    return tuple(
        Span(segment.text.replace("**", ""), change=kinds[segment.kind]) for segment in diff
    )


def _objection_blocks(n: Notice, contact: Paragraph) -> Iterator[Block]:
    period = n.period
    reckoning = n.reckoning
    assert period is not None and reckoning is not None
    own = n.addressee.period if n.addressee is not None else period.period
    wording = own.wording or "binnen der Frist von Punkt VI.c"
    yield Heading(2, "Ihr Recht auf Widerspruch (Punkt VI.c)")
    yield Paragraph(
        (
            _t(
                "Gemäß Punkt VI.c haben Sie das Recht, den Änderungen der Subunternehmer "
                f"{wording} ab Bekanntgabe schriftlich zu widersprechen, also ",
                _b(f"bis einschließlich {format_date(reckoning.last_day)}"),
                ".",
            ),
        )
    )
    if n.addressee is not None:
        own = n.addressee.period
        yield Paragraph(
            (
                _t(
                    f"Für Sie gilt die Frist der Version {n.addressee.bound_to} Ihrer "
                    f"Vereinbarung, Punkt VI.c: „{own.wording or 'binnen eines Monats'}“, "
                    f"gezählt ab dem Zugang dieser Mitteilung am {format_date(n.given)}.",
                ),
            )
        )
    elif period.reason != "unchanged":
        yield Paragraph((_t(_which_period(n, period)),))
    yield Paragraph((_t(explain(reckoning)),))
    yield Paragraph(
        (
            _t(
                "Bitte richten Sie Ihren Widerspruch schriftlich an unseren Datenschutzkontakt "
                "(Punkt VIII):"
            ),
        )
    )
    yield contact
    mailto = n.declaration(
        n.objection_subject,
        "Subunternehmer (Punkt VI.c)",
        "Wir widersprechen den mitgeteilten Änderungen der Subunternehmer.",
    )
    lines = [_t("Widerspruch per E-Mail: ", _a(n.objection_subject, mailto))]
    if n.addressee is not None:
        # The site's calendar entry counts from the public day of notice; theirs is attached.
        lines.append(_t("Die Frist für Ihren Kalender: der Kalendereintrag im Anhang (.ics)"))
    elif n.links is not None and n.links.calendar is not None:
        lines.append(
            _t(
                "Die Frist für Ihren Kalender: ",
                _a("Kalendereintrag (.ics)", n.links.calendar),
            )
        )
    yield Paragraph(tuple(lines))


def _which_period(n: Notice, period: ApplicablePeriod) -> str:
    """Why the notice quotes the period it quotes, where VI.c or V changes too."""
    c = n.classification
    in_effect = period.in_effect.wording
    if period.reason == "stated" and period.period != period.in_effect:
        why = (
            f"Für diese Mitteilung gewähren wir Ihnen die Frist „{period.period.wording}“; "
            f"Version {n.previous}, die bei ihrer Bekanntgabe gilt, sieht „{in_effect}“ vor."
        )
    else:
        why = (
            f"Für diese Mitteilung gilt die Frist der Version {n.previous}, die bei ihrer "
            f"Bekanntgabe gilt: „{in_effect}“."
        )
    clause = (
        "Punkt VI.c"
        if c.objection_clause_changed
        else "Punkt V"
        if c.transfer_clause_changed
        else ""
    )
    if not clause:
        return why
    return (
        f"Diese Version schlägt auch eine Änderung von {clause} vor, die erst mit Ihrer "
        f"schriftlichen Zustimmung wirksam wird. {why}"
    )


def _link_blocks(n: Notice, links: NoticeLinks) -> Iterator[Block]:
    yield Heading(2, "Zum Nachlesen")
    yield Bullets(
        (
            Bullet(
                _t(
                    _a(
                        f"Alle Änderungen von Version {n.previous} zu Version {n.version}, "
                        "Wort für Wort (Redline)",
                        links.redline,
                    )
                )
            ),
            Bullet(_t(_a(f"Version {n.version} als Text", links.text))),
            Bullet(_t(_a(f"Version {n.version} als PDF", links.pdf))),
            Bullet(_t(_a("Diese Mitteilung auf der Website", links.notice))),
        )
    )


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


def _subprocessor_values(s: Subprocessor, values: Values) -> Values:
    """The fields of the registry's subprocessor table as a customer reads them."""
    location = s.processing_location
    return {
        **values,
        "country": (country_name(s.country),),
        "processing_country": (country_name(location.country),) if location else (),
        "since": (format_date(s.since),) if s.since else (),
    }


def _subprocessor(
    table: Table[Subprocessor], change: RowChange[Subprocessor], effective: str
) -> Bullet:
    """A subprocessor added, removed or changed. One replaced in place is announced as what it
    is in law: a new subprocessor, with all its details, and the end of the old one."""
    if change.replaced:
        head = _t(
            _b("Neu:"),
            f" {change.key}, anstelle von {change.old_key} (wirksam ab {effective})",
        )
        ended = _t(
            f"{change.old_key} wird ab {effective} nicht mehr als Subunternehmer beauftragt."
        )
        return Bullet(head, (*_all_fields(table, change.row), ended))
    head = _head(change.kind, change.row.name, effective)
    if change.old is not None and change.new is not None:
        before = _subprocessor_values(change.old, table.values(change.old))
        after = _subprocessor_values(change.new, table.values(change.new))
        return Bullet(head, _changed(change.fields, lambda f: (before[f.field], after[f.field])))
    return Bullet(head, _all_fields(table, change.row))


def _all_fields(table: Table[Subprocessor], s: Subprocessor) -> tuple[Line, ...]:
    values = _subprocessor_values(s, table.values(s))
    return tuple(
        _t(f"{column.label}: {'; '.join(values[column.field])}")
        for column in table.columns
        if values[column.field] and column.field != "name"
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
    safeguard = safeguard_values(s.safeguard)
    return Bullet(
        _t(_b(s.name), f": {countries}"),
        (
            _t(f"Zweck der Beauftragung: {s.purpose}"),
            _t(f"Garantie: {safeguard[0]}" if safeguard else "Garantie: keine angegeben"),
        ),
    )
