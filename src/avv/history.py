"""The versions of the agreement, read from git: the only module that talks to git.

A version is a distinct `version` id of `contract/meta.yaml` along the first-parent history; its
content is the last commit that carries the id. Nothing is checked out: files are read from the
commits' trees.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, lru_cache
from io import BytesIO
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

import git
import yaml
from git.objects.fun import tree_to_stream
from gitdb.base import IStream  # type: ignore[import-untyped]  # GitPython types it, ships no stubs

from avv.canonical import content_hash
from avv.content import CONTENT_DIRS, META, load
from avv.errors import AvvError, InvalidAgreement
from avv.model import Agreement

State = Literal["vorbereitet", "angekündigt", "gültig", "ersetzt"]

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


def is_repository(path: Path) -> bool:
    """Whether `path` lies in a git work tree; a plain folder of content has no history."""
    try:
        git.Repo(path, search_parent_directories=True).close()
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return False
    return True


def git_folder(path: Path) -> Path | None:
    """The git folder of the repository that holds `path`, None outside git."""
    try:
        with git.Repo(path, search_parent_directories=True) as repo:
            return Path(repo.common_dir).resolve()
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def versions(path: Path, ref: str = "HEAD") -> list[Version]:
    """Every version along the first-parent history of `ref`, oldest first."""
    repo = open_repo(path)
    if ref == "HEAD" and not repo.head.is_valid():
        return []  # a repository without commits has no history yet
    try:
        head = repo.commit(ref).hexsha
    except (git.BadName, ValueError) as error:
        raise HistoryError(f"{ref!r} is not a commit in {repo.working_dir}: {error}") from None
    return list(_versions_at(str(repo.git_dir), head))


@lru_cache(maxsize=16)
def _versions_at(git_dir: str, head: str) -> tuple[Version, ...]:
    """The versions behind a commit. A commit never changes, so a process reads them once: a
    publish builds every version, and each build asks for the history again."""
    with git.Repo(git_dir) as repo:
        latest: dict[str, git.Commit] = {}
        for commit in _first_parents(repo.commit(head)):
            version_id = _version_id(commit)
            if version_id is not None:
                latest.setdefault(version_id, commit)
        # Walked newest first: an id's first commit holds its content; ids seen last are oldest.
        return tuple(
            Version(version_id, c.hexsha, c.committed_datetime, _content_files(c))
            for version_id, c in reversed(latest.items())
        )


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


def listing(history: list[Version], today: date) -> list[dict[str, str]]:
    """The versions as `avv history` lists them: dates, state on `today`, hash and commit."""
    return [
        {
            "id": v.id,
            "published": v.published.isoformat(),
            "effective": v.effective.isoformat(),
            "state": state_on(history, v, today),
            "hash": v.hash,
            "commit": v.commit,
        }
        for v in history
    ]


def today() -> date:
    """The current day in Vienna, where the agreement's dates are counted."""
    return datetime.now(VIENNA).date()


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


# The site branch: read and moved here, written by mike; see avv.site.publish.

_NO_COMMIT = "0" * 40


def repo_root(path: Path) -> Path:
    """The top folder of the work tree that holds `path`."""
    return Path(open_repo(path).working_dir)


def site_base(path: Path, branch: str, remote: str) -> str | None:
    """The commit a publish starts from: the local site branch, or the remote's where it is
    ahead (a fresh CI checkout has only the remote's); None when neither exists yet."""
    repo = open_repo(path)
    local = _ref(repo, f"refs/heads/{branch}")
    upstream = _ref(repo, f"refs/remotes/{remote}/{branch}")
    if upstream is None or upstream == local:
        return local
    if local is None or repo.is_ancestor(repo.commit(local), repo.commit(upstream)):
        return upstream
    if repo.is_ancestor(repo.commit(upstream), repo.commit(local)):
        return local
    raise HistoryError(
        f"the branch {branch} and {remote}/{branch} have diverged — "
        f"bring them together (git pull {remote} {branch}) before publishing"
    )


def branch_tip(path: Path, branch: str) -> str | None:
    return _ref(open_repo(path), f"refs/heads/{branch}")


def read_file(path: Path, commit: str, name: str) -> bytes | None:
    """A file of a commit's tree (None where it has none)."""
    repo = open_repo(path)  # held while reading: its cat-file process ends with it
    try:
        blob = repo.commit(commit).tree[name]
    except KeyError:
        return None
    return bytes(blob.data_stream.read())


def set_branch(path: Path, branch: str, commit: str | None, expected: str | None) -> None:
    """Moves `branch` to `commit` (None deletes it) only if it is still at `expected`: the one
    step that makes a publish visible, or undoes a scratch branch."""
    repo = open_repo(path)
    ref = f"refs/heads/{branch}"
    try:
        if commit is None:
            repo.git.update_ref("-d", ref, *([expected] if expected else []))
        else:
            repo.git.update_ref(ref, commit, expected or _NO_COMMIT)
    except git.GitCommandError as error:
        raise HistoryError(f"cannot move {branch}: {_stderr(error)}") from None


def commit_file(path: Path, branch: str, name: str, data: bytes, message: str) -> str:
    """Commits `data` as the top-level file `name` on `branch` without a work tree or index;
    returns the new tip."""
    repo = open_repo(path)
    parent = repo.commit(f"refs/heads/{branch}")
    blob = repo.odb.store(IStream(git.Blob.type, len(data), BytesIO(data))).binsha
    entries = {item.name: (item.binsha, item.mode, item.name) for item in parent.tree}
    entries[name] = (blob, 0o100644, name)
    # git sorts a tree's entries by name, a subtree's name as if it ended in "/".
    ordered = sorted(entries.values(), key=lambda e: e[2] + ("/" if e[1] == 0o040000 else ""))
    stream = BytesIO()
    tree_to_stream(ordered, stream.write)
    tree = repo.odb.store(IStream(git.Tree.type, stream.tell(), BytesIO(stream.getvalue())))
    commit = git.Commit.create_from_tree(
        repo, git.Tree(repo, tree.binsha), message, parent_commits=[parent]
    )
    set_branch(path, branch, commit.hexsha, parent.hexsha)
    return str(commit.hexsha)


def push(path: Path, remote: str, commit: str, branch: str) -> None:
    try:
        open_repo(path).git.push(remote, f"{commit}:refs/heads/{branch}")
    except git.GitCommandError as error:
        raise HistoryError(f"git push to {remote} failed: {_stderr(error)}") from None


def _stderr(error: git.GitCommandError) -> str:
    """git's own message, without GitPython's framing."""
    text = str(error.stderr).strip().removeprefix("stderr:").strip().strip("'")
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def _ref(repo: git.Repo, name: str) -> str | None:
    try:
        return str(repo.commit(name).hexsha)
    except (git.BadName, ValueError):
        return None


def base_commit(path: Path, ref: str) -> str:
    """The commit of a pull request's base `ref`, which must be an ancestor of HEAD."""
    repo = open_repo(path)
    remote, _, branch = ref.partition("/") if "/" in ref else ("origin", "", ref)
    fetch = f"git fetch {remote} {branch}"
    try:
        base = repo.commit(ref)
    except (git.BadName, ValueError):
        raise HistoryError(
            f"the base {ref!r} is not a commit in {repo.working_dir} — fetch it first: `{fetch}` "
            "(in GitHub Actions: actions/checkout with `fetch-depth: 0`)"
        ) from None
    if not repo.is_ancestor(base, repo.head.commit):
        raise HistoryError(
            f"the base {ref!r} ({base.hexsha[:12]}) is not an ancestor of HEAD — check against "
            f"the branch this one was made from, or bring it up to date: `{fetch}` and "
            f"`git merge {ref}`"
        )
    return str(base.hexsha)


# A new repository, for `avv demo`.


def create_repo(path: Path, name: str, email: str) -> None:
    """An empty repository on branch main whose commits (mike's too) are by `name`."""
    repo = git.Repo.init(path, mkdir=True, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", name)
        config.set_value("user", "email", email)


def commit_all(path: Path, message: str, when: datetime) -> str:
    """Commits everything in the work tree, dated `when`; returns the commit."""
    repo = open_repo(path)
    repo.git.add("--all")
    author = git.Actor.committer(repo.config_reader())
    commit = repo.index.commit(
        message, author=author, committer=author, author_date=when, commit_date=when
    )
    return str(commit.hexsha)
