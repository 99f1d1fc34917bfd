"""The generated pages and downloads of a version's site, collected from the modules that make
them, in navigation order: the overview first, which links to the rest."""

from __future__ import annotations

from avv.site import (
    agreement_pages,
    compare_pages,
    document_pages,
    notice_pages,
    overview,
    sign_page,
)
from avv.site.context import BuildContext
from avv.site.page import Download, Page, PageModule

MODULES: tuple[PageModule, ...] = (
    agreement_pages,
    document_pages,
    compare_pages,
    notice_pages,
    sign_page,
)


def pages(context: BuildContext) -> list[Page]:
    rest = [page for module in MODULES for page in module.pages(context)]
    return [overview.page(context, rest), *rest]


def downloads(context: BuildContext) -> list[Download]:
    return [download for module in MODULES for download in module.downloads(context)]
