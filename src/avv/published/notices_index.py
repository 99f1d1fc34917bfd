"""The root notices index: `mitteilungen/index.html` and `mitteilungen.json` beside feed.xml.

Each version's own notice pages are frozen in its build, so the version in effect cannot list a
notice that came after it: the pending one, whose objection period runs. The index at the root of
the site branch lists every notice of the publication record (date, version, what kind of change,
last day to object) with its notice page, redline and calendar entry, and is rewritten by every
publish. Both files are made from the record alone and hold no today: the page compares the
reader's today with the dates in the browser (without JavaScript it shows the dates), and every
version's banner (javascripts/objection-periods.js) reads mitteilungen.json for a running period.
Links are relative, so the files work wherever the site branch is served.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from avv import german
from avv.changes.tables import NOTICES_INDEX_COLUMNS
from avv.model import Agreement
from avv.notices.links import VersionPaths, link
from avv.published.record import FEED, PublishedNotice, PublishedVersion, Record
from avv.templating import render

INDEX = "mitteilungen/index.html"
DATA = "mitteilungen.json"
HERE = "mitteilungen/"
FORMAT = 1

# What each clause makes of a change (avv.changes.kinds), as the index names it.
CLAUSES = {
    "VI.c": "Subunternehmer (VI.c), mit Widerspruchsrecht",
    "VII.c": "Technische und organisatorische Maßnahmen (VII.c)",
    "VIII": "Weisungsempfänger des Auftragnehmers (VIII)",
    "V.b": "Drittland, Zustimmung erbeten (V.b)",
    "XIII.b": "Vertragsänderung, Zustimmung erbeten (XIII.b)",
}


@dataclass(frozen=True)
class Row:
    """One notice of the index; the paths are from the site's root, "" where there is none."""

    version: str
    previous: str
    date: dt.date
    last_day: dt.date | None
    clauses: tuple[str, ...]
    notice: str
    redline: str
    calendar: str

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(CLAUSES.get(clause, clause) for clause in self.clauses)


def rows(record: Record) -> list[Row]:
    """Every notice of the record, the newest first."""
    return [_row(record, notice) for notice in reversed(record.notices)]


def _row(record: Record, notice: PublishedNotice) -> Row:
    paths = VersionPaths(notice.version)
    previous = record.previous(notice.version) or ""
    return Row(
        version=notice.version,
        previous=previous,
        date=notice.date,
        last_day=notice.last_day,
        clauses=notice.clauses,
        notice=paths.notice,
        redline=paths.redline(previous) if previous else "",
        calendar=paths.calendar if notice.last_day else "",
    )


def index_html(record: Record) -> bytes:
    """The page, through its template (autoescaped); the same record gives the same bytes."""
    found = rows(record)
    sender = record.notices[-1].entry.author if record.notices else ""
    text = render(
        "html/notices_index.html.j2",
        rows=found,
        sender=sender,
        href=lambda path: link(path, "", HERE),
        home=link("", "", HERE),
        feed=link(FEED, "", HERE),
        german_script=Markup(german.script()),
        columns=dict(NOTICES_INDEX_COLUMNS),
    )
    return text.encode("utf-8")


def notices_json(record: Record) -> bytes:
    """What every version's banner reads: each notice's dates and paths, oldest first."""
    data = {
        "format": FORMAT,
        "index": HERE,
        "notices": [
            {
                "version": row.version,
                "previous": row.previous or None,
                "date": row.date.isoformat(),
                "last_day": row.last_day.isoformat() if row.last_day else None,
                "clauses": list(row.clauses),
                "notice": row.notice,
                "redline": row.redline or None,
                "calendar": row.calendar or None,
            }
            for row in reversed(rows(record))
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def preview(history: Sequence[Agreement], notices: Sequence[PublishedNotice]) -> Record:
    """The record that a publish of `history` (oldest first) with its `notices` would make,
    without folders or commits: what `avv serve` shows of the work tree."""
    versions = tuple(
        PublishedVersion(
            a.version, a.meta.published, a.meta.effective, "", "", "", a.meta.published
        )
        for a in history
    )
    return Record(versions, tuple(notices))
