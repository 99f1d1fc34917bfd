"""The compare pages of a version: vergleich/ (pick two versions) and vergleich/<older>/, the
redline from each older version to this one.

Each pair of versions is compared in the newer version's build, so every pair exists once across
the frozen builds: from this build, the pair (A, B) lives at ../../<B>/vergleich/<A>/. Builds are
frozen, so this build knows only itself and the versions before it; the picker's script adds the
later ones from the site's versions.json (mike), where the site has one.
"""

from __future__ import annotations

from markupsafe import Markup

from avv.model import Agreement
from avv.redline import redline
from avv.redline_render import Links, render_html
from avv.site import targets
from avv.site.context import BuildContext
from avv.site.page import Download, Page
from avv.templating import render

PICKER = "vergleich/index.md"


def pair_page(older: str) -> str:
    return f"vergleich/{older}/index.md"


def pages(context: BuildContext) -> list[Page]:
    return [
        _picker(context),
        *(_redline_page(older, context.agreement) for older in context.earlier),
    ]


def downloads(context: BuildContext) -> list[Download]:
    return []


def _redline_page(older: Agreement, newer: Agreement) -> Page:
    source = pair_page(older.version)

    def href(target: str) -> str:
        return targets.link_from(source, target)

    fragment = render_html(redline(older, newer), Links(href, markdown=True))
    text = render("site/redline.md.j2", older=older, newer=newer, redline=Markup(fragment))
    return Page(source, f"Vergleich {older.version} → {newer.version}", text, None)


def _picker(context: BuildContext) -> Page:
    current = context.agreement.version
    known = [a.version for a in (*context.earlier, context.agreement)]
    # Every pair up to this version, the newer first.
    pairs = [
        (older, known[n]) for n in range(len(known) - 1, 0, -1) for older in reversed(known[:n])
    ]
    text = render("site/compare.md.j2", known=known, current=current, pairs=pairs)
    return Page(PICKER, "Versionen vergleichen", text, "Vergleich")
