"""What each change between two versions is, legally: the one place that decides it.

The AVV lets the processor change some things by notice and others only with the customer:

- notice: Anlage 2 (VI.c: the customer may object within the period of VI.c), Anlage 1 (VII.c),
  the instruction recipients of VIII;
- consent: processing moves to a country outside the EU/EEA (V.b: only with the customer's prior
  written consent);
- amendment: every other change of the text or of III's table (XIII.b: "Änderungen und
  Ergänzungen dieser Vereinbarung müssen schriftlich erfolgen");
- editorial: white space only, the version's own id and dates, its signature block, the order of
  the rows of a table (each row is known by its name or number, not by its place).

A version can carry several kinds; a subprocessor added in a third country is both a notice and
a request for consent. Anything that differs and is none of the above is an amendment, so that a
change nobody foresaw is never published as nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from avv.changes import redline as redlines
from avv.changes.tables import DATA_CATEGORIES, RECIPIENTS, Changes, FieldChange, RowChange, compare
from avv.changes.words import ENTRY
from avv.content.canonical import to_data
from avv.content.load import META
from avv.errors import InvalidAgreement, Problem
from avv.law.binding import Kind, Terms, VersionPeriod, day_of_notice, public_period
from avv.law.deadline import ObjectionPeriod, PeriodOutOfRange, last_day
from avv.law.objection import period_clause, period_of
from avv.model import EU_EEA, Agreement, ByIdentity, MeasureCategory, Source, Subprocessor

__all__ = [
    "KINDS",
    "ApplicablePeriod",
    "Change",
    "Classification",
    "Kind",
    "ThirdCountryTransfer",
    "amends_objection_clause",
    "applicable_period",
    "classify",
    "needs_stated_period",
    "period_problems",
    "periods",
    "terms",
    "unreplaced_measures",
]

KINDS: tuple[Kind, ...] = ("notice", "consent", "amendment", "editorial")
Status = Literal["added", "removed", "changed", "moved", "relabelled"]

CONTRACT = "contract/avv.md"
_SPACE = re.compile(r"\s+")
# The lists of table rows in `to_data`: rows are known by their key, not by their place.
_ROWS = frozenset(("rows", "recipients", "measures", "subprocessors"))


@dataclass(frozen=True)
class Change:
    """One change and what it is: `clause` is the clause of the AVV that makes it so ("VI.c",
    "V.b", "XIII.b"; empty for an editorial change), `subject` what changed as a reader names it
    ("VI.c", "Anlage 2: Beispiel GmbH"), `target` the id of the clause ("vi-c") or table
    ("anlage-2") in the redline, `source` where it is written (the base's line for a removal)."""

    kind: Kind
    clause: str
    subject: str
    status: Status
    target: str
    source: Source

    @property
    def objection(self) -> bool:
        """A subprocessor change: the customer may object within the period of VI.c."""
        return self.kind == "notice" and self.clause == "VI.c"


@dataclass(frozen=True)
class ThirdCountryTransfer:
    """A subprocessor that this version brings into countries outside the EU/EEA (V.a, V.b)."""

    subprocessor: Subprocessor
    countries: tuple[str, ...]


@dataclass(frozen=True)
class Classification:
    """Every change of `new` against `old`, each with its kind, in the order of the agreement."""

    old: Agreement
    new: Agreement
    table_changes: Changes
    changes: tuple[Change, ...]
    third_country: tuple[ThirdCountryTransfer, ...]

    @property
    def kinds(self) -> tuple[Kind, ...]:
        """The kinds this version carries, in the order of `KINDS`."""
        present = {change.kind for change in self.changes}
        return tuple(kind for kind in KINDS if kind in present)

    def of(self, kind: Kind) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if change.kind == kind)

    @property
    def objection(self) -> bool:
        """Whether subprocessors change, so that the customer may object (VI.c)."""
        return any(change.objection for change in self.changes)

    @property
    def objection_clause_changed(self) -> bool:
        """Whether the clause that grants the right to object (VI.c) is amended."""
        return amends_objection_clause(self.old, self.new)

    @property
    def transfer_clause_changed(self) -> bool:
        """Whether V (where the processing takes place, V.b: third countries) is amended."""
        return any(
            c.kind == "amendment" and (c.target == "v" or c.target.startswith("v-"))
            for c in self.changes
        )

    @property
    def communicated(self) -> bool:
        """Whether the customer is to be told anything: every kind but editorial."""
        return any(change.kind != "editorial" for change in self.changes)


_CLASSIFIED: ByIdentity[Classification] = ByIdentity(512)


def classify(old: Agreement, new: Agreement) -> Classification:
    """Each change of `new` against `old` with its kind; see the module docstring.

    Kept per pair of agreement objects, which never change: a build of a long history asks for
    each pair's notice several times (its page, the notices page, the feed and the notices index
    of `avv serve`), and `avv serve` at every reload, for the same versions of the history."""
    return _CLASSIFIED.get("classify", (old, new), lambda: _classify(old, new))


def _classify(old: Agreement, new: Agreement) -> Classification:
    tables = compare(old, new)
    diff = redlines.redline(old, new)
    transfers = third_country(tables)
    found = [*_title(diff), *_text(diff), *_tables(old, new, tables, transfers)]
    if not any(change.kind != "editorial" for change in found) and _differs(old, new):
        found.append(
            Change(
                "amendment",
                "XIII.b",
                "sonstige Änderung des Inhalts",
                "changed",
                "",
                Source(CONTRACT, 0),
            )
        )
    found += _metadata(old, new)
    return Classification(old, new, tables, tuple(found), transfers)


def amends_objection_clause(old: Agreement, new: Agreement) -> bool:
    """Whether `new` amends the clause that grants the right to object (VI.c): its words, its
    place or its label differ (white space alone is editorial)."""
    before, after = period_clause(old), period_clause(new)
    if before is None or after is None:
        return before is not after
    return (before.id, before.label, _words(before.text)) != (
        after.id,
        after.label,
        _words(after.text),
    )


def periods(history: Sequence[Agreement]) -> tuple[VersionPeriod, ...]:
    """The objection period each version of a history (oldest first) states in VI.c, and
    whether it amends VI.c against the version before it; for `avv.law.binding.public_period`.
    Raises `InvalidAgreement` where a VI.c states no period that can be counted."""
    return tuple(
        VersionPeriod(
            agreement.version,
            period_of(agreement),
            position > 0 and amends_objection_clause(history[position - 1], agreement),
        )
        for position, agreement in enumerate(history)
    )


def terms(history: Sequence[Agreement]) -> tuple[Terms, ...]:
    """Each version of a history (oldest first) as `avv.law.binding` sees it: the kinds of its
    changes against the version before it (the first has none), the period its VI.c states and
    whether it amends VI.c. Raises `InvalidAgreement` where a VI.c states no period that can be
    counted."""
    found = []
    for position, (agreement, held) in enumerate(zip(history, periods(history), strict=True)):
        kinds: frozenset[Kind] = frozenset()
        if position:
            kinds = frozenset(classify(history[position - 1], agreement).kinds)
        found.append(
            Terms(agreement.version, agreement.meta.effective, kinds, held.period, held.amends)
        )
    return tuple(found)


def third_country(tables: Changes) -> tuple[ThirdCountryTransfer, ...]:
    """Subprocessors added or moved to countries outside the EU/EEA: V.b asks for consent."""
    transfers = []
    for change in tables.subprocessors:
        if change.new is None:
            continue
        # A subprocessor replaced in place is a new one: all its third countries are new.
        before = set(change.old.countries) if change.old and not change.replaced else set()
        countries = tuple(
            dict.fromkeys(
                code for code in change.new.countries if code not in EU_EEA and code not in before
            )
        )
        if countries:
            transfers.append(ThirdCountryTransfer(change.new, countries))
    return tuple(transfers)


# The text.


def _title(diff: redlines.Redline) -> Iterator[Change]:
    if redlines.changed(diff.title):
        yield _text_change(diff.title, "Titel der Vereinbarung", "changed", "", Source(CONTRACT, 1))


def _text(diff: redlines.Redline) -> Iterator[Change]:
    for section in diff.sections:
        heading = f"Überschrift von Punkt {section.number or section.old_number}"
        if section.status in ("added", "removed"):
            yield Change(
                "amendment", "XIII.b", heading, section.status, section.id, _section_source(section)
            )
        elif redlines.changed(section.title) or section.renumbered:
            yield _text_change(
                section.title, heading, "changed", section.id, _section_source(section)
            )
        for clause in section.clauses:
            if (clause.touched and clause.table is None) or clause.moved or clause.relabelled:
                yield _clause_change(clause)


def _section_source(section: redlines.SectionDiff) -> Source:
    clause = next((c.new or c.old for c in section.clauses if c.new or c.old), None)
    return clause.source if clause is not None else Source(CONTRACT, 0)


def _clause_change(clause: redlines.ClauseDiff) -> Change:
    current = clause.new or clause.old
    assert current is not None
    subject = clause.ref
    if clause.old_ref and clause.old_ref != clause.ref:
        subject = f"{clause.ref} (bisher {clause.old_ref})"
    if clause.status == "unchanged":
        status: Status = "moved" if clause.moved else "relabelled"
        return Change("amendment", "XIII.b", subject, status, clause.id, current.source)
    if (
        clause.status == "changed"
        and not (clause.moved or clause.relabelled)
        and _blank_only_diff(clause.text)
        and all(i.status != "added" and i.status != "removed" for i in clause.items)
        and all(_blank_only_diff(i.diff) for i in clause.items)
    ):
        return Change(
            "editorial", "", f"{subject}: nur Leerraum", "changed", clause.id, current.source
        )
    return Change("amendment", "XIII.b", subject, clause.status, clause.id, current.source)


def _text_change(
    diff: redlines.Diff, subject: str, status: Status, target: str, source: Source
) -> Change:
    """An amendment, or editorial where the words differ only in white space."""
    if _blank_only_diff(diff):
        return Change("editorial", "", f"{subject}: nur Leerraum", status, target, source)
    return Change("amendment", "XIII.b", subject, status, target, source)


def _blank_only_diff(diff: redlines.Diff) -> bool:
    old = "".join(s.text for s in diff if s.kind != "insert")
    new = "".join(s.text for s in diff if s.kind != "delete")
    return _words(old) == _words(new)


def _words(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


# The tables and the annexes.


def _tables(
    old: Agreement, new: Agreement, tables: Changes, transfers: tuple[ThirdCountryTransfer, ...]
) -> Iterator[Change]:
    annex_1, annex_2 = new.measures_annex, new.subprocessors_annex
    yield from _rows(
        tables.data_categories, "amendment", "XIII.b", "III, Datenkategorie", "datenkategorien"
    )
    yield from _rows(
        tables.recipients, "notice", "VIII", "VIII, Weisungsempfänger", "weisungsempfaenger"
    )
    yield from _measure_rows(tables.measures, f"Anlage {annex_1.number}", annex_1.id)
    yield from _rows(tables.subprocessors, "notice", "VI.c", f"Anlage {annex_2.number}", annex_2.id)
    for transfer in transfers:
        s = transfer.subprocessor
        yield Change(
            "consent",
            "V.b",
            f"Anlage {annex_2.number}: {s.name}, Verarbeitung in {', '.join(transfer.countries)}",
            "added" if s.name.casefold() not in _names(old.subprocessors) else "changed",
            annex_2.id,
            s.source,
        )
    yield from _headings(old, new)
    yield from _order(old, new)


def _measure_rows(
    rows: Iterable[RowChange[MeasureCategory]], where: str, target: str
) -> Iterator[Change]:
    """Changes of Anlage 1 are notices (VII.c), but VII.b allows adapting the measures to the
    state of the art, not lowering the protection Anlage 1 promises as part of the agreement
    (VII.a; Art. 28(3)(c), Art. 32 GDPR): a measure removed without a named replacement, or a
    whole category removed, is an amendment (XIII.b)."""
    for row in rows:
        if row.kind == "removed":
            yield Change(
                "amendment", "XIII.b", f"{where}: {row.key}", "removed", target, row.row.source
            )
            continue
        lowered = unreplaced_measures(row)
        for measure in lowered:
            yield Change(
                "amendment",
                "XIII.b",
                f"{where}: {_named(row)}: Maßnahme „{measure}“ {ENTRY['removed']}, ohne Ersatz",
                "removed",
                target,
                row.row.source,
            )
        rest = (
            row.new is not None
            and row.old is not None
            and (
                set(row.new.measures) - set(row.old.measures)
                or (row.new.title, row.new.description) != (row.old.title, row.old.description)
            )
        )
        if not lowered or rest:
            yield from _rows((row,), "notice", "VII.c", where, target)


def _named(row: RowChange[Any]) -> str:
    """A row as a reader names it: a category of Anlage 1 by its number and title."""
    return row.row.key if isinstance(row.row, MeasureCategory) else row.key


def unreplaced_measures(row: RowChange[MeasureCategory]) -> tuple[str, ...]:
    """The measures a changed category of Anlage 1 removes without naming a replacement."""
    if row.old is None or row.new is None:
        return ()
    kept = set(row.new.measures)
    return tuple(m for m in row.old.measures if m not in kept and row.new.replacement_of(m) is None)


def _names(subprocessors: Iterable[Subprocessor]) -> set[str]:
    return {s.name.casefold() for s in subprocessors}


def _rows(
    rows: Iterable[RowChange[Any]], kind: Kind, clause: str, where: str, target: str
) -> Iterator[Change]:
    for row in rows:
        source = getattr(row.row, "source", Source("", 0))
        subject = f"{where}: {_named(row)}"
        if row.replaced:
            # Another subprocessor in the same row is, in law, a new one (VI.c, V.b).
            yield Change(
                kind,
                clause,
                f"{subject} ({ENTRY['replaced']} {row.old_key})",
                "added",
                target,
                source,
            )
        elif row.kind == "changed" and all(_blank_only(f) for f in row.fields):
            yield Change("editorial", "", f"{subject}: nur Leerraum", "changed", target, source)
        else:
            yield Change(kind, clause, subject, row.kind, target, source)


def _blank_only(field: FieldChange) -> bool:
    return tuple(map(_words, field.old)) == tuple(map(_words, field.new))


def _headings(old: Agreement, new: Agreement) -> Iterator[Change]:
    """The annexes' titles and the tables' column headings are text of the agreement too."""
    for before, after in zip(old.annexes, new.annexes, strict=True):
        if (before.number, before.title) != (after.number, after.title):
            yield Change(
                "amendment",
                "XIII.b",
                f"Titel der Anlage {after.number}",
                "changed",
                after.id,
                Source(f"annexes/{after.id}.yaml", 0),
            )
    if old.data_category_columns != new.data_category_columns:
        yield Change(
            "amendment",
            "XIII.b",
            "III, Spaltenüberschriften der Tabelle",
            "changed",
            DATA_CATEGORIES,
            Source("annexes/datenkategorien.yaml", 0),
        )
    if old.subprocessor_columns != new.subprocessor_columns:
        yield Change(
            "amendment",
            "XIII.b",
            f"Anlage {new.subprocessors_annex.number}, Spaltenüberschriften",
            "changed",
            new.subprocessors_annex.id,
            Source(f"annexes/{new.subprocessors_annex.id}.yaml", 0),
        )


def _order(old: Agreement, new: Agreement) -> Iterator[Change]:
    """Rows that only changed places: each is known by its name, so nothing else changed."""
    tables = (
        (
            "III",
            DATA_CATEGORIES,
            [d.category for d in old.data_categories],
            [d.category for d in new.data_categories],
        ),
        (
            "VIII",
            RECIPIENTS,
            [r.name for r in old.instructions.recipients],
            [r.name for r in new.instructions.recipients],
        ),
        (
            f"Anlage {new.measures_annex.number}",
            new.measures_annex.id,
            [str(m.number) for m in old.measures],
            [str(m.number) for m in new.measures],
        ),
        (
            f"Anlage {new.subprocessors_annex.number}",
            new.subprocessors_annex.id,
            [s.name for s in old.subprocessors],
            [s.name for s in new.subprocessors],
        ),
    )
    for where, target, before, after in tables:
        kept = {key.casefold() for key in after}
        common_before = [k.casefold() for k in before if k.casefold() in kept]
        earlier = {key.casefold() for key in before}
        common_after = [k.casefold() for k in after if k.casefold() in earlier]
        if common_before != common_after:
            yield Change(
                "editorial", "", f"{where}: Reihenfolge der Zeilen", "moved", target, Source("", 0)
            )


# The version's own data.


def _metadata(old: Agreement, new: Agreement) -> Iterator[Change]:
    a, b = old.meta, new.meta
    if (a.processor_signature, a.controller_signature) != (
        b.processor_signature,
        b.controller_signature,
    ):
        yield Change("editorial", "", "Unterschriftenblock", "changed", "", Source(META, 0))
    if (a.version, a.published, a.effective, a.objection_period) != (
        b.version,
        b.published,
        b.effective,
        b.objection_period,
    ):
        yield Change("editorial", "", "Version und Daten", "changed", "", Source(META, 0))


def _differs(old: Agreement, new: Agreement) -> bool:
    """Whether the content differs beyond what is editorial: the safety net of `classify`."""
    return bool(_normal(old) != _normal(new))


def _normal(agreement: Agreement) -> Any:
    data = to_data(agreement)
    for key in ("version", "published", "effective", "objection_period", "signature"):
        data.pop(key, None)
    return _canonical(data)


def _canonical(value: Any) -> Any:
    """White space collapsed, lists of rows sorted: what editorial changes leave alone."""
    if isinstance(value, str):
        return _words(value)
    if isinstance(value, dict):
        return {
            key: sorted(map(_canonical, item), key=repr) if key in _ROWS else _canonical(item)
            for key, item in value.items()
            # Which measure replaces which explains a change; it is no content of its own.
            if key != "replacements"
        }
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    return value


# Which objection period applies to the notice.

PeriodReason = Literal["unchanged", "in_effect", "held", "stated"]
OBJECTION_PERIOD = "objection_period"


@dataclass(frozen=True)
class ApplicablePeriod:
    """The period that applies to a version's notice, and why.

    `held` is the period of the VI.c that binds every customer (`held_by` its version: the
    newest reached without an amendment of VI.c, `avv.law.binding.public_period`), `proposed`
    the one the new version's VI.c states.

    - `unchanged`: the new version's VI.c states the period that binds everyone;
    - `in_effect`: this version amends VI.c: the new period binds only those who agree (XIII.b),
      the notice counts with the one that binds everyone;
    - `held`: an earlier version amended VI.c, which binds only those who agreed to it: the
      notice to everyone counts with the period before that amendment;
    - `stated`: `objection_period` in contract/meta.yaml names it (at least the one held).
    """

    period: ObjectionPeriod
    reason: PeriodReason
    held: ObjectionPeriod
    proposed: ObjectionPeriod
    held_by: str


def held_period(earlier: Sequence[Agreement]) -> VersionPeriod:
    """The VI.c that binds every customer when the next version is announced, from the history
    up to the version in effect (oldest first)."""
    return public_period(periods(earlier))


def needs_stated_period(c: Classification) -> bool:
    """A version that changes VI.c or V together with subprocessors must say which objection
    period applies to its notice: the customer reads a new clause and a notice under the old."""
    return c.objection and (c.objection_clause_changed or c.transfer_clause_changed)


def applicable_period(
    c: Classification, stated: ObjectionPeriod | None, earlier: Sequence[Agreement] = ()
) -> ApplicablePeriod:
    """The period for the notice of `c.new`, counted with the VI.c that binds everyone among
    `earlier` (the history up to `c.old`; without it, `c.old` alone); raises
    `InvalidAgreement` where a version's VI.c states none that can be counted."""
    held = held_period(earlier or (c.old,))
    proposed = period_of(c.new)
    if stated is not None:
        return ApplicablePeriod(stated, "stated", held.period, proposed, held.id)
    reason: PeriodReason = (
        "held"
        if held.id != c.old.version and held.period != period_of(c.old)
        else "unchanged"
        if held.period == proposed
        else "in_effect"
    )
    return ApplicablePeriod(held.period, reason, held.period, proposed, held.id)


def period_problems(
    c: Classification,
    stated: ObjectionPeriod | None,
    stated_at: Source,
    notice: date | None = None,
    earlier: Sequence[Agreement] = (),
) -> list[Problem]:
    """What is wrong with the period of `c.new`'s notice given on `notice` (None: the day its
    `published` counts as given): VI.c unreadable, no statement where one is needed
    (`needs_stated_period`), or a stated period shorter than the one that binds everyone."""
    if notice is None:
        notice = day_of_notice(c.new.meta.published, c.new.meta.effective).given
    problems: list[Problem] = []
    for agreement in (*(earlier or (c.old,)), c.new):
        try:
            period_of(agreement)
        except InvalidAgreement as error:
            problems += error.problems
    if problems:
        return list(dict.fromkeys(problems))
    held = held_period(earlier or (c.old,))
    clause = period_clause(c.new)
    at_clause = clause.source if clause else stated_at
    for period, where in (
        (period_of(c.new), at_clause),
        (held.period, at_clause),
        (stated, stated_at),
    ):
        try:
            if period is not None:
                last_day(notice, period)
        except PeriodOutOfRange as error:
            problems.append(Problem(where.path, where.line, str(error)))
    if problems:
        return list(dict.fromkeys(problems))
    changed = "Punkt VI.c" if c.objection_clause_changed else "Punkt V"
    binding = held.period
    if stated is None and needs_stated_period(c):
        problems.append(
            Problem(
                stated_at.path,
                stated_at.line,
                f"diese Version ändert {changed} und die Subunternehmer, sagt aber nicht, welche "
                "Widerspruchsfrist für ihre Mitteilung gilt",
                f"tragen Sie `{OBJECTION_PERIOD}: {binding.wording or 'binnen eines Monats'}` "
                f"ein: die Frist von Punkt VI.c der Version {held.id}, die alle Kunden bindet; "
                "eine längere Frist ist möglich, eine kürzere nicht",
            )
        )
    elif stated is not None and last_day(notice, stated) < last_day(notice, binding):
        problems.append(
            Problem(
                stated_at.path,
                stated_at.line,
                f"`{OBJECTION_PERIOD}` „{stated.wording}“ endet am {last_day(notice, stated)}, vor "
                f"der Frist von Punkt VI.c der Version {held.id}, die alle Kunden bindet "
                f"(„{binding.wording}“, bis {last_day(notice, binding)}): eine Mitteilung darf "
                "die Frist nicht verkürzen",
                f"schreiben Sie `{OBJECTION_PERIOD}: {binding.wording}` oder eine längere Frist",
            )
        )
    return problems
