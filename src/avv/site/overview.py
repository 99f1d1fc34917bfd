"""The start page of a version (`site/overview.md.j2`): its dates, its content hash, links to
the other pages and the downloads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from avv import canonical
from avv.site import targets
from avv.site.context import BuildContext
from avv.site.page import Page
from avv.templating import render

OVERVIEW = "index.md"


@dataclass(frozen=True)
class Entry:
    title: str
    href: str


def page(context: BuildContext, others: Sequence[Page]) -> Page:
    agreement = context.agreement
    contents = [Entry(p.title, targets.relative(OVERVIEW, p.path)) for p in others if p.nav]
    text = render(
        "site/overview.md.j2",
        agreement=agreement,
        hash=canonical.content_hash(agreement),
        contents=contents,
    )
    return Page(OVERVIEW, f"Übersicht – Version {agreement.version}", text, "Übersicht")
