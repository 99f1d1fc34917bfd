"""The pages at the root of the site branch beside the notices index: `index.html`, every
published version with its period, which works without JavaScript (and forwards a reader with
JavaScript to the version `latest` points at, as mike's redirect did); `404.html`, a German page
for an address that does not exist; and `sitemap.xml`, which the theme asks every page's
alternate link for.

A publish makes them from the record, the version `latest` points at and the site's address;
the record describes them as published (avv.published.root_files), so `avv verify` finds any
later change. They hold no today: the list's script compares the reader's today with the dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup

from avv import german
from avv.published.notices_index import HERE as NOTICES
from avv.published.record import FEED, Record, properties
from avv.templating import render

INDEX = "index.html"
NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"


@dataclass(frozen=True)
class VersionRow:
    """A published version as the list shows it; `last_day` None while nothing replaces it.
    `text_for_all`: while this version is in effect, the older one whose text still binds every
    customer who has not agreed to an offer (avv.law.binding), where that is another."""

    id: str
    published: dt.date
    effective: dt.date
    last_day: dt.date | None
    state: str  # as of the publish that wrote the page: gültig, angekündigt or ersetzt
    latest: bool
    offer: bool
    text_for_all: str | None


def state_words(state: str, offer: bool, kept: bool) -> str:
    """The state as the version selector says it (german.js, stateWords): an offer binds
    only with written consent; a superseded text may still bind everyone who did not agree."""
    if kept:
        return f"{state}, Text gilt weiter ohne Zustimmung"
    if offer and state == "gültig":
        return "Angebot, gilt mit Zustimmung"
    if offer and state == "angekündigt":
        return "angekündigt, Angebot"
    return state


def rows(record: Record, latest: str | None) -> list[VersionRow]:
    """Every published version, the newest first, with its state as `latest` implies it."""
    entries = record.timeline.entries
    ids = [entry.id for entry in entries]
    at = ids.index(latest) if latest in ids else None
    offers = {version.id: version.offer for version in record.versions}
    props = properties(record)

    def state(position: int) -> str:
        if at is None or position == at:
            return "gültig" if position == at else "angekündigt"
        return "ersetzt" if position < at else "angekündigt"

    return [
        VersionRow(
            e.id,
            e.published,
            e.effective,
            e.period.last_day,
            state(n),
            n == at,
            offers[e.id],
            props[e.id].get("text_for_all"),
        )
        for n, e in reversed(list(enumerate(entries)))
    ]


def index_html(record: Record, latest: str | None) -> bytes:
    """The root's list of versions; relative links, so it works wherever the branch is served."""
    listed = rows(record, latest)
    in_effect = next((row for row in listed if row.latest), None)
    kept = in_effect.text_for_all if in_effect else None
    text = render(
        "html/root_index.html.j2",
        rows=listed,
        kept=kept,
        state_words=state_words,
        german_script=Markup(german.script()),
        latest=latest,
        feed=FEED,
        notices=NOTICES,
    )
    return text.encode("utf-8")


def not_found_html(latest: str | None, site_url: str) -> bytes:
    """The page for any address that does not exist, at any depth: its links are absolute (the
    site's address, or the server's root where it is unset)."""
    home = site_url or "/"
    text = render("html/not_found.html.j2", home=home, latest=latest)
    return text.encode("utf-8")


def sitemap_xml(record: Record, site_url: str) -> bytes:
    """The root, the notices index and every version's folder, with absolute addresses; without
    the site's address (relative ones are not allowed), an empty list."""
    paths = ["", NOTICES, *(f"{version.id}/" for version in record.versions)] if site_url else []
    urls = "".join(f"<url><loc>{escape(site_url + path)}</loc></url>\n" for path in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}</urlset>\n"
    ).encode()
