"""`avv check --base` and the kinds of change: amendments named as such, the objection period
read from VI.c, and the statement of the period where VI.c or V changes with subprocessors.

Real repositories: main holds the AVV of 2021-02-19, a pull request branch changes it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from avv.cli import main
from avv.law.deadline import ObjectionPeriod, last_day
from tests.support import AgreementRepo, git, line_of, replace, replace_subprocessor, set_meta

AVV = "contract/avv.md"
META = "contract/meta.yaml"


def three_days(repo: Path) -> None:
    replace(repo / AVV, "binnen eines Monats ab", "binnen drei Tagen ab")


def v_b(repo: Path) -> None:
    replace(repo / AVV, "nur nach schriftlicher Zustimmung", "nur nach vorheriger Zustimmung")


@pytest.fixture
def repo(tmp_path: Path) -> AgreementRepo:
    repo = AgreementRepo.create(tmp_path / "avv")
    git(repo.path, "checkout", "-q", "-b", "aenderung")
    return repo


def check(repo: AgreementRepo, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    # The day of the check: before the versions below are announced.
    status = main(["check", "--repo", str(repo.path), "--base", "main", "--today", "2026-01-01"])
    return status, capsys.readouterr().out


def test_a_rewritten_vi_c_is_an_amendment_finding(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit_version("2026-03-02", "2026-03-02", "2026-04-15", three_days)
    status, out = check(repo, capsys)
    assert status == 0, out
    line = line_of(repo.path / AVV, "binnen drei Tagen")
    assert (
        f"{AVV}:{line}: VI.c (geändert): eine Änderung der Vereinbarung, keine Mitteilung — sie "
        "braucht die schriftliche Zustimmung der Kunden; bis dahin gilt für sie Version "
        "2021-02-19 (XIII.b)"
    ) in out


@pytest.mark.parametrize(("edit", "clause"), [(three_days, "Punkt VI.c"), (v_b, "Punkt V")])
def test_vi_c_or_v_with_subprocessors_fails_without_the_period(
    repo: AgreementRepo,
    capsys: pytest.CaptureFixture[str],
    edit: Callable[[Path], None],
    clause: str,
) -> None:
    def amend(p: Path) -> None:
        edit(p)
        replace_subprocessor(p)

    repo.commit_version("2026-03-02", "2026-03-02", "2026-05-15", amend)
    status, out = check(repo, capsys)
    assert status == 1
    line = line_of(repo.path / META, "effective:")
    assert (
        f"{META}:{line}: diese Version ändert {clause} und die Subunternehmer, sagt aber nicht, "
        "welche Widerspruchsfrist für ihre Mitteilung gilt (VI.c) — tragen Sie "
        "`objection_period: binnen eines Monats` ein"
    ) in out


def test_the_stated_period_in_effect_passes(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    def edit(p: Path) -> None:
        three_days(p)
        replace_subprocessor(p)
        set_meta(p, effective="2026-05-15\nobjection_period: binnen eines Monats")

    repo.commit_version("2026-03-02", "2026-03-02", "2026-05-15", edit)
    status, out = check(repo, capsys)
    assert status == 0, out


def test_a_stated_shorter_period_fails_at_its_line(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    def edit(p: Path) -> None:
        three_days(p)
        replace_subprocessor(p)
        set_meta(p, effective="2026-05-15\nobjection_period: binnen drei Tagen")

    repo.commit_version("2026-03-02", "2026-03-02", "2026-05-15", edit)
    status, out = check(repo, capsys)
    assert status == 1
    line = line_of(repo.path / META, "objection_period:")
    assert f"{META}:{line}: `objection_period` „binnen drei Tagen“ endet am 2026-03-05" in out
    assert "eine Mitteilung darf die Frist nicht verkürzen" in out


def test_the_effective_rule_counts_the_period_in_effect_not_the_new_one(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """VI.c shortened to three days: the subprocessor still needs the month in effect."""
    in_month = last_day(date(2026, 3, 2), ObjectionPeriod(1, "months"))

    def edit(p: Path) -> None:
        three_days(p)
        replace_subprocessor(p)
        set_meta(p, effective=f"{in_month}\nobjection_period: binnen eines Monats")

    repo.commit_version("2026-03-02", "2026-03-02", in_month.isoformat(), edit)
    status, out = check(repo, capsys)
    assert status == 1
    assert (
        f"vor oder am letzten Tag der Widerspruchsfrist ({in_month}, ein Monat ab Bekanntgabe"
        in (out)
    )


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("zeitnah ab", "Punkt VI.c nennt keine Widerspruchsfrist"),
        (
            "binnen 99999999 Monaten ab",
            "eine Frist von 99999999 Monat(en) ab 2026-03-02 endete nach dem",
        ),
    ],
    ids=["unreadable", "beyond-the-calendar"],
)
def test_a_period_in_vi_c_without_a_last_day_fails_at_the_clause(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str], period: str, message: str
) -> None:
    repo.commit_version(
        "2026-03-02",
        "2026-03-02",
        "2026-05-15",
        lambda p: replace(p / AVV, "binnen eines Monats ab", period),
    )
    status, out = check(repo, capsys)
    assert status == 1
    line = line_of(repo.path / AVV, period)
    assert f"{AVV}:{line}: {message}" in out
