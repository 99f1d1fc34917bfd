"""The whole site branch under the record: every path at its root is the record's, a recorded
version's folder or one of the root files the record describes, and a branch rewritten
consistently with itself is refused where this clone verified an earlier state. Real
repositories, real publishes, edits as anyone with push rights could make them."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from avv.publish.deploy import Published
from avv.published import record, root_files
from tests.support import (
    SITE_BRANCH,
    AgreementRepo,
    git,
    replace,
    run,
    site_commit,
)


@pytest.fixture
def repo(original: tuple[Path, Published], tmp_path: Path) -> Path:
    return Path(shutil.copytree(original[0], tmp_path / "repo", symlinks=True))


def tip(repo: Path) -> str:
    return git(repo, "rev-parse", SITE_BRANCH)


def next_version(repo: Path) -> None:
    AgreementRepo(repo).commit_version(
        "2024-01-10",
        "2024-01-10",
        "2024-02-15",
        lambda p: replace(p / "contract" / "avv.md", "schriftlich", "schriftlich (Beispiel)"),
    )


def write(path: str, text: str) -> Callable[[Path], None]:
    def edit(site: Path) -> None:
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")

    return edit


def redirect_elsewhere(site: Path) -> None:
    page = site / "index.html"
    page.write_text(
        re.sub(r"20\d\d-\d\d-\d\d/", "https://evil.example/", page.read_text()), encoding="utf-8"
    )


def test_a_publish_describes_every_root_file_in_the_record(
    original: tuple[Path, Published],
) -> None:
    repo = original[0]
    found = record.loads(git(repo, "show", f"{SITE_BRANCH}:record.json").encode("utf-8"))
    described = dict(found.root)
    assert set(described) == {f.path for f in root_files.ROOT_FILES}
    assert (
        described[".nojekyll"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )
    top = set(git(repo, "ls-tree", "--name-only", SITE_BRANCH).splitlines())
    assert top == {
        "record.json",
        "versions.json",
        "latest",
        "2021-02-19",
        "2022-03-01",
        "2023-05-02",
        ".nojekyll",
        "index.html",
        "404.html",
        "sitemap.xml",
        "feed.xml",
        "mitteilungen",
        "mitteilungen.json",
    }


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        (write("CNAME", "evil.example\n"), "CNAME: die Datei steht in keinem Protokolleintrag"),
        (write("evil.html", "<script>alert(1)</script>"), "evil.html: die Datei steht in keinem"),
        (write("2099-01-01/index.html", "nie veröffentlicht"), "2099-01-01: der Ordner steht"),
        (write("mitteilungen/evil.html", "x"), "mitteilungen/evil.html: die Datei steht in keinem"),
        (redirect_elsewhere, "index.html: weicht von der Beschreibung im Protokoll ab"),
        (lambda site: (site / ".nojekyll").unlink(), ".nojekyll: fehlt"),
        (write("gehackt.html", "<h1>Gehackt</h1>"), "gehackt.html: die Datei steht in keinem"),
    ],
    ids=[
        "CNAME",
        "evil.html",
        "unpublished version",
        "in a root folder",
        "redirect",
        "nojekyll",
        "a foreign page",
    ],
)
def test_a_path_at_the_root_the_record_does_not_know_is_refused(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    edit: Callable[[Path], None],
    named: str,
) -> None:
    tampered = site_commit(repo, edit)
    status, _, err = run(capsys, "verify", "--repo", str(repo))
    assert status == 1
    assert named in err
    next_version(repo)
    status, _, err = run(capsys, "publish", "--repo", str(repo), "--today", "2024-01-10")
    assert status == 1
    assert "Veröffentlichung verweigert" in err and named in err
    assert tip(repo) == tampered


def rewrite_consistently(repo: Path) -> str:
    """The branch as one new commit without history: a page of a published version changed,
    and the record's tree id of that folder changed to match."""
    folder = repo.parent / "rewrite"
    git(repo, "worktree", "add", "-q", "--detach", str(folder), SITE_BRANCH)
    page = folder / "2021-02-19" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- geändert -->", encoding="utf-8")
    git(folder, "add", "-A")
    tree = git(folder, "write-tree")
    old_id = git(repo, "rev-parse", f"{SITE_BRANCH}:2021-02-19")
    new_id = git(folder, "rev-parse", f"{tree}:2021-02-19")
    recorded = (folder / "record.json").read_text(encoding="utf-8")
    (folder / "record.json").write_text(recorded.replace(old_id, new_id), encoding="utf-8")
    git(folder, "add", "-A")
    commit = git(folder, "commit-tree", git(folder, "write-tree"), "-m", "Rewritten")
    git(repo, "worktree", "remove", "--force", str(folder))
    git(repo, "update-ref", f"refs/heads/{SITE_BRANCH}", commit)
    return commit


def test_a_branch_rewritten_consistently_with_itself_is_refused_where_verified_before(
    repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "verify", "--repo", str(repo))[0] == 0
    verified = tip(repo)
    # A clone that never saw the branch before has nothing to compare it with: it passes.
    fresh = tmp_path / "fresh"
    rewritten = rewrite_consistently(repo)
    git(tmp_path, "clone", "-q", "--single-branch", "--branch", SITE_BRANCH, str(repo), str(fresh))
    assert run(capsys, "verify", "--repo", str(fresh))[0] == 0

    status, _, err = run(capsys, "verify", "--repo", str(repo))
    assert status == 1
    assert f"stammt nicht vom zuletzt geprüften Stand {verified[:12]}" in err
    assert "avv verify --branch gh-pages --accept-reset" in err
    next_version(repo)
    status, _, err = run(capsys, "publish", "--repo", str(repo), "--today", "2024-01-10")
    assert status == 1 and "stammt nicht vom zuletzt geprüften Stand" in err
    assert tip(repo) == rewritten

    # A deliberate reset, accepted explicitly: from then on the new state is the one remembered.
    status, out, _ = run(capsys, "verify", "--repo", str(repo), "--accept-reset")
    assert status == 0 and "stimmt mit dem Protokoll überein" in out
    assert run(capsys, "verify", "--repo", str(repo))[0] == 0
    # The remembered state lives in the git folder, never in the work tree.
    assert git(repo, "rev-parse", "refs/avv/verified/gh-pages") == rewritten
    assert git(repo, "status", "--porcelain") == ""


def test_a_branch_moved_back_to_an_earlier_state_is_refused(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "verify", "--repo", str(repo))[0] == 0
    git(repo, "update-ref", f"refs/heads/{SITE_BRANCH}", git(repo, "rev-parse", f"{SITE_BRANCH}~1"))
    status, _, err = run(capsys, "verify", "--repo", str(repo))
    assert status == 1 and "stammt nicht vom zuletzt geprüften Stand" in err


@pytest.mark.parametrize(
    ("branch", "named"),
    [
        ("main", "--branch main: dieser Branch ist ausgecheckt"),
        ("inhalt", "--branch inhalt: dieser Branch enthält den Inhalt der AVV"),
        ("HEAD", "--branch 'HEAD' ist kein gültiger Name eines Branches"),
        ("", "--branch '' ist kein gültiger Name eines Branches"),
        ("a..b", "--branch 'a..b' ist kein gültiger Name eines Branches"),
        ("@{-1}", "--branch '@{-1}' ist kein gültiger Name eines Branches"),
    ],
)
def test_publish_refuses_a_branch_of_the_sources_and_names_git_would_not_take(
    repo: Path, capsys: pytest.CaptureFixture[str], branch: str, named: str
) -> None:
    git(repo, "branch", "inhalt", "main")
    heads = git(repo, "for-each-ref", "--format=%(refname) %(objectname)")
    status, _, err = run(capsys, "publish", "--repo", str(repo), "--branch", branch)
    assert status == 1
    assert named in err
    assert "Traceback" not in err
    assert git(repo, "for-each-ref", "--format=%(refname) %(objectname)") == heads
