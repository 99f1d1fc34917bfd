"""Nothing from outside the repository: every file of the content is read as the commit holds
it, or from the work tree only when it is a regular file there. A symbolic link, FIFO or folder
in a file's place is a check error naming the file, and no line of its target reaches a
message. Real repositories; the commands that could wait on a FIFO run as processes with a
bound, so that a hang fails the test instead of stopping the suite."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from avv.cli import main
from avv.content.load import load, read_folder
from avv.errors import InvalidAgreement
from avv.repo import history
from tests.support import AgreementRepo, git

SECRET = "GEHEIM-TOKEN-4711"
AVV = [sys.executable, "-m", "avv.cli"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out + captured.err


@pytest.fixture
def repo(tmp_path: Path) -> AgreementRepo:
    return AgreementRepo.create(tmp_path / "repo")


def outside_copy(repo: AgreementRepo, name: str, extra: str = "") -> Path:
    """A copy of a content file outside the repository, as a secret on a runner might be."""
    target = repo.path.parent / "elsewhere" / Path(name).name
    target.parent.mkdir(exist_ok=True)
    target.write_text((repo.path / name).read_text(encoding="utf-8") + extra, encoding="utf-8")
    return target


def link(repo: AgreementRepo, name: str, target: Path) -> None:
    (repo.path / name).unlink()
    (repo.path / name).symlink_to(target)


@pytest.mark.parametrize("name", ["contract/avv.md", "annexes/anlage-2.yaml"])
def test_a_symlink_to_a_file_outside_is_an_error_and_its_lines_never_show(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    # A target that is broken YAML or Markdown would have its lines quoted in the problems.
    target = outside_copy(repo, name, f"\n{SECRET}: [\n")
    link(repo, name, target)
    status, out = run(capsys, "check", "--repo", str(repo.path))
    assert status == 1
    assert f"{name}: ein symbolischer Link statt einer gewöhnlichen Datei" in out
    assert SECRET not in out


def test_a_valid_target_does_not_pass_for_the_file_the_commit_holds(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    link(repo, "contract/avv.md", outside_copy(repo, "contract/avv.md"))
    status, out = run(capsys, "check", "--repo", str(repo.path))
    assert status == 1 and "contract/avv.md: ein symbolischer Link" in out
    # Committed, the link is what the commit holds: the version of that commit is not valid.
    repo.commit("A link instead of the text")
    version = history.versions(repo.path)[-1]
    assert version.problem is not None
    assert "contract/avv.md: ein symbolischer Link statt einer gewöhnlichen Datei" in (
        version.problem
    )


def test_a_symlinked_content_folder_is_named_and_not_followed(repo: AgreementRepo) -> None:
    elsewhere = repo.path.parent / "annexes-elsewhere"
    shutil.move(repo.path / "annexes", elsewhere)
    (repo.path / "annexes").symlink_to(elsewhere)
    files = read_folder(repo.path)
    assert set(files) == {"annexes", "contract/avv.md", "contract/meta.yaml"}
    with pytest.raises(InvalidAgreement) as raised:
        load(files)
    assert "annexes: ein symbolischer Link statt einer gewöhnlichen Datei" in str(raised.value)


def test_a_folder_in_a_files_place_is_named(repo: AgreementRepo) -> None:
    meta = repo.path / "contract" / "meta.yaml"
    meta.unlink()
    meta.mkdir()
    (meta / "x.yaml").write_text("version: 2021-02-19\n", encoding="utf-8")
    with pytest.raises(InvalidAgreement) as raised:
        load(read_folder(repo.path))
    assert "contract/meta.yaml: ein Ordner statt einer gewöhnlichen Datei" in str(raised.value)


def test_a_fifo_in_a_files_place_is_named_and_never_waited_on(repo: AgreementRepo) -> None:
    fifo = repo.path / "annexes" / "anlage-2.yaml"
    fifo.unlink()
    os.mkfifo(fifo)
    done = subprocess.run(
        [*AVV, "check", "--repo", str(repo.path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "annexes/anlage-2.yaml: eine FIFO (named pipe) statt einer gewöhnlichen Datei" in (
        done.stderr
    )


def test_a_file_too_large_is_reported_with_its_own_size(repo: AgreementRepo) -> None:
    big = repo.path / "annexes" / "anlage-1.yaml"
    big.write_text("# " + "x" * 299_997 + "\n", encoding="utf-8")
    with pytest.raises(InvalidAgreement) as raised:
        load(read_folder(repo.path))
    assert "annexes/anlage-1.yaml: die Datei ist größer als 256 KB (300.000 Bytes)" in str(
        raised.value
    )


def test_a_committed_symlink_is_read_as_the_commit_holds_it(repo: AgreementRepo) -> None:
    """In a commit, a link is a link: its target is never read, whatever the work tree has."""
    link(repo, "annexes/anlage-1.yaml", outside_copy(repo, "annexes/anlage-1.yaml"))
    sha = repo.commit("Anlage 1 as a link")
    files = history.files_at(repo.path, sha)
    assert files["annexes/anlage-1.yaml"] == ""
    with pytest.raises(InvalidAgreement) as raised:
        load(files)
    assert "annexes/anlage-1.yaml: ein symbolischer Link" in str(raised.value)
    assert git(repo.path, "cat-file", "-t", f"{sha}:annexes/anlage-1.yaml") == "blob"


def test_a_fifo_as_the_customers_file_is_refused_not_waited_on(tmp_path: Path) -> None:
    repo = AgreementRepo.create(tmp_path / "repo")
    fifo = tmp_path / "kunde.yaml"
    os.mkfifo(fifo)
    done = subprocess.run(
        [
            *AVV,
            "sign-copy",
            "--repo",
            str(repo.path),
            "--version",
            "2021-02-19",
            "--controller",
            str(fifo),
            "-o",
            str(tmp_path / "avv.pdf"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert f"{fifo}: keine gewöhnliche Datei" in done.stderr
    assert not (tmp_path / "avv.pdf").exists()
