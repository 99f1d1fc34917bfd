"""The printable document of a version: the full text and both annexes as one HTML document.

It is made from the same Markdown as the site's pages, with references as links inside the
document, and styled by the same stylesheet, whose print rules also serve the browser's print.
"""

from __future__ import annotations

import html
from importlib import resources

import markdown

from avv import canonical
from avv.model import Agreement
from avv.site.agreement_pages import agreement_markdown, measures_markdown, subprocessors_markdown

EXTENSIONS = ["attr_list", "md_in_html", "tables"]


def stylesheet() -> str:
    """The AVV's own styles (clauses, blanks, tables, print and @page), for site and PDF."""
    return resources.files("avv.site").joinpath("avv.css").read_text(encoding="utf-8")


def document_html(agreement: Agreement) -> str:
    """A complete HTML document of the version, ready for WeasyPrint."""

    def link(target: str) -> str:
        return f"#{target}"

    parts = [
        ("avv-main", agreement_markdown(agreement, link)),
        ("avv-annex", measures_markdown(agreement, link)),
        ("avv-annex", subprocessors_markdown(agreement, link)),
    ]
    body = "\n".join(
        f'<section class="{kind}">\n{markdown.markdown(text, extensions=EXTENSIONS)}\n</section>'
        for kind, text in parts
    )
    meta = agreement.meta
    version = html.escape(meta.version)
    return f"""<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>{html.escape(agreement.title)} – Version {version}</title>
<meta name="description" content="Version {version}">
<style>
{stylesheet()}
</style>
</head>
<body class="avv-document">
<p class="avv-print-version">Version {version} · Inhalts-Hash (SHA-256) \
<span class="avv-hash">{canonical.content_hash(agreement)}</span></p>
{body}
</body>
</html>
"""
