"""The MkDocs side of a build: what hooks/avv_site.py calls at each event.

on_config reads the version (AVV_VERSION, unset: the work tree), makes its pages and derives the
nav from them; on_files adds the pages, the stylesheet and the downloads (avv.json, avv.pdf, the
notice's files) as generated files, so MkDocs checks every link to them. An AvvError stops the
build as a PluginError.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from avv.errors import AvvError
from avv.site import document, pages
from avv.site.context import BuildContext, build_context
from avv.site.page import Page
from avv.templating import theme_text

VERSION_VARIABLE = "AVV_VERSION"
STYLESHEET = "stylesheets/avv.css"
HELP = "hilfe"


@dataclass(frozen=True)
class Site:
    """The version being built and its generated pages; kept in `config.extra["avv"]`, so that
    templates can read it and a rebuild of `mkdocs serve` starts afresh."""

    context: BuildContext
    pages: tuple[Page, ...]


@contextmanager
def plugin_errors() -> Iterator[None]:
    """An AvvError as the PluginError that stops MkDocs with its message, without a traceback."""
    try:
        yield
    except AvvError as error:
        raise PluginError(str(error)) from error


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    repo = Path(config.config_file_path).parent
    with plugin_errors():
        context = build_context(repo, os.environ.get(VERSION_VARIABLE) or None)
        context = replace(context, site_url=config.site_url or "")
        site = Site(context, tuple(pages.pages(context)))
    config.extra["avv"] = site
    config.nav = navigation(site.pages, Path(config.docs_dir))
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    return config


def navigation(site_pages: tuple[Page, ...], docs_dir: Path) -> list[Any]:
    """The generated pages by their nav titles, then the hand-written help pages."""
    nav: list[Any] = [{theme_text(page.nav): page.path} for page in site_pages if page.nav]
    help_pages = sorted(
        (path.relative_to(docs_dir).as_posix() for path in (docs_dir / HELP).glob("*.md")),
        key=lambda path: (not path.endswith("/index.md"), path),
    )
    if help_pages:
        nav.append({"Hilfe": help_pages})
    return nav


def on_files(files: Files, config: MkDocsConfig) -> Files:
    site: Site = config.extra["avv"]
    with plugin_errors():
        generated = [
            *(_page_file(config, page) for page in site.pages),
            File.generated(config, STYLESHEET, content=document.stylesheet()),
            *(
                File.generated(config, d.path, content=d.data)
                for d in pages.downloads(site.context)
            ),
        ]
        for file in generated:
            if files.get_file_from_path(file.src_uri) is not None:
                raise AvvError(
                    f"docs/{file.src_uri} has the path of a generated file — rename or remove it"
                )
            files.append(file)
    return files


def _page_file(config: MkDocsConfig, page: Page) -> File:
    """A page as a generated file; its title in the front matter, escaped for the templates."""
    front = f"---\ntitle: {json.dumps(theme_text(page.title), ensure_ascii=False)}\n---\n\n"
    inclusion = InclusionLevel.NOT_IN_NAV if page.nav is None else InclusionLevel.UNDEFINED
    return File.generated(config, page.path, content=front + page.markdown, inclusion=inclusion)
