"""The compare pages of a version: vergleich/ (pick two versions) and vergleich/<older>/, the
redline from each older version to this one.

Each pair of versions is compared in the newer version's build, so every pair exists once across
the frozen builds: from this build, the pair (A, B) lives at ../../<B>/vergleich/<A>/. Builds are
frozen, so this build knows only itself and the versions before it; the picker's script adds the
later ones from the site's versions.json (mike), where the site has one.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from markupsafe import Markup

from avv.changes.redline import Redline, redline
from avv.documents import synopsis
from avv.documents.redline_render import Links, render_html
from avv.model import Agreement
from avv.notices.notice import effect_words
from avv.site import targets
from avv.site.context import BuildContext, known_terms, known_timeline
from avv.site.page import Derived, Download, Page
from avv.templating import render

PICKER = "vergleich/index.md"
REDLINE_DOCX, REDLINE_PDF = "aenderungen.docx", "aenderungen.pdf"


def pair_page(older: str) -> str:
    return f"vergleich/{older}/index.md"


def synopsis_page(older: str) -> str:
    return f"vergleich/{older}/synopse/index.md"


def with_files(context: BuildContext) -> tuple[str, ...]:
    """The older versions whose redline to this one has its Word and PDF files in this build:
    the pairs people use (law.timeline's `compared_with`). Every other pair's files come from
    `avv compare OLD NEW --format docx|pdf`, and its page prints from the browser."""
    return known_timeline(context).compared_with(context.agreement.version)


def built(context: BuildContext) -> list[Agreement]:
    """The older versions whose redline pages this build has: every one, but in `avv serve`."""
    wanted = context.redlines
    return [a for a in context.earlier if wanted is None or a.version in wanted]


def effects(context: BuildContext) -> dict[str, str]:
    """From when each version binds, as the site says it: an offer with the customer's written
    consent, not before its `effective` (avv.notices.notice.effect_words)."""
    return {t.id: effect_words(t.offer, t.effective) for t in known_terms(context)}


def pages(context: BuildContext) -> list[Page]:
    newer = context.agreement
    redlines = [(older, redline(older, newer)) for older in built(context)]  # once a pair
    files = with_files(context)
    effect = effects(context)
    return [
        _picker(context, effect),
        *(_redline_page(older, newer, r, files, effect) for older, r in redlines),
        *(_synopsis_page(older, newer, r) for older, r in redlines),
    ]


def downloads(context: BuildContext) -> list[Download]:
    """Beside the redline of each pair people use: the Word document with tracked changes and
    the printable PDF."""
    newer = context.agreement
    found: list[Download] = []
    files = with_files(context)
    for older in context.earlier:
        if older.version not in files:
            continue
        folder = posixpath.dirname(pair_page(older.version))
        found.append(Download(f"{folder}/{REDLINE_DOCX}", Derived(REDLINE_DOCX, (older, newer))))
        found.append(Download(f"{folder}/{REDLINE_PDF}", Derived(REDLINE_PDF, (older, newer))))
    return found


def _synopsis_page(older: Agreement, newer: Agreement, r: Redline) -> Page:
    fragment = Markup(synopsis.render_html(r))
    text = render("site/synopsis.md.j2", older=older, newer=newer, synopsis=fragment)
    # The synopsis repeats both versions' words: search finds them in the text itself.
    title = f"Synopse {older.version} → {newer.version}"
    return Page(synopsis_page(older.version), title, text, None, search=False)


def _redline_page(
    older: Agreement,
    newer: Agreement,
    r: Redline,
    files: tuple[str, ...],
    effect: dict[str, str],
) -> Page:
    """The redline page; it links the pair's files where this build has them, else the pairs
    that have them."""
    source = pair_page(older.version)

    def href(target: str) -> str:
        return targets.link_from(source, target)

    def old_href(clause: str) -> str:
        # The older version's build beside this one on the site branch: /<older>/avv/.
        return f"../../../{older.version}/avv/#{clause}"

    fragment = render_html(r, Links(href, markdown=True, old_href=old_href))
    text = render(
        "site/redline.md.j2",
        older=older,
        newer=newer,
        redline=Markup(fragment),
        effect=effect,
        files=older.version in files,
        others=[(other, f"../{other}/index.md") for other in files],
    )
    return Page(source, f"Vergleich {older.version} → {newer.version}", text, None, search=False)


@dataclass(frozen=True)
class Pair:
    older: str
    newer: str
    href: str
    checked: bool  # a Markdown link MkDocs checks: the pair lives in this build
    files: bool  # the pair's build has its Word and PDF files beside its page


def pairs_of(context: BuildContext) -> list[Pair]:
    """Every pair of versions up to this one, the newer first. Where this version was announced
    before it took effect, the pair from the version then in effect to this one comes first:
    the change a customer is asked to accept."""
    current = context.agreement
    known = [a.version for a in (*context.earlier, current)]
    ordered = [
        (older, known[n]) for n in range(len(known) - 1, 0, -1) for older in reversed(known[:n])
    ]
    line = known_timeline(context)
    in_effect = line.in_effect(current.meta.published)
    if in_effect is not None and in_effect.id != current.version:
        ordered.remove((in_effect.id, current.version))
        ordered.insert(0, (in_effect.id, current.version))
    # The builds before this one were made by the same rule from the same history (or, before
    # the rule, with every pair's files): what it gives them, they have.
    files = {newer: line.compared_with(newer) for newer in known}
    here = {a.version for a in built(context)}

    def pair(older: str, newer: str) -> Pair:
        with_files = older in files[newer]
        if newer != current.version:
            return Pair(older, newer, f"../../{newer}/vergleich/{older}/", False, with_files)
        if older in here:
            return Pair(older, newer, f"{older}/index.md", True, with_files)
        # `avv serve` makes this page when it is asked for: a link MkDocs cannot check.
        return Pair(older, newer, f"{older}/", False, with_files)

    return [pair(older, newer) for older, newer in ordered]


def _picker(context: BuildContext, effect: dict[str, str]) -> Page:
    current = context.agreement.version
    known = [a.version for a in (*context.earlier, context.agreement)]
    dates = {version: {"effect": words} for version, words in effect.items()}
    # Short enough for the select's width (compare.js adds each version's state).
    labels = {
        v: f"{v}{' (diese Version)' if v == current else ''} · {d['effect']}"
        for v, d in dates.items()
    }
    text = render(
        "site/compare.md.j2",
        known=known,
        current=current,
        pairs=pairs_of(context),
        labels=labels,
        dates=dates,
    )
    return Page(PICKER, "Versionen vergleichen", text, "Vergleich")
