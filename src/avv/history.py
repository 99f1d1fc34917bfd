"""The versions of the agreement, read from git: the only module that talks to git.

A version is a distinct `version` id of `contract/meta.yaml` along the first-parent history; its
content is the last commit that carries the id. Nothing is checked out: files are read from the
commits' trees.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Literal

import git
import yaml

from avv.canonical import content_hash
from avv.content import CONTENT_DIRS, META, load
from avv.errors import AvvError, InvalidAgreement
from avv.model import Agreement

State = Literal["vorbereitet", "angekündigt", "gültig", "ersetzt"]


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


def open_repo(path: Path) -> git.Repo:
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise HistoryError(f"{path} is not in a git repository") from None
    if (Path(repo.git_dir) / "shallow").exists():
        raise HistoryError(
            f"{repo.working_dir} is a shallow clone: its history is incomplete — "
            "run `git fetch --unshallow` (in GitHub Actions: `fetch-depth: 0`)"
        )
    return repo


def versions(path: Path, ref: str = "HEAD") -> list[Version]:
    """Every version along the first-parent history of `ref`, oldest first."""
    repo = open_repo(path)
    try:
        head = repo.commit(ref)
    except (git.BadName, ValueError) as error:
        raise HistoryError(f"{ref!r} is not a commit in {repo.working_dir}: {error}") from None
    latest: dict[str, git.Commit] = {}
    for commit in _first_parents(head):
        version_id = _version_id(commit)
        if version_id is not None:
            latest.setdefault(version_id, commit)
    # Walked newest first: an id's first commit seen holds its content; ids seen last are oldest.
    return [
        Version(version_id, c.hexsha, c.committed_datetime, _content_files(c))
        for version_id, c in reversed(latest.items())
    ]


def files_at(path: Path, ref: str) -> dict[str, str]:
    """The content files at a commit, for a check against a base."""
    repo = open_repo(path)
    try:
        return _content_files(repo.commit(ref))
    except (git.BadName, ValueError) as error:
        raise HistoryError(f"{ref!r} is not a commit in {repo.working_dir}: {error}") from None


def is_ancestor(path: Path, ancestor: str, ref: str = "HEAD") -> bool:
    repo = open_repo(path)
    return bool(repo.is_ancestor(repo.commit(ancestor), repo.commit(ref)))


def state_on(history: list[Version], version: Version, today: date) -> State:
    """The state of `version` on `today`; the version in effect is the latest that took effect."""
    if today < version.published:
        return "vorbereitet"
    if today < version.effective:
        return "angekündigt"
    later = history[history.index(version) + 1 :]
    if any(v.published <= today and v.effective <= today for v in later):
        return "ersetzt"
    return "gültig"


def in_effect(history: list[Version], today: date) -> Version | None:
    return next((v for v in reversed(history) if state_on(history, v, today) == "gültig"), None)


def _first_parents(head: git.Commit) -> Iterator[git.Commit]:
    commit: git.Commit | None = head
    while commit is not None:
        yield commit
        commit = commit.parents[0] if commit.parents else None


def _version_id(commit: git.Commit) -> str | None:
    try:
        blob = commit.tree / META
    except KeyError:
        return None
    try:
        data = yaml.load(blob.data_stream.read().decode("utf-8"), Loader=yaml.BaseLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    version = data.get("version") if isinstance(data, dict) else None
    return version if isinstance(version, str) and version else None


def _content_files(commit: git.Commit) -> dict[str, str]:
    files: dict[str, str] = {}
    for folder in CONTENT_DIRS:
        try:
            tree = commit.tree / folder
        except KeyError:
            continue
        for item in tree.traverse():
            if isinstance(item, git.Blob):
                files[str(item.path)] = item.data_stream.read().decode("utf-8")
    return files
