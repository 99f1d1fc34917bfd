"""The Atom 1.0 feed of the notices: feed.xml at the root of the site branch.

`atom_feed(pairs, site_url)` takes every published version, announced ones included, each with
the version before it: `[(agreement, previous agreement or None), ...]` in any order;
`consecutive(agreements)` makes these pairs from a history (oldest first), for example
`consecutive([v.agreement for v in published_versions])`. Each version with a notice is one
entry:

- id: `tag:websms.com,2021:avv/<version>/mitteilung`, which depends on nothing but the version,
  so it survives a move of the site;
- published and updated: the day of notice, midnight UTC; the feed's updated is the newest day
  of notice (the newest version's announcement when no version has a notice);
- link: the notice's page `<site_url>/<version>/mitteilung/`; without a site_url (mkdocs.yml has
  none) the links are relative to feed.xml, which readers resolve against the feed's address;
- content: the notice as HTML (type html, escaped by the XML writer).

The result is the XML text with its declaration (UTF-8): write it encoded as UTF-8. Nothing in
the feed depends on when it is built: the same versions give the same bytes, so a publish that
changes no notice leaves feed.xml as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from feedgen.feed import FeedGenerator

from avv.errors import AvvError
from avv.german import format_date
from avv.model import Agreement
from avv.notice import Notice, notice_for
from avv.notice_render import render_html
from avv.record import FeedEntry

__all__ = [
    "FEED_ID",
    "atom",
    "atom_feed",
    "consecutive",
    "entry_id",
    "entry_of",
    "notice",
    "notice_url",
]

FEED_TITLE = "Mitteilungen zur Auftragsverarbeitungsvereinbarung"
# A tag URI (RFC 4151): websms.com, held by the processor when the agreement of 2021 was made.
TAG = "tag:websms.com,2021:avv"
FEED_ID = f"{TAG}/mitteilungen"


def consecutive(agreements: Sequence[Agreement]) -> list[tuple[Agreement, Agreement | None]]:
    """Each version of a history (oldest first) with the one before it."""
    return [(new, agreements[i - 1] if i else None) for i, new in enumerate(agreements)]


def notice_url(site_url: str, version: str) -> str:
    """The notice's page; relative to feed.xml where the site's address is not known."""
    base = _base(site_url)
    return f"{base}/{version}/mitteilung/" if base else f"./{version}/mitteilung/"


def entry_id(version: str) -> str:
    return f"{TAG}/{version}/mitteilung"


def atom_feed(pairs: Iterable[tuple[Agreement, Agreement | None]], site_url: str) -> str:
    """The feed of every notice among `pairs`, newest first; see the module docstring."""
    pairs = list(pairs)
    if not pairs:
        raise AvvError("the feed needs at least one published version")
    newest = max(pairs, key=lambda pair: (pair[0].meta.published, pair[0].version))[0]
    found = [entry_of(n, site_url) for new, old in pairs if (n := notice(new, old)) is not None]
    return atom(found, newest, site_url)


def notice(new: Agreement, old: Agreement | None) -> Notice | None:
    return None if old is None else notice_for(old, new)


def entry_of(notice: Notice, site_url: str) -> FeedEntry:
    """A notice as one entry of the feed, as data: what the record keeps once published."""
    return FeedEntry(
        version=notice.version,
        date=notice.date,
        title=f"Version {notice.version}: Mitteilung vom {format_date(notice.date)}",
        link=notice_url(site_url, notice.version),
        author=notice.sender.name,
        email=notice.contact.email,
        summary=notice.subject,
        content=render_html(notice, heading_level=2),
    )


def atom(entries: Iterable[FeedEntry], newest: Agreement, site_url: str) -> str:
    """The feed of `entries` (the newest first in the XML), headed by the newest version."""
    base = _base(site_url)
    ordered = sorted(entries, key=lambda e: (e.date, e.version))
    feed = FeedGenerator()
    feed.id(FEED_ID)
    feed.title(FEED_TITLE)
    feed.subtitle(
        f"Schriftliche Mitteilungen von {newest.meta.processor.name} über Änderungen der "
        "Subunternehmer (Punkt VI.c), der technischen und organisatorischen Maßnahmen "
        "(Punkt VII.c) und der Weisungsempfänger (Punkt VIII)"
    )
    feed.author(
        name=newest.meta.processor.name, email=newest.instructions.data_protection_contact.email
    )
    if base:
        feed.link(href=f"{base}/feed.xml", rel="self", type="application/atom+xml")
    feed.link(href=f"{base}/" if base else "./", rel="alternate", type="text/html")
    feed.language("de-AT")
    feed.generator("avv")
    feed.updated(_midnight(ordered[-1].date if ordered else newest.meta.published))
    for entry in ordered:
        _entry(feed, entry)
    return bytes(feed.atom_str(pretty=True)).decode("utf-8")


def _entry(feed: FeedGenerator, data: FeedEntry) -> None:
    entry = feed.add_entry()  # prepended: the newest notice comes first
    entry.id(entry_id(data.version))
    entry.title(data.title)
    entry.link(href=data.link, rel="alternate", type="text/html")
    entry.published(_midnight(data.date))
    entry.updated(_midnight(data.date))
    entry.author(name=data.author, email=data.email)
    entry.summary(data.summary)
    entry.content(data.content, type="html")


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), dt.UTC)


def _base(site_url: str) -> str:
    """The site's address without its final slash; empty where it is not known."""
    if site_url and not site_url.startswith(("https://", "http://")):
        raise AvvError(
            f"site_url must be the site's absolute address, not {site_url!r} — "
            "write it as in mkdocs.yml, e.g. https://avv.websms.com/"
        )
    return site_url.rstrip("/")
