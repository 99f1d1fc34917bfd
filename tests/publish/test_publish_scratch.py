"""A publish leaves nothing behind: its scratch branch and temporary folder go on success, failure,
SIGINT and SIGTERM; a later run removes those of a run killed with SIGKILL; the loser of two
concurrent publishes gets a clear refusal. Real `avv publish` processes on real repositories."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest

from avv.cli import main
from avv.publish import site_branch
from avv.publish.deploy import publish
from avv.repo.gitrepo import Repository
from tests.support import SITE_BRANCH, AgreementRepo, git, identify, replace, replace_subprocessor

TODAY = "2023-05-10"


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two versions, not published yet."""
    repo = AgreementRepo.create(tmp_path_factory.mktemp("scratch") / "repo")
    repo.commit_version("2022-03-01", "2022-03-01", "2022-04-15", replace_subprocessor)
    identify(repo.path)
    return repo.path


@pytest.fixture(scope="module")
def original_published(original: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two versions published, and a third merged but not published yet."""
    repo = Path(shutil.copytree(original, tmp_path_factory.mktemp("published") / "repo"))
    publish(repo, date(2023, 5, 10))
    _new_version(repo)
    return repo


@pytest.fixture
def repo(original: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(original, tmp_path / "repo", symlinks=True))


@pytest.fixture
def published(original_published: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(original_published, tmp_path / "repo", symlinks=True))


@pytest.fixture
def temp(tmp_path: Path) -> Path:
    """The temporary folder of the publishes of one test, so that none sees another's."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


def start(repo: Path, temp: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "TMPDIR": str(temp), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "avv.cli", "publish", "--repo", str(repo), "--today", TODAY],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def scratch_branches(repo: Path) -> list[str]:
    refs = git(repo, "for-each-ref", "--format=%(refname:short)", "refs/heads/avv-publish-*")
    return refs.splitlines()


def leftovers(repo: Path, temp: Path) -> list[str]:
    """Every trace of a publish: scratch branches, temporary folders, lock files."""
    locks = repo / ".git" / site_branch.LOCKS
    return sorted(
        [
            *scratch_branches(repo),
            *(p.name for p in temp.iterdir()),
            *(p.name for p in locks.glob("*") if locks.exists()),
        ]
    )


def wait_for_scratch(run: subprocess.Popen[str], repo: Path) -> None:
    """Waits until the run works on its scratch branch (its versions are built by then)."""
    deadline = time.monotonic() + 300
    while not scratch_branches(repo):
        assert run.poll() is None, run.communicate()
        assert time.monotonic() < deadline, "the publish never reached its scratch branch"
        time.sleep(0.05)


def finish(repo: Path, temp: Path) -> subprocess.CompletedProcess[str]:
    run = start(repo, temp)
    out, err = run.communicate(timeout=600)
    return subprocess.CompletedProcess(run.args, run.returncode, out, err)


def test_a_run_killed_outright_is_cleaned_up_by_the_next(
    repo: Path, temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = start(repo, temp)
    wait_for_scratch(run, repo)
    # While the run lives, another run's clean-up leaves its scratch alone.
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    alive = leftovers(repo, temp)
    with Repository(repo) as opened:
        assert site_branch.remove_leftovers(opened) == []
    assert leftovers(repo, temp) == alive
    run.send_signal(signal.SIGKILL)
    run.wait()
    left = leftovers(repo, temp)
    assert any(name.startswith("avv-publish-") for name in scratch_branches(repo))
    assert any((temp / name).is_dir() for name in left), left
    done = finish(repo, temp)
    assert done.returncode == 0, done.stderr
    assert "2022-03-01: veröffentlicht" in done.stdout
    assert leftovers(repo, temp) == []
    assert git(repo, "show", f"{SITE_BRANCH}:2022-03-01/avv.json")


@pytest.mark.parametrize(
    ("signum", "status"), [(signal.SIGTERM, 128 + signal.SIGTERM), (signal.SIGINT, 130)]
)
def test_a_run_stopped_by_a_signal_removes_its_scratch_and_publishes_nothing(
    repo: Path, temp: Path, signum: signal.Signals, status: int
) -> None:
    run = start(repo, temp)
    wait_for_scratch(run, repo)
    run.send_signal(signum)
    _, err = run.communicate(timeout=120)
    assert run.returncode == status
    assert "Traceback" not in err
    assert leftovers(repo, temp) == []
    assert SITE_BRANCH not in git(repo, "branch", "--list", SITE_BRANCH)


def _new_version(repo: Path) -> None:
    AgreementRepo(repo).commit_version(
        "2024-01-10",
        "2024-01-10",
        "2024-02-15",
        lambda p: replace(p / "contract" / "avv.md", "schriftlich", "schriftlich (Beispiel)"),
    )


def test_the_loser_of_two_publishes_is_told_in_german_and_changes_nothing(published: Path) -> None:
    repo = published
    # The other publish: it moves gh-pages as soon as this one has started its scratch branch.
    winner = git(
        repo, "commit-tree", f"{SITE_BRANCH}^{{tree}}", "-p", SITE_BRANCH, "-m", "other publish"
    )
    hook = repo / ".git" / "hooks" / "reference-transaction"
    hook.write_text(
        "#!/bin/sh\n"
        '[ "$1" = committed ] || exit 0\n'
        "while read old new ref; do\n"
        '  case "$ref" in refs/heads/avv-publish-*)\n'
        "    [ -e .git/moved ] || { touch .git/moved; git update-ref refs/heads/gh-pages "
        f"{winner}; }};;\n"
        "  esac\n"
        "done\n",
        encoding="utf-8",
    )
    hook.chmod(0o755)
    with pytest.raises(site_branch.SiteBranchError) as refused:
        publish(repo, date(2024, 1, 10))
    message = str(refused.value)
    assert "von einer anderen Veröffentlichung geändert" in message
    assert "führe `avv publish` erneut aus" in message
    assert git(repo, "rev-parse", SITE_BRANCH) == winner
    assert scratch_branches(repo) == []
    hook.unlink()
    again = publish(repo, date(2024, 1, 10))
    assert again.deployed == ("2024-01-10",)
    assert git(repo, "rev-parse", f"{SITE_BRANCH}~0") == again.tip
    assert git(repo, "merge-base", "--is-ancestor", winner, SITE_BRANCH) == ""


def test_a_branch_locked_by_another_git_is_a_clear_refusal(
    published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = published
    before = git(repo, "rev-parse", SITE_BRANCH)
    lock = repo / ".git" / "refs" / "heads" / f"{SITE_BRANCH}.lock"
    lock.write_text("", encoding="utf-8")
    assert main(["publish", "--repo", str(repo), "--today", "2024-01-10"]) == 1
    err = capsys.readouterr().err
    assert "ist gerade gesperrt, vermutlich von einer anderen Veröffentlichung" in err
    assert f"entferne {lock}" in err
    assert "cannot lock ref" in err  # git's own reason, after the explanation
    lock.unlink()
    assert git(repo, "rev-parse", SITE_BRANCH) == before
    assert scratch_branches(repo) == []
