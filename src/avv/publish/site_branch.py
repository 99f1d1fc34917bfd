"""The site branch (gh-pages) and the scratch space a publish works in.

A publish starts from the site branch's tip (or the remote's, where that is ahead), works on a
scratch branch and in a temporary folder, and moves the site branch in one compare-and-swap step.
Each scratch branch and folder is held by a lock (`flock`) for as long as its run lives; they are
removed when the run ends, also by SIGINT or SIGTERM, and a later run removes those of a run that
was killed outright (SIGKILL), whose lock the kernel released.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

from avv.errors import AvvError
from avv.repo.gitrepo import GitError, Repository

BRANCH = "gh-pages"  # the site branch, unless a command is told another

SCRATCH = "avv-publish-"
# Where the locks of scratch branches live, inside the repository's git folder.
LOCKS = "avv-publish"
# Where a clone remembers the last state of each site branch it verified or published: a ref in
# its git folder (never in the work tree), which also keeps that state's objects from git gc.
VERIFIED = "refs/avv/verified/"
# A run's name: its process and a random part; other names with the prefix are not ours to remove.
_NAME = re.compile(rf"{SCRATCH}[0-9]+-[0-9a-f]{{8}}", re.ASCII)


class SiteBranchError(AvvError):
    """The site branch cannot be read or moved; it is as it was."""


@dataclass(frozen=True)
class Scratch:
    """A run's own branch name and temporary folder; `step` guards a write to git."""

    branch: str
    folder: Path
    step: Callable[[], AbstractContextManager[None]]


def tip(repo: Repository, branch: str) -> str | None:
    """The commit of the site branch as this clone knows it: its own, else origin's."""
    return repo.resolve(f"refs/heads/{branch}") or repo.resolve(f"refs/remotes/origin/{branch}")


def base(repo: Repository, branch: str, remote: str) -> str | None:
    """The commit a publish starts from: the local site branch, or the remote's where it is
    ahead (a fresh CI checkout has only the remote's); None when neither exists yet."""
    local = repo.resolve(f"refs/heads/{branch}")
    upstream = repo.resolve(f"refs/remotes/{remote}/{branch}")
    if upstream is None or upstream == local:
        return local
    if local is None or repo.is_ancestor(local, upstream):
        return upstream
    if repo.is_ancestor(upstream, local):
        return local
    raise SiteBranchError(
        f"der Branch {branch} und {remote}/{branch} sind auseinandergelaufen — "
        f"sie vor der Veröffentlichung zusammenführen (git pull {remote} {branch})"
    )


def name_problems(repo: Repository, branch: str) -> list[str]:
    """Why `branch` is no name of a branch at all (the rule of `git check-ref-format
    --branch`)."""
    why = repo.check_branch_name(branch)
    if why is None:
        return []
    return [
        f"--branch {branch!r} ist kein gültiger Name eines Branches ({why}) — einen Namen, den "
        f"`git check-ref-format --branch` annimmt, angeben, z. B. {BRANCH}"
    ]


def target_problems(repo: Repository, branch: str, content: str) -> list[str]:
    """Why a publish may not write `branch`: no name of a branch, the branch checked out in a
    work tree, or a branch of the content's history (it holds `content`, the agreement's
    meta.yaml); the site would be committed onto the sources."""
    problems = name_problems(repo, branch)
    if problems:
        return problems
    if branch in repo.checked_out():
        problems.append(
            f"--branch {branch}: dieser Branch ist ausgecheckt — der Site-Branch ist nie der "
            f"Branch, in dem gearbeitet wird: einen eigenen angeben, z. B. {BRANCH}"
        )
    tip = repo.resolve(f"refs/heads/{branch}")
    if tip is not None and repo.kind(tip, content) is not None:
        problems.append(
            f"--branch {branch}: dieser Branch enthält den Inhalt der AVV ({content}) — der "
            "Site-Branch enthält nur die veröffentlichte Website: einen eigenen angeben, z. B. "
            f"{BRANCH}"
        )
    return problems


def remember(repo: Repository, branch: str, tip: str) -> None:
    """Remembers `tip` as the last state of `branch` that this clone verified."""
    repo.set_ref(VERIFIED + branch, tip)


def rewritten(repo: Repository, branch: str, tip: str) -> list[str]:
    """Why `tip` cannot be the site branch: the last state this clone verified or published is
    not its ancestor (history cut or replaced, however consistent with itself); empty where it
    is, or nothing was verified yet."""
    last = repo.resolve(VERIFIED + branch)
    if last is None or last == tip or repo.is_ancestor(last, tip):
        return []
    return [
        f"{branch} ({tip[:12]}) stammt nicht vom zuletzt geprüften Stand {last[:12]} ab: die "
        "Geschichte des Site-Branches wurde umgeschrieben, was veröffentlicht war, ist nicht "
        f"mehr nachweisbar — ungewollt: den Stand wiederherstellen (`git branch -f {branch} "
        f"{last[:12]}`, ggf. mit push); ein gewollter Neuanfang: ihn ausdrücklich mit "
        f"`avv verify --branch {branch} --accept-reset` annehmen"
    ]


def move(repo: Repository, branch: str, tip: str, expected: str | None) -> None:
    """Moves the site branch from `expected` to `tip`, which must descend from it; a branch that
    another run moved meanwhile is the loser's clear refusal, not git's "cannot lock ref"."""
    if tip == expected:
        return
    if expected is not None and not repo.is_ancestor(expected, tip):
        raise SiteBranchError(
            f"{tip[:12]} stammt nicht von {branch} ({expected[:12]}) ab — `avv publish` erneut "
            "ausführen"
        )
    try:
        repo.set_branch(branch, tip, expected)
    except GitError as error:
        now = repo.resolve(f"refs/heads/{branch}")
        if now == expected:
            raise SiteBranchError(
                f"{branch} ist gerade gesperrt, vermutlich von einer anderen Veröffentlichung; "
                f"{branch} ist unverändert — warte, bis sie fertig ist, und führe `avv publish` "
                f"erneut aus (bleibt die Sperre ohne laufendes git, entferne "
                f"{repo.git_dir / 'refs' / 'heads' / branch}.lock) (git: {error})"
            ) from None
        raise SiteBranchError(
            f"{branch} wurde während dieser Veröffentlichung von einer anderen Veröffentlichung "
            f"geändert (jetzt {(now or 'gelöscht')[:12]}, erwartet {(expected or 'neu')[:12]}); "
            f"dieser Lauf hat nichts geändert — führe `avv publish` erneut aus, es setzt auf dem "
            f"neuen Stand auf (git: {error})"
        ) from None


@contextmanager
def scratch(repo: Repository, start: str | None) -> Iterator[Scratch]:
    """A scratch branch at `start` (none while `start` is None; the caller's commits create it)
    and a temporary folder, both removed when the block ends, however it ends; leftovers of
    killed runs are removed first. SIGINT and SIGTERM stop the run at once, except within a
    `step` (a write of git, which must not be cut off half-way): there, at its end."""
    remove_leftovers(repo)
    name = f"{SCRATCH}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    locks = repo.git_dir / LOCKS
    locks.mkdir(exist_ok=True)
    temp = Path(tempfile.gettempdir())
    with _Signals() as signals, ExitStack() as stack:
        stack.enter_context(_held(locks / name))
        stack.enter_context(_held(temp / f"{name}.lock"))
        folder = temp / name
        folder.mkdir()
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        stack.callback(_delete_branch, repo, name)
        stack.callback(signals.hold)  # the clean-up itself is not cut off
        if start is not None:
            with signals.step():
                repo.set_branch(name, start, None)
        yield Scratch(name, folder, signals.step)


def remove_leftovers(repo: Repository) -> list[str]:
    """Removes the scratch branches and temporary folders of runs that no longer live (their
    lock is free); returns what it removed."""
    removed = []
    locks = repo.git_dir / LOCKS
    for branch in repo.branches(SCRATCH):
        if _NAME.fullmatch(branch) and _abandoned(locks / branch):
            _delete_branch(repo, branch)
            removed.append(branch)
    temp = Path(tempfile.gettempdir())
    for folder in temp.glob(f"{SCRATCH}*"):
        if _NAME.fullmatch(folder.name) and _abandoned(temp / f"{folder.name}.lock"):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(str(folder))
    for lock in [*locks.glob(f"{SCRATCH}*"), *temp.glob(f"{SCRATCH}*.lock")]:
        if _NAME.fullmatch(lock.name.removesuffix(".lock")):
            _abandoned(lock)
    return removed


def _delete_branch(repo: Repository, branch: str) -> None:
    tip = repo.resolve(f"refs/heads/{branch}")
    if tip is not None:
        repo.set_branch(branch, None, tip)


@contextmanager
def _held(path: Path) -> Iterator[None]:
    """Holds an exclusive lock on `path` (made for it, removed after)."""
    while True:
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                break  # still the file at `path`: no cleaner removed it in between
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(fd)


def _abandoned(lock: Path) -> bool:
    """Whether no live run holds `lock`; an abandoned lock file is removed."""
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return False
    lock.unlink(missing_ok=True)
    os.close(fd)
    return True


class _Signals:
    """SIGINT and SIGTERM as exceptions (KeyboardInterrupt; SystemExit with 128 + the signal's
    number), so that every clean-up runs; held back while a step runs."""

    def __init__(self) -> None:
        self._depth = 0
        self._pending: int | None = None
        self._before: dict[int, Any] = {}

    def __enter__(self) -> _Signals:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._before[signum] = signal.signal(signum, self._received)
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        for signum, handler in self._before.items():
            signal.signal(signum, handler)
        if kind is None and self._pending is not None:
            _stop(self._pending)

    def hold(self) -> None:
        """From now on, every signal waits for the end."""
        self._depth += 1

    @contextmanager
    def step(self) -> Iterator[None]:
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        if not self._depth and self._pending is not None:
            _stop(self._pending)

    def _received(self, signum: int, _: FrameType | None) -> None:
        if self._depth:
            self._pending = signum
        else:
            _stop(signum)


def _stop(signum: int) -> NoReturn:
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise SystemExit(128 + signum)
