"""The MkDocs side of a build: what hooks/avv_site.py calls at each event.

on_config reads the version (AVV_VERSION, unset: the work tree), makes its pages and derives the
nav from them, and starts its derived files (avv.pdf, avv.docx and each redline's Word and PDF:
from the cache, or made by the worker or the build, see avv.site.derived); on_files adds the
pages, the stylesheet and the downloads as generated files, so MkDocs checks every link to them;
on_env, just before MkDocs writes the site, puts the derived files in — in `avv serve` only those
already done: the others are written into the served site when they are (on_post_build), so a
reload never waits for them. In `avv serve` a build has the redline pages of the pairs people
use and of those a reader asked for lately; any other is built when it is asked for (`OnDemand`),
so that an edit is shown at once in a history of many versions. After the theme has written the
search index, the agreement's entries in it become its clauses' (avv.site.search). An AvvError
stops the build as a PluginError.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel

from avv import german, templating
from avv.documents import document
from avv.errors import AvvError
from avv.german import format_date
from avv.model import Agreement, ByIdentity
from avv.notices.notice import effect_words
from avv.published import feed, notices_index
from avv.published.record import PublishedNotice
from avv.site import compare_pages, derived, pages, preview, search, targets
from avv.site.context import (
    BuildContext,
    build_context,
    known_terms,
    text_for_all,
)
from avv.site.page import Derived, Download, Page
from avv.templating import theme_text

VERSION_VARIABLE = "AVV_VERSION"
# The day a publish deploys the version (ISO), for the date of its notice.
DEPLOYED_VARIABLE = "AVV_DEPLOYED"
STYLESHEET = "stylesheets/avv.css"
# German dates and today for the site's scripts (avv/german.js): loaded before them all.
GERMAN_SCRIPT = "javascripts/german.js"
HELP = "hilfe"
SEARCH_INDEX = "search/search_index.json"
POLLING = 0.1
SETTLING = 0.03
"""Seconds without a further change before a rebuild starts (MkDocs: 0.1): the watch sees one
save as one change at the next look, and what an editor writes for it comes within moments."""


@dataclass(frozen=True)
class Site:
    """The version being built, its generated pages and downloads, and its derived files (by
    their paths in the build); kept in `config.extra["avv"]`, so that templates can read it and
    a rebuild of `mkdocs serve` starts afresh."""

    context: BuildContext
    pages: tuple[Page, ...]
    downloads: tuple[Download, ...] = ()
    jobs: tuple[tuple[str, derived.Job], ...] = ()
    later: list[tuple[str, derived.Job]] = field(default_factory=list)
    """The derived files that `avv serve` writes into the site when they are done."""
    clauses: list[dict[str, str]] = field(default_factory=list)
    """The agreement's clauses as search entries, collected while its page is written."""


_serving = False

KEEP = 4
"""Redline pages a reader asked for that the following builds of `avv serve` keep."""
_PAIR = re.compile(r"vergleich/([^/]+)/")


class OnDemand:
    """`avv serve` in a history of many versions: a build has the redline pages (and synopses)
    of the pairs people use and of the KEEP a reader asked for last, not one for every older
    version, which would slow every reload. A request for another waits for a build with it."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._asked: OrderedDict[str, None] = OrderedDict()
        self._built: frozenset[str] = frozenset()  # in the latest finished build
        self._known: frozenset[str] = frozenset()  # the older versions

    def wanted(self, usual: Iterable[str]) -> frozenset[str]:
        with self._changed:
            return frozenset((*usual, *self._asked))

    def finished(self, context: BuildContext) -> None:
        with self._changed:
            self._known = frozenset(a.version for a in context.earlier)
            self._built = frozenset(a.version for a in compare_pages.built(context))
            self._changed.notify_all()

    def ask(self, older: str, rebuild: Callable[[], None], seconds: float = 120) -> None:
        """Has the pages of `older` built, unless they are: asks for a build (`rebuild`) and
        waits until one with them is done."""
        with self._changed:
            if older not in self._known or older in self._built:
                return
            self._asked[older] = None
            self._asked.move_to_end(older)
            while len(self._asked) > KEEP:
                self._asked.popitem(last=False)
        rebuild()
        with self._changed:
            self._changed.wait_for(lambda: older in self._built, seconds)


ON_DEMAND = OnDemand()


@contextmanager
def plugin_errors() -> Iterator[None]:
    """An AvvError as the PluginError that stops MkDocs with its message, without a traceback."""
    try:
        yield
    except AvvError as error:
        raise PluginError(str(error)) from error


def on_startup(command: str) -> None:
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    repo = Path(config.config_file_path).parent
    templating.environment().bytecode_cache = derived.template_cache(repo)
    with plugin_errors():
        context = build_context(repo, os.environ.get(VERSION_VARIABLE) or None)
        deployed = os.environ.get(DEPLOYED_VARIABLE)
        context = replace(
            context,
            site_url=config.site_url or "",
            deployed=date.fromisoformat(deployed) if deployed else None,
        )
        if _serving:
            usual = compare_pages.with_files(context)
            context = replace(context, redlines=ON_DEMAND.wanted(usual))
        site_pages, found = _pages_of(context)
        made = [(d.path, d.data) for d in found if isinstance(d.data, Derived)]
        jobs = derived.start(repo, [recipe for _, recipe in made], worker=_serving, hold=_serving)
        if _serving:
            derived.MAKER.claim(Path(config.site_dir), keep=jobs)
        site = Site(
            context,
            site_pages,
            tuple(d for d in found if not isinstance(d.data, Derived)),
            tuple((path, job) for (path, _), job in zip(made, jobs, strict=True)),
        )
    config.extra["avv"] = site
    config.extra["avv_version"] = version_bar(context)
    config.nav = navigation(site.pages, Path(config.docs_dir))
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    if GERMAN_SCRIPT not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.insert(0, GERMAN_SCRIPT)
    return config


_made: tuple[BuildContext, tuple[Page, ...], tuple[Download, ...]] | None = None


def _pages_of(context: BuildContext) -> tuple[tuple[Page, ...], tuple[Download, ...]]:
    """The pages and downloads of `context`, made once for the same context: `avv serve`
    builds the page being looked at and then the site of one content (avv.site.preview)."""
    global _made
    if _made is not None and _made[0] == context:
        return _made[1], _made[2]
    made = tuple(pages.pages(context)), tuple(pages.downloads(context))
    _made = (context, *made)
    return made


def serve_files(context: BuildContext, site_url: str) -> list[Download]:
    """What the site branch has beside a version's folder, for `avv serve`, where the work tree's
    build is the whole site: versions.json (the work tree as the one version), feed.xml and
    mitteilungen.json, so that the pages find them one level above them without a 404."""
    meta = context.agreement.meta
    listing = [
        {
            "version": meta.version,
            "title": meta.version,
            "aliases": [],
            "properties": {
                "published": meta.published.isoformat(),
                "effective": meta.effective.isoformat(),
            },
        }
    ]
    history = (*context.earlier, context.agreement)
    notices = [
        found
        for new, earlier in feed.consecutive(history)
        if (found := _published_notice(new, earlier, site_url)) is not None
    ]
    atom = feed.atom([n.entry for n in notices], min(a.meta.published for a in history))
    return [
        Download("versions.json", json.dumps(listing, ensure_ascii=False)),
        Download("feed.xml", atom),
        Download(
            notices_index.DATA,
            notices_index.notices_json(notices_index.preview(history, notices)),
        ),
    ]


_notices: ByIdentity[PublishedNotice | None] = ByIdentity(512)


def _published_notice(
    new: Agreement, earlier: tuple[Agreement, ...], site_url: str
) -> PublishedNotice | None:
    """The notice of `new` as a publish would record it, made once per process: of a history
    of 30, a reload in `avv serve` makes only the work tree's."""

    def make() -> PublishedNotice | None:
        found = feed.notice(new, earlier)
        return None if found is None else feed.published_notice(found, site_url)

    return _notices.get(site_url, (*earlier, new), make)


def version_bar(context: BuildContext) -> dict[str, str]:
    """What the theme's version bar says of this build on every page, without JavaScript: for
    an offer (avv.law.binding) that it binds with the customer's written consent, not before
    its `effective`, and the version whose text binds those who have not agreed."""
    meta = context.agreement.meta
    offer = known_terms(context)[-1].offer
    text = text_for_all(context)
    return {
        "id": meta.version,
        "published": format_date(meta.published),
        "effective": format_date(meta.effective),
        "effect": effect_words(offer, meta.effective),
        "offer": "true" if offer else "",
        "text_for_all": "" if text == meta.version else text,
    }


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
            File.generated(config, GERMAN_SCRIPT, content=german.script()),
            *(File.generated(config, d.path, content=_data(d)) for d in site.downloads),
            *(File.generated(config, path, content=b"") for path, _ in site.jobs),
        ]
        if _serving:  # the work tree alone, without the site branch around it
            generated += [
                File.generated(config, d.path, content=_data(d))
                for d in serve_files(site.context, str(config.site_url or ""))
            ]
        for file in generated:
            if files.get_file_from_path(file.src_uri) is not None:
                raise AvvError(
                    f"docs/{file.src_uri} hat den Pfad einer erzeugten Datei — die Datei "
                    "umbenennen oder entfernen"
                )
            files.append(file)
    return files


def on_env(env: Environment, files: Files, config: MkDocsConfig) -> None:
    """The derived files into the build, once made; in `avv serve`, only those done: the others
    follow into the served site. The theme's templates, compiled once, from the cache."""
    site: Site = config.extra["avv"]
    env.bytecode_cache = derived.template_cache(Path(config.config_file_path).parent)
    with plugin_errors():
        made: list[tuple[str, bytes]] = []
        if _serving:
            for path, job in site.jobs:
                if job.future.done():
                    made.append((path, job.future.result()))
                else:
                    site.later.append((path, job))
        else:
            files_of = derived.MAKER.results([job for _, job in site.jobs])
            made = [(path, data) for (path, _), data in zip(site.jobs, files_of, strict=True)]
        for path, data in made:
            _file(files, path).content_bytes = data
        for path, _ in site.later:
            files.remove(_file(files, path))


def on_page_content(html: str, page_path: str, page_url: str, config: MkDocsConfig) -> None:
    """The agreement's clauses, as its page's HTML holds them, for the search index."""
    if page_path == targets.AGREEMENT_PAGE:
        site: Site = config.extra["avv"]
        site.clauses[:] = search.clause_entries(html, page_url)


def on_post_build(config: MkDocsConfig) -> None:
    site: Site = config.extra["avv"]
    index = Path(config.site_dir) / SEARCH_INDEX
    if site.clauses and index.is_file():
        url = site.clauses[0]["location"].split("#", 1)[0]
        text = search.with_clauses(index.read_text(encoding="utf-8"), url, site.clauses)
        index.write_text(text, encoding="utf-8")
    for path, job in site.later:
        derived.MAKER.deliver(job, Path(config.site_dir) / path)
    if _serving:
        derived.MAKER.release()  # the page is written: now the files
        ON_DEMAND.finished(site.context)


def on_serve(server: LiveReloadServer, config: MkDocsConfig) -> LiveReloadServer:
    """`avv serve` looks at the watched files every POLLING seconds, not MkDocs' half second,
    and starts the rebuild SETTLING seconds after: an edit is seen at once. The watches MkDocs
    made before this event move to the new observer; contract/ and annexes/ (mkdocs.yml's
    `watch`) are watched after it. A rebuild builds the pages open in a browser first
    (avv.site.preview)."""
    before = [config.docs_dir, *([config.config_file_path] if config.config_file_path else [])]
    for path in before:
        server.unwatch(path)
    server.observer = type(server.observer)(timeout=POLLING)
    server.build_delay = SETTLING
    for path in before:
        server.watch(path)
    _build_on_demand(server)
    preview.looked_at_first(server, config)
    return server


def _build_on_demand(server: LiveReloadServer) -> None:
    """A request for a redline page that the served build lacks waits for a build with it
    (OnDemand). The build is asked for as a watched file's change asks for it: MkDocs' server
    has no public call for that."""
    served = server.get_app()
    assert served is not None  # MkDocs' server is made with its application
    mount = server.mount_path

    def rebuild() -> None:
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    def application(environ: dict[str, Any], start_response: Any) -> Any:
        path = str(environ.get("PATH_INFO", "")).encode("latin-1").decode("utf-8", "ignore")
        if path.startswith(mount):
            found = _PAIR.match(path[len(mount) :])
            if found:
                ON_DEMAND.ask(found[1], rebuild)
        return served(environ, start_response)

    server.set_app(application)


def _file(files: Files, path: str) -> File:
    file = files.get_file_from_path(path)
    assert file is not None
    return file


def _data(download: Download) -> str | bytes:
    assert not isinstance(download.data, Derived)
    return download.data


def _page_file(config: MkDocsConfig, page: Page) -> File:
    """A page as a generated file; its title in the front matter, escaped for the templates."""
    title = json.dumps(theme_text(page.title), ensure_ascii=False)
    search = "" if page.search else "search:\n  exclude: true\n"
    front = f"---\ntitle: {title}\n{search}---\n\n"
    inclusion = InclusionLevel.NOT_IN_NAV if page.nav is None else InclusionLevel.UNDEFINED
    return File.generated(config, page.path, content=front + page.markdown, inclusion=inclusion)
