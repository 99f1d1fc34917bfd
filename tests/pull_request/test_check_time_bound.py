"""The pull request's check ends within its time bound whatever the content, and says in German
what it cut short: the summary names each part left out, and the check fails rather than pass
without them. A part that never ends is stood in for by one that sleeps forever; the bound
leaves the real rules time enough on a busy machine."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from avv.cli import main
from avv.documents import redline_render
from avv.pull_request import check as pr_check
from tests.support import AgreementRepo, reword_clause


@pytest.fixture
def repo(tmp_path: Path) -> AgreementRepo:
    repo = AgreementRepo.create(tmp_path / "repo")
    repo.commit_version("2030-03-01", "2030-03-01", "2030-04-15", reword_clause)
    return repo


def forever(*_: object, **__: object) -> None:
    while True:
        time.sleep(0.05)


def check_within(repo: AgreementRepo, summary: Path, seconds: int) -> int:
    """`avv check` of the last commit against the one before, with its summary and time limit."""
    base = ["check", "--repo", str(repo.path), "--base", "HEAD~1", "--today", "2030-03-01"]
    return main([*base, "--summary", str(summary), "--time-limit", str(seconds)])


def test_a_redline_that_never_ends_is_cut_short_and_said_so(
    repo: AgreementRepo,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(redline_render, "render_markdown", forever)
    summary = tmp_path / "summary.md"
    status = check_within(repo, summary, 15)
    err = capsys.readouterr().err
    assert status == 1
    assert "Zeitgrenze von 15 s erreicht — nicht erstellt: Redline, Entwurf der Mitteilung" in err
    text = summary.read_text(encoding="utf-8")
    assert (
        "⏱️ *Redline: nicht erstellt — die Prüfung hat ihre Zeitgrenze von 15 s erreicht.*" in text
    )
    assert "⏱️ *Entwurf der Mitteilung: nicht erstellt" in text
    assert "### Befunde" in text and "Art der Änderungen" in text


def test_rules_that_never_end_fail_the_check_with_a_message(
    repo: AgreementRepo,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(pr_check, "check", forever)
    summary = tmp_path / "summary.md"
    status = check_within(repo, summary, 1)
    err = capsys.readouterr().err
    assert status == 1
    assert (
        "die Prüfung hat ihre Zeitgrenze von 1 s erreicht, bevor ihre Regeln geprüft waren" in err
    )
    assert "Zeitgrenze von 1 s erreicht" in summary.read_text(encoding="utf-8")
