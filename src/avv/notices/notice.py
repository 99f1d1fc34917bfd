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
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
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
    unreplaced_measures,
)
from avv.changes.kinds import Change as KindOfChange
from avv.changes.tables import (
    ChangeKind,
    Changes,
    FieldChange,
    RowChange,
    Values,
    safeguard_values,
)
from avv.changes.tables import Table as TableOf
from avv.changes.words import ENTRY, TEXT
from avv.german import country_in_german, country_name, format_date, format_long_date
from avv.law.binding import NoticeDay, day_of_notice
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
    "Table",
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
    day: NoticeDay | None = None
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
    def notice_day(self) -> NoticeDay:
        """When the notice went out and counts as given (avv.law.binding.day_of_notice)."""
        meta = self.classification.new.meta
        return self.day or day_of_notice(meta.published, meta.effective)

    @property
    def date(self) -> dt.date:
        """The date of the notice: the day it went out (the deployment, where that was later
        than the announcement `published`; for one customer, the day their e-mail went out)."""
        if self.addressee is not None:
            return self.addressee.sent
        return self.notice_day.sent

    @property
    def given(self) -> dt.date:
        """The day the notice counts as given, from which its period runs: a Saturday, Sunday
        or holiday counts as the next working day; for one customer, the day it reached them."""
        if self.addressee is not None:
            return self.addressee.received
        return self.notice_day.given

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
    def offer(self) -> bool:
        """Whether the version is an offer: part of it binds a customer only with their written
        consent (XIII.b amendments, V.b processing in a third country)."""
        return bool(self.amendments or self.third_country)

    @property
    def effect(self) -> str:
        """From when the version binds: "gültig ab …", or for an offer "gilt mit Ihrer
        schriftlichen Zustimmung, frühestens ab …"."""
        return effect_words(self.offer, self.effective)

    @property
    def subject(self) -> str:
        effective = format_date(self.effective)
        if self.offer:
            subject = f"{TITLE}, Version {self.version}: Angebot, {self.effect}"
            if self.notified:
                subject += f"; mitgeteilte Änderungen wirksam ab {effective}"
        else:
            subject = f"{TITLE}, Version {self.version}, wirksam ab {effective}"
        last_day = self.last_day_to_object
        if last_day is not None:
            subject += f"; Widerspruch bis einschließlich {format_date(last_day)}"
        return subject

    @property
    def amendment_subject(self) -> str:
        """The subject of a consent to the amendments by e-mail (XIII.b)."""
        return f"Zustimmung zur Änderung der AVV (Version {self.version}, Punkt XIII.b{self._of})"

    @property
    def transfer_subject(self) -> str:
        """The subject of a consent to processing in a third country by e-mail (V.b)."""
        return (
            "Zustimmung zur Verarbeitung in einem Drittstaat "
            f"(AVV, Version {self.version}, Punkt V.b{self._of})"
        )

    @property
    def objection_subject(self) -> str:
        """The subject of an objection by e-mail, filled in by the notice's mailto link."""
        day = format_date(self.date)
        return f"Widerspruch gegen die Mitteilung vom {day} (AVV, Version {self.version}{self._of})"

    @property
    def _of(self) -> str:
        """The customer an addressed notice's declarations name, so a reply can be matched."""
        return "" if self.addressee is None else f", Kunde {self.addressee.customer}"

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


def effect_words(offer: bool, effective: dt.date) -> str:
    """From when a version binds, as the site, the notice, the feed and the CLI say it: a
    version with a change by agreement (XIII.b, V.b) is an offer and binds a customer from their
    written consent, never before its `effective`."""
    day = format_date(effective)
    return (
        f"gilt mit Ihrer schriftlichen Zustimmung, frühestens ab {day}"
        if offer
        else (f"gültig ab {day}")
    )


def notice_for(
    old: Agreement,
    new: Agreement,
    site_url: str = "",
    here: str | None = None,
    *,
    earlier: Sequence[Agreement] = (),
    deployed: dt.date | None = None,
    files: bool = True,
) -> Notice | None:
    """The notice of `new` against `old`, or None when nothing is to be told of.

    `earlier` is the history up to `old` (oldest first): the objection period is that of the
    VI.c that binds every customer among them (without it, `old`'s). `deployed` is the day the
    version was first deployed, when the notice really went out (None: a draft, `published`).

    With `here` (the folder the notice is read in, from the site's root: `2026-03-02/mitteilung/`,
    or `""` for the feed) the notice links to its redline, text, PDF and calendar entry;
    `site_url` makes those links absolute; `files`: the site has the redline of (old, new) as
    PDF and Word (it has where `old` is the version before `new`). Raises `InvalidAgreement`
    where a version's VI.c states no period that can be counted."""
    classification = classify(old, new)
    if not classification.communicated:
        return None
    period = (
        applicable_period(classification, stated_period(new), earlier)
        if classification.objection
        else None
    )
    links = None
    if here is not None:
        links = notice_links(
            new.version, old.version, site_url, here, calendar=period is not None, files=files
        )
    day = day_of_notice(new.meta.published, new.meta.effective, deployed)
    return Notice(classification, period, links, site_host(site_url), day)


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


@dataclass(frozen=True)
class Table:
    """A small table: its column headings and rows of cells, each cell one line."""

    header: tuple[str, ...]
    rows: tuple[tuple[Line, ...], ...]


Block = Heading | Paragraph | Bullets | Table


def _t(*parts: str | Span) -> Line:
    return tuple(Span(part) if isinstance(part, str) else part for part in parts)


def _b(text: str) -> Span:
    return Span(text, strong=True)


def _a(text: str, href: str) -> Span:
    return Span(text, href=href)


def _quoted(values: Iterable[str]) -> str:
    return ", ".join(f"„{value}“" for value in values)


# The heads of a notice's changes: a row's words and the text's (avv.changes.words).
LABELS = {status: word.capitalize() for status, word in ENTRY.items()}
AMENDED = {status: word.capitalize() for status, word in TEXT.items()}


def blocks(notice: Notice) -> tuple[Block, ...]:
    """The notice laid out: heading level 1 for the title, 2 for its parts."""
    return tuple(_blocks(notice))


def _blocks(n: Notice) -> Iterator[Block]:
    sender = n.sender
    effective = format_date(n.effective)
    yield Heading(1, TITLE)
    yield Paragraph(
        (
            _t(_b("Absender:"), " ", ", ".join((sender.name, *_letter_address(n)))),
            _t(
                _b("Datum der Mitteilung:"),
                " ",
                format_date(n.date),
                *(_received(n) if n.addressee else _given(n.notice_day)),
            ),
            _t(
                _b("Betrifft:"),
                f" {n.classification.new.title}, Version {n.previous} → Version {n.version}, "
                + (f"Angebot: {n.effect}" if n.offer else n.effect),
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
    parts = _parts(n)
    if len(parts) > 1:
        yield Heading(2, "Auf einen Blick: was Sie tun können")
        yield Table(("Teil", "Was er für Sie bedeutet", "Was Sie tun können", "Bis wann"), parts)
        yield Paragraph(
            (
                _t(
                    "Jeder Teil steht für sich: Was Sie zu einem Teil erklären, gilt nicht für "
                    "die anderen. Dafür steht unten bei jedem Teil eine eigene Erklärung."
                ),
            )
        )
    changes = n.changes
    if changes.subprocessors:
        yield Heading(
            2, f"Subunternehmer (Anlage {changes.new.subprocessors_annex.number}, Punkt VI.c)"
        )
        table = changes.tables.subprocessors
        abroad = {t.subprocessor.name for t in n.third_country}
        yield Bullets(
            tuple(_subprocessor(table, c, effective, abroad) for c in changes.subprocessors)
        )
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
    if n.period is not None:
        yield from _objection_blocks(n, _contact(n))
    if n.third_country:
        yield from _transfer_blocks(n)
    yield Heading(2, "Kontakt")
    yield Paragraph(
        (_t("Bei Fragen wenden Sie sich bitte an unseren Datenschutzkontakt (Punkt VIII):"),)
    )
    yield _contact(n, phone=True)
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


def _given(day: NoticeDay) -> tuple[str, ...]:
    """Why the date of the notice is not its announcement, or counts from a later day."""
    notes = []
    if day.late:
        notes.append(
            f"angekündigt für den {format_date(day.published)}, versandt erst an diesem Tag"
        )
    if day.before_site:
        notes.append("gegeben vor der Veröffentlichung auf der Website")
    if day.moved:
        notes.append(
            f"gilt als am {format_long_date(day.given)} gegeben, dem nächsten Werktag; ab dann "
            "zählen die Fristen"
        )
    return (f" ({'; '.join(notes)})",) if notes else ()


def _intro(n: Notice, effective: str) -> Paragraph:
    lines = []
    if n.notified:
        objection = (
            ", die Änderungen der Subunternehmer vorbehaltlich Ihres Widerspruchs (Punkt VI.c)"
            if n.period is not None
            else ""
        )
        lines.append(
            _t(
                "wir teilen Ihnen die folgenden Änderungen der Vereinbarung über die "
                f"Auftragsverarbeitung mit. Sie werden am {effective} für alle Kunden "
                f"wirksam{objection}."
            )
        )
    if n.third_country:
        lines.append(
            _t(
                "Neue Subunternehmer verarbeiten Daten auch außerhalb der EU und des EWR: Dafür "
                "ersuchen wir um Ihre schriftliche Zustimmung (Punkt V.b); ohne sie werden Ihre "
                "Daten dort nicht verarbeitet."
            )
        )
    if n.amendments:
        also = "Außerdem schlagen wir Ihnen" if lines else "wir schlagen Ihnen"
        lines.append(
            _t(
                f"{also} Änderungen der Vereinbarung vor, die nur mit Ihrer schriftlichen "
                f"Zustimmung wirksam werden, frühestens am {effective} (Punkt XIII.b)."
            )
        )
    return Paragraph(tuple(lines))


def _parts(n: Notice) -> tuple[tuple[Line, ...], ...]:
    """The rows of the table "Auf einen Blick": each part of the notice, what it means for the
    customer, what they may do, and by when."""
    effective = format_date(n.effective)
    changes = n.changes
    everyone = f"gilt ab {effective} für alle Kunden"
    nothing = _t("nichts; bei Fragen: unser Datenschutzkontakt")
    rows = []
    if changes.subprocessors:
        annex = changes.new.subprocessors_annex.number
        last_day = n.last_day_to_object
        rows.append(
            (
                _t(f"Subunternehmer (Anlage {annex}, Punkt VI.c)"),
                _t(f"{everyone}, wenn Sie nicht widersprechen"),
                _t("schriftlich widersprechen (eine E-Mail genügt)"),
                _t(_b(f"bis einschließlich {format_date(last_day)}"), " (Eingang bei uns)")
                if last_day
                else _t("–"),
            )
        )
    if changes.measures:
        annex = changes.new.measures_annex.number
        rows.append(
            (
                _t(f"Technische und organisatorische Maßnahmen (Anlage {annex}, Punkt VII.c)"),
                _t(everyone),
                nothing,
                _t("–"),
            )
        )
    if changes.recipients:
        rows.append((_t("Weisungsempfänger (Punkt VIII)"), _t(everyone), nothing, _t("–")))
    if n.third_country:
        rows.append(
            (
                _t("Verarbeitung in einem Drittstaat (Punkt V.b)"),
                _t(
                    "nur mit Ihrer schriftlichen Zustimmung; ohne sie keine Verarbeitung Ihrer "
                    "Daten außerhalb der EU und des EWR"
                ),
                _t("schriftlich zustimmen, oder nichts tun"),
                _t(f"keine Frist; wirksam frühestens ab {effective}"),
            )
        )
    if n.amendments:
        rows.append(
            (
                _t("Änderungen der Vereinbarung (Punkt XIII.b)"),
                _t(
                    "binden Sie nur mit Ihrer schriftlichen Zustimmung; bis dahin gilt für Sie "
                    f"der Text der Version {n.previous}"
                ),
                _t("schriftlich zustimmen, oder nichts tun"),
                _t(f"keine Frist; wirksam frühestens ab {effective}"),
            )
        )
    return tuple(rows)


def _signer(n: Notice, who: str = "") -> str:
    """Who declares, in a declaration's words: for an addressed notice the customer by name and
    number, the person left to fill in."""
    person = f"Name und Funktion{' ' + who if who else ''}"
    if n.addressee is None:
        return f"[Firma, {person}]"
    return f"{n.addressee.name} (Kundennummer {n.addressee.customer}), [{person}]"


def _declaration(n: Notice, subject: str, text: str, what: str) -> Iterator[Block]:
    """A declaration of its own: its words, and an e-mail with them, to send as they are."""
    contact = n.contact
    body = f"{text}\n\n{_signer(n, 'der unterzeichnenden Person')}"
    mailto = (
        f"mailto:{quote(contact.email, safe='@.+-_')}?subject={quote(subject)}&body={quote(body)}"
    )
    yield Paragraph(
        (
            _t(_b(f"{what}:"), f" „{text}“"),
            _t("Als E-Mail vorbereitet: ", _a(subject, mailto)),
        )
    )


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
                "schriftlichen Zustimmung Teil der Vereinbarung, frühestens am "
                f"{format_date(n.effective)}; bis dahin gilt für Sie "
                + (
                    f"der Text der Version {old} weiter, mit den oben mitgeteilten Änderungen."
                    if n.notified
                    else f"Version {old} unverändert weiter."
                ),
            ),
        )
    )
    yield Paragraph(
        (
            _t(
                "So stimmen Sie zu: mit der folgenden Erklärung, unterschrieben, als PDF per "
                "E-Mail an ",
                Span(contact.email, mail=True),
                " oder per Post an ",
                ", ".join((n.sender.name, *_letter_address(n))),
                ". Schriftlich heißt hier unterschrieben (Punkt XIII.b); eine qualifizierte "
                "elektronische Signatur genügt ebenso (§ 4 Abs. 1 SVG).",
            ),
        )
    )
    yield from _declaration(
        n,
        n.amendment_subject,
        f"Wir stimmen den mit der Mitteilung vom {format_date(n.date)} vorgeschlagenen "
        f"Änderungen der Vereinbarung über die Auftragsverarbeitung (Version {new}, Punkt "
        "XIII.b) zu.",
        "Zustimmung zu den Änderungen der Vereinbarung",
    )
    others = [
        *(
            ["kein Verzicht auf Ihren Widerspruch gegen Subunternehmer (Punkt VI.c)"]
            if n.period
            else []
        ),
        *(
            ["keine Zustimmung zur Verarbeitung in einem Drittstaat (Punkt V.b)"]
            if n.third_country
            else []
        ),
    ]
    if others:
        yield Paragraph(
            (
                _t(
                    "Diese Zustimmung gilt nur für die Änderungen der Vereinbarung: Sie ist "
                    f"{' und '.join(others)}."
                ),
            )
        )


def _transfer_blocks(n: Notice) -> Iterator[Block]:
    yield Heading(2, "Ersuchen um Ihre Zustimmung (Punkt V.b)")
    yield Paragraph(
        (
            _t(
                "Gemäß Punkt V.a werden alle Datenverarbeitungstätigkeiten des AUFTRAGNEHMERS "
                "ausschließlich innerhalb der EU bzw. des EWR durchgeführt; jede Verlagerung der "
                "Leistungserbringung in einen Drittstaat erfolgt gemäß Punkt V.b nur nach Ihrer "
                "schriftlichen Zustimmung. Die folgenden Subunternehmer verarbeiten Daten "
                "außerhalb der EU und des EWR:",
            ),
        )
    )
    yield Bullets(tuple(_transfer(t) for t in n.third_country))
    yield Paragraph(
        (
            _t(
                "Wir ersuchen Sie um Ihre vorherige schriftliche Zustimmung zu dieser "
                "Verarbeitung in einem Drittstaat: mit der folgenden Erklärung, unterschrieben, "
                "als PDF per E-Mail oder per Post an unseren Datenschutzkontakt (eine "
                "qualifizierte elektronische Signatur genügt ebenso, § 4 Abs. 1 SVG). Ohne Ihre "
                "schriftliche Zustimmung werden Ihre Daten dort nicht verarbeitet.",
            ),
        )
    )
    names = ", ".join(t.subprocessor.name for t in n.third_country)
    yield from _declaration(
        n,
        n.transfer_subject,
        f"Wir stimmen der Verarbeitung unserer Daten durch {names} außerhalb der EU und des "
        f"EWR, wie mit der Mitteilung vom {format_date(n.date)} beschrieben (Vereinbarung über "
        f"die Auftragsverarbeitung, Version {n.version}, Punkt V.b), zu.",
        "Zustimmung zur Verarbeitung in einem Drittstaat",
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
                "(Punkt VIII). Eine E-Mail genügt; maßgeblich ist, dass Ihr Widerspruch "
                f"spätestens am {format_date(reckoning.last_day)} bei uns eingeht:"
            ),
        )
    )
    yield contact
    names = ", ".join(c.key for c in n.changes.subprocessors)
    body = (
        f"Wir widersprechen der mit der Mitteilung vom {format_date(n.date)} mitgeteilten "
        f"Änderung der Subunternehmer (Vereinbarung über die Auftragsverarbeitung, Version "
        f"{n.version}, Punkt VI.c): {names}{'' if names.endswith('.') else '.'}"
        f"\n\n{_signer(n)}"
    )
    mailto = (
        f"mailto:{quote(n.contact.email, safe='@.+-_')}?subject={quote(n.objection_subject)}"
        f"&body={quote(body)}"
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
    yield Paragraph(
        (
            _t(
                "Punkt VI.c regelt nicht ausdrücklich, was auf einen Widerspruch folgt. Nach "
                "Eingang Ihres Widerspruchs melden wir uns bei Ihnen; den Subunternehmer, dem Sie "
                "widersprochen haben, setzen wir für die Verarbeitung Ihrer Daten nicht ein, "
                "solange wir mit Ihnen keine Lösung gefunden haben."
            ),
        )
    )


def _which_period(n: Notice, period: ApplicablePeriod) -> str:
    """Why the notice quotes the period it quotes, where VI.c or V changes too, or an earlier
    amendment of VI.c binds only those who agreed to it."""
    c = n.classification
    held = period.held.wording
    source = f"Punkt VI.c in der Fassung der Version {period.held_by}, die alle Kunden bindet"
    if period.reason == "stated" and period.period != period.held:
        why = (
            f"Für diese Mitteilung gewähren wir Ihnen die Frist „{period.period.wording}“; "
            f"{source}, sieht „{held}“ vor."
        )
    else:
        why = f"Für diese Mitteilung gilt die Frist von {source}: „{held}“."
    if period.reason == "held":
        return (
            f"{why} Eine spätere Änderung von Punkt VI.c bindet nur Kunden, die ihr schriftlich "
            "zugestimmt haben (Punkt XIII.b); die Frist dieser Mitteilung ist für alle die "
            "bisherige."
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
            *(
                Bullet(_t(_a(text, target)))
                for text, target in (
                    ("Dieselben Änderungen zum Ausdrucken (PDF)", links.redline_pdf),
                    (
                        "Dieselben Änderungen als Word-Dokument mit nachverfolgten Änderungen",
                        links.redline_docx,
                    ),
                )
                if target is not None
            ),
            Bullet(_t(_a(f"Version {n.version} als Text", links.text))),
            Bullet(_t(_a(f"Version {n.version} als PDF", links.pdf))),
            Bullet(_t(_a("Diese Mitteilung auf der Website", links.notice))),
        )
    )


def _contact(n: Notice, phone: bool = False) -> Paragraph:
    """Where to write to (the data protection contact of VIII); a telephone number only where
    the notice names it for questions, never as an address for a written declaration."""
    person, sender = n.contact, n.sender
    lines = [
        _t(f"{person.name}, {person.function}"),
        _t("E-Mail: ", Span(person.email, mail=True)),
        _t("Post: ", ", ".join((sender.name, *_letter_address(n)))),
    ]
    if phone and person.phone:
        lines.append(_t(f"Telefon: {person.phone}"))
    return Paragraph(tuple(lines))


def _letter_address(n: Notice) -> tuple[str, ...]:
    """The sender's address as a German letter writes it: the country in German."""
    *lines, country = n.sender.address_lines
    return (*lines, country_in_german(country))


def _head(kind: ChangeKind, subject: str, effective: str) -> Line:
    return _t(_b(f"{LABELS[kind]}:"), f" {subject} (wirksam ab {effective})")


def _field_lines(label: str, old: tuple[str, ...], new: tuple[str, ...]) -> Iterator[Line]:
    """One field that changed: `old → new` for a single value, added and removed for a list."""
    if len(old) <= 1 and len(new) <= 1:
        if not old:
            yield _t(f"{label}: {ENTRY['added']} {_quoted(new)}")
        elif not new:
            yield _t(f"{label}: {ENTRY['removed']} (bisher {_quoted(old)})")
        else:
            yield _t(f"{label}: {_quoted(old)} → {_quoted(new)}")
        return
    added = [value for value in new if value not in old]
    removed = [value for value in old if value not in new]
    for value in added:
        yield _t(f"{label}, {ENTRY['added']}: „{value}“")
    for value in removed:
        yield _t(f"{label}, {ENTRY['removed']}: „{value}“")
    if not added and not removed:
        yield _t(f"{label}: Reihenfolge {ENTRY['changed']}")


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
    table: TableOf[Subprocessor],
    change: RowChange[Subprocessor],
    effective: str,
    abroad: Collection[str] = (),
) -> Bullet:
    """A subprocessor added, removed or changed. One replaced in place is announced as what it
    is in law: a new subprocessor, with all its details, and the end of the old one. One that
    processes outside the EU/EEA does so for a customer's data only with their consent (V.b)."""
    if change.new is not None and change.new.name in abroad:
        effective = (
            f"{effective}; außerhalb der EU und des EWR für Ihre Daten erst mit Ihrer "
            "schriftlichen Zustimmung, Punkt V.b"
        )
    if change.replaced:
        head = _t(
            _b("Neu:"),
            f" {change.key}, anstelle von {change.old_key} (wirksam ab {effective})",
        )
        ended = _t(
            f"{change.old_key} wird ab {effective.split(';')[0]} nicht mehr als Subunternehmer "
            "beauftragt."
        )
        return Bullet(head, (*_all_fields(table, change.row), ended))
    head = _head(change.kind, change.row.name, effective)
    if change.old is not None and change.new is not None:
        before = _subprocessor_values(change.old, table.values(change.old))
        after = _subprocessor_values(change.new, table.values(change.new))
        return Bullet(head, _changed(change.fields, lambda f: (before[f.field], after[f.field])))
    return Bullet(head, _all_fields(table, change.row))


def _all_fields(table: TableOf[Subprocessor], s: Subprocessor) -> tuple[Line, ...]:
    values = _subprocessor_values(s, table.values(s))
    return tuple(
        _t(f"{column.label}: {'; '.join(values[column.field])}")
        for column in table.columns
        if values[column.field] and column.field != "name"
    )


_CONSENT_ONLY = "nur mit Ihrer schriftlichen Zustimmung, Punkt XIII.b"


def _measure(change: RowChange[MeasureCategory], effective: str) -> Bullet:
    """A category of Anlage 1 added, removed or changed. A measure removed without a named
    replacement, or a category removed, lowers the protection: it needs the customer's
    consent (XIII.b); a replacement is named beside the measure it replaces (VII.b)."""
    category = change.row
    if change.kind == "removed":
        head = _t(_b(f"{LABELS['removed']}:"), f" Kategorie {category.key} ({_CONSENT_ONLY})")
        return Bullet(head)
    head = _head(change.kind, f"Kategorie {category.key}", effective)
    if change.kind == "changed" and change.new is not None:
        lowered = set(unreplaced_measures(change))
        lines = []
        for line in _changed(change.fields, lambda f: (f.old, f.new)):
            text = "".join(span.text for span in line)
            removed = text.removeprefix(f"Maßnahmen, {ENTRY['removed']}: „").removesuffix("“")
            if removed != text and removed in lowered:
                line = _t(f"{text} ({_CONSENT_ONLY}, siehe unten)")
            elif removed != text and (instead := change.new.replacement_of(removed)):
                line = _t(f"{text}, {ENTRY['replaced']} durch „{instead}“")
            lines.append(line)
        return Bullet(head, tuple(lines))
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
