"""The rules of a pull request against its base version, and the reviewers' summary in Markdown.

`avv check` validates one version; a pull request also changes a version that customers may
already have. The rules here compare the two: a new version needs a new, later id (XIII.b), a
subprocessor change must leave the customers their month to object (VI.c), processing stays in
the EU/EEA unless a safeguard is named and the customers consent (V.a, V.b), and changes of the
measures (VII.c) and of the instruction recipients (VIII) are to be notified. The rules are pure
functions; `load_base` is the one place that reads the base from git, through `avv.history`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from avv import deadline, history, kinds, notice, notice_render, redline, redline_render
from avv.canonical import content_hash
from avv.changes import Changes, RowChange
from avv.content import META, load
from avv.deadline import ObjectionPeriod
from avv.errors import AvvError, InvalidAgreement
from avv.model import EU_EEA, Agreement, Source
from avv.objection import stated_period
from avv.templating import render
from avv.timeline import is_later

Severity = Literal["error", "note"]

NO_NOTICE = "keine mitteilungspflichtigen Änderungen"
# The kinds of change as the summary names them (CONTRIBUTING.md, "Was eine Änderung …").
KIND_LABELS = {
    "notice": "Mitteilung",
    "consent": "Zustimmung",
    "amendment": "Vertragsänderung",
    "editorial": "redaktionell",
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


def load_base(repo: Path, ref: str) -> Base:
    """The base `ref` from git; a missing base or one that is not an ancestor of HEAD is an
    error that says what to do."""
    commit = base_commit(repo, ref)
    files = history.files_at(repo, commit)
    try:
        agreement = load(files)
    except InvalidAgreement as error:
        raise history.HistoryError(
            f"the base {ref} ({commit[:12]}) does not hold a valid agreement:\n{error}"
        ) from error
    published = frozenset(version.id for version in history.versions(repo, commit))
    return Base(ref, commit, agreement, files, published)


def base_commit(repo: Path, ref: str) -> str:
    """The commit of a pull request's base `ref`, which must be an ancestor of HEAD."""
    remote, _, branch = ref.partition("/") if "/" in ref else ("origin", "", ref)
    fetch = f"git fetch {remote} {branch}"
    with history.open_repo(repo) as git:
        base, head = git.resolve(ref), git.resolve("HEAD")
        if base is None:
            raise history.HistoryError(
                f"the base {ref!r} is not a commit in {git.root} — fetch it first: `{fetch}` "
                "(in GitHub Actions: actions/checkout with `fetch-depth: 0`)"
            )
        if head is None or not git.is_ancestor(base, head):
            raise history.HistoryError(
                f"the base {ref!r} ({base[:12]}) is not an ancestor of HEAD — check against "
                f"the branch this one was made from, or bring it up to date: `{fetch}` and "
                f"`git merge {ref}`"
            )
    return base


def check(base: Base, new: Agreement, files: Mapping[str, str]) -> tuple[Finding, ...]:
    """Every finding of `new` (read from `files`) against `base`, errors first."""
    classification = kinds.classify(base.agreement, new)
    changes = classification.table_changes
    period_findings = list(_period_rules(classification, files))
    period = None if period_findings else _applicable(classification)
    found = [
        *_version_rules(base, new, files),
        *period_findings,
        *_subprocessor_rules(changes, files, period),
        *_third_country_rules(classification),
        *_notifiable(changes),
        *_amendments(classification),
    ]
    return tuple(sorted(found, key=lambda f: (not f.is_error, f.path, f.line)))


def _applicable(classification: kinds.Classification) -> ObjectionPeriod:
    return kinds.applicable_period(classification, stated_period(classification.new)).period


def _period_rules(c: kinds.Classification, files: Mapping[str, str]) -> Iterator[Finding]:
    """VI.c must state a period that can be counted; which one applies must be clear (VI.c)."""
    key = "objection_period" if c.new.meta.objection_period else "effective"
    at = Source(META, meta_line(files, key))
    for problem in kinds.period_problems(c, stated_period(c.new), at):
        yield Finding("error", problem.path, problem.line, "VI.c", problem.message, problem.hint)


def changed_files(old: Mapping[str, str], new: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(sorted(p for p in set(old) | set(new) if old.get(p) != new.get(p)))


def meta_line(files: Mapping[str, str], key: str) -> int:
    """The line of a top-level field of contract/meta.yaml (1 where it has none)."""
    lines = files.get(META, "").splitlines()
    return next((n for n, text in enumerate(lines, 1) if text.startswith(f"{key}:")), 1)


def free_id(published: date, base_id: str, taken: Collection[str]) -> str:
    """A version id for a hint: the day of notice, with -2, -3, … where that is not free."""
    candidate, number = published.isoformat(), 1
    while candidate in taken or not is_later(candidate, base_id):
        number += 1
        candidate = f"{max(published.isoformat(), base_id[:10])}-{number}"
    return candidate


def _version_rules(base: Base, new: Agreement, files: Mapping[str, str]) -> Iterator[Finding]:
    old = base.agreement
    if content_hash(old) == content_hash(new):
        return
    line = meta_line(files, "version")
    suggestion = free_id(new.meta.published, old.version, base.published_ids)
    hint = f"set `version: {suggestion}` — an id later than {old.version} that was never published"
    if new.version == old.version:
        edited = ", ".join(changed_files(base.files, files)) or "the content"
        yield Finding(
            "error",
            META,
            line,
            "XIII.b",
            f"{edited} changed, but the version is still {old.version}: "
            "every change is a new version",
            hint,
        )
    elif new.version in base.published_ids:
        yield Finding(
            "error",
            META,
            line,
            "XIII.b",
            f"version {new.version} is already published: a published version never changes",
            hint,
        )
    elif not is_later(new.version, old.version):
        yield Finding(
            "error",
            META,
            line,
            "XIII.b",
            f"version {new.version} is not later than the base's version {old.version}",
            hint,
        )


def _subprocessor_rules(
    changes: Changes, files: Mapping[str, str], period: ObjectionPeriod | None
) -> Iterator[Finding]:
    """Each subprocessor change leaves the customers the whole objection period; without a
    period that can be read, `_period_rules` has already failed the check."""
    if period is None:
        return
    published, effective = changes.new.meta.published, changes.new.meta.effective
    last_day = deadline.last_day(published, period)
    unit = period.unit if period.count > 1 else period.unit[:-1]
    span = f"{'one' if period.count == 1 else period.count} {unit}"
    where = f"{META}:{meta_line(files, 'effective')}"
    for change in changes.subprocessors:
        source = change.row.source
        what = f'subprocessor "{change.key}" {_described(change)}'
        if effective <= last_day:
            yield Finding(
                "error",
                source.path,
                source.line,
                "VI.c",
                f"{what} takes effect on {effective}, on or before the last day to object "
                f"({last_day}, {span} from notice on {published}): "
                "the customers could not object in time",
                f"set `effective` ({where}) to {last_day + timedelta(days=1)} or later",
            )
        else:
            yield Finding(
                "note",
                source.path,
                source.line,
                "VI.c",
                f"{what}: notifiable, the customers may object until {last_day}; "
                f"takes effect on {effective}",
            )


def _third_country_rules(classification: kinds.Classification) -> Iterator[Finding]:
    # The subprocessors for which the draft notice asks for consent: new in a third country.
    consent = {t.subprocessor.name for t in classification.third_country}
    for subprocessor in classification.new.subprocessors:
        if not subprocessor.outside_eu_eea:
            continue
        source = subprocessor.source
        countries = ", ".join(dict.fromkeys(c for c in subprocessor.countries if c not in EU_EEA))
        safeguard = subprocessor.safeguard
        if safeguard is None:
            yield Finding(
                "error",
                source.path,
                source.line,
                "V.a",
                f'subprocessor "{subprocessor.name}" processes outside the EU/EEA ({countries}): '
                "all processing stays in the EU/EEA",
                "keep it in the EU/EEA, or add `safeguard:` with `kind: angemessenheitsbeschluss` "
                "or `kind: standardvertragsklauseln` and a `reference`; the customers must "
                "consent in writing (V.b)",
            )
        elif subprocessor.name in consent:
            yield Finding(
                "note",
                source.path,
                source.line,
                "V.b",
                f'subprocessor "{subprocessor.name}" processes outside the EU/EEA ({countries}) '
                f"under {safeguard.kind} ({safeguard.reference}): the draft notice asks for the "
                "customers' written consent",
            )


def _notifiable(changes: Changes) -> Iterator[Finding]:
    for measure in changes.measures:
        source = measure.row.source
        yield Finding(
            "note",
            source.path,
            source.line,
            "VII.c",
            f"technical and organisational measures of category {measure.row.number} "
            f'"{measure.row.title}" {_described(measure)}: to be notified in writing',
        )
    for recipient in changes.recipients:
        source = recipient.row.source
        yield Finding(
            "note",
            source.path,
            source.line,
            "VIII",
            f'instruction recipient "{recipient.key}" {_described(recipient)}: '
            "to be notified in writing",
        )


def _amendments(classification: kinds.Classification) -> Iterator[Finding]:
    """Every other change of the text or of III: an amendment, not a notice (XIII.b)."""
    old = classification.old.version
    for change in classification.of("amendment"):
        base_line = "; Zeile der Basis" if change.status == "removed" else ""
        yield Finding(
            "note",
            change.source.path,
            change.source.line,
            "XIII.b",
            f"{change.subject} ({_STATUS[change.status]}{base_line}): eine Änderung der "
            "Vereinbarung, keine Mitteilung — sie braucht die schriftliche Zustimmung der Kunden; "
            f"bis dahin gilt für sie Version {old}",
        )


_STATUS = {
    "added": "neu",
    "removed": "entfällt",
    "changed": "geändert",
    "moved": "verschoben",
    "relabelled": "neu bezeichnet",
}


def _described(change: RowChange[Any]) -> str:
    """`(added)`, `(changed: country, purpose)`, or `(removed; …)`: a removed row's source is
    its line at the base."""
    if change.kind == "removed":
        return "(removed; the line is the base version's)"
    if change.kind == "changed":
        return f"(changed: {', '.join(f.field for f in change.fields)})"
    return "(added)"


# The summary for reviewers.


def summary(base: Base, new: Agreement, findings: Collection[Finding]) -> str:
    """The check's page for reviewers: versions, findings, the redline and the draft notice."""
    old = base.agreement
    try:
        drafted = notice.notice_for(old, new)
    except InvalidAgreement:
        drafted = None  # VI.c states no period that can be counted: a finding says so
    return render(
        "text/pr_summary.md.j2",
        base=base,
        old=old,
        new=new,
        errors=sum(f.is_error for f in findings),
        findings=findings,
        changes=kinds.classify(old, new).changes,
        kind_labels=KIND_LABELS,
        status_labels=_STATUS,
        redline=redline_render.render_markdown(redline.redline(old, new), level=3).strip(),
        notice=(
            notice_render.render_markdown(drafted, heading_level=4).strip()
            if drafted
            else NO_NOTICE + "."
        ),
    )


def failure_summary(error: AvvError) -> str:
    """The summary when there is nothing to compare: the version's problems, or why the base
    could not be read."""
    problems = error.problems if isinstance(error, InvalidAgreement) else ()
    return render("text/pr_failure.md.j2", problems=problems, error=error)
