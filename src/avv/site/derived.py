"""The derived files of a version's build: avv.pdf and avv.docx of the version, and beside each
redline the Word document with tracked changes and the printable PDF of the pair. Each is a pure
function of the versions it is made from, so it is taken from the cache of derived files
(avv.documents.cache), keyed by their content hashes and the tool version, and made only where
missing.

Where files must be made, two processes share the work: a worker (spawned, not forked: `mkdocs
serve` runs threads; a process, not a thread: WeasyPrint is Python, and a thread of it would
wait for MkDocs at every step) takes the files one after the other while MkDocs reads the pages,
and the build makes the ones nobody has begun yet when it needs them (`results`), but for the
PDFs, which it leaves to a worker unless many wait: loading WeasyPrint would take the build a
second, longer than the worker needs for a few. The worker gets a file only once it has started
and is idle. `avv serve` does not wait: the worker makes the files after the page, and each is
written into the served site when it is done (`deliver`), unless a newer build of the site came
first (`claim`). A publish starts the worker before it knows the files (`begin`) and asks for
the files of every due version at once (`prefetch`), so the worker is busy while MkDocs builds
one version after the other. A lone build with only its version's own two files to make does
without the worker: the start of a Python with avv and WeasyPrint takes longer than the two
files.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import os
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import BytecodeCache, FileSystemBytecodeCache

from avv.documents.cache import FileCache, Key, folder_for, tool_version
from avv.documents.derived_files import (
    KINDS,
    Kind,
    begin_worker,
    make_file,
    ready,
)
from avv.model import Agreement
from avv.repo.gitrepo import GitError, Repository
from avv.site import pages
from avv.site.context import BuildContext
from avv.site.page import Derived

log = logging.getLogger("mkdocs.hooks.avv")

LONE = 2
"""A lone build makes this many files itself; with more to make, it starts the worker."""
BACKLOG = 4
"""PDFs waiting for the worker beyond which the build makes some too: loading WeasyPrint takes
the build a second, more than the worker needs for a few PDFs."""


@dataclass(eq=False)
class Job:
    """One derived file on its way: `future` is done when the file is made (by the worker or the
    build) or was found in the cache; `begun` once someone makes it."""

    kind: Kind
    sources: tuple[Agreement, ...]
    folder: Path
    key: Key
    future: Future[bytes] = field(default_factory=Future)
    begun: bool = False
    breaks: int = 0  # workers that died making it

    def make(self) -> bytes:
        return make_file(self.kind.name, self.sources, str(self.folder), self.key)


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


class Maker:
    """Hands out the derived files of versions: from the cache, from a job already on its way for
    the same file, or from a new job, which the worker or the build makes, whichever is first."""

    def __init__(self) -> None:
        self._lock = threading.RLock()  # a cancel under it calls back into it
        self._pool: ProcessPoolExecutor | None = None
        self._idle = 0  # started workers without a file
        self._queue: deque[Job] = deque()  # jobs nobody has begun, oldest first
        self._jobs: dict[tuple[Path, str], Job] = {}
        self._deliveries: dict[Path, Job] = {}
        self._held = False

    def start(
        self,
        files: Sequence[tuple[Kind, tuple[Agreement, ...]]],
        cache: FileCache,
        *,
        worker: bool,
        hold: bool = False,
    ) -> list[Job]:
        """The jobs of `files`: done where the cache has them, else queued; `worker` starts the
        worker for them (a lone build makes them itself, unless there are more than `LONE`).
        `hold`: the worker takes none of them before `release` (`avv serve`: the page first,
        the files after it, not both at once on shared cores)."""
        jobs, queued = [], []
        with self._lock:
            self._held = hold
            for kind, sources in files:
                key = kind.key(*sources)
                slot = (cache.folder, key.digest())
                job = self._jobs.get(slot)
                if job is None or job.future.done():  # done: its slot is about to be freed
                    job = Job(kind, sources, cache.folder, key)
                    data = cache.get(key)
                    if data is not None:
                        job.future.set_result(data)
                    else:
                        self._jobs[slot] = job
                        self._queue.append(job)
                        queued.append((slot, job))
                jobs.append(job)
            if queued and (worker or len(queued) > LONE):
                self._start_worker()
            self._feed()
        for slot, job in queued:
            job.future.add_done_callback(functools.partial(self._forget, slot))
        return jobs

    def results(self, jobs: Sequence[Job]) -> list[bytes]:
        """The files of `jobs`, once made: the build makes every one that nobody has begun,
        but leaves the PDFs to a worker (see `_mine`), and waits for those the worker makes."""
        while True:
            with self._lock:
                job = next((j for j in jobs if self._mine(j) and self._take(j)), None)
            if job is None:
                waiting = [j.future for j in jobs if not j.future.done()]
                if not waiting:
                    break
                # Until one is done, or the worker is gone and the build makes the rest.
                wait(waiting, timeout=0.2, return_when=FIRST_COMPLETED)
                continue
            try:
                data = job.make()
            except BaseException as error:
                job.future.set_exception(error)
                raise
            job.future.set_result(data)
        return [job.future.result() for job in jobs]

    def begin(self) -> None:
        """Starts the worker now, before the files are known (a publish: it loads WeasyPrint
        while the build reads the history)."""
        with self._lock:
            self._start_worker()

    def _mine(self, job: Job) -> bool:
        """Whether the build makes `job` itself (under the lock): yes, unless it is a PDF and a
        worker is there for it, and the build has not loaded WeasyPrint and few wait for it."""
        if not job.kind.heavy or self._pool is None or "weasyprint" in sys.modules:
            return True
        return sum(1 for j in self._queue if j.kind.heavy) > BACKLOG

    def release(self) -> None:
        """The held jobs to the worker (see `start`)."""
        with self._lock:
            self._held = False
            self._feed()

    def cancel(self) -> None:
        """Drops every job nobody has begun: nobody will ask for them (a failed publish would
        else wait for them before it exits)."""
        with self._lock:
            for job in list(self._queue):
                self._drop(job)

    def claim(self, site: Path, keep: Iterable[Job] = ()) -> None:
        """A new build of the served site `site` has begun: no file of an earlier build is
        written into it any longer, and the jobs that only they wanted are dropped, unless
        begun; `keep`: the new build's."""
        kept = set(map(id, keep))
        with self._lock:
            for target in [t for t in self._deliveries if t.is_relative_to(site)]:
                job = self._deliveries.pop(target)
                if id(job) not in kept:
                    self._drop(job)

    def deliver(self, job: Job, target: Path) -> None:
        """Writes the file to `target` (in the served site) when it is done, unless a newer build
        of that site claimed it first."""
        with self._lock:
            self._deliveries[target] = job
        job.future.add_done_callback(lambda _: self._write(job, target))

    def _write(self, job: Job, target: Path) -> None:
        if job.future.cancelled():
            return
        error = job.future.exception()
        if error is not None:
            log.error(f"{target.name}: {error}")
            return
        with self._lock:  # a claim waits for the write; after a claim, nothing is written
            if self._deliveries.get(target) is not job:
                return
            del self._deliveries[target]
            try:
                handle, temp = tempfile.mkstemp(prefix=".", dir=target.parent)
                with os.fdopen(handle, "wb") as out:
                    out.write(job.future.result())
                os.replace(temp, target)
            except OSError:  # the served site is gone: the server has stopped
                return

    def _take(self, job: Job) -> bool:
        """Whether `job` was unbegun and is now the caller's (under the lock)."""
        if job.begun or job.future.done():
            return False
        job.begun = True
        self._queue.remove(job)
        return True

    def _drop(self, job: Job) -> None:
        """Cancels `job` unless it is begun (under the lock)."""
        if not job.begun and job.future.cancel() and job in self._queue:
            self._queue.remove(job)

    def _start_worker(self) -> None:
        if self._pool is not None:
            return
        workers = max(1, min((os.cpu_count() or 2) - 1, 4))
        pool = self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=begin_worker,
            initargs=(self._held,),  # held: `avv serve`, whose worker comes behind
        )
        with _main_hidden():
            for _ in range(workers):
                pool.submit(ready).add_done_callback(lambda ready: self._started(pool, ready))

    def _started(self, pool: ProcessPoolExecutor, ready: Future[None]) -> None:
        with self._lock:
            if self._pool is not pool:
                return
            if ready.exception() is None:
                self._idle += 1
                self._feed()
            else:  # no worker: the build makes its files, and the next build starts one anew
                self._pool, self._idle = None, 0

    def _feed(self) -> None:
        """Hands idle workers the oldest unbegun jobs, PDFs first: the build makes the others
        (`_mine`) once it needs them (under the lock)."""
        while self._idle and self._queue and self._pool is not None and not self._held:
            pool = self._pool
            job = next((j for j in self._queue if j.kind.heavy), self._queue[0])
            self._queue.remove(job)
            job.begun = True
            self._idle -= 1
            try:
                with _main_hidden():
                    made = pool.submit(
                        make_file, job.kind.name, job.sources, str(job.folder), job.key
                    )
            except RuntimeError:  # the pool is broken or shut down: the build makes the rest
                self._pool, self._idle = None, 0
                job.begun = False
                self._queue.appendleft(job)
                return
            made.add_done_callback(functools.partial(self._finished, pool, job))

    def _finished(self, pool: ProcessPoolExecutor, job: Job, made: Future[bytes]) -> None:
        error = made.exception()
        with self._lock:
            if not isinstance(error, BrokenProcessPool):
                if self._pool is pool:
                    self._idle += 1
            else:  # the worker died: a new one, which (or the build) makes the file once more
                if self._pool is pool:
                    self._pool, self._idle = None, 0
                if job.breaks == 0:
                    job.breaks += 1
                    job.begun = False
                    self._queue.appendleft(job)
                    self._start_worker()
                    return
            self._feed()
        if error is None:
            job.future.set_result(made.result())
        else:
            job.future.set_exception(error)

    def _forget(self, slot: tuple[Path, str], _: Future[bytes]) -> None:
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


def recipe(made: Derived) -> tuple[Kind, tuple[Agreement, ...]]:
    return KINDS[made.kind], made.sources


def start(repo: Path, files: Sequence[Derived], *, worker: bool, hold: bool = False) -> list[Job]:
    """The derived files of a build of `repo`, done or on their way (`hold`: see Maker.start)."""
    return MAKER.start([recipe(f) for f in files], cache_for(repo), worker=worker, hold=hold)


def template_cache(repo: Path) -> BytecodeCache | None:
    """Where Jinja keeps the theme's templates and avv's own compiled: MkDocs compiles them anew
    for every build, a sixth of a build's time, and avv's redline templates take a tenth of a
    second more. Jinja checks each against its template's source; the folder is per version of
    MkDocs, Material and Jinja, whose settings shape the code."""
    tools = tool_version("mkdocs", "mkdocs-material", "jinja2")
    folder = cache_for(repo).folder / f"templates-{tools[:16]}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def prefetch(repo: Path, contexts: Iterable[BuildContext]) -> None:
    """Starts the derived files of versions that are built one after the other (a publish), so
    that the worker makes the next ones while MkDocs builds the one before."""
    files = [d.data for c in contexts for d in pages.downloads(c) if isinstance(d.data, Derived)]
    start(repo, files, worker=True)
