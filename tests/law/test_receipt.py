"""The day an e-mail notice is received: accepted on a working day before 17:00 Vienna time, that
day; else the next working day, with the working days of the deadline rule."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from avv.law.receipt import day_of_receipt, next_working_day

VIENNA = ZoneInfo("Europe/Vienna")

CASES = [
    # accepted (Vienna), received, why
    ("2026-12-07 09:00", "2026-12-07", "Monday morning: that day"),
    ("2026-12-07 16:59:59", "2026-12-07", "a second before closing"),
    ("2026-12-07 17:00", "2026-12-09", "at closing: the next working day (8 December a holiday)"),
    ("2026-12-04 18:30", "2026-12-07", "Friday evening: Monday"),
    ("2026-12-05 10:00", "2026-12-07", "Saturday: Monday"),
    ("2026-12-23 17:30", "2026-12-28", "24 December, Christmas and St Stephen's: the 28th"),
    ("2027-03-25 17:05", "2027-03-30", "Maundy Thursday: Good Friday, the weekend, Easter Monday"),
    ("2027-01-05 17:30", "2027-01-07", "an evening before Epiphany (6 January, a holiday)"),
]


@pytest.mark.parametrize(("accepted", "received", "why"), CASES)
def test_day_of_receipt(accepted: str, received: str, why: str) -> None:
    moment = datetime.fromisoformat(accepted).replace(tzinfo=VIENNA)
    assert day_of_receipt(moment).isoformat() == received, why


def test_the_hour_is_vienna_time_whatever_the_zone_given() -> None:
    # 16:30 UTC on 7 December is 17:30 in Vienna (UTC+1): after closing.
    assert day_of_receipt(datetime(2026, 12, 7, 16, 30, tzinfo=UTC)) == date(2026, 12, 9)
    # 15:30 UTC in summer is 17:30 in Vienna (UTC+2) as well.
    assert day_of_receipt(datetime(2026, 6, 8, 15, 30, tzinfo=UTC)) == date(2026, 6, 9)
    assert day_of_receipt(datetime(2026, 6, 8, 14, 59, tzinfo=UTC)) == date(2026, 6, 8)


def test_next_working_day() -> None:
    assert next_working_day(date(2026, 12, 7)) == date(2026, 12, 7)
    assert next_working_day(date(2026, 12, 24)) == date(2026, 12, 28)
