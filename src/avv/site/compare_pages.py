"""The compare pages of a version: vergleich/ (pick two versions) and vergleich/<older>/, the
redline from each older version to this one.

Each pair of versions is compared in the newer version's build, so every pair exists once across
the frozen builds: from this build, the pair (A, B) lives at ../../<B>/vergleich/<A>/. Builds are
frozen, so this build knows only itself and the versions before it; the picker's script adds the
later ones from the site's versions.json (mike), where the site has one.
"""

from __future__ import annotations

import html
import json

from avv import markdown_text
from avv.german import format_date
from avv.model import Agreement
from avv.redline import redline
from avv.redline_render import Links, render_html
from avv.site import inline
from avv.site.context import BuildContext
from avv.site.pages import Page

PICKER = "vergleich/index.md"


def pair_page(older: str) -> str:
    return f"vergleich/{older}/index.md"


def pages(context: BuildContext) -> list[Page]:
    return [
        _picker(context),
        *(_redline_page(older, context.agreement) for older in context.earlier),
    ]


def _redline_page(older: Agreement, newer: Agreement) -> Page:
    source = pair_page(older.version)

    def href(page: str, anchor: str) -> str:
        return inline.link_from(source, anchor if page == "avv" else page)

    old_id, new_id = (markdown_text.escape(a.version) for a in (older, newer))
    text = f"""# Vergleich von Version {old_id} mit Version {new_id}

Was sich von Version {old_id} (gültig ab {format_date(older.meta.effective)}) zu Version \
{new_id} (gültig ab {format_date(newer.meta.effective)}) geändert hat, Klausel für Klausel: \
eingefügte Wörter sind unterstrichen, gestrichene durchgestrichen. Unveränderte Abschnitte sind \
zugeklappt. [Andere Versionen vergleichen](../index.md)

{render_html(redline(older, newer), Links(href, markdown=True))}
"""
    return Page(source, f"Vergleich {older.version} → {newer.version}", text, None)


def _picker(context: BuildContext) -> Page:
    current = context.agreement.version
    known = [a.version for a in (*context.earlier, context.agreement)]
    version = markdown_text.escape(current)
    parts = [
        "# Versionen vergleichen",
        "Wählen Sie zwei Versionen der Vereinbarung: Der Vergleich zeigt Klausel für Klausel, "
        "was sich von der älteren zur neueren geändert hat, und die Anlagen Zeile für Zeile.",
        _form(known, current),
        "## Alle Vergleiche",
    ]
    if context.earlier:
        parts.append(_pairs(known, current))
    else:
        parts.append(
            f"Version {version} ist die erste Version der Vereinbarung: Es gibt keine frühere "
            "Version, mit der sie sich vergleichen ließe."
        )
    return Page(PICKER, "Versionen vergleichen", "\n\n".join(parts) + "\n", "Vergleich")


def _form(known: list[str], current: str) -> str:
    """Two selects and a button; hidden until the script (javascripts/compare.js) shows it, since
    without JavaScript a form cannot lead to a pair's page: the links below do that instead."""
    options = "".join(
        f'<option value="{html.escape(v)}">{html.escape(v)}</option>' for v in reversed(known)
    )
    data = html.escape(json.dumps(known))
    return (
        f'<form class="avv-compare-picker" hidden data-versions="{data}" '
        f'data-current="{html.escape(current)}">\n'
        '<p><label for="avv-compare-old">Ältere Version</label>\n'
        f'<select id="avv-compare-old" name="old">{options}</select></p>\n'
        '<p><label for="avv-compare-new">Neuere Version</label>\n'
        f'<select id="avv-compare-new" name="new">{options}</select></p>\n'
        '<p><button type="submit" class="md-button md-button--primary">Vergleichen</button></p>\n'
        '<p class="avv-compare-message" role="status"></p>\n'
        "</form>"
    )


def _pairs(known: list[str], current: str) -> str:
    """Every pair of versions up to this one, the newer first. Pairs with this version are
    Markdown links, which MkDocs checks. The pairs of earlier versions live in their own builds,
    which this build cannot see (a single-version build would report them as missing), so they
    are raw HTML links, which MkDocs leaves alone; they resolve on the site branch, where mike
    puts every build beside the others."""
    lines = []
    for n in range(len(known) - 1, 0, -1):
        newer = known[n]
        for older in reversed(known[:n]):
            label = f"{older} → {newer}"
            if newer == current:
                lines.append(f"- [{markdown_text.escape(label)}]({older}/index.md)")
            else:
                href = f"../../{newer}/vergleich/{older}/"
                lines.append(f'- <a href="{html.escape(href)}">{html.escape(label)}</a>')
    return '<nav class="avv-compare-links" aria-label="Alle Vergleiche" markdown="1">\n\n' + (
        "\n".join(lines) + "\n\n</nav>"
    )
