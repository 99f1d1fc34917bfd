"""The Atom 1.0 feed of the notices: feed.xml at the root of the site branch.

The feed is made from the publication record alone (`feed_of(record)`): its entries are the
record's feed entries as they were published, and its head comes from them too, so a change of
the history or of the tool never rewrites what was published. `atom_feed(pairs, site_url)` makes
the same feed from versions that are not published yet (`avv serve`, the tests), each with the
version before it: `[(agreement, previous agreement or None), ...]` in any order. Each notice is
one entry:

- id: `tag:websms.com,2021:avv/<version>/mitteilung`, which depends on nothing but the version,
  so it survives a move of the site;
- published and updated: the day of notice, midnight UTC;
- link: the notice's page `<site_url>/<version>/mitteilung/` (rel alternate, text/html), and
  for a notice with an objection period its calendar entry (rel related, text/calendar);
  without a site_url (mkdocs.yml has none) the links are relative to feed.xml, which readers
  resolve against the feed's address;
- content: the notice as HTML (type html, escaped by the XML writer).

The head: updated is the newest day of notice (the first version's announcement while there is
no notice); author, subtitle and the feed's own links follow the newest entry (its sender, and
the site's address its link was made with). The result is the XML text with its declaration
(UTF-8). Nothing in the feed depends on when it is built: the same record gives the same bytes.
`differences` compares a feed.xml as found with the one the record makes, entry by entry.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from avv.documents.notice_render import render_html
from avv.errors import AvvError
from avv.german import format_date
from avv.model import Agreement
from avv.notices.links import VersionPaths, root_link
from avv.notices.notice import Notice, notice_for
from avv.published.record import FEED, FeedEntry, PublishedNotice, Record

__all__ = [
    "FEED_ID",
    "atom",
    "atom_feed",
    "consecutive",
    "differences",
    "entry_id",
    "entry_of",
    "feed_of",
    "notice",
    "notice_url",
    "published_notice",
]

FEED_TITLE = "Mitteilungen zur Auftragsverarbeitungsvereinbarung"
# A tag URI (RFC 4151): websms.com, held by the processor when the agreement of 2021 was made.
TAG = "tag:websms.com,2021:avv"
FEED_ID = f"{TAG}/mitteilungen"
ATOM_NS = "{http://www.w3.org/2005/Atom}"
CALENDAR_TYPE = "text/calendar"
NO_VERSION = (
    "der Feed braucht mindestens eine veröffentlichte Version — zuerst eine veröffentlichen"
)
HINT = (
    "was veröffentlicht wurde, wird nie umgeschrieben: den Commit auf dem Site-Branch zurücknehmen"
)


def consecutive(
    agreements: Sequence[Agreement],
) -> list[tuple[Agreement, tuple[Agreement, ...]]]:
    """Each version of a history (oldest first) with the versions before it (the last of them
    the one its notice is made against; their VI.c decides the objection period)."""
    return [(new, tuple(agreements[:i])) for i, new in enumerate(agreements)]


def notice_url(site_url: str, version: str) -> str:
    """The notice's page; relative to feed.xml where the site's address is not known."""
    return root_link(VersionPaths(version).notice, site_url)


def calendar_url(site_url: str, version: str) -> str:
    """The notice's calendar entry (.ics); relative to feed.xml like `notice_url`."""
    return root_link(VersionPaths(version).calendar, site_url)


def entry_id(version: str) -> str:
    return f"{TAG}/{version}/mitteilung"


def atom_feed(pairs: Iterable[tuple[Agreement, Sequence[Agreement]]], site_url: str) -> str:
    """The feed of every notice among `pairs`, newest first; see the module docstring."""
    pairs = list(pairs)
    if not pairs:
        raise AvvError(NO_VERSION)
    first = min(new.meta.published for new, _ in pairs)
    found = [entry_of(n, site_url) for new, old in pairs if (n := notice(new, old)) is not None]
    return atom(found, first)


def feed_of(record: Record) -> str:
    """feed.xml as the publication record says it is."""
    if not record.versions:
        raise AvvError(NO_VERSION)
    return atom([n.entry for n in record.notices], record.versions[0].published)


def notice(
    new: Agreement, earlier: Sequence[Agreement], deployed: dt.date | None = None
) -> Notice | None:
    """The notice of `new` against the last of the versions before it, counted with the VI.c
    that binds every customer among them and from the day it went out (`deployed`)."""
    if not earlier:
        return None
    return notice_for(earlier[-1], new, earlier=earlier, deployed=deployed)


def entry_of(notice: Notice, site_url: str) -> FeedEntry:
    """A notice as one entry of the feed, as data: what the record keeps once published."""
    has_period = notice.last_day_to_object is not None
    return FeedEntry(
        version=notice.version,
        date=notice.date,
        title=(
            f"Version {notice.version}: {'Angebot und ' if notice.offer else ''}Mitteilung vom "
            f"{format_date(notice.date)}"
        ),
        link=notice_url(site_url, notice.version),
        author=notice.sender.name,
        email=notice.contact.email,
        summary=notice.subject,
        content=render_html(notice, heading_level=2),
        calendar=calendar_url(site_url, notice.version) if has_period else "",
    )


def published_notice(notice: Notice, site_url: str) -> PublishedNotice:
    """The record's entry of a notice: its feed entry, last day to object and clauses."""
    entry = entry_of(notice, site_url)
    clauses = (c.clause for c in notice.classification.changes if c.kind != "editorial")
    return PublishedNotice(
        entry.version,
        entry.date,
        entry.hash,
        entry,
        notice.last_day_to_object,
        tuple(dict.fromkeys(c for c in clauses if c)),
    )


def atom(entries: Iterable[FeedEntry], first_published: dt.date) -> str:
    """The feed of `entries` (the newest first in the XML), its head made from them; where
    there are none, updated is `first_published`, the day the first version was announced."""
    ordered = sorted(entries, key=lambda e: (e.date, e.version))
    newest = ordered[-1] if ordered else None
    base = _site_of(newest) if newest else ""
    feed = FeedGenerator()
    feed.register_extension("avv", _FeedLinks, _EntryLinks, atom=True, rss=False)
    feed.id(FEED_ID)
    feed.title(FEED_TITLE)
    sender = f" von {newest.author}" if newest else ""
    feed.subtitle(
        f"Schriftliche Mitteilungen{sender} über Änderungen der "
        "Subunternehmer (Punkt VI.c), der technischen und organisatorischen Maßnahmen "
        "(Punkt VII.c) und der Weisungsempfänger (Punkt VIII)"
    )
    if newest:
        feed.author(name=newest.author, email=newest.email)
    if base:
        feed.link(href=f"{base}/{FEED}", rel="self", type="application/atom+xml")
    feed.link(href=f"{base}/" if base else "./", rel="alternate", type="text/html")
    feed.language("de-AT")
    feed.generator("avv")
    feed.updated(_midnight(newest.date if newest else first_published))
    for entry in ordered:
        _entry(feed, entry)
    return bytes(feed.atom_str(pretty=True)).decode("utf-8")


class _FeedLinks(BaseExtension):  # type: ignore[misc]
    """The feed's part of the extension below: nothing."""


class _EntryLinks(BaseEntryExtension):  # type: ignore[misc]
    """An entry's links with their rel and type: feedgen 1.0 writes an entry's links with their
    href alone (lkiesow/python-feedgen#135), so they are written here."""

    def __init__(self) -> None:
        self.links: list[dict[str, str]] = []

    def extend_atom(self, entry: Any) -> Any:
        for link in self.links:
            xml_elem("link", entry, **link)
        return entry


def _entry(feed: FeedGenerator, data: FeedEntry) -> None:
    entry = feed.add_entry()  # prepended: the newest notice comes first
    entry.id(entry_id(data.version))
    entry.title(data.title)
    links = [{"href": data.link, "rel": "alternate", "type": "text/html"}]
    if data.calendar:
        title = f"Widerspruchsfrist als Kalendereintrag (Version {data.version})"
        links.append(
            {"href": data.calendar, "rel": "related", "type": CALENDAR_TYPE, "title": title}
        )
    entry.avv.links = links
    entry.published(_midnight(data.date))
    entry.updated(_midnight(data.date))
    entry.author(name=data.author, email=data.email)
    entry.summary(data.summary)
    entry.content(data.content, type="html")


def differences(expected: str, found: bytes | None) -> list[str]:
    """How the feed.xml `found` on the site branch differs from the `expected` one (made from
    the record): in its head, or per entry (missing, unknown, or which element differs)."""
    if found is None:
        return [f"{FEED}: fehlt — avv publish schreibt ihn aus dem Protokoll"]
    try:
        actual = ET.fromstring(found)
    except ET.ParseError as error:
        return [f"{FEED}: kein gültiges XML ({error})"]
    wanted = ET.fromstring(expected.encode("utf-8"))
    if actual.tag != wanted.tag:
        return [f"{FEED}: kein Atom-Feed (Wurzel {actual.tag})"]
    hint = HINT
    problems = [f"{FEED}: Kopf, {what} — {hint}" for what in _changes(_head(wanted), _head(actual))]
    want, have = _entries(wanted), _entries(actual)
    for key, entry in want.items():
        if key not in have:
            problems.append(f"{FEED}: Eintrag {_version(key)} ({key}) fehlt — {hint}")
            continue
        for what in _changes(_parts(entry), _parts(have[key])):
            problems.append(f"{FEED}: Eintrag {_version(key)}, {what} — {hint}")
    for key in have.keys() - want.keys():
        problems.append(f"{FEED}: Eintrag {key} steht in keinem Protokolleintrag — {hint}")
    if not problems and list(want) != list(have):
        problems.append(f"{FEED}: die Einträge stehen in anderer Reihenfolge — {hint}")
    return problems


Part = tuple[tuple[tuple[str, str], ...], str, tuple[Any, ...]]


def _head(feed: ET.Element) -> dict[str, list[Part]]:
    return _grouped(child for child in feed if child.tag != f"{ATOM_NS}entry")


def _entries(feed: ET.Element) -> dict[str, ET.Element]:
    return {
        (entry.findtext(f"{ATOM_NS}id") or "").strip(): entry
        for entry in feed.iter(f"{ATOM_NS}entry")
    }


def _parts(entry: ET.Element) -> dict[str, list[Part]]:
    return _grouped(entry)


def _grouped(children: Iterable[ET.Element]) -> dict[str, list[Part]]:
    """Each element by its name (`link` and `author` may repeat), as comparable data."""
    found: dict[str, list[Part]] = {}
    for child in children:
        found.setdefault(child.tag.removeprefix(ATOM_NS), []).append(_part(child))
    return {name: sorted(parts) for name, parts in found.items()}


def _part(element: ET.Element) -> Part:
    attributes = tuple(sorted(_attributes(element).items()))
    return attributes, (element.text or "").strip(), tuple(_part(child) for child in element)


def _attributes(element: ET.Element) -> dict[str, str]:
    """An element's attributes as Atom reads them: a link without rel is the alternate one
    (RFC 4287, 4.2.7.2), and its type is advisory. Entries written by feedgen 1.0 alone (before
    the links carried their rel and type) so read as they were meant."""
    attributes = dict(element.attrib)
    if element.tag == f"{ATOM_NS}link":
        attributes.setdefault("rel", "alternate")
        attributes.pop("type", None)
    return attributes


def _changes(want: dict[str, list[Part]], have: dict[str, list[Part]]) -> list[str]:
    """Each element that differs, with only those of its occurrences that differ."""
    found = []
    for name in sorted(want.keys() | have.keys()):
        wanted, seen = want.get(name, []), have.get(name, [])
        if wanted != seen:
            extra = [part for part in seen if part not in wanted]
            missing = [part for part in wanted if part not in seen]
            if extra or missing:
                found.append(f"{name}: {_shown(extra)} statt {_shown(missing)}")
            else:
                found.append(f"{name}: {len(seen)}-mal statt {len(wanted)}-mal")
    return found


def _shown(parts: list[Part]) -> str:
    if not parts:
        return "fehlt"
    plain = [_plain(part) for part in parts]
    text = json.dumps(plain[0] if len(plain) == 1 else plain, ensure_ascii=False)
    return text if len(text) <= 100 else text[:99] + "…"


def _plain(part: Part) -> Any:
    attributes, text, children = part
    items: list[Any] = [f"{k}={v}" for k, v in attributes]
    if text:
        items.append(text)
    items += [_plain(child) for child in children]
    return items[0] if len(items) == 1 else items


def _version(key: str) -> str:
    return key.removeprefix(f"{TAG}/").removesuffix("/mitteilung")


def _site_of(entry: FeedEntry) -> str:
    """The site's address that an entry's link was made with; empty for a relative link."""
    suffix = f"/{VersionPaths(entry.version).notice}"
    if entry.link.startswith(("https://", "http://")) and entry.link.endswith(suffix):
        return entry.link.removesuffix(suffix)
    return ""


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), dt.UTC)
