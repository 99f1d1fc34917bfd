"""The publication record on real repositories: backdating, reverts, tampering with the site
branch, invalid commits never published, and who superseded whom."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from avv.publish.deploy import Published, PublishError, publish
from avv.published import record
from tests.support import (
    LATER,
    SITE_BRANCH,
    AgreementRepo,
    git,
    replace,
    replace_again,
    run,
    set_meta,
    site_commit,
)

IDS = ["2021-02-19", "2022-03-01", "2023-05-02"]
# All three versions in effect one after the other; the newest since 2023-06-05.


@pytest.fixture
def repo(original: tuple[Path, Published], tmp_path: Path) -> AgreementRepo:
    return AgreementRepo(Path(shutil.copytree(original[0], tmp_path / "repo", symlinks=True)))


def tip(repo: Path) -> str:
    return git(repo, "rev-parse", SITE_BRANCH)


def site_json(repo: Path, path: str) -> Any:
    return json.loads(git(repo, "show", f"{SITE_BRANCH}:{path}"))


def reword(path: Path) -> None:
    replace(path / "contract" / "avv.md", "schriftlich", "schriftlich (Beispiel)")


# The record itself.


def test_the_record_holds_every_published_version_with_its_folder_tree(
    original: tuple[Path, Published],
) -> None:
    repo, _ = original
    found = record.loads(git(repo, "show", f"{SITE_BRANCH}:record.json").encode())
    assert [v.id for v in found.versions] == IDS
    for version in found.versions:
        assert version.tree == git(repo, "rev-parse", f"{SITE_BRANCH}:{version.id}")
        assert version.deployed == LATER
        assert site_json(repo, f"{version.id}/avv.json")["hash"] == version.hash
    # A notice for each version that made notifiable changes, with the feed entry as published.
    assert [n.version for n in found.notices] == IDS[1:]
    feed = git(repo, "show", f"{SITE_BRANCH}:feed.xml")
    for notice in found.notices:
        assert notice.hash == record.text_hash(notice.entry.content)
        assert notice.entry.link in feed
    assert git(repo, "rev-parse", f"{SITE_BRANCH}:latest") == found.versions[-1].tree


def test_versions_json_says_who_superseded_whom_and_when(original: tuple[Path, Published]) -> None:
    repo, _ = original
    props = {e["version"]: e["properties"] for e in site_json(repo, "versions.json")}
    assert props["2021-02-19"]["successor"] == "2022-03-01"  # not the newest
    assert props["2021-02-19"]["valid_until"] == "2022-04-14"
    assert props["2021-02-19"]["superseded_on"] == "2022-04-15"
    assert props["2022-03-01"]["valid_from"] == "2022-04-15"
    assert props["2022-03-01"]["successor"] == "2023-05-02"
    assert "successor" not in props["2023-05-02"] and "valid_until" not in props["2023-05-02"]


def test_avv_verify_passes_on_a_fresh_clone_of_the_site_branch(
    original: tuple[Path, Published], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clone = tmp_path / "clone"
    git(
        tmp_path,
        "clone",
        "-q",
        "--single-branch",
        "--branch",
        SITE_BRANCH,
        str(original[0]),
        str(clone),
    )
    status, out, err = run(capsys, "verify", "--repo", str(clone))
    assert (status, err) == (0, "")
    assert "stimmt mit dem Protokoll überein (3 Versionen, 2 Mitteilungen)" in out


# Tampering on the site branch.


def _edit_old_page(site: Path) -> None:
    page = site / "2021-02-19" / "avv" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Graz", "Wien"), encoding="utf-8")


def _edit_property(key: str, value: str) -> Callable[[Path], None]:
    def edit(site: Path) -> None:
        entries = json.loads((site / "versions.json").read_text(encoding="utf-8"))
        for entry in entries:
            if entry["version"] == "2022-03-01":
                if key == "title":
                    entry["title"] = value
                else:
                    entry["properties"][key] = value
        (site / "versions.json").write_text(json.dumps(entries), encoding="utf-8")

    return edit


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (_edit_old_page, "2021-02-19/: der Ordner weicht von der Veröffentlichung ab"),
        (
            _edit_property("effective", "2022-01-01"),
            "versions.json: Version 2022-03-01, properties:",
        ),
        (_edit_property("title", "Neu"), 'versions.json: Version 2022-03-01, title: "Neu"'),
    ],
    ids=["old page", "effective", "title"],
)
def test_a_hand_edit_of_the_site_branch_is_refused_and_named(
    repo: AgreementRepo,
    capsys: pytest.CaptureFixture[str],
    edit: Callable[[Path], None],
    where: str,
) -> None:
    site_commit(repo.path, edit)
    before = tip(repo.path)
    status, _, err = run(capsys, "verify", "--repo", str(repo.path))
    assert status == 1 and where in err
    repo.commit_version("2024-01-10", "2024-01-10", "2024-02-15", reword)
    status, _, err = run(capsys, "publish", "--repo", str(repo.path), "--today", "2024-01-10")
    assert status == 1
    assert "Veröffentlichung verweigert, gh-pages ist unverändert" in err and where in err
    assert tip(repo.path) == before


def test_an_edited_record_is_refused_against_the_commit_before(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    def backdate(site: Path) -> None:
        data = json.loads((site / "record.json").read_text(encoding="utf-8"))
        data["versions"][1]["published"] = "2021-12-01"
        (site / "record.json").write_text(json.dumps(data), encoding="utf-8")

    site_commit(repo.path, backdate)
    site_commit(repo.path, lambda site: (site / "README").write_text("x", encoding="utf-8"))
    status, _, err = run(capsys, "verify", "--repo", str(repo.path))
    assert status == 1
    assert "record.json (Commit " in err
    assert "Version 2022-03-01 geändert (published: 2022-03-01 → 2021-12-01)" in err


def test_a_removed_record_is_refused(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    site_commit(repo.path, lambda site: (site / "record.json").unlink())
    status, _, err = run(capsys, "verify", "--repo", str(repo.path))
    assert status == 1 and "record.json (Commit " in err and "entfernt" in err


def test_a_changed_latest_is_repaired_from_its_version(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    def edit(site: Path) -> None:
        (site / "latest" / "avv.json").write_text("{}", encoding="utf-8")

    site_commit(repo.path, edit)
    status, _, err = run(capsys, "verify", "--repo", str(repo.path))
    assert status == 1 and "latest/: weicht von 2023-05-02/ ab" in err
    done = publish(repo.path, LATER)
    assert done.changed and done.deployed == ()
    assert git(repo.path, "rev-parse", f"{SITE_BRANCH}:latest") == git(
        repo.path, "rev-parse", f"{SITE_BRANCH}:2023-05-02"
    )
    assert run(capsys, "verify", "--repo", str(repo.path))[0] == 0


# Backdating and order.


def test_a_backdated_version_fails_the_check_and_is_not_published(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repo.path, "checkout", "-q", "-b", "backdated")
    repo.commit_version("2024-03-01", "2022-05-02", "2022-06-02", replace_again)
    status, out, _ = run(
        capsys, "check", "--repo", str(repo.path), "--base", "main", "--today", "2024-03-01"
    )
    assert status == 1
    assert "published 2022-05-02 liegt vor der Bekanntgabe der Basis 2023-05-02" in out
    assert "liegt vor dem Tag der Prüfung (2024-03-01)" in out
    assert "effective 2022-06-02 liegt nicht nach dem Inkrafttreten der Basis" in out
    before = tip(repo.path)
    with pytest.raises(PublishError) as refused:
        publish(repo.path, date(2024, 3, 1))
    assert "2024-03-01: published 2022-05-02 liegt vor 2023-05-02" in str(refused.value)
    assert "effective 2022-06-02 liegt nicht nach 2023-05-02" in str(refused.value)
    assert tip(repo.path) == before


def test_a_version_announced_in_the_past_fails_the_check_of_today(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repo.path, "checkout", "-q", "-b", "late")
    set_meta(repo.path, version="2024-03-01", published="2024-03-01", effective="2024-05-01")
    replace_again(repo.path)
    status, out, _ = run(
        capsys, "check", "--repo", str(repo.path), "--base", "main", "--today", "2024-03-05"
    )
    assert status == 1
    assert "published 2024-03-01 liegt vor dem Tag der Prüfung (2024-03-05)" in out
    status, out, _ = run(
        capsys, "check", "--repo", str(repo.path), "--base", "main", "--today", "2024-03-01"
    )
    assert status == 0, out


# Reverts.


def test_a_revert_of_a_published_version_is_refused_with_the_hint(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tip(repo.path)
    feed = git(repo.path, "show", f"{SITE_BRANCH}:feed.xml")
    git(repo.path, "revert", "--no-edit", "HEAD")
    status, _, err = run(capsys, "publish", "--repo", str(repo.path), "--today", "2023-07-02")
    assert status == 1
    assert "2022-03-01: kehrt mit Commit" in err
    assert "nach der veröffentlichten Version 2023-05-02 zurück" in err
    assert "veröffentliche stattdessen eine neue Version mit neuer id" in err
    assert tip(repo.path) == before
    assert git(repo.path, "show", f"{SITE_BRANCH}:feed.xml") == feed
    # A new version with the old content, under a new id, is the way forward.
    repo.commit_version("2023-07-03", "2023-07-03", "2023-08-04")
    done = publish(repo.path, date(2023, 7, 3))
    assert done.deployed == ("2023-07-03",)
    assert site_json(repo.path, "versions.json")[0]["version"] == "2023-07-03"
    assert git(repo.path, "show", f"{SITE_BRANCH}:feed.xml").count("<entry>") == 3
    assert feed.split("<entry>", 1)[1] in git(repo.path, "show", f"{SITE_BRANCH}:feed.xml")


# Invalid commits that were never published.


def test_an_invalid_commit_never_published_is_skipped_with_a_warning(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    set_meta(repo.path, version="2024-01-10", published="2022-02-30", effective="2024-02-15")
    reword(repo.path)
    bad = repo.commit("AVV 2024-01-10 (with a date that does not exist)")
    repo.commit_version("2024-01-11", "2024-01-11", "2024-02-16")
    status, out, err = run(capsys, "publish", "--repo", str(repo.path), "--today", "2024-01-11")
    assert status == 0, err
    assert "2024-01-11: veröffentlicht" in out and "2024-01-10: veröffentlicht" not in out
    skipped = "Warnung: nie veröffentlicht und nicht gültig, übersprungen"
    assert f"{skipped}: Version 2024-01-10 (Commit {bad[:12]}) ist nicht gültig" in err
    assert "contract/meta.yaml:" in err
    assert [e["version"] for e in site_json(repo.path, "versions.json")][:2] == [
        "2024-01-11",
        "2023-05-02",
    ]
    status, out, err = run(capsys, "history", "--repo", str(repo.path), "--today", "2024-01-11")
    assert status == 0 and "2024-01-11" in out and f"Commit {bad[:12]}" in err


def test_an_invalid_newest_version_is_an_error(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    set_meta(repo.path, version="2024-01-10", published="2022-02-30", effective="2024-02-15")
    repo.commit("AVV 2024-01-10")
    status, _, err = run(capsys, "publish", "--repo", str(repo.path), "--today", "2024-01-11")
    assert status == 1 and "Version 2024-01-10" in err and "ist nicht gültig" in err


def test_an_empty_version_is_reported_not_silently_skipped(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    set_meta(repo.path, version='""')
    empty = repo.commit("No version")
    repo.commit_version("2024-01-11", "2024-01-11", "2024-02-16", reword)
    status, _, err = run(capsys, "publish", "--repo", str(repo.path), "--today", "2024-01-11")
    assert status == 0
    assert f"Commit {empty[:12]}: contract/meta.yaml:" in err and "`version` ist leer" in err
