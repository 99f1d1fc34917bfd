"""`avv history`: the versions of real git repositories, their dates, states, hashes and commits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from avv import german
from avv.cli import main
from avv.content.canonical import content_hash
from avv.content.load import load_folder
from avv.repo import history
from tests.support import AgreementRepo, git, three_versions

IDS = ["2021-02-19", "2022-03-01", "2023-05-02"]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> AgreementRepo:
    return three_versions(tmp_path_factory.mktemp("history") / "repo")


def listed(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main(["history", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_lists_the_versions_oldest_first_with_dates_hash_and_commit(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = listed(capsys, "--repo", str(repo.path), "--today", "2023-07-01")["versions"]
    assert [row["id"] for row in rows] == IDS
    assert [(row["published"], row["effective"]) for row in rows] == [
        ("2021-02-19", "2021-02-19"),
        ("2022-03-01", "2022-04-15"),
        ("2023-05-02", "2023-06-05"),
    ]
    # Each version's commit is the one that gave it its id; the newest is the work tree's.
    assert rows[-1]["commit"] == git(repo.path, "rev-parse", "HEAD")
    assert rows[0]["commit"] == git(repo.path, "rev-list", "--max-parents=0", "HEAD")
    assert rows[-1]["hash"] == content_hash(load_folder(repo.path))
    assert len({row["hash"] for row in rows}) == 3


@pytest.mark.parametrize(
    ("today", "states"),
    [
        ("2021-01-01", ["vorbereitet", "vorbereitet", "vorbereitet"]),
        ("2022-03-10", ["gültig", "angekündigt", "vorbereitet"]),
        ("2022-04-15", ["ersetzt", "gültig", "vorbereitet"]),
        ("2023-05-02", ["ersetzt", "gültig", "angekündigt"]),
        ("2023-06-05", ["ersetzt", "ersetzt", "gültig"]),
    ],
)
def test_the_state_of_each_version_on_a_day(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str], today: str, states: list[str]
) -> None:
    data = listed(capsys, "--repo", str(repo.path), "--today", today)
    assert data["today"] == today
    assert [row["state"] for row in data["versions"]] == states


def test_without_today_the_states_are_those_of_today_in_vienna(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert listed(capsys, "--repo", str(repo.path))["today"] == german.today().isoformat()


def test_the_text_table_has_a_header_and_one_line_per_version(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", "--repo", str(repo.path), "--today", "2022-03-10"]) == 0
    header, *lines = capsys.readouterr().out.splitlines()
    assert header.split() == [
        "Version",
        "Bekanntgabe",
        "gültig",
        "ab",
        "gültig",
        "bis",
        "ersetzt",
        "durch",
        "Stand",
        "2022-03-10",
        "Angebot",
        "ohne",
        "Zustimmung",
        "gilt",
        "SHA-256",
        "Commit",
    ]
    assert [line.split()[0] for line in lines] == IDS
    assert lines[0].split()[3:5] == ["2022-04-14", "2022-03-01"]
    assert lines[1].split()[3:6] == ["2023-06-04", "2023-05-02", "angekündigt"]
    assert lines[2].split()[3:6] == ["–", "–", "vorbereitet"]


def test_a_later_commit_without_a_new_id_carries_the_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = three_versions(tmp_path / "repo")
    before = listed(capsys, "--repo", str(repo.path))["versions"]
    (repo.path / "README.md").write_text("Hinweis\n", encoding="utf-8")
    sha = repo.commit("README only")
    after = listed(capsys, "--repo", str(repo.path))["versions"]
    assert after[-1]["commit"] == sha
    assert after[-1]["hash"] == before[-1]["hash"]
    assert after[:-1] == before[:-1]


def test_a_detached_head_lists_the_history_up_to_it_and_checks_nothing_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = three_versions(tmp_path / "repo")
    second = listed(capsys, "--repo", str(repo.path))["versions"][1]["commit"]
    git(repo.path, "checkout", "-q", "--detach", second)
    status = git(repo.path, "status", "--porcelain")
    rows = listed(capsys, "--repo", str(repo.path / "contract"))["versions"]
    assert [row["id"] for row in rows] == IDS[:2]
    assert git(repo.path, "rev-parse", "HEAD") == second
    assert git(repo.path, "status", "--porcelain") == status


def test_a_shallow_clone_is_an_error_naming_the_fix(
    repo: AgreementRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone))
    assert main(["history", "--repo", str(clone)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "flacher Klon (shallow clone)" in err
    assert "git fetch --unshallow" in err


def test_a_folder_outside_git_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", "--repo", str(tmp_path)]) == 1
    assert "liegt in keinem Git-Repository" in capsys.readouterr().err


def test_a_repository_without_commits_has_no_versions_yet(tmp_path: Path) -> None:
    git_init = tmp_path / "new"
    git_init.mkdir()
    git(git_init, "init", "-q", "-b", "main")
    assert history.versions(git_init) == []
