"""What binds whom, on real histories: an amended VI.c binds only those who agreed, so the next
notice to everyone counts with the period before it; a notice counts from the day it went out."""

from __future__ import annotations

from pathlib import Path

import pytest

from avv.cli import main
from avv.documents import notice_render
from avv.notices import notice
from avv.repo import history
from tests.support import AgreementRepo, git, replace, replace_subprocessor

AVV = "contract/avv.md"


def fourteen_days(root: Path) -> None:
    """VI.c amended: "binnen 14 Tagen" instead of "binnen eines Monats" (XIII.b)."""
    replace(root / AVV, "binnen eines Monats ab", "binnen 14 Tagen ab")


@pytest.fixture
def shortened(tmp_path: Path) -> AgreementRepo:
    """main: the AVV of 2021, then VI.c shortened to 14 days (an offer); a pull request branch."""
    repo = AgreementRepo.create(tmp_path / "avv")
    repo.commit_version("2026-01-05", "2026-01-05", "2026-02-09", fourteen_days)
    git(repo.path, "checkout", "-q", "-b", "aenderung")
    return repo


def check(repo: AgreementRepo, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["check", "--repo", str(repo.path), "--base", "main", "--today", "2026-03-01"])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_a_subprocessor_after_a_shortened_vi_c_counts_the_month_that_binds_everyone(
    shortened: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    # Wednesday 4 March 2026; 14 days end on 18 March, the month on Saturday 4 April, moved
    # past Easter (Sunday 5, Monday 6 April) to Tuesday 7 April.
    shortened.commit_version("2026-03-04", "2026-03-04", "2026-03-20", replace_subprocessor)
    status, out = check(shortened, capsys)
    assert status == 1
    assert "tritt am 2026-03-20 in Kraft, vor oder am letzten Tag der Widerspruchsfrist " in out
    assert "(2026-04-07, ein Monat ab Bekanntgabe am 2026-03-04)" in out

    shortened.commit_version("2026-03-04", "2026-03-04", "2026-04-08")
    status, out = check(shortened, capsys)
    assert status == 0, out
    *earlier, new = (v.agreement for v in history.versions(shortened.path))
    drafted = notice.notice_for(earlier[-1], new, earlier=earlier)
    assert drafted is not None and drafted.period is not None
    assert drafted.period.reason == "held" and drafted.period.held_by == "2021-02-19"
    text = notice_render.render_text(drafted)
    assert "binnen eines Monats ab Bekanntgabe schriftlich zu widersprechen, also" in text
    assert "bis einschließlich 7. April 2026" in text
    assert "Punkt VI.c in der Fassung der Version 2021-02-19, die alle Kunden bindet" in text
    assert "14 Tagen" not in text.split("Ihr Recht auf Widerspruch")[1]


def test_a_stated_period_shorter_than_the_month_that_binds_everyone_fails(
    shortened: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    def with_stated(root: Path) -> None:
        replace_subprocessor(root)
        meta = root / "contract" / "meta.yaml"
        meta.write_text(meta.read_text() + "objection_period: binnen 14 Tagen\n")

    shortened.commit_version("2026-03-04", "2026-03-04", "2026-05-04", with_stated)
    status, out = check(shortened, capsys)
    assert status == 1
    assert (
        "`objection_period` „binnen 14 Tagen“ endet am 2026-03-18, vor der Frist von Punkt VI.c "
        "der Version 2021-02-19, die alle Kunden bindet"
    ) in out


def test_a_notice_announced_on_a_saturday_counts_from_monday(
    shortened: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    # Saturday 7 March 2026: given on Monday 9 March, the month ends on Thursday 9 April.
    shortened.commit_version("2026-03-07", "2026-03-07", "2026-04-09", replace_subprocessor)
    status, out = check(shortened, capsys)
    assert status == 1
    assert "(2026-04-09, ein Monat ab Bekanntgabe am 2026-03-07, die als am 2026-03-09 " in out
    assert "published 2026-03-07 ist kein Werktag: 7. März 2026 (Samstag) und 8. März 2026 " in out
    assert "die Mitteilung gilt als am Montag, 9. März 2026 gegeben" in out
    assert (
        "**Datum der Mitteilung:** 7. März 2026 (gilt als am Montag, 9. März 2026 gegeben, dem "
        "nächsten Werktag; ab dann zählen die Fristen)"
    ) in out
