"""No traceback and no hang for any argument: hostile and careless arguments to every command
end in a message and a status, never in an exception. Real repositories; a FIFO stands in for
anything that could be waited on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from avv.cli import main
from tests.support import AgreementRepo, reword_clause


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> AgreementRepo:
    repo = AgreementRepo.create(tmp_path_factory.mktemp("hostile") / "repo")
    repo.commit_version("2022-03-01", "2022-03-01", "2022-04-15", reword_clause)
    fifo = repo.path.parent / "pipe"
    os.mkfifo(fifo)
    return repo


def arguments(repo: Path) -> list[list[str]]:
    fifo, file = str(repo.parent / "pipe"), str(repo / "mkdocs.yml")
    here = ["--repo", str(repo)]
    return [
        ["check", "--repo", "/dev/null"],
        ["check", "--repo", fifo],
        ["check", "--repo", file],
        ["check", *here, "--base", "no-such-ref"],
        ["check", *here, "--base", "HEAD~1", "--summary", "/dev/null/x"],
        ["check", *here, "--base", "HEAD~1", "--summary", fifo],
        ["export", "--repo", "/nonexistent"],
        ["history", "--repo", "/dev/null"],
        ["notice", *here, "--to", "../../etc/passwd"],
        ["notice", *here, "--to", "2021-02-19"],
        ["compare", *here, "2021-02-19", "x" * 5000],
        ["compare", *here, "2021-02-19", "2022-03-01", "-o", "/dev/null/x.md"],
        ["compare", *here, "2021-02-19", "2022-03-01", "-o", "/proc/version"],
        ["compare", *here, "2021-02-19", "2022-03-01", "--format", "docx", "-o", "/"],
        ["sign-copy", *here, "--version", "2021-02-19", "--controller", "/dev/zero", "-o", "x.pdf"],
        ["sign-copy", *here, "--version", "2021-02-19", "--controller", fifo, "-o", "x.pdf"],
        ["sign-copy", *here, "--version", "2021-02-19", "--controller", "/nonexistent", "-o", "a"],
        ["sign-copy", *here, "--version", "2021-02-19", "--controller", file, "-o", "/dev/x.pdf"],
        ["publish", *here, "--branch=-x"],
        ["publish", *here, "--push", "--remote", "--upload-pack=touch /tmp/avv-pwned"],
        ["verify", *here, "--branch", "../../x"],
        ["verify", "--repo", "/dev/null"],
        ["build", *here, "--site-dir", "/dev/null/site"],
        ["build", *here, "--site-dir", fifo],
        ["build", *here, "--version", "../../etc"],
        ["demo", "--dir", "/dev/null/demo"],
        ["deadline", "2999-12-31", "--months", "999999999999"],
    ]


def test_no_argument_ends_in_a_traceback(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo.path.parent)
    failed = []
    for args in arguments(repo.path):
        try:
            status = main(args)
        except BaseException as error:  # every escape is the failure
            failed.append((args, repr(error)))
            continue
        err = capsys.readouterr().err
        if status == 0 or "Traceback" in err:
            failed.append((args, err))
    assert failed == []
    assert not Path("/tmp/avv-pwned").exists()
