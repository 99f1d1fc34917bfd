"""The generated pages of a version's site, collected from the modules that make them."""

from __future__ import annotations

from dataclasses import dataclass

from avv.site.context import BuildContext


@dataclass(frozen=True)
class Page:
    """A Markdown page of the build: `path` is its source (`avv/index.md`), `nav` its title in
    the navigation, None for a page reached only through links."""

    path: str
    title: str
    markdown: str
    nav: str | None


def pages(context: BuildContext) -> list[Page]:
    """Every generated page, in navigation order: the overview first, which links to the rest."""
    # The contributors import Page from here, so they are imported when called.
    from avv.site import agreement_pages, compare_pages, notice_pages

    rest = [
        *agreement_pages.pages(context),
        *compare_pages.pages(context),
        *notice_pages.pages(context),
    ]
    return [agreement_pages.overview(context, rest), *rest]
