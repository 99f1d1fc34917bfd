"""Every file the CLI writes (-o, --summary) goes through the one guard of output paths: never
into the git folder or the sources, never over a file git tracks or onto a FIFO; and -o is
honoured by every format of `avv compare`. Real repositories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import AgreementRepo, reword_clause, run


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> AgreementRepo:
    repo = AgreementRepo.create(tmp_path_factory.mktemp("output") / "repo")
    repo.commit_version("2022-03-01", "2022-03-01", "2022-04-15", reword_clause)
    return repo


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.mark.parametrize(
    ("target", "named"),
    [
        (".git/HEAD", "im Git-Ordner des Repositorys"),
        (".git/neu.docx", "im Git-Ordner des Repositorys"),
        ("contract/avv.md", "liegt in contract/ des Repositorys"),
        ("annexes/neu.docx", "liegt in annexes/ des Repositorys"),
        ("mkdocs.yml", "ist eine Datei des Repositorys (git verfolgt sie)"),
        ("docs", "liegt in docs/ des Repositorys"),
    ],
)
@pytest.mark.parametrize("format", ["docx", "md"])
def test_compare_never_writes_into_the_git_folder_or_the_sources(
    repo: AgreementRepo,
    capsys: pytest.CaptureFixture[str],
    target: str,
    named: str,
    format: str,
) -> None:
    before = snapshot(repo.path)
    args = ["compare", "2021-02-19", "2022-03-01", "--format", format]
    status, _, err = run(capsys, *args, "--repo", str(repo.path), "-o", str(repo.path / target))
    assert status == 1
    assert named in err
    assert snapshot(repo.path) == before


def test_a_link_is_no_way_around_the_guard(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = snapshot(repo.path)
    (tmp_path / "harmlos.docx").symlink_to(repo.path / ".git" / "HEAD")
    status, _, err = run(
        capsys,
        *("compare", "2021-02-19", "2022-03-01", "--format", "docx"),
        *("--repo", str(repo.path), "-o", str(tmp_path / "harmlos.docx")),
    )
    assert status == 1 and "im Git-Ordner des Repositorys" in err
    assert snapshot(repo.path) == before


@pytest.mark.parametrize("format", ["md", "html", "json", "synopsis"])
def test_compare_writes_every_format_to_the_file_of_o(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str], tmp_path: Path, format: str
) -> None:
    out = tmp_path / f"redline.{format}"
    args = ["compare", "2021-02-19", "2022-03-01", "--format", format, "--repo", str(repo.path)]
    status, printed, _ = run(capsys, *args)
    assert status == 0
    status, said, _ = run(capsys, *args, "-o", str(out))
    assert status == 0
    assert out.read_text(encoding="utf-8") == printed
    assert said == f"{out}: Änderungen von 2021-02-19 zu 2022-03-01 ({format})\n"


def test_a_fifo_as_o_is_refused_not_waited_on(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    status, _, err = run(
        capsys, "compare", "2021-02-19", "2022-03-01", "--repo", str(repo.path), "-o", str(fifo)
    )
    assert status == 1 and "ist keine gewöhnliche Datei" in err


def test_the_summary_of_the_check_is_guarded_too(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(repo.path)
    status, _, err = run(
        capsys,
        *("check", "--repo", str(repo.path), "--base", "HEAD~1"),
        *("--summary", str(repo.path / ".git" / "config"), "--today", "2022-03-01"),
    )
    assert status == 1 and "im Git-Ordner des Repositorys" in err
    assert snapshot(repo.path) == before
