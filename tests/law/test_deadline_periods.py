"""Periods in days and weeks, and how the last day was found (avv.law.deadline.reckon).

§ 902 Abs. 1 ABGB: a period in days does not count the day of notice; § 902 Abs. 2: a period in
weeks ends on the weekday of notice, one in months on the day of the same number (or the last
day of a shorter month). Every expected date was read off a printed calendar
(``python -c 'import calendar; print(calendar.month(2026, 12))'``).
"""

from __future__ import annotations

from datetime import date

import pytest

from avv.law.deadline import ONE_MONTH, DayOff, ObjectionPeriod, last_day, reckon

D = date
P = ObjectionPeriod

# (notice, period, expected last day, reason)
CASES: list[tuple[date, ObjectionPeriod, date, str]] = [
    (D(2026, 3, 10), P(3, "days"), D(2026, 3, 13), "Tue + 3 days: Fri 13 Mar"),
    (D(2026, 12, 1), P(14, "days"), D(2026, 12, 15), "Tue + 14 days: Tue 15 Dec"),
    (D(2026, 6, 12), P(1, "days"), D(2026, 6, 15), "Fri + 1 day: Sat 13 Jun -> Mon 15 Jun"),
    (D(2026, 3, 31), P(3, "days"), D(2026, 4, 7), "Good Friday 3 Apr to Easter Mon -> Tue 7"),
    (D(2026, 12, 29), P(3, "days"), D(2027, 1, 4), "New Year Fri 1 Jan 2027 + weekend -> Mon 4"),
    (D(2026, 12, 28), P(3, "days"), D(2026, 12, 31), "Thu 31 Dec is not extended"),
    (D(2026, 5, 7), P(1, "weeks"), D(2026, 5, 15), "Thu + 1 week: Ascension 14 May -> Fri 15"),
    (D(2026, 12, 10), P(2, "weeks"), D(2026, 12, 28), "24 Dec (Thu) to Sun 27 Dec -> Mon 28"),
    (D(2026, 3, 2), P(4, "weeks"), D(2026, 3, 30), "Mon + 4 weeks: Mon 30 Mar"),
    (D(2026, 2, 10), ONE_MONTH, D(2026, 3, 10), "one month as before: Tue 10 Mar"),
]


@pytest.mark.parametrize(
    ("notice", "period", "expected"), [c[:3] for c in CASES], ids=[c[3] for c in CASES]
)
def test_last_day_of_a_period_in_days_weeks_or_months(
    notice: date, period: ObjectionPeriod, expected: date
) -> None:
    assert last_day(notice, period) == expected


def test_reckoning_of_a_period_that_ends_on_christmas_eve() -> None:
    r = reckon(D(2024, 11, 24), ONE_MONTH)
    assert (r.nominal, r.clamped, r.last_day) == (D(2024, 12, 24), False, D(2024, 12, 27))
    assert r.skipped == (
        DayOff(D(2024, 12, 24), ("24_december",)),
        DayOff(D(2024, 12, 25), ("public_holiday",), "Christtag"),
        DayOff(D(2024, 12, 26), ("public_holiday",), "Stephanstag"),
    )


def test_reckoning_of_a_month_without_the_day_of_notice() -> None:
    r = reckon(D(2026, 1, 31), ONE_MONTH)
    assert (r.nominal, r.clamped, r.last_day) == (D(2026, 2, 28), True, D(2026, 3, 2))
    assert [(off.day, off.reasons) for off in r.skipped] == [
        (D(2026, 2, 28), ("saturday",)),
        (D(2026, 3, 1), ("sunday",)),
    ]


def test_a_named_day_on_a_weekend_has_both_reasons() -> None:
    r = reckon(D(2022, 11, 24), ONE_MONTH)  # 24 Dec 2022 is a Saturday, 25 Dec a Sunday
    assert [off.reasons for off in r.skipped] == [
        ("24_december", "saturday"),
        ("public_holiday", "sunday"),
        ("public_holiday",),
    ]


def test_weeks_and_days_are_never_clamped() -> None:
    assert not reckon(D(2026, 1, 31), P(4, "weeks")).clamped
    assert not reckon(D(2026, 1, 31), P(28, "days")).clamped


def test_the_wording_is_not_part_of_the_period() -> None:
    assert P(1, "months", "binnen eines Monats") == P(1, "months", "innerhalb von 1 Monat")
    assert P(14, "days") != P(2, "weeks")


@pytest.mark.parametrize("count", [0, -3])
def test_a_period_lasts_at_least_one_day(count: int) -> None:
    with pytest.raises(ValueError, match="mindestens einen Tag"):
        P(count, "days")
