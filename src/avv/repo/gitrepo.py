"""The one module that talks to git: a few calls on a repository, one error type.

In the manner of mike's git_utils: every failure of git is a `GitError` that carries git's own
message, and a commit is a transaction: its changes are collected, then written as one commit
whose branch moves only if it is still where the commit started (compare and swap); an exception
inside the `with` block writes nothing at all. Nothing here knows the agreement.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

import git

from avv.errors import AvvError

_NO_COMMIT = "0" * 40
# What an entry of a tree is: a regular file (executable or not), a folder, a symbolic link, or
# a submodule's commit.
EntryKind = Literal["file", "folder", "link", "submodule"]
_LINK_MODE = 0o120000


class GitError(AvvError):
    """git refused or failed; the message is git's own, after what was being done."""


@dataclass(frozen=True)
class Commit:
    sha: str
    committed: datetime
    parents: tuple[str, ...]


@dataclass
class Change:
    """The changes of one commit, written only when its `with` block ends without an error."""

    files: dict[str, bytes] = field(default_factory=dict)
    trees: dict[str, str] = field(default_factory=dict)

    def write(self, path: str, data: bytes) -> None:
        """Puts `data` at `path` (a file of the commit's tree, folders made as needed)."""
        self.files[path] = data

    def copy_tree(self, path: str, tree: str) -> None:
        """Replaces the folder `path` with the tree `tree` (a tree id of the same repository)."""
        self.trees[path] = tree


class Repository:
    """A repository opened at any folder of its work tree (or its git folder)."""

    def __init__(self, path: Path) -> None:
        try:
            self._repo = git.Repo(path, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise GitError(
                f"{path} liegt in keinem Git-Repository — den Befehl im Repository der AVV "
                "ausführen oder --repo angeben"
            ) from None

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Ends git's helper processes (cat-file) of this repository."""
        self._repo.close()

    @property
    def root(self) -> Path:
        """The top folder of the work tree (the git folder of a bare repository)."""
        return Path(self._repo.working_tree_dir or self._repo.git_dir)

    @property
    def git_dir(self) -> Path:
        return Path(self._repo.git_dir)

    @property
    def is_shallow(self) -> bool:
        return (self.git_dir / "shallow").exists()

    def resolve(self, ref: str) -> str | None:
        """The commit `ref` names, None where it names none (an unborn HEAD included)."""
        try:
            return str(self._repo.commit(ref).hexsha)
        except (git.BadName, ValueError):
            return None

    def commit(self, ref: str) -> Commit:
        try:
            found = self._repo.commit(ref)
        except (git.BadName, ValueError) as error:
            raise GitError(
                f"{ref!r} ist kein Commit in {self.root} — den Namen prüfen oder ihn zuerst "
                f"holen ({error})"
            ) from None
        parents = tuple(parent.hexsha for parent in found.parents)
        return Commit(found.hexsha, found.committed_datetime, parents)

    def first_parents(self, ref: str) -> Iterator[Commit]:
        """The commits from `ref` back to the root along first parents, newest first."""
        sha: str | None = self.commit(ref).sha
        while sha is not None:
            found = self.commit(sha)
            yield found
            sha = found.parents[0] if found.parents else None

    def read(self, commit: str, path: str) -> bytes | None:
        """The file `path` of a commit's tree, byte for byte; None where it has no such file."""
        try:
            item = self._repo.commit(commit).tree[path]
        except KeyError:
            return None
        return bytes(item.data_stream.read()) if _kind(item) == "file" else None

    def files(self, commit: str, folder: str) -> dict[str, bytes]:
        """Every regular file below `folder` of a commit's tree, by its path from the top;
        symbolic links and submodules are left out (`entries` names them)."""
        try:
            tree = self._repo.commit(commit).tree[folder]
        except KeyError:
            return {}
        if not isinstance(tree, git.Tree):
            return {}
        return {
            str(item.path): bytes(item.data_stream.read())
            for item in tree.traverse()
            if isinstance(item, git.Blob) and _kind(item) == "file"
        }

    def entries(self, commit: str, folder: str = "", deep: bool = False) -> dict[str, EntryKind]:
        """What `folder` of a commit's tree holds ("" the top), by path from the top, with its
        kind; `deep`: everything below it, not only its own entries. Empty where it is no
        folder."""
        try:
            tree = self._repo.commit(commit).tree
            if folder:
                tree = tree[folder]
        except KeyError:
            return {}
        if not isinstance(tree, git.Tree):
            return {}
        items = tree.traverse() if deep else iter(tree)
        return {str(item.path): _kind(item) for item in items}  # type: ignore[union-attr]

    def kind(self, commit: str, path: str) -> EntryKind | None:
        """What stands at `path` of a commit's tree; None where nothing does."""
        try:
            return _kind(self._repo.commit(commit).tree[path])
        except KeyError:
            return None

    def tree_id(self, commit: str, path: str) -> str | None:
        """The id of the folder `path` ("" for the whole tree) of a commit, None where absent."""
        try:
            tree = self._repo.commit(commit).tree
            item = tree[path] if path else tree
        except KeyError:
            return None
        return str(item.hexsha) if isinstance(item, git.Tree) else None

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        try:
            return bool(
                self._repo.is_ancestor(self._repo.commit(ancestor), self._repo.commit(descendant))
            )
        except (git.BadName, ValueError, git.GitCommandError) as error:
            raise GitError(f"git merge-base {ancestor} {descendant}: {error}") from None

    def branches(self, prefix: str = "") -> dict[str, str]:
        """The local branches whose name starts with `prefix`, with their commits."""
        out = self._git("for-each-ref", "--format=%(refname:strip=2) %(objectname)", "refs/heads/")
        pairs = (line.split(" ", 1) for line in out.splitlines() if line)
        return {name: sha for name, sha in pairs if name.startswith(prefix)}

    def set_branch(self, branch: str, commit: str | None, expected: str | None) -> None:
        """Moves `branch` to `commit` (None deletes it) only if it is still at `expected` (None:
        only if it does not exist yet), in one atomic step of git."""
        ref = f"refs/heads/{branch}"
        if commit is None:
            self._git("update-ref", "-d", ref, *([expected] if expected else []))
        else:
            self._git("update-ref", ref, commit, expected or _NO_COMMIT)

    def tracks(self, path: Path) -> bool:
        """Whether git tracks the file `path` (False for a path outside the work tree)."""
        done = subprocess.run(
            ["git", "ls-files", "-z", "--", str(path)],
            cwd=self.root,
            capture_output=True,
            check=False,
        )
        return done.returncode == 0 and bool(done.stdout)

    def set_ref(self, ref: str, commit: str) -> None:
        """Points the reference `ref` (a full name, `refs/…`) at `commit`."""
        self._git("update-ref", ref, commit)

    def check_branch_name(self, name: str) -> str | None:
        """Why git would not accept `name` as a branch's name (`git check-ref-format
        --branch`), None where it would."""
        done = subprocess.run(
            ["git", "check-ref-format", "--branch", name],
            cwd=self.root,
            capture_output=True,
            check=False,
        )
        if done.returncode == 0 and done.stdout.decode("utf-8", "replace").strip() == name:
            return None
        if done.returncode == 0:
            return f"git liest {name!r} als {done.stdout.decode('utf-8', 'replace').strip()!r}"
        return _oneline(done.stderr.decode("utf-8", "replace")) or "git lehnt den Namen ab"

    def checked_out(self) -> set[str]:
        """The branches checked out in any work tree of this repository."""
        out = self._git("worktree", "list", "--porcelain")
        prefix = "branch refs/heads/"
        return {line.removeprefix(prefix) for line in out.splitlines() if line.startswith(prefix)}

    def push(self, remote: str, commit: str, branch: str) -> None:
        self._git("push", remote, f"{commit}:refs/heads/{branch}", doing=f"git push nach {remote}")

    @contextmanager
    def transaction(self, branch: str, message: str) -> Iterator[Change]:
        """A commit on top of `branch`: what the block puts into the yielded `Change` becomes one
        commit, and the branch moves to it only if nobody moved it meanwhile. An exception in
        the block, or a change that changes nothing, leaves the branch where it was."""
        parent = self.commit(f"refs/heads/{branch}").sha
        change = Change()
        yield change
        with tempfile.TemporaryDirectory(prefix="avv-index-") as temp:
            env = {"GIT_INDEX_FILE": str(Path(temp) / "index")}
            self._git("read-tree", parent, env=env)
            for path, tree in change.trees.items():
                self._git("rm", "-r", "-q", "--cached", "--ignore-unmatch", "--", path, env=env)
                self._git("read-tree", f"--prefix={path}/", tree, env=env)
            for path, data in change.files.items():
                blob = self._git("hash-object", "-w", "--stdin", "--no-filters", stdin=data)
                self._git("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=env)
            tree = self._git("write-tree", env=env)
        if tree == self.tree_id(parent, ""):
            return
        commit = self._git("commit-tree", tree, "-p", parent, "-m", message)
        self.set_branch(branch, commit, parent)

    def commit_all(self, message: str, when: datetime) -> str:
        """Commits everything in the work tree, authored and committed at `when`."""
        self._git("add", "--all")
        stamp = when.isoformat()
        env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        self._git("commit", "-q", "--no-verify", "-m", message, env=env)
        return self._git("rev-parse", "HEAD")

    def _git(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        stdin: bytes | None = None,
        doing: str = "",
    ) -> str:
        """Runs one git command in this repository; its output, stripped."""
        done = subprocess.run(
            ["git", *args],
            cwd=self.root,
            env={**os.environ, **(env or {})},
            input=stdin,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            message = _oneline(done.stderr.decode("utf-8", "replace"))
            raise GitError(f"{doing or 'git ' + args[0]} ist fehlgeschlagen: {message}")
        return done.stdout.decode("utf-8", "replace").strip()


def _kind(item: object) -> EntryKind:
    if isinstance(item, git.Tree):
        return "folder"
    if isinstance(item, git.Blob):
        return "link" if item.mode == _LINK_MODE else "file"
    return "submodule"


def is_repository(path: Path) -> bool:
    """Whether `path` lies in a git repository; a plain folder of content has no history."""
    try:
        Repository(path).close()
    except GitError:
        return False
    return True


def init(path: Path, name: str, email: str) -> Repository:
    """A new repository on branch main whose commits are by `name`."""
    try:
        repo = git.Repo.init(path, mkdir=True, initial_branch="main")
        with repo.config_writer() as config:
            config.set_value("user", "name", name)
            config.set_value("user", "email", email)
    except git.GitCommandError as error:
        raise GitError(f"git init: {_stderr(error)}") from None
    repo.close()
    return Repository(path)


def _stderr(error: git.GitCommandError) -> str:
    """git's own message, without GitPython's framing."""
    return _oneline(str(error.stderr).strip().removeprefix("stderr:").strip().strip("'"))


def _oneline(text: str) -> str:
    return " ".join(line.strip() for line in text.splitlines() if line.strip())
