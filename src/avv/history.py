"""The versions of the agreement, read from the git history (through `avv.gitrepo`).

A version is a distinct `version` id of `contract/meta.yaml` along the first-parent history; its
content is the last commit that carries the id. Nothing is checked out: files are read from the
commits' trees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from avv.canonical import content_hash
from avv.content import CONTENT_DIRS, META, load
from avv.errors import AvvError, InvalidAgreement
from avv.gitrepo import Repository
from avv.model import Agreement
from avv.timeline import Timeline

# The agreement's days are Austrian days, whatever the zone of the machine that runs a publish.
VIENNA = ZoneInfo("Europe/Vienna")


class HistoryError(AvvError):
    """The git history cannot be read as versions; the message says why and what to do."""


@dataclass(frozen=True)
class Version:
    id: str
    commit: str
    committed: datetime
    files: dict[str, str]

    @cached_property
    def agreement(self) -> Agreement:
        try:
            return load(self.files)
        except InvalidAgreement as error:
            raise HistoryError(
                f"version {self.id} (commit {self.commit[:12]}) is not valid:\n{error}"
            ) from error

    @property
    def published(self) -> date:
        return self.agreement.meta.published

    @property
    def effective(self) -> date:
        return self.agreement.meta.effective

    @cached_property
    def hash(self) -> str:
        return content_hash(self.agreement)


def open_repo(path: Path) -> Repository:
    """The repository holding `path`, with its whole history."""
    repo = Repository(path)
    if repo.is_shallow:
        repo.close()
        raise HistoryError(
            f"{repo.root} is a shallow clone: its history is incomplete — "
            "run `git fetch --unshallow` (in GitHub Actions: `fetch-depth: 0`)"
        )
    return repo


def versions(path: Path, ref: str = "HEAD") -> list[Version]:
    """Every version along the first-parent history of `ref`, oldest first."""
    with open_repo(path) as repo:
        head = repo.resolve(ref)
        if head is None:
            if ref == "HEAD":
                return []  # a repository without commits has no history yet
            repo.commit(ref)  # raises, with git's reason
        return list(_versions_at(str(repo.git_dir), str(head)))


@lru_cache(maxsize=16)
def _versions_at(git_dir: str, head: str) -> tuple[Version, ...]:
    """The versions behind a commit. A commit never changes, so a process reads them once: a
    publish builds every version, and each build asks for the history again."""
    with Repository(Path(git_dir)) as repo:
        latest: dict[str, tuple[str, datetime]] = {}
        for commit in repo.first_parents(head):
            version_id = _version_id(repo.read(commit.sha, META))
            if version_id is not None:
                latest.setdefault(version_id, (commit.sha, commit.committed))
        # Walked newest first: an id's first commit holds its content; ids seen last are oldest.
        return tuple(
            Version(version_id, sha, committed, _content_files(repo, sha))
            for version_id, (sha, committed) in reversed(latest.items())
        )


def files_at(path: Path, ref: str) -> dict[str, str]:
    """The content files at a commit, for a check against a base."""
    with open_repo(path) as repo:
        return _content_files(repo, repo.commit(ref).sha)


def listing(history: list[Version], today: date) -> list[dict[str, str]]:
    """The versions as `avv history` lists them: dates, state on `today`, hash and commit."""
    line = Timeline.of(history)
    return [
        {
            "id": v.id,
            "published": v.published.isoformat(),
            "effective": v.effective.isoformat(),
            "state": line.state_on(v.id, today),
            "hash": v.hash,
            "commit": v.commit,
        }
        for v in history
    ]


def today() -> date:
    """The current day in Vienna, where the agreement's dates are counted."""
    return datetime.now(VIENNA).date()


def _version_id(meta: bytes | None) -> str | None:
    if meta is None:
        return None
    try:
        data = yaml.load(meta.decode("utf-8"), Loader=yaml.BaseLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    version = data.get("version") if isinstance(data, dict) else None
    return version if isinstance(version, str) and version else None


def _content_files(repo: Repository, commit: str) -> dict[str, str]:
    # Bytes that are not UTF-8 stay as surrogates: `load` reports them with their line.
    return {
        name: data.decode("utf-8", "surrogateescape")
        for folder in CONTENT_DIRS
        for name, data in repo.files(commit, folder).items()
    }
