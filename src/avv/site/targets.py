"""Where a reference target is on the site: the source file of its page and its anchor, written
relative to the page that links to it, so that MkDocs checks every link."""

from __future__ import annotations

import posixpath

AGREEMENT_PAGE = "avv/index.md"


def target_uri(target: str) -> str:
    """The source file and anchor of a reference target: an annex page or a place in the AVV."""
    if target.startswith("anlage-"):
        return f"{target}/index.md"
    return f"{AGREEMENT_PAGE}#{target}"


def link_from(page: str, target: str) -> str:
    """A link from the page with source `page` (e.g. `anlage-1/index.md`) to a reference target."""
    uri = target_uri(target)
    path, _, anchor = uri.partition("#")
    if path == page:
        return f"#{anchor}" if anchor else ""
    relative = posixpath.relpath(path, posixpath.dirname(page) or ".")
    return f"{relative}#{anchor}" if anchor else relative


def relative(page: str, path: str) -> str:
    """The source file `path` as a link from the page with source `page`."""
    return posixpath.relpath(path, posixpath.dirname(page) or ".")
