"""`avv build` and `avv demo` write only where nothing of value can be lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from avv import cli
from avv.output_folder import MARKER
from tests.support import copy_project


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "repo")


def refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert cli.main(argv) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.err.startswith("avv: ") and " — " in captured.err
    return captured.err


@pytest.mark.parametrize(
    ("target", "said"),
    [
        (".", "ist das Repository selbst"),
        ("./contract/..", "ist das Repository selbst"),
        ("..", "enthält das Repository"),
        ("/", "enthält das Repository"),
        ("contract", "liegt in contract/"),
        ("annexes/neu", "liegt in annexes/"),
        ("docs", "liegt in docs/"),
        ("docs/site", "liegt in docs/"),
        ("hooks", "liegt in hooks/"),
        ("link-to-repo", "ist das Repository selbst"),
        ("link-to-docs/sub", "liegt in docs/"),
        ("mkdocs.yml", "ist eine Datei"),
        ("../voll", "ist nicht leer und kein früherer Build"),
    ],
)
def test_build_refuses_a_folder_it_could_destroy_and_touches_nothing(
    repo: Path, capsys: pytest.CaptureFixture[str], target: str, said: str
) -> None:
    (repo / "link-to-repo").symlink_to(repo)
    (repo / "link-to-docs").symlink_to(repo / "docs")
    (repo.parent / "voll").mkdir()
    (repo.parent / "voll" / "brief.txt").write_text("wichtig", encoding="utf-8")
    before = snapshot(repo.parent)
    cwd = Path.cwd()
    os.chdir(repo)
    try:
        error = refused(capsys, ["build", "--site-dir", target])
    finally:
        os.chdir(cwd)
    assert said in error
    assert "--site-dir" in error
    assert snapshot(repo.parent) == before
    assert sorted(p.name for p in repo.parent.iterdir()) == ["repo", "voll"]


def test_build_replaces_only_its_own_earlier_build(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = repo.parent / "site"
    assert cli.main(["build", "--repo", str(repo), "--site-dir", str(site)]) == 0
    assert (site / MARKER).is_file() and (site / "index.html").is_file()
    (site / "stale.html").write_text("from an earlier build", encoding="utf-8")
    assert cli.main(["build", "--repo", str(repo), "--site-dir", str(site)]) == 0
    assert not (site / "stale.html").exists()
    assert (site / MARKER).is_file()
    capsys.readouterr()

    (site / MARKER).unlink()
    (site / MARKER).symlink_to(repo / "mkdocs.yml")
    assert "kein früherer Build" in refused(
        capsys, ["build", "--repo", str(repo), "--site-dir", str(site)]
    )


@pytest.mark.parametrize(
    ("target", "said"),
    [
        ("docs/beispiel", "liegt in docs/"),
        ("mkdocs.yml", "ist eine Datei"),
        (".", "ist das Repository selbst"),
        ("contract", "liegt in contract/"),
    ],
)
def test_demo_refuses_a_folder_it_could_destroy(
    repo: Path, capsys: pytest.CaptureFixture[str], target: str, said: str
) -> None:
    before = snapshot(repo)
    cwd = Path.cwd()
    os.chdir(repo)
    try:
        error = refused(capsys, ["demo", "--dir", target])
    finally:
        os.chdir(cwd)
    assert said in error and "--dir" in error
    assert snapshot(repo) == before


def test_demo_refuses_a_folder_that_is_not_empty_even_if_marked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "alt"
    folder.mkdir()
    (folder / MARKER).write_text("", encoding="utf-8")
    assert "ist nicht leer" in refused(capsys, ["demo", "--dir", str(folder)])
    assert [p.name for p in folder.iterdir()] == [MARKER]
