"""`avv serve`: the page being looked at first, the rest of the site after it.

MkDocs' server rebuilds the whole site on every change and lets the browsers reload once it is
done; in a history of many versions that is the picker of every pair, the notices index, the
redlines, the synopses and the search index, though the lawyer editing looks at one page. Here a
rebuild first builds only the pages open in a browser (each keeps a live-reload request open,
whose Referer is the page) into the served site and lets them reload; once one has loaded (a
new live-reload request), or after `SETTLE` seconds, the whole site is built as before.
Meanwhile every other request waits for the whole site, so that nobody is served a page of the
previous edit.
Without a browser, or where the page is not one of the build, a rebuild is MkDocs' own.

The pages are built by MkDocs' own steps of a build (`mkdocs.commands.build`: its functions
`_populate_page` and `_build_page`, and the server's epochs, which are private to MkDocs 1.6 and
ProperDocs alike), with the hooks and plugins of a full build; what they log is left to the full
build that follows, which logs it too, so every warning is printed once.
"""

from __future__ import annotations

import logging
import posixpath
import re
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from avv.site import engine

SETTLE = 5.0
"""Seconds the whole site waits at most for the browsers to load the pages built first."""
WATCHING = 70.0
"""A page is open while its browser asked for a live reload within this many seconds (MkDocs
answers such a request after a minute at the latest, and the browser asks again at once)."""
_POLL = re.compile(r"/livereload/([0-9]+)/[0-9]+")
_FINGERPRINTED = re.compile(r"/assets/.+\.[0-9a-f]{8}\.min\.(?:css|js)")
"""The theme's stylesheet and scripts named by their content's hash: a reload takes them from
the browser's cache (MkDocs' server says nothing of caching, so every reload asks for every
file, and on shared cores that is a fifth of a second before the page shows)."""
KEPT = ("Cache-Control", "max-age=86400, immutable")


class Viewers:
    """The pages open in browsers (their paths below the mount path, `avv/`), by the latest
    live-reload request of each: when it came and the build (epoch) the page showed."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._seen: dict[str, tuple[float, int]] = {}

    def saw(self, page: str, epoch: int) -> None:
        now = time.monotonic()
        with self._changed:
            self._seen = {p: s for p, s in self._seen.items() if now - s[0] < WATCHING}
            self._seen[page] = (now, epoch)
            self._changed.notify_all()

    def open(self) -> list[str]:
        now = time.monotonic()
        with self._changed:
            return [page for page, (when, _) in self._seen.items() if now - when < WATCHING]

    def wait_loaded(self, pages: Iterable[str], epoch: int, seconds: float) -> None:
        """Until one of `pages` asked for a live reload of `epoch` or later: a browser has
        loaded the page of that build (a tab closed meanwhile never asks; another tab's reload
        that comes later waits for the whole site)."""
        wanted = list(pages)
        with self._changed:
            self._changed.wait_for(
                lambda: any(self._seen.get(p, (0.0, 0))[1] >= epoch for p in wanted), seconds
            )


class Gate:
    """Holds the requests for the served site while it is built: MkDocs holds them only while
    its own build runs, and here the pages looked at are served before. While they are, those
    pages and what they load pass; any other page waits for the whole site."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._closed = False
        self._first: frozenset[str] = frozenset()

    @contextmanager
    def closed(self) -> Iterator[None]:
        with self._changed:
            self._closed = True
        try:
            yield
        finally:
            with self._changed:
                self._closed, self._first = False, frozenset()
                self._changed.notify_all()

    def let_through(self, pages: Iterable[str]) -> None:
        """Serves `pages` (paths below the site, `avv/`) and the files they load from now on."""
        with self._changed:
            self._first = frozenset(_page_path(page) for page in pages)
            self._changed.notify_all()

    def wait(self, path: str, referer: str | None) -> None:
        """Until `path` may be served to a request from `referer` (both below the site;
        `referer` None for a request from elsewhere)."""
        with self._changed:
            self._changed.wait_for(lambda: not self._closed or self._first_loads(path, referer))

    def _first_loads(self, path: str, referer: str | None) -> bool:
        """Whether `path` is a page built first, or a file that it (or its stylesheet) loads."""
        if _page_path(path) in self._first:
            return True
        if referer is None or _is_page(path) or not self._first:
            return False
        return _page_path(referer) in self._first or not _is_page(referer)


class _Quiet(logging.Filter):
    """Drops what the thread building the pages first logs (the full build logs it again)."""

    def __init__(self) -> None:
        super().__init__()
        self.thread: int | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        return record.thread != self.thread


def build_pages(config: MkDocsConfig, pages: Iterable[str]) -> bool:
    """Builds the pages at `pages` (paths below the site, `avv/`) of the site of `config`, as
    a full build would make them, into its site folder; whether each of them is a page of it."""
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    wanted = {_page_path(page) for page in pages}
    documents = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    chosen = [file for file in documents if _page_path(file.url) in wanted]
    for file in chosen:
        page = file.page if file.page is not None else Page(None, file, config)
        mkdocs_build._populate_page(page, config, files)
    env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
    for file in chosen:
        assert file.page is not None
        mkdocs_build._build_page(file.page, config, documents, nav, env)
    return len(chosen) == len(wanted)


def _page_path(url: str) -> str:
    """A page's path below the site as a browser and MkDocs' `File.url` name it alike."""
    path = url.removesuffix("index.html")
    return posixpath.normpath("/" + path).lstrip("/")


def _below(referer: object, mount: str) -> str | None:
    """The path below the site of the page at the address `referer`, if one of the site."""
    address = str(referer).split("://", 1)[-1]
    page = "/" + address.partition("/")[2].partition("?")[0].partition("#")[0]
    return page[len(mount) :] if page.startswith(mount) else None


def _is_page(path: str) -> bool:
    return path.endswith(("/", ".html")) or not path


def looked_at_first(server: LiveReloadServer, config: MkDocsConfig) -> None:
    """Makes `server` build the pages open in a browser first (see the module)."""
    viewers, gate, quiet = Viewers(), Gate(), _Quiet()
    full_build = server.builder
    config_file, site_dir, site_url = config.config_file_path, config.site_dir, config.site_url
    mount = server.mount_path

    def builder() -> None:
        open_pages = viewers.open()
        with gate.closed():
            if open_pages and _first(open_pages):
                epoch = server._wanted_epoch
                gate.let_through(open_pages)
                with server._epoch_cond:  # the browsers reload these pages now
                    server._visible_epoch = epoch
                    server._epoch_cond.notify_all()
                viewers.wait_loaded(open_pages, epoch, SETTLE)
                gate.let_through(())
            full_build()

    def _first(open_pages: list[str]) -> bool:
        handlers = logging.getLogger(engine.LOGGER).handlers
        quiet.thread = threading.get_ident()
        for handler in handlers:
            handler.addFilter(quiet)
        try:
            first = load_config(config_file=config_file, site_dir=site_dir)
            first.site_url = site_url
            return build_pages(first, open_pages)
        except Exception:  # the full build reports it
            return False
        finally:
            for handler in handlers:
                handler.removeFilter(quiet)

    served = server.get_app()
    assert served is not None  # MkDocs' server is made with its application

    def application(environ: dict[str, Any], start_response: Any) -> Any:
        path = str(environ.get("PATH_INFO", "")).encode("latin-1").decode("utf-8", "ignore")
        poll = _POLL.fullmatch(path)
        if poll:
            page = _below(environ.get("HTTP_REFERER", ""), mount)
            if page is not None:
                viewers.saw(page, int(poll[1]))
            return served(environ, start_response)
        with server._epoch_cond:  # a rebuild that has begun closes the gate before it serves
            server._epoch_cond.wait_for(lambda: server._visible_epoch == server._wanted_epoch)
        gate.wait(path.removeprefix(mount), _below(environ.get("HTTP_REFERER", ""), mount))
        if not _FINGERPRINTED.fullmatch(path):
            return served(environ, start_response)

        def kept(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            found = status.startswith("200")
            return start_response(status, [*headers, KEPT] if found else headers, *rest)

        return served(environ, kept)

    server.builder = builder
    server.set_app(application)
