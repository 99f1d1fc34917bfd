"""What a page module gives the build: its pages and its downloads, by one protocol.

The page modules import this module, and `avv.site.pages` imports them, so there is no cycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from avv.model import Agreement
from avv.site.context import BuildContext


@dataclass(frozen=True)
class Page:
    """A Markdown page of the build: `path` is its source (`avv/index.md`), `nav` its title in
    the navigation, None for a page reached only through links; `listed` puts a page without a
    navigation entry in the overview's contents; `search` False keeps it out of the search index
    (a redline or the sign page would find every clause twice)."""

    path: str
    title: str
    markdown: str
    nav: str | None
    search: bool = True
    listed: bool = False


@dataclass(frozen=True)
class Derived:
    """A file made from versions alone (`avv.pdf`, a redline's `aenderungen.docx`), by its kind
    of avv.site.derived: made once per content and tool version, beside MkDocs, not in the page
    modules."""

    kind: str
    sources: tuple[Agreement, ...]


@dataclass(frozen=True)
class Download:
    """A file of the build beside the pages (`avv.json`, `mitteilung/mitteilung-….eml`)."""

    path: str
    data: str | bytes | Derived


class PageModule(Protocol):
    """A module that contributes pages and downloads to a version's build."""

    def pages(self, context: BuildContext) -> Sequence[Page]: ...

    def downloads(self, context: BuildContext) -> Sequence[Download]: ...
