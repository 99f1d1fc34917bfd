"""The one rule for every folder and file the tool writes: nothing of value is ever replaced.

`avv build` replaces its folder whole, and `avv demo` fills a new one. Either may only write into a
folder that is absent, empty, or marked as a previous build (the marker file the build writes), and
never into the repository, a folder that contains it, or its sources. A file named with `-o` (or
`--summary`) is never written into the git folder or the sources, nor over a file git tracks, nor
where a folder, FIFO or device stands. Paths are compared with symlinks and `..` resolved, so no
spelling of a path gets around the rule.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from avv.errors import AvvError

MARKER = ".avv-build"
MARKER_TEXT = "Von `avv build` gebaut: der nächste Build ersetzt diesen Ordner ganz.\n"
# The repository's own sources: a build inside them would replace or pollute them.
SOURCES = ("contract", "annexes", "docs", "hooks", "src", "tests", ".git", ".github")


class UnsafeFolder(AvvError):
    """The folder holds something a write would destroy; nothing was written."""


def check(target: Path, repos: Iterable[Path], option: str, accept_marked: bool = True) -> Path:
    """The resolved `target`, or UnsafeFolder saying why it may not be written and what to do.

    `repos` are the repositories to protect; `option` names the command-line option that chose
    the folder, for the message. `accept_marked`: a folder marked as a previous build may be
    replaced.
    """
    folder = target.expanduser().resolve()
    fix = f"geben Sie mit {option} einen neuen oder leeren Ordner an"
    for repo in {r.expanduser().resolve() for r in repos}:
        if folder == repo:
            raise UnsafeFolder(f"{target} ist das Repository selbst — {fix}, z. B. {repo}/site")
        if repo.is_relative_to(folder):
            raise UnsafeFolder(f"{target} enthält das Repository {repo} — {fix}")
        for name in SOURCES:
            if folder.is_relative_to(repo / name):
                raise UnsafeFolder(
                    f"{target} liegt in {name}/, den Quellen des Repositorys — {fix}, "
                    f"außerhalb von {name}/"
                )
    if not folder.exists():
        return folder
    if not folder.is_dir():
        raise UnsafeFolder(f"{target} ist eine Datei, kein Ordner — {fix}")
    if not any(folder.iterdir()) or (accept_marked and is_marked(folder)):
        return folder
    if not accept_marked:
        raise UnsafeFolder(f"{target} ist nicht leer — {fix}")
    raise UnsafeFolder(
        f"{target} ist nicht leer und kein früherer Build (es fehlt die Datei {MARKER}) — {fix}, "
        "oder leeren Sie diesen selbst"
    )


def check_file(
    target: Path,
    repos: Iterable[Path],
    option: str,
    git_dirs: Iterable[Path] = (),
    tracked: Callable[[Path], bool] = lambda _: False,
) -> Path:
    """The resolved `target` of a file to write, or UnsafeFolder saying why it may not be
    written: inside a git folder (`git_dirs`, or any `.git`) or the sources of one of `repos`,
    a file git tracks (`tracked`), or anything but a regular file where it stands."""
    path = target.expanduser().resolve()
    fix = f"geben Sie mit {option} eine Datei außerhalb davon an"
    if any(path.is_relative_to(d.expanduser().resolve()) for d in git_dirs):
        raise UnsafeFolder(f"{target} liegt im Git-Ordner des Repositorys — {fix}")
    for repo in {r.expanduser().resolve() for r in repos}:
        for name in SOURCES:
            if path.is_relative_to(repo / name):
                raise UnsafeFolder(
                    f"{target} liegt in {name}/ des Repositorys, wohin avv nie schreibt — {fix}"
                )
    if any(part == ".git" for part in path.parts):
        raise UnsafeFolder(f"{target} liegt in einem Git-Ordner (.git/) — {fix}")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return path
    except OSError as error:
        raise UnsafeFolder(
            f"{target}: {error.strerror} — geben Sie mit {option} eine Datei in einem "
            "bestehenden Ordner an"
        ) from None
    if not stat.S_ISREG(mode):
        raise UnsafeFolder(
            f"{target} ist keine gewöhnliche Datei (ein Ordner, eine FIFO oder ein Gerät) — "
            f"geben Sie mit {option} eine neue Datei an"
        )
    if tracked(path):
        raise UnsafeFolder(
            f"{target} ist eine Datei des Repositorys (git verfolgt sie) — geben Sie mit {option} "
            "eine neue Datei an, z. B. außerhalb des Repositorys"
        )
    return path


def write_file(path: Path, data: bytes) -> None:
    """Writes `data` to `path` (checked by `check_file`) whole or not at all: into a temporary
    file beside it, then renamed over it, so that a failure leaves what was there."""
    handle, staging = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(staging, path)
    finally:
        if os.path.exists(staging):
            os.unlink(staging)


def is_marked(folder: Path) -> bool:
    marker = folder / MARKER
    return marker.is_file() and not marker.is_symlink()


def mark(folder: Path) -> None:
    """Marks `folder` as a build, which the next build may replace."""
    marker = folder / MARKER
    if not marker.is_file() or marker.read_text(encoding="utf-8") != MARKER_TEXT:
        marker.write_text(MARKER_TEXT, encoding="utf-8")
