"""`avv publish` on real git repositories: real builds, mike's commits on a real site branch."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import feedparser
import pytest

from avv.cli import main
from avv.errors import AvvError
from avv.publish.deploy import Published, publish
from avv.repo import history
from tests.support import (
    SITE_BRANCH,
    AgreementRepo,
    add_measure,
    git,
    identify,
    replace,
    three_versions,
)

IDS = ["2021-02-19", "2022-03-01", "2023-05-02"]
# 2023-05-02 is announced on this day and takes effect on 2023-06-05.
ANNOUNCED = date(2023, 5, 10)
# What binds whom, as the record keeps it: 2023-05-02 rewords VI.c (an offer); everyone who has
# not agreed keeps the text of 2022-03-01. Its notice went out when it was deployed, eight days
# after its `published`; the two older versions were already in effect and keep their dates.
BINDING = {
    "2021-02-19": {"kinds": ""},
    "2022-03-01": {"kinds": "notice,editorial"},
    "2023-05-02": {
        "kinds": "notice,amendment,editorial",
        "offer": "true",
        "text_for_all": "2022-03-01",
        "notice_sent": "2023-05-10",
        "notice_given": "2023-05-10",
    },
}


def tip(repo: Path, ref: str = SITE_BRANCH) -> str:
    return git(repo, "rev-parse", ref)


def branches(repo: Path) -> list[str]:
    return git(repo, "for-each-ref", "--format=%(refname:short)", "refs/heads").splitlines()


def site_file(repo: Path, path: str, ref: str = SITE_BRANCH) -> str:
    return git(repo, "show", f"{ref}:{path}")


def site_json(repo: Path, path: str, ref: str = SITE_BRANCH) -> Any:
    return json.loads(site_file(repo, path, ref))


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[AgreementRepo, Published]:
    """Three versions published on a day when the third is announced, not yet in effect."""
    repo = three_versions(tmp_path_factory.mktemp("publish") / "repo")
    identify(repo.path)
    return repo, publish(repo.path, ANNOUNCED)


@pytest.fixture
def copy(published: tuple[AgreementRepo, Published], tmp_path: Path) -> AgreementRepo:
    """A copy of the published repository, for a test that changes it."""
    return AgreementRepo(Path(shutil.copytree(published[0].path, tmp_path / "repo", symlinks=True)))


def test_every_announced_version_gets_one_frozen_folder(
    published: tuple[AgreementRepo, Published],
) -> None:
    repo, done = published
    assert done.deployed == tuple(IDS)
    assert (done.latest, done.default, done.changed) == ("2022-03-01", "2022-03-01", True)
    assert done.tip == tip(repo.path)
    top = git(repo.path, "ls-tree", "--name-only", SITE_BRANCH).splitlines()
    assert sorted(top) == sorted(
        [
            *IDS,
            *("latest", "versions.json", "index.html", ".nojekyll", "feed.xml", "record.json"),
            *("mitteilungen", "mitteilungen.json", "404.html", "sitemap.xml"),
        ]
    )
    for version in IDS:
        assert site_json(repo.path, f"{version}/avv.json")["version"] == version
    assert branches(repo.path) == [SITE_BRANCH, "main"]  # the scratch branch is gone
    assert git(repo.path, "status", "--porcelain") == ""


def test_versions_json_carries_dates_and_hashes_as_mike_properties(
    published: tuple[AgreementRepo, Published],
) -> None:
    repo, _ = published
    entries = site_json(repo.path, "versions.json")
    assert [entry["version"] for entry in entries] == IDS[::-1]  # mike lists newest first
    expected = {row["id"]: row for row in history.listing(history.versions(repo.path), ANNOUNCED)}
    for entry in entries:
        row = expected[entry["version"]]
        successor = row["successor"]
        assert entry["properties"] == {
            **{key: row[key] for key in ("published", "effective", "hash", "commit")},
            "valid_from": row["effective"],
            **(
                {
                    "valid_until": row["valid_until"],
                    "successor": successor,
                    "superseded_on": expected[successor]["effective"],
                }
                if successor
                else {}
            ),
            **BINDING[entry["version"]],
        }
        # The hash stored is the hash the version's own avv.json shows.
        assert site_json(repo.path, f"{entry['version']}/avv.json")["hash"] == row["hash"]
    assert {entry["version"]: entry["aliases"] for entry in entries} == {
        "2023-05-02": [],
        "2022-03-01": ["latest"],
        "2021-02-19": [],
    }


def test_latest_is_a_real_copy_of_the_version_in_effect_and_the_default(
    published: tuple[AgreementRepo, Published],
) -> None:
    repo, _ = published
    mode, kind, *_ = git(repo.path, "ls-tree", SITE_BRANCH, "latest/avv.json").split()
    assert (mode, kind) == ("100644", "blob")  # a file, not a symlink or a redirect
    assert site_file(repo.path, "latest/avv.json") == site_file(repo.path, "2022-03-01/avv.json")
    assert 'href="2022-03-01/"' in site_file(repo.path, "index.html")


def test_the_feed_holds_the_notices_of_the_published_versions(
    published: tuple[AgreementRepo, Published],
) -> None:
    repo, _ = published
    feed = feedparser.parse(site_file(repo.path, "feed.xml"))
    assert not feed.bozo
    links = {entry.link for entry in feed.entries}
    # The announced version is in the feed too: customers learn of it before it takes effect.
    assert any("/2023-05-02/mitteilung/" in link for link in links)
    assert any("/2022-03-01/mitteilung/" in link for link in links)


def test_publishing_again_changes_nothing(
    published: tuple[AgreementRepo, Published], copy: AgreementRepo
) -> None:
    before = tip(copy.path)
    again = publish(copy.path, ANNOUNCED)
    assert (again.deployed, again.changed, again.tip) == ((), False, before)
    assert tip(copy.path) == before
    assert branches(copy.path) == [SITE_BRANCH, "main"]


def test_the_announced_version_becomes_latest_and_default_on_its_effective_day(
    published: tuple[AgreementRepo, Published], copy: AgreementRepo
) -> None:
    day_before = publish(copy.path, date(2023, 6, 4))
    assert (day_before.latest, day_before.changed) == ("2022-03-01", False)
    moved = publish(copy.path, date(2023, 6, 5))
    assert (moved.deployed, moved.latest, moved.default, moved.changed) == (
        (),
        "2023-05-02",
        "2023-05-02",
        True,
    )
    assert site_file(copy.path, "latest/avv.json") == site_file(copy.path, "2023-05-02/avv.json")
    assert 'href="2023-05-02/"' in site_file(copy.path, "index.html")
    aliases = {e["version"]: e["aliases"] for e in site_json(copy.path, "versions.json")}
    assert aliases == {"2023-05-02": ["latest"], "2022-03-01": [], "2021-02-19": []}
    # The frozen folders were not rebuilt.
    for version in IDS:
        assert git(copy.path, "rev-parse", f"{SITE_BRANCH}:{version}") == git(
            published[0].path, "rev-parse", f"{SITE_BRANCH}:{version}"
        )


def test_a_silent_edit_of_a_published_version_is_refused_and_the_branch_untouched(
    copy: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tip(copy.path)
    # Rewrite history: 2022-03-01 gets a measure it was not published with.
    first = git(copy.path, "rev-list", "--max-parents=0", "HEAD")
    second = history.versions(copy.path)[1].commit
    git(copy.path, "checkout", "-q", "-B", "rewritten", first)
    git(copy.path, "checkout", "-q", second, "--", "contract", "annexes")
    add_measure(copy.path)
    copy.commit("AVV 2022-03-01")
    assert main(["publish", "--repo", str(copy.path), "--today", "2023-07-01"]) == 1
    err = capsys.readouterr().err
    assert "2022-03-01: ihr Inhalt" in err and "veröffentlicht wurde sie mit" in err
    assert "2021-02-19" not in err
    assert tip(copy.path) == before
    assert sorted(branches(copy.path)) == sorted([SITE_BRANCH, "main", "rewritten"])


def test_a_failure_half_way_leaves_the_branch_as_it_was(copy: AgreementRepo) -> None:
    before = tip(copy.path)
    copy.commit_version("2024-01-10", "2024-01-10", "2024-02-15", _reword_again)
    git(copy.path, "remote", "add", "origin", str(copy.path.parent / "missing.git"))
    # The new version is built and committed on the scratch branch; the push then fails.
    with pytest.raises(
        AvvError, match=r"git push nach origin ist fehlgeschlagen: fatal: .*missing\.git"
    ):
        publish(copy.path, date(2024, 1, 10), push=True)
    assert tip(copy.path) == before
    assert branches(copy.path) == [SITE_BRANCH, "main"]


def test_push_to_a_bare_repository_from_a_detached_head(
    copy: AgreementRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bare = tmp_path / "site.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    git(copy.path, "remote", "add", "origin", str(bare))
    copy.commit_version("2024-01-10", "2024-01-10", "2024-02-15", _reword_again)
    git(copy.path, "checkout", "-q", "--detach")
    args = ["publish", "--repo", str(copy.path), "--today", "2024-02-15", "--push"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "2024-01-10: veröffentlicht" in out
    assert "latest → 2024-01-10" in out
    assert tip(bare) == tip(copy.path)
    assert site_json(bare, "latest/avv.json")["version"] == "2024-01-10"
    assert site_json(bare, "versions.json")[0]["version"] == "2024-01-10"


def test_a_version_merged_before_its_announcement_waits_for_its_day(copy: AgreementRepo) -> None:
    copy.commit_version("2024-03-01", "2024-03-01", "2024-04-15", _reword_again)
    early = publish(copy.path, date(2024, 2, 20))
    assert (early.deployed, early.latest) == ((), "2023-05-02")
    ids = [e["version"] for e in site_json(copy.path, "versions.json")]
    assert "2024-03-01" not in ids
    assert publish(copy.path, date(2024, 3, 1)).deployed == ("2024-03-01",)


def test_a_shallow_clone_is_refused(
    published: tuple[AgreementRepo, Published], tmp_path: Path
) -> None:
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{published[0].path}", str(clone))
    with pytest.raises(history.HistoryError, match="git fetch --unshallow"):
        publish(clone, ANNOUNCED)


def test_a_clone_publishes_on_top_of_the_remote_site_branch(
    published: tuple[AgreementRepo, Published], tmp_path: Path
) -> None:
    repo = published[0].path
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", f"file://{repo}", str(clone))
    identify(clone)
    assert "gh-pages" not in branches(clone)  # a fresh checkout has only origin/gh-pages
    done = publish(clone, ANNOUNCED)
    assert (done.deployed, done.changed) == ((), False)
    assert tip(clone) == tip(repo)


def _reword_again(path: Path) -> None:
    replace(path / "contract" / "avv.md", "schriftlich", "schriftlich (Beispiel)")


def site_bytes(repo: Path, path: str) -> bytes:
    return subprocess.run(
        ["git", "show", f"{SITE_BRANCH}:{path}"], cwd=repo, check=True, capture_output=True
    ).stdout


def test_verify_copy_names_the_published_version_of_a_downloaded_file(
    published: tuple[AgreementRepo, Published],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    repo = published[0].path
    for path in ("2022-03-01/avv.pdf", "2023-05-02/avv.docx", "2021-02-19/avv.json"):
        copy = tmp_path / path.replace("/", "-")
        copy.write_bytes(site_bytes(repo, path))
        assert main(["verify-copy", "--repo", str(repo), str(copy)]) == 0, path
        answer = capsys.readouterr().out
        version = path.split("/")[0]
        assert f"ist die Datei {path} der veröffentlichten Version {version} (" in answer
    # The agreement's JSON written again with other spacing: recognised by its content.
    data = json.loads(site_bytes(repo, "2022-03-01/avv.json"))
    spaced = tmp_path / "avv.json"
    spaced.write_text(json.dumps(data, ensure_ascii=False, indent=4), encoding="utf-8")
    assert main(["verify-copy", "--repo", str(repo), str(spaced)]) == 0
    answer = capsys.readouterr().out
    assert "avv.json enthält die veröffentlichte Version 2022-03-01" in answer
    assert data["hash"] in answer
    # One word changed, its version and hash kept: none, and it says what the copy claims.
    data["title"] = data["title"].replace("Vereinbarung", "Vereinbarungen", 1)
    spaced.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["verify-copy", "--repo", str(repo), str(spaced)]) == 1
    answer = capsys.readouterr().out
    assert answer.startswith("avv.json entspricht keiner veröffentlichten Version")
    assert "gibt sich als Version 2022-03-01 aus" in answer
    # A PDF of one byte more is none either; a folder is no copy.
    pdf = tmp_path / "avv.pdf"
    pdf.write_bytes(site_bytes(repo, "2022-03-01/avv.pdf") + b"\n")
    assert main(["verify-copy", "--repo", str(repo), str(pdf)]) == 1
    assert "entspricht keiner veröffentlichten Version" in capsys.readouterr().out
    assert main(["verify-copy", "--repo", str(repo), str(tmp_path)]) == 1
    assert "ist ein Ordner" in capsys.readouterr().err


def test_a_publish_makes_at_most_two_redline_file_pairs_per_new_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Word and PDF only for the pairs people use: against the version before, and against the
    version in effect on the announcement day. 2023-05-20 is announced while 2023-05-02 is not
    yet in effect, so it has both; every other redline page has no files, and none is made."""
    repo = three_versions(tmp_path / "repo")
    identify(repo.path)
    repo.commit_version("2023-05-20", "2023-05-20", "2023-07-01", _reword_again)
    cache = tmp_path / "cache"
    monkeypatch.setenv("AVV_CACHE_DIR", str(cache))
    done = publish(repo.path, date(2023, 7, 2))
    assert done.deployed == (*IDS, "2023-05-20")
    files: dict[tuple[str, str], set[str]] = {}
    pages: set[tuple[str, str]] = set()
    for path in git(repo.path, "ls-tree", "-r", "--name-only", SITE_BRANCH).splitlines():
        match path.split("/"):
            case [newer, "vergleich", older, "index.html"] if newer != "latest":
                pages.add((older, newer))
            case [newer, "vergleich", older, name] if newer != "latest" and "." in name:
                files.setdefault((older, newer), set()).add(name)
    assert len(pages) == 6, "every pair keeps its redline page"
    assert files == {
        pair: {"aenderungen.pdf", "aenderungen.docx"}
        for pair in (
            ("2021-02-19", "2022-03-01"),
            ("2022-03-01", "2023-05-02"),
            ("2022-03-01", "2023-05-20"),
            ("2023-05-02", "2023-05-20"),
        )
    }
    made = [p.name.partition("-")[2] for p in cache.glob("??/*-aenderungen.*")]
    assert sorted(made) == sorted(["aenderungen.pdf", "aenderungen.docx"] * 4), (
        "the cold publish made the files of these four pairs and of no other"
    )
