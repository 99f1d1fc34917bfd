"""The rules of a pull request against its base version, and the reviewers' summary in Markdown.

`avv check` validates one version (processing outside the EU/EEA only under a safeguard, V.a,
is one of its rules); a pull request also changes a version that customers may already have. The
rules here compare the two: a new version needs a new, later id (XIII.b), a subprocessor change
must leave the customers their month to object (VI.c), a move to a third country needs the
customers' consent (V.b), and changes of the measures (VII.c) and of the instruction recipients
(VIII) are to be notified. The rules are pure
functions; `load_base` is the one place that reads the base from git, through `avv.repo.history`.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from types import FrameType
from typing import Any, Literal, TypeVar

from avv.changes import kinds, redline
from avv.changes.tables import Changes, RowChange, tables
from avv.changes.words import ENTRY, TEXT
from avv.content.canonical import content_hash
from avv.content.load import META, load
from avv.content.yamlfields import top_fields
from avv.documents import notice_render, redline_render
from avv.errors import AvvError, InvalidAgreement
from avv.german import format_date, format_long_date
from avv.law import deadline
from avv.law.binding import day_of_notice, is_offer
from avv.law.deadline import ObjectionPeriod
from avv.law.objection import stated_period
from avv.law.timeline import is_later
from avv.model import EU_EEA, Agreement, Source
from avv.notices import notice
from avv.notices.links import VersionPaths
from avv.repo import history
from avv.templating import render

Severity = Literal["error", "note"]

NO_NOTICE = "keine mitteilungspflichtigen Änderungen"
# The kinds of change as the summary names them (CONTRIBUTING.md, "Was eine Änderung …").
KIND_LABELS = {
    "notice": "Mitteilung",
    "consent": "Zustimmung",
    "amendment": "Vertragsänderung",
    "editorial": "redaktionell",
}
# What a reviewer does with a note: it is no error, the draft notice shows what customers get.
_READ_NOTICE = "nichts zu beheben: den Entwurf der Mitteilung unten lesen"
# A period in words: one of each unit, and the plural.
_SPANS = {
    "days": ("ein Tag", "Tage"),
    "weeks": ("eine Woche", "Wochen"),
    "months": ("ein Monat", "Monate"),
}


@dataclass(frozen=True)
class Finding:
    """One result of the rules: `path:line: message (clause) — hint`; errors fail the check."""

    severity: Severity
    path: str
    line: int
    clause: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    def __str__(self) -> str:
        text = f"{self.where}: {self.message} ({self.clause})"
        return text + (f" — {self.hint}" if self.hint else "")


@dataclass(frozen=True)
class Base:
    """The version a pull request is checked against, with the ids its history has published."""

    ref: str
    commit: str
    agreement: Agreement
    files: Mapping[str, str]
    published_ids: frozenset[str]
    # The history up to the base (oldest first): which VI.c binds every customer.
    earlier: tuple[Agreement, ...] = ()

    @property
    def history(self) -> tuple[Agreement, ...]:
        """The versions up to and with the base, the base last."""
        before = tuple(a for a in self.earlier if a.version != self.agreement.version)
        return (*before, self.agreement)


def load_base(repo: Path, ref: str) -> Base:
    """The base `ref` from git; a missing base or one that is not an ancestor of HEAD is an
    error that says what to do."""
    commit = base_commit(repo, ref)
    files = history.files_at(repo, commit)
    try:
        agreement = load(files)
    except InvalidAgreement as error:
        raise history.HistoryError(
            f"die Basis {ref} ({commit[:12]}) enthält keine gültige Vereinbarung:\n{error}"
        ) from error
    past = history.versions(repo, commit)
    published = frozenset(version.id for version in past)
    earlier = tuple(version.agreement for version in past if version.problem is None)
    return Base(ref, commit, agreement, files, published, earlier)


def base_commit(repo: Path, ref: str) -> str:
    """The commit of a pull request's base `ref`, which must be an ancestor of HEAD."""
    remote, _, branch = ref.partition("/") if "/" in ref else ("origin", "", ref)
    fetch = f"git fetch {remote} {branch}"
    with history.open_repo(repo) as git:
        base, head = git.resolve(ref), git.resolve("HEAD")
        if base is None:
            raise history.HistoryError(
                f"die Basis {ref!r} ist kein Commit in {git.root} — zuerst holen: `{fetch}` "
                "(in GitHub Actions: actions/checkout mit `fetch-depth: 0`)"
            )
        if head is None or not git.is_ancestor(base, head):
            raise history.HistoryError(
                f"die Basis {ref!r} ({base[:12]}) ist kein Vorfahre von HEAD — gegen den Branch "
                f"prüfen, von dem dieser abzweigt, oder ihn aktualisieren: `{fetch}` und "
                f"`git merge {ref}` (im Pull Request: die Schaltfläche „Update branch“)"
            )
    return base


def check(
    base: Base, new: Agreement, files: Mapping[str, str], today: date | None = None
) -> tuple[Finding, ...]:
    """Every finding of `new` (read from `files`) against `base` on the day `today` (of the
    check; None: no rule of the day), errors first."""
    classification = kinds.classify(base.agreement, new)
    changes = classification.table_changes
    period_findings = list(_period_rules(classification, files, base.history))
    period = None if period_findings else _applicable(classification, base.history)
    found = [
        *_version_rules(base, new, files, today),
        *_date_rules(base, new, files, today),
        *_notice_day_rules(base, new, files),
        *_signature_rules(base, classification, files),
        *period_findings,
        *_subprocessor_rules(changes, files, period),
        *_third_country_rules(classification),
        *_notifiable(changes),
        *_amendments(classification),
    ]
    return tuple(sorted(found, key=lambda f: (not f.is_error, f.path, f.line)))


def _applicable(
    classification: kinds.Classification, earlier: Sequence[Agreement]
) -> ObjectionPeriod:
    new = classification.new
    return kinds.applicable_period(classification, stated_period(new), earlier).period


def _period_rules(
    c: kinds.Classification, files: Mapping[str, str], earlier: Sequence[Agreement]
) -> Iterator[Finding]:
    """VI.c must state a period that can be counted; which one applies must be clear (VI.c)."""
    key = "objection_period" if c.new.meta.objection_period else "effective"
    at = Source(META, meta_line(files, key))
    notice = day_of_notice(c.new.meta.published, c.new.meta.effective).given
    for problem in kinds.period_problems(c, stated_period(c.new), at, notice, earlier):
        yield Finding("error", problem.path, problem.line, "VI.c", problem.message, problem.hint)


def changed_files(old: Mapping[str, str], new: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(sorted(p for p in set(old) | set(new) if old.get(p) != new.get(p)))


def meta_line(files: Mapping[str, str], key: str) -> int:
    """The line of a top-level field of contract/meta.yaml (1 where it has none)."""
    field = top_fields(files.get(META, "")).get(key)
    return field.line if field else 1


def free_id(published: date, base_id: str, taken: Collection[str]) -> str:
    """A version id for a hint: the day of notice, with -2, -3, … where that is not free."""
    candidate, number = published.isoformat(), 1
    while candidate in taken or not is_later(candidate, base_id):
        number += 1
        candidate = f"{max(published.isoformat(), base_id[:10])}-{number}"
    return candidate


def _version_rules(
    base: Base, new: Agreement, files: Mapping[str, str], today: date | None = None
) -> Iterator[Finding]:
    old = base.agreement
    if content_hash(old) == content_hash(new):
        return
    line = meta_line(files, "version")
    # An id of a day the date rules accept: not before the base's announcement or today.
    day = max(new.meta.published, old.meta.published, today or new.meta.published)
    suggestion = free_id(day, old.version, base.published_ids)
    hint = (
        f"`version: {suggestion}` setzen: eine Version nach {old.version}, die noch nie "
        "veröffentlicht wurde"
        + (f", mit `published: {day}` oder später" if day != new.meta.published else "")
    )
    if new.version == old.version:
        edited = ", ".join(changed_files(base.files, files)) or "der Inhalt"
        yield Finding(
            "error",
            META,
            line,
            "XIII.b",
            f"geändert: {edited}, aber die Version ist noch {old.version}: "
            "jede Änderung ist eine neue Fassung",
            hint,
        )
    elif new.version in base.published_ids:
        yield Finding(
            "error",
            META,
            line,
            "XIII.b",
            f"die Version {new.version} ist schon veröffentlicht: eine veröffentlichte Fassung "
            "ändert sich nie, auch ein Revert nimmt sie nicht zurück",
            f"stattdessen eine neue Version veröffentlichen: {hint}",
        )
    elif not is_later(new.version, old.version):
        yield Finding(
            "error",
            META,
            line,
            "XIII.b",
            f"die Version {new.version} ist nicht später als die Version {old.version} der Basis",
            hint,
        )


def _date_rules(
    base: Base, new: Agreement, files: Mapping[str, str], today: date | None
) -> Iterator[Finding]:
    """A new version is announced on or after the base's announcement and the day of the
    check, and takes effect after the base: the timeline only moves forward."""
    old = base.agreement
    if new.version == old.version or content_hash(old) == content_hash(new):
        return
    published, effective = new.meta.published, new.meta.effective
    at_published = meta_line(files, "published")
    if published < old.meta.published:
        yield Finding(
            "error",
            META,
            at_published,
            "VI.c",
            f"published {published} liegt vor der Bekanntgabe der Basis {old.version} "
            f"({old.meta.published}): eine Bekanntgabe wird nicht rückdatiert",
            f"`published` auf den Tag der Bekanntgabe setzen, frühestens {old.meta.published}",
        )
    if today is not None and published < today:
        yield Finding(
            "error",
            META,
            at_published,
            "VI.c",
            f"published {published} liegt vor dem Tag der Prüfung ({today}): die Frist der "
            "Kunden liefe ab einem vergangenen Tag",
            f"`published` auf {today} oder später setzen",
        )
    if effective <= old.meta.effective:
        yield Finding(
            "error",
            META,
            meta_line(files, "effective"),
            "XIII.b",
            f"effective {effective} liegt nicht nach dem Inkrafttreten der Basis "
            f"{old.version} ({old.meta.effective}): Versionen treten nacheinander in Kraft",
            f"`effective` auf einen Tag nach {old.meta.effective} setzen",
        )


def _notice_day_rules(base: Base, new: Agreement, files: Mapping[str, str]) -> Iterator[Finding]:
    """A notice given on a Saturday, Sunday or holiday counts as given on the next working day
    (the generous reading, as for the last day): the reviewers learn from which day it counts."""
    if new.version == base.agreement.version or content_hash(base.agreement) == content_hash(new):
        return
    day = day_of_notice(new.meta.published, new.meta.effective)
    if not day.moved:
        return
    days = " und ".join(f"{format_date(off.day)} ({_day_off(off)})" for off in day.moved)
    yield Finding(
        "note",
        META,
        meta_line(files, "published"),
        "VI.c",
        f"published {new.meta.published} ist kein Werktag: {days} — die Mitteilung gilt als am "
        f"{format_long_date(day.given)} gegeben, ab dann zählen die Fristen",
        "einen Werktag als `published` wählen, oder so lassen: die Mitteilung nennt beide Tage",
    )


def _signature_rules(
    base: Base, c: kinds.Classification, files: Mapping[str, str]
) -> Iterator[Finding]:
    """A version's copy never shows a processor signature older than the version: an offer
    (XIII.b, V.b) is signed anew, or its copies print the processor's blank to sign."""
    new = c.new
    if new.version == base.agreement.version or new.meta.processor_signed:
        return
    signature = new.meta.processor_signature
    what = (
        "diese Fassung ist ein Angebot (Vertragsänderung oder Zustimmung): die Kunden "
        "unterschreiben sie neu, der AUFTRAGNEHMER auch"
        if any(kind in ("amendment", "consent") for kind in c.kinds)
        else "eine Unterschrift steht nie unter einer späteren Fassung"
    )
    yield Finding(
        "note",
        META,
        meta_line(files, "signature"),
        "XIII.b",
        f"die Unterschrift des AUFTRAGNEHMERS ist vom {format_date(signature.date)}, älter als "
        f"die Bekanntgabe dieser Fassung ({format_date(new.meta.published)}): {what} — ihre "
        "Kopie zum Unterschreiben zeigt daher statt der Unterschrift das leere Feld des "
        "AUFTRAGNEHMERS",
        "unter `signature.processor` Ort (`place`), Datum (`date`, frühestens "
        f"{new.meta.published}) und Unterzeichner (`signatory`) der neuen Unterschrift "
        "eintragen, oder so lassen: das leere Feld unterschreibt der AUFTRAGNEHMER dann selbst",
    )


def _day_off(off: deadline.DayOff) -> str:
    words = {
        "saturday": "Samstag",
        "sunday": "Sonntag",
        "good_friday": "Karfreitag",
        "24_december": "Heiliger Abend",
    }
    named = [off.holiday if r == "public_holiday" else words[r] for r in off.reasons]
    return ", ".join(dict.fromkeys(named))


def _subprocessor_rules(
    changes: Changes, files: Mapping[str, str], period: ObjectionPeriod | None
) -> Iterator[Finding]:
    """Each subprocessor change leaves the customers the whole objection period; without a
    period that can be read, `_period_rules` has already failed the check."""
    if period is None:
        return
    published, effective = changes.new.meta.published, changes.new.meta.effective
    given = day_of_notice(published, effective).given
    last_day = deadline.last_day(given, period)
    notice_day = f"Bekanntgabe am {published}" + (
        f", die als am {given} gegeben gilt" if given != published else ""
    )
    one, many = _SPANS[period.unit]
    span = one if period.count == 1 else f"{period.count} {many}"
    where = f"{META}:{meta_line(files, 'effective')}"
    for change in changes.subprocessors:
        source = change.row.source
        what = f'der Subunternehmer "{change.key}" {_described(change)}'
        if effective <= last_day:
            yield Finding(
                "error",
                source.path,
                source.line,
                "VI.c",
                f"{what} tritt am {effective} in Kraft, vor oder am letzten Tag der "
                f"Widerspruchsfrist ({last_day}, {span} ab {notice_day}): "
                "die Kunden könnten nicht rechtzeitig widersprechen",
                f"`effective` ({where}) auf {last_day + timedelta(days=1)} oder später setzen, "
                "oder früher bekannt geben (`published`)",
            )
        else:
            yield Finding(
                "note",
                source.path,
                source.line,
                "VI.c",
                f"{what}: mitteilungspflichtig, die Kunden können bis {last_day} widersprechen; "
                f"tritt am {effective} in Kraft",
                _READ_NOTICE,
            )


def _third_country_rules(classification: kinds.Classification) -> Iterator[Finding]:
    """A move to a third country needs the customers' consent (V.b); that there is a safeguard
    at all (V.a) is a rule of the single version, in `avv.content.validate`."""
    # The subprocessors for which the draft notice asks for consent: new in a third country.
    consent = {t.subprocessor.name for t in classification.third_country}
    for subprocessor in classification.new.subprocessors:
        safeguard = subprocessor.safeguard
        if safeguard is None or subprocessor.name not in consent:
            continue
        source = subprocessor.source
        countries = ", ".join(dict.fromkeys(c for c in subprocessor.countries if c not in EU_EEA))
        yield Finding(
            "note",
            source.path,
            source.line,
            "V.b",
            f'der Subunternehmer "{subprocessor.name}" verarbeitet außerhalb der EU bzw. des '
            f"EWR ({countries}) mit {safeguard.kind} ({safeguard.reference}): der Entwurf der "
            "Mitteilung ersucht die Kunden um ihre schriftliche Zustimmung",
            "die schriftliche Zustimmung der Kunden abwarten, bevor dort verarbeitet wird",
        )


def _notifiable(changes: Changes) -> Iterator[Finding]:
    for measure in changes.measures:
        source = measure.row.source
        yield Finding(
            "note",
            source.path,
            source.line,
            "VII.c",
            f"die technischen und organisatorischen Maßnahmen der Kategorie {measure.row.number} "
            f'"{measure.row.title}" {_described(measure)}: schriftlich mitzuteilen',
            _READ_NOTICE,
        )
    for recipient in changes.recipients:
        source = recipient.row.source
        yield Finding(
            "note",
            source.path,
            source.line,
            "VIII",
            f'der Weisungsempfänger "{recipient.key}" {_described(recipient)}: '
            "schriftlich mitzuteilen",
            _READ_NOTICE,
        )


def _amendments(classification: kinds.Classification) -> Iterator[Finding]:
    """Every other change of the text or of III: an amendment, not a notice (XIII.b)."""
    old, new = classification.old.version, classification.new
    for change in classification.of("amendment"):
        base_line = "; Zeile der Basis" if change.status == "removed" else ""
        hint = "nichts zu beheben: die Kunden erhalten die Änderung mit der Redline zur Zustimmung"
        if change.target == classification.new.measures_annex.id:
            hint = (
                "tritt eine andere Maßnahme an ihre Stelle (VII.b), sie in der Kategorie unter "
                "`replacements:` nennen (`measure:` die neue, `replaces:` die alte): dann bleibt "
                "es eine Mitteilung (VII.c); sonst braucht die Streichung die schriftliche "
                "Zustimmung der Kunden"
            )
        yield Finding(
            "note",
            change.source.path,
            change.source.line,
            "XIII.b",
            f"{change.subject} ({_status(change, new)}{base_line}): eine Änderung der "
            "Vereinbarung, keine Mitteilung — sie braucht die schriftliche Zustimmung der Kunden; "
            f"bis dahin gilt für sie Version {old}",
            hint,
        )


def _status(change: kinds.Change, agreement: Agreement) -> str:
    """A change's status in words (avv.changes.words): an entry's where it is a row of a table,
    the text's otherwise."""
    rows = {table.id for table in tables(agreement).all()} | {a.id for a in agreement.annexes}
    return (ENTRY if change.target in rows else TEXT)[change.status]


def _described(change: RowChange[Any]) -> str:
    """`(neu)`, `(geändert: country, purpose)`, `(ersetzt …)` or `(entfernt; …)`: a removed
    row's source is its line at the base."""
    if change.kind == "removed":
        return f"({ENTRY['removed']}; die Zeile ist die der Basis)"
    if change.replaced:
        return f'({ENTRY["replaced"]} "{change.old_key}" in derselben Zeile)'
    if change.kind == "changed":
        return f"({ENTRY['changed']}: {', '.join(f.field for f in change.fields)})"
    return f"({ENTRY['added']})"


# The summary for reviewers.


class OutOfTime(Exception):
    """The check's time bound passed while a part of it was being made."""


@dataclass
class Bound:
    """The check's overall time bound: once `seconds` have passed, the part being made stops,
    and each part after it is left out; `cut` names them, and the summary says so."""

    seconds: float
    cut: list[str] = field(default_factory=list)

    @contextmanager
    def armed(self) -> Iterator[None]:
        """Within the block, OutOfTime is raised once the time has passed (a timer signal of
        the main thread, so no input keeps the check from ending)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def expired(_signum: int, _frame: FrameType | None) -> None:
            raise OutOfTime

        before = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, before)

    def run(self, part: str, make: Callable[[], T]) -> T | None:
        """`make()`, or None where the time has passed (now or in an earlier part)."""
        if not self.cut:
            try:
                return make()
            except OutOfTime:
                pass
        self.cut.append(part)
        return None

    def note(self, part: str) -> str:
        return (
            f"⏱️ *{part}: nicht erstellt — die Prüfung hat ihre Zeitgrenze von "
            f"{self.seconds:g} s erreicht.* Lokal ohne Grenze: `avv compare` bzw. `avv notice`."
        )


T = TypeVar("T")


def summary(
    base: Base,
    new: Agreement,
    findings: Collection[Finding],
    site_url: str = "",
    bound: Bound | None = None,
) -> str:
    """The check's page for reviewers: versions, findings, the redline and the draft notice.

    The draft links as the notice will on its page (`<version>/mitteilung/`): to the redline of
    exactly this change, the new version's text and PDF, its calendar entry and the objection
    by e-mail; with `site_url` the links are the future site's addresses. Under a `bound`, each
    part that the time bound cut short is a note that says so."""
    old = base.agreement
    bound = bound or Bound(float("inf"))

    def draft() -> str:
        try:
            drafted = notice.notice_for(
                old, new, site_url, VersionPaths(new.version).notice, earlier=base.history
            )
        except InvalidAgreement:
            drafted = None  # VI.c states no period that can be counted: a finding says so
        if drafted is None:
            return NO_NOTICE + "."
        return notice_render.render_markdown(drafted, heading_level=4).strip()

    classified = bound.run("Art der Änderungen", lambda: kinds.classify(old, new))
    redlined = bound.run(
        "Redline",
        lambda: redline_render.render_markdown(redline.redline(old, new), level=3).strip(),
    )
    drafted = bound.run("Entwurf der Mitteilung", draft)
    return render(
        "text/pr_summary.md.j2",
        base=base,
        old=old,
        new=new,
        errors=sum(f.is_error for f in findings),
        findings=findings,
        changes=classified.changes if classified is not None else None,
        offer=classified is not None and is_offer(classified.kinds),
        changes_cut=bound.note("Art der Änderungen"),
        notice_page=VersionPaths(new.version).notice,
        absolute=bool(site_url),
        linked=drafted is not None and drafted != NO_NOTICE + ".",
        kind_labels=KIND_LABELS,
        status=lambda change: _status(change, new),
        redline=redlined if redlined is not None else bound.note("Redline"),
        notice=drafted if drafted is not None else bound.note("Entwurf der Mitteilung"),
    )


def failure_summary(error: AvvError) -> str:
    """The summary when there is nothing to compare: the version's problems, or why the base
    could not be read."""
    problems = error.problems if isinstance(error, InvalidAgreement) else ()
    return render("text/pr_failure.md.j2", problems=problems, error=error)
