"""`avv verify-copy FILE`: which published version a downloaded copy is, read from the site branch
after it has been verified against its publication record (avv.published.copies says how)."""

from __future__ import annotations

from pathlib import Path

from avv.content.load import read_named
from avv.errors import AvvError
from avv.publish import site_branch
from avv.publish.deploy import verify
from avv.publish.site_branch import BRANCH
from avv.published import copies
from avv.repo.gitrepo import Repository

# Larger than any file of the site: a copy beyond it is none.
LIMIT = 64 * 1024 * 1024


def read_copy(path: Path) -> bytes:
    """The copy's bytes; a missing file, a folder, a FIFO or a file beyond LIMIT is an error."""
    try:
        data = read_named(path, LIMIT)
    except FileNotFoundError:
        raise AvvError(f"{path}: gibt es nicht — den Pfad der Datei prüfen") from None
    except IsADirectoryError:
        raise AvvError(f"{path}: ist ein Ordner — die heruntergeladene Datei angeben") from None
    except PermissionError:
        raise AvvError(f"{path}: darf nicht gelesen werden — die Rechte prüfen") from None
    except OSError as error:
        raise AvvError(f"{path}: nicht lesbar ({error.strerror}) — den Pfad prüfen") from None
    if data is None:
        raise AvvError(f"{path}: keine gewöhnliche Datei — die heruntergeladene Datei angeben")
    if len(data) > LIMIT:
        raise AvvError(
            f"{path}: größer als {LIMIT // 1024 // 1024} MB, keine Datei der Website — "
            "die heruntergeladene Datei angeben"
        )
    return data


def check_copy(repo: Path, path: Path, branch: str = BRANCH) -> tuple[bool, str]:
    """Whether the copy at `path` is published, and the answer in German."""
    data = read_copy(path)
    found = verify(repo, branch)
    with Repository(repo) as git:
        tip = site_branch.tip(git, branch)
        assert tip is not None  # verify found it
        finding = copies.identify(data, found, lambda version: git.files(tip, version.id))
    return finding.matches, copies.report(path.name, finding, branch)
