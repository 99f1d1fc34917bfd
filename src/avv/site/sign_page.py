"""unterzeichnen/: the customer fills in their blanks and prints the agreement to sign.

The form holds exactly the blanks of the model (`avv.documents.blanks`); below it stands the
complete agreement of the version, whose blanks the page's script (javascripts/sign.js) fills with
the entries as text. Nothing leaves the browser. The stylesheet is the sign-ready copy's, so the
browser's print and the CLI's PDF show the entries alike.
"""

from __future__ import annotations

from markupsafe import Markup

from avv.content import canonical
from avv.documents import sign_copy
from avv.documents.agreement_markdown import (
    agreement_markdown,
    measures_markdown,
    subprocessors_markdown,
)
from avv.documents.blanks import MAX_LENGTH, blanks, footer_text
from avv.notices.notice import effect_words
from avv.site.context import BuildContext, known_terms
from avv.site.page import Download, Page
from avv.templating import render

PAGE = "unterzeichnen/index.md"
STYLESHEET = "stylesheets/sign.css"
# The phone numbers `avv.documents.blanks` accepts, as an HTML pattern (valid with the v flag).
TEL_PATTERN = r"\+?[0-9 \(\)\/.\-]{3,}"


def pages(context: BuildContext) -> list[Page]:
    agreement = context.agreement

    def link(target: str) -> str:
        return f"#{target}"

    document = [
        Markup(part(agreement, link))
        for part in (agreement_markdown, measures_markdown, subprocessors_markdown)
    ]
    text = render(
        "site/sign.md.j2",
        agreement=agreement,
        blanks=blanks(agreement),
        footer=footer_text(agreement),
        hash=canonical.content_hash(agreement),
        effect=effect_words(known_terms(context)[-1].offer, agreement.meta.effective),
        document=document,
        max_length=MAX_LENGTH,
        tel_pattern=TEL_PATTERN,
    )
    # Out of the search index: it holds the whole agreement, which avv/ and the annexes hold.
    title = f"Unterzeichnen – Version {agreement.version}"
    return [Page(PAGE, title, text, "Unterzeichnen", search=False)]


def downloads(context: BuildContext) -> list[Download]:
    return [Download(STYLESHEET, sign_copy.stylesheet())]
