"""The git module on real repositories: git's own message in every error, commits that are
written whole or not at all."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from avv.repo import gitrepo
from avv.repo.gitrepo import GitError, Repository
from tests.support import git


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    with gitrepo.init(tmp_path / "repo", "Rechtsabteilung", "recht@example.com") as opened:
        (opened.root / "a.txt").write_text("eins\n", encoding="utf-8")
        (opened.root / "docs").mkdir()
        (opened.root / "docs" / "b.txt").write_text("zwei\n\n", encoding="utf-8")
        opened.commit_all("first", datetime(2021, 2, 19, 12, tzinfo=UTC))
        git(opened.root, "branch", "site")
        yield opened


def test_files_are_read_byte_for_byte_from_a_commit(repo: Repository) -> None:
    assert repo.read("HEAD", "docs/b.txt") == b"zwei\n\n"  # the trailing newlines stay
    assert repo.read("HEAD", "missing.txt") is None
    assert repo.read("HEAD", "docs") is None  # a folder is not a file
    assert repo.files("HEAD", "docs") == {"docs/b.txt": b"zwei\n\n"}
    assert repo.tree_id("HEAD", "docs") == git(repo.root, "rev-parse", "HEAD:docs")
    assert repo.tree_id("HEAD", "a.txt") is None


def test_commit_all_dates_the_commit_and_walks_back_along_first_parents(repo: Repository) -> None:
    (repo.root / "a.txt").write_text("drei\n", encoding="utf-8")
    second = repo.commit_all("second", datetime(2022, 3, 1, 12, tzinfo=UTC))
    walked = list(repo.first_parents("HEAD"))
    assert [c.sha for c in walked] == [second, git(repo.root, "rev-parse", "HEAD~1")]
    assert walked[0].committed == datetime(2022, 3, 1, 12, tzinfo=UTC)
    assert git(repo.root, "log", "-1", "--format=%an %aI") == (
        "Rechtsabteilung 2022-03-01T12:00:00+00:00"
    )


def test_every_error_carries_the_message_of_git(repo: Repository, tmp_path: Path) -> None:
    with pytest.raises(
        GitError, match=r"git push nach nowhere ist fehlgeschlagen: fatal: 'nowhere'"
    ):
        repo.push("nowhere", repo.commit("HEAD").sha, "main")
    head = repo.commit("HEAD").sha
    with pytest.raises(GitError, match=r"cannot lock ref 'refs/heads/site'.*expected"):
        repo.set_branch("site", head, "1" * 40)
    with pytest.raises(GitError, match="'nothing' ist kein Commit"):
        repo.commit("nothing")
    with pytest.raises(GitError, match="liegt in keinem Git-Repository"):
        Repository(tmp_path / "elsewhere")


def test_a_transaction_writes_one_commit_with_files_and_folders(repo: Repository) -> None:
    before = repo.resolve("site")
    docs = repo.tree_id("HEAD", "docs")
    assert docs is not None
    with repo.transaction("site", "write") as change:
        change.write("feed.xml", b"<feed/>")
        change.write("deep/er/c.txt", b"vier")
        change.copy_tree("latest", docs)
    tip = repo.resolve("site")
    assert tip is not None and repo.commit(tip).parents == (before,)
    assert repo.read(tip, "feed.xml") == b"<feed/>"
    assert repo.read(tip, "deep/er/c.txt") == b"vier"
    assert repo.tree_id(tip, "latest") == docs
    assert repo.read(tip, "a.txt") == b"eins\n"  # the rest of the tree stays
    assert git(repo.root, "status", "--porcelain") == ""  # no work tree or index touched


def test_a_transaction_aborts_whole_on_an_exception(repo: Repository) -> None:
    before = repo.resolve("site")
    with pytest.raises(RuntimeError), repo.transaction("site", "half") as change:
        change.write("feed.xml", b"<feed/>")
        raise RuntimeError("half way")
    assert repo.resolve("site") == before
    with repo.transaction("site", "nothing new") as change:
        change.write("a.txt", b"eins\n")
    assert repo.resolve("site") == before  # a change that changes nothing is no commit


def test_a_transaction_refuses_a_branch_moved_meanwhile(repo: Repository) -> None:
    with pytest.raises(GitError, match="cannot lock ref"), repo.transaction("site", "x") as change:
        change.write("feed.xml", b"<feed/>")
        git(repo.root, "commit", "-q", "--allow-empty", "-m", "other")
        git(repo.root, "branch", "-f", "site", "HEAD")
    assert repo.resolve("site") == repo.resolve("main")
