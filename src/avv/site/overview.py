"""The start page of a version (`site/overview.md.j2`): its dates, its content hash, the periods
of the versions it knows (with the form "Fassung an einem Tag"), links to the other pages and the
downloads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from avv.changes.tables import PERIOD_COLUMNS
from avv.content import canonical
from avv.german import breakable, format_numeric_date
from avv.notices.notice import effect_words
from avv.site import targets
from avv.site.context import BuildContext, known_terms, known_timeline, text_for_all
from avv.site.page import Page
from avv.templating import render

OVERVIEW = "index.md"


@dataclass(frozen=True)
class Entry:
    title: str
    href: str


@dataclass(frozen=True)
class PeriodRow:
    """A version and its period as this build knows it: `last_day` None while it lasts."""

    version: str
    published: str
    effective: str
    last_day: str  # empty while it lasts
    href: str | None  # None: this version
    offer: bool = False  # binds a customer only with their written consent


def page(context: BuildContext, others: Sequence[Page]) -> Page:
    agreement = context.agreement
    contents = [
        Entry(p.title, targets.relative(OVERVIEW, p.path)) for p in others if p.nav or p.listed
    ]
    offers = {terms.id for terms in known_terms(context) if terms.offer}
    periods = [
        PeriodRow(
            e.id,
            format_numeric_date(e.published),
            format_numeric_date(e.effective),
            "" if e.period.last_day is None else format_numeric_date(e.period.last_day),
            None if e.id == agreement.version else f"../{e.id}/",
            e.id in offers,
        )
        for e in reversed(known_timeline(context).entries)
    ]
    text = text_for_all(context)
    text = render(
        "site/overview.md.j2",
        agreement=agreement,
        heading=breakable(f"Auftragsverarbeitungsvereinbarung, Version {agreement.version}"),
        hash=canonical.content_hash(agreement),
        contents=contents,
        periods=periods,
        period_labels=[breakable(label) for _, label in PERIOD_COLUMNS],
        offer=agreement.version in offers,
        offer_clauses=", ".join(
            f"Punkt {clause}"
            for kind, clause in (("amendment", "XIII.b"), ("consent", "V.b"))
            if kind in known_terms(context)[-1].kinds
        ),
        effect=effect_words(agreement.version in offers, agreement.meta.effective),
        text_for_all="" if text == agreement.version else text,
    )
    return Page(OVERVIEW, f"Übersicht – Version {agreement.version}", text, "Übersicht")
