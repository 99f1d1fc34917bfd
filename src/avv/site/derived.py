"""The derived files of a version's build (avv.pdf; the .docx and the sign copy join `KINDS`):
taken from the cache of derived files (avv.cache), made once per content hash and tool version.

Where one must be made, a publish has a worker process make every due version's while MkDocs
builds one version after the other, and `avv serve` has it made while the reloaded page is
already shown; a lone `avv build` makes it itself. A process, not a thread: WeasyPrint is Python,
and a thread of it would wait for MkDocs at every step. The worker is spawned (not forked:
`mkdocs serve` runs threads) on the first file it must make, lives as long as the process, and
writes each file into the cache. A build asks for its files when it starts (`start`), MkDocs reads
the pages meanwhile, and the build takes them just before it writes the site (`result`); `avv
serve` does not wait: it writes them into the served site when they are done (`deliver`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from jinja2 import BytecodeCache, FileSystemBytecodeCache

from avv import pdf
from avv.cache import FileCache, Key, folder_for, tool_version
from avv.canonical import content_hash
from avv.gitrepo import GitError, Repository
from avv.model import Agreement
from avv.site import document

log = logging.getLogger("mkdocs.hooks.avv")


@dataclass(frozen=True)
class Kind:
    """A derived file of a version: its name in the build, how it is made from the version (a
    function of this module, so that the worker can find it) and the libraries that make it."""

    name: str
    make: Callable[[Agreement], bytes]
    tools: tuple[str, ...]

    def key(self, agreement: Agreement) -> Key:
        return Key(self.name, content_hash(agreement), tool_version(*self.tools))


def _pdf(agreement: Agreement) -> bytes:
    return pdf.render_pdf(document.document_html(agreement))


PDF = Kind("avv.pdf", _pdf, ("weasyprint", "pydyf", "tinycss2", "cssselect2", "markdown"))
KINDS = {kind.name: kind for kind in (PDF,)}


@contextmanager
def _main_hidden() -> Iterator[None]:
    """While a worker starts: spawn would run the parent's main module again in it (a script
    without a main guard would build anew there), and the worker needs nothing of it."""
    main = sys.modules["__main__"]
    saved = {name: vars(main)[name] for name in ("__file__", "__spec__") if name in vars(main)}
    vars(main).pop("__file__", None)
    main.__spec__ = None
    try:
        yield
    finally:
        vars(main).update(saved)


def _watch_parent() -> None:
    """In the worker: ends it once the process that started it is gone (killed, not stopped),
    so that no worker outlives its build."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _make(name: str, agreement: Agreement, folder: str, key: Key) -> bytes:
    """In the worker: makes the file and stores it, before the build asks for it."""
    data = KINDS[name].make(agreement)
    FileCache(Path(folder)).put(key, data)
    return data


class Maker:
    """Hands out the derived files of versions: from the cache, from a job already running for
    the same file, or from a new job: of the worker where nobody waits for it (`avv serve`) or
    builds follow one another (a publish), else made in the build itself when it asks. On 2
    shared cores a worker of its own costs a lone build more than it saves: the start of a
    Python with avv and WeasyPrint takes longer than MkDocs' pages of a short history."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._jobs: dict[tuple[Path, str], Future[bytes]] = {}
        self._deliveries: dict[Path, Future[bytes]] = {}
        self._here: weakref.WeakKeyDictionary[Future[bytes], tuple[str, Agreement, str, Key]]
        self._here = weakref.WeakKeyDictionary()  # gone with the build that never asked

    def start(
        self, kind: Kind, agreement: Agreement, cache: FileCache, *, background: bool
    ) -> Future[bytes]:
        """The file `kind` of `agreement`: done where the cache has it, else on its way (in the
        worker with `background`, else made when the build asks for it)."""
        key = kind.key(agreement)
        slot = (cache.folder, key.digest())
        with self._lock:
            running = self._jobs.get(slot)
            if running is not None:
                return running
            data = cache.get(key)
            if data is not None:
                done: Future[bytes] = Future()
                done.set_result(data)
                return done
            if not background:
                later: Future[bytes] = Future()
                self._here[later] = (kind.name, agreement, str(cache.folder), key)
                return later
            job = self._submit(kind, agreement, cache, key)
            self._jobs[slot] = job
        job.add_done_callback(lambda _: self._forget(slot))
        return job

    def result(self, kind: Kind, agreement: Agreement, job: Future[bytes]) -> bytes:
        """The file, once made; made here where it was left for the build or the worker died."""
        with self._lock:
            here = self._here.pop(job, None)
        if here is not None:
            return _make(*here)
        try:
            return job.result()
        except BrokenProcessPool:
            with self._lock:
                self._pool = None
            return kind.make(agreement)

    def cancel(self) -> None:
        """Drops every job the worker has not begun: nobody will ask for them (a failed publish
        would else wait for them before it exits)."""
        with self._lock:
            jobs = list(self._jobs.values())
        for job in jobs:
            job.cancel()

    def deliver(self, job: Future[bytes], target: Path) -> None:
        """Writes the file to `target` when it is done, unless a later job for the same target
        came first (a newer edit in `avv serve`); a job nobody waits for any longer is dropped."""
        with self._lock:
            earlier = self._deliveries.get(target)
            self._deliveries[target] = job
        if earlier is not None and earlier is not job:
            earlier.cancel()
        job.add_done_callback(lambda done: self._write(done, target))

    def _write(self, job: Future[bytes], target: Path) -> None:
        with self._lock:
            if self._deliveries.get(target) is not job or job.cancelled():
                return
        error = job.exception()
        if error is not None:
            log.error(f"{target.name}: {error}")
            return
        if not target.parent.is_dir():
            return  # the served site is gone: the server has stopped
        handle, temp = tempfile.mkstemp(prefix=".", dir=target.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(job.result())
        os.replace(temp, target)

    def _submit(
        self, kind: Kind, agreement: Agreement, cache: FileCache, key: Key
    ) -> Future[bytes]:
        if self._pool is None:
            workers = max(1, min((os.cpu_count() or 2) - 1, 4))
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=_watch_parent
            )
        try:
            with _main_hidden():
                return self._pool.submit(_make, kind.name, agreement, str(cache.folder), key)
        except BrokenProcessPool:  # the worker died: a new one for the next file
            self._pool = None
            made: Future[bytes] = Future()
            made.set_result(_make(kind.name, agreement, str(cache.folder), key))
            return made

    def _forget(self, slot: tuple[Path, str]) -> None:
        with self._lock:
            self._jobs.pop(slot, None)


MAKER = Maker()
"""The process's one maker: builds of one process (a publish, `avv serve`) share its worker."""


def cache_for(repo: Path) -> FileCache:
    try:
        with Repository(repo) as found:
            git_dir: Path | None = found.git_dir
    except GitError:
        git_dir = None
    return FileCache(folder_for(repo, git_dir))


def start(
    repo: Path, agreement: Agreement, *, background: bool
) -> tuple[tuple[Kind, Future[bytes]], ...]:
    """Every derived file of the version `agreement` of `repo`, done or on its way."""
    files = cache_for(repo)
    return tuple(
        (kind, MAKER.start(kind, agreement, files, background=background))
        for kind in KINDS.values()
    )


def template_cache(repo: Path) -> BytecodeCache | None:
    """Where Jinja keeps the theme's templates compiled: MkDocs compiles them anew for every
    build, a sixth of a build's time. Jinja checks each against its template's source; the
    folder is per version of MkDocs, Material and Jinja, whose settings shape the code."""
    tools = tool_version("mkdocs", "mkdocs-material", "jinja2")
    folder = cache_for(repo).folder / f"templates-{tools[:16]}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def prefetch(repo: Path, agreements: Iterable[Agreement]) -> None:
    """Starts the derived files of versions that are built one after the other (a publish), so
    that the worker makes the next ones while MkDocs builds the one before."""
    for agreement in agreements:
        start(repo, agreement, background=True)
