"""The files derived from versions, by kind (avv.pdf, avv.docx, and a redline's aenderungen.pdf
and .docx), and the side of the worker process that makes them beside a build: avv.site.derived
hands the files out. The worker imports this module, not the site's, so that it is ready
sooner: a publish waits for its PDFs.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from avv.changes.redline import redline
from avv.content.canonical import content_hash
from avv.documents import document, pdf
from avv.documents.cache import FileCache, Key, tool_version
from avv.documents.docx import redline_docx, version_docx
from avv.documents.printable import redline_pdf
from avv.model import Agreement, ByIdentity

PDF_TOOLS = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "markdown")
DOCX_TOOLS = ("python-docx", "lxml")


@dataclass(frozen=True)
class Kind:
    """A derived file: its name (the file name in the build), how it is made from its versions
    (a function of this module, which the worker finds by the name), the libraries that
    make it, and whether they take long to load (WeasyPrint): such files are the worker's, who
    loads them first thing."""

    name: str
    make: Callable[..., bytes]
    tools: tuple[str, ...]
    heavy: bool = False

    def key(self, *sources: Agreement) -> Key:
        return Key(self.name, "+".join(_hash(s) for s in sources), tool_version(*self.tools))


def _version_pdf(agreement: Agreement, *before: Agreement) -> bytes:
    """avv.pdf; an offer, and only an offer, is made with the version it is offered against
    (`before`, as avv.site.document_pages decides), so that its footer says that it binds from
    the customer's written consent, and its cache key tells it from the same text as a notice."""
    return pdf.render_pdf(document.document_html(agreement, offer=bool(before)))


def _redline_pdf(older: Agreement, newer: Agreement) -> bytes:
    return redline_pdf(redline(older, newer))


PDF = Kind("avv.pdf", _version_pdf, PDF_TOOLS, heavy=True)
DOCX = Kind("avv.docx", version_docx, DOCX_TOOLS)
REDLINE_DOCX = Kind("aenderungen.docx", redline_docx, DOCX_TOOLS)
REDLINE_PDF = Kind("aenderungen.pdf", _redline_pdf, PDF_TOOLS, heavy=True)
KINDS = {kind.name: kind for kind in (PDF, DOCX, REDLINE_DOCX, REDLINE_PDF)}

_hashes: ByIdentity[str] = ByIdentity(512)


def _hash(agreement: Agreement) -> str:
    """The content hash, computed once per agreement: a build of the newest of 30 asks for each
    older version's hash twice, and a hash serialises the whole version."""
    return _hashes.get("hash", (agreement,), lambda: content_hash(agreement))


BEHIND = 10
"""The worker's niceness in `avv serve`: the rebuild after an edit goes first."""


def begin_worker(behind: bool) -> None:
    """In the worker, first: `behind` (`avv serve`) lets the process that serves the pages go
    first, so that a PDF still being made for the previous edit does not slow the next reload
    on shared cores; and the worker watches the process that started it."""
    if behind:
        os.nice(BEHIND)
    _watch_parent()


def _watch_parent() -> None:
    """In the worker: ends it once the process that started it is gone (killed, not stopped),
    so that no worker outlives its build."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def ready() -> None:
    """In the worker, first of all: loads what makes the files, so the first file does not wait."""
    import weasyprint  # noqa: F401


def make_file(name: str, sources: tuple[Agreement, ...], folder: str, key: Key) -> bytes:
    """Makes the file of kind `name` and stores it in the cache at `folder` (in the worker:
    before the build asks for it)."""
    data = KINDS[name].make(*sources)
    FileCache(Path(folder)).put(key, data)
    return data
