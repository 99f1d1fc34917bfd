"""The pages of one version made from the model: the full text, Anlage 1 and Anlage 2, as
Markdown from `avv.documents.agreement_markdown`, with links between the site's pages, so that
MkDocs checks every link and anchor."""

from __future__ import annotations

from avv.documents.agreement_markdown import (
    Link,
    agreement_markdown,
    measures_markdown,
    subprocessors_markdown,
)
from avv.site import targets
from avv.site.context import BuildContext
from avv.site.page import Download, Page

AGREEMENT = targets.AGREEMENT_PAGE
NAV = "AVV"


def pages(context: BuildContext) -> list[Page]:
    agreement = context.agreement
    measures, subprocessors = agreement.measures_annex, agreement.subprocessors_annex
    measures_page, subprocessors_page = f"{measures.id}/index.md", f"{subprocessors.id}/index.md"
    return [
        Page(AGREEMENT, agreement.title, agreement_markdown(agreement, _site_link(AGREEMENT)), NAV),
        Page(
            measures_page,
            measures.title,
            measures_markdown(agreement, _site_link(measures_page)),
            f"Anlage {measures.number}",
        ),
        Page(
            subprocessors_page,
            subprocessors.title,
            subprocessors_markdown(
                agreement,
                _site_link(subprocessors_page),
                context.earlier[-1] if context.earlier else None,
            ),
            f"Anlage {subprocessors.number}",
        ),
    ]


def downloads(context: BuildContext) -> list[Download]:
    """The pages' downloads are made by `avv.site.document_pages`."""
    return []


def _site_link(page: str) -> Link:
    return lambda target: targets.link_from(page, target)
