"""The version as a printable document (avv.pdf): the full text and both annexes as one HTML
document (`html/document.html.j2`).

It is made from the same templates as the site's pages, with references as links inside the
document, and styled by the same stylesheet, whose print rules also serve the browser's print.
"""

from __future__ import annotations

from importlib import resources

import markdown
from markupsafe import Markup

from avv.content import canonical
from avv.documents.agreement_markdown import (
    agreement_markdown,
    measures_markdown,
    subprocessors_markdown,
)
from avv.model import Agreement
from avv.notices.notice import effect_words
from avv.templating import render

EXTENSIONS = ["attr_list", "md_in_html", "tables"]


def stylesheet() -> str:
    """The AVV's own styles (clauses, blanks, tables, print and @page), for site and PDF."""
    return resources.files("avv.documents").joinpath("avv.css").read_text(encoding="utf-8")


def document_html(agreement: Agreement, offer: bool = False) -> str:
    """A complete HTML document of the version, ready for WeasyPrint; an `offer` (a version
    with a change by agreement) says in its footer that it binds from the customer's written
    consent."""

    def link(target: str) -> str:
        return f"#{target}"

    parts = [
        ("avv-main", agreement_markdown(agreement, link)),
        ("avv-annex", measures_markdown(agreement, link)),
        ("avv-annex", subprocessors_markdown(agreement, link)),
    ]
    return render(
        "html/document.html.j2",
        agreement=agreement,
        hash=canonical.content_hash(agreement),
        effect=effect_words(offer, agreement.meta.effective),
        stylesheet=Markup(stylesheet()),
        parts=[
            (kind, Markup(markdown.markdown(text, extensions=EXTENSIONS))) for kind, text in parts
        ],
    )
