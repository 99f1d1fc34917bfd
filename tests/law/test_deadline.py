"""The last day of the objection period (§§ 902, 903 ABGB and the extensions in avv.law.deadline).

Every expected date below was worked out by hand from a printed calendar
(``python -c 'import calendar; print(calendar.month(2026, 4))'``), not from the implementation.
Easter Sundays used: 2020-04-12, 2024-03-31, 2025-04-20, 2026-04-05, 2027-03-28.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from avv.law.deadline import is_non_working_day, last_day_to_object

D = date

# (notice, months, expected last day, reason)
CASES: list[tuple[date, int, date, str]] = [
    (D(2026, 2, 10), 1, D(2026, 3, 10), "plain weekday: Tue 10 Mar 2026"),
    (D(2026, 12, 4), 1, D(2027, 1, 4), "4 Jan 2027 is a Monday, no extension"),
    (D(2025, 1, 31), 1, D(2025, 2, 28), "31 Jan -> Fri 28 Feb (non-leap, § 902 Abs. 2)"),
    (D(2025, 1, 30), 1, D(2025, 2, 28), "30 Jan -> Fri 28 Feb (clamped)"),
    (D(2026, 1, 31), 1, D(2026, 3, 2), "31 Jan -> 28 Feb 2026 is Sat -> Mon 2 Mar"),
    (D(2024, 1, 31), 1, D(2024, 2, 29), "leap year: 31 Jan -> Thu 29 Feb 2024"),
    (D(2020, 1, 31), 1, D(2020, 3, 2), "leap year: 29 Feb 2020 is Sat -> Mon 2 Mar"),
    (D(2026, 3, 31), 1, D(2026, 4, 30), "31 Mar -> Thu 30 Apr (30-day month)"),
    (D(2026, 8, 31), 1, D(2026, 9, 30), "31 Aug -> Wed 30 Sep (30-day month)"),
    (D(2025, 10, 31), 1, D(2025, 12, 1), "31 Oct -> 30 Nov 2025 is Sun -> Mon 1 Dec"),
    (D(2026, 5, 13), 1, D(2026, 6, 15), "ends Sat 13 Jun 2026 -> Mon 15 Jun"),
    (D(2026, 8, 6), 1, D(2026, 9, 7), "ends Sun 6 Sep 2026 -> Mon 7 Sep"),
    (D(2026, 3, 6), 1, D(2026, 4, 7), "Easter Monday 6 Apr 2026 -> Tue 7 Apr"),
    (D(2025, 3, 18), 1, D(2025, 4, 22), "Good Friday 18 Apr 2025 + Easter weekend -> Tue 22 Apr"),
    (D(2026, 3, 2), 1, D(2026, 4, 2), "Maundy Thursday 2 Apr 2026 is a working day"),
    (D(2026, 4, 14), 1, D(2026, 5, 15), "Ascension Thu 14 May 2026 -> Fri 15 May"),
    (D(2026, 4, 25), 1, D(2026, 5, 26), "Whit Monday 25 May 2026 -> Tue 26 May"),
    (D(2026, 5, 4), 1, D(2026, 6, 5), "Corpus Christi Thu 4 Jun 2026 -> Fri 5 Jun"),
    (D(2025, 4, 1), 1, D(2025, 5, 2), "1 May 2025 (Thu) -> Fri 2 May"),
    (D(2024, 7, 15), 1, D(2024, 8, 16), "15 Aug 2024 (Thu) -> Fri 16 Aug"),
    (D(2026, 9, 26), 1, D(2026, 10, 27), "national holiday Mon 26 Oct 2026 -> Tue 27 Oct"),
    (D(2025, 9, 26), 1, D(2025, 10, 27), "26 Oct 2025 is Sun -> Mon 27 Oct (no substitute)"),
    (D(2024, 9, 26), 1, D(2024, 10, 28), "26 Oct 2024 is Sat, then Sun -> Mon 28 Oct"),
    (D(2027, 10, 1), 1, D(2027, 11, 2), "1 Nov 2027 (Mon) -> Tue 2 Nov (All Souls' works)"),
    (D(2026, 11, 8), 1, D(2026, 12, 9), "8 Dec 2026 (Tue) -> Wed 9 Dec"),
    (D(2024, 11, 24), 1, D(2024, 12, 27), "24 Dec 2024 (Tue), 25/26 Dec -> Fri 27 Dec"),
    (D(2027, 11, 24), 1, D(2027, 12, 27), "24 Dec 2027 (Fri), 25/26 on weekend -> Mon 27 Dec"),
    (D(2025, 11, 24), 1, D(2025, 12, 29), "chain: Wed 24 Dec 2025 to Sun 28 Dec -> Mon 29 Dec"),
    (D(2025, 11, 26), 1, D(2025, 12, 29), "St Stephen's Fri 26 Dec 2025 + weekend -> Mon 29"),
    (D(2025, 10, 31), 2, D(2025, 12, 31), "months=2: Wed 31 Dec 2025 is NOT extended"),
    (D(2024, 12, 31), 12, D(2025, 12, 31), "months=12: Wed 31 Dec 2025 is NOT extended"),
    (D(2025, 12, 1), 1, D(2026, 1, 2), "New Year Thu 1 Jan 2026 -> Fri 2 Jan"),
    (D(2025, 12, 6), 1, D(2026, 1, 7), "Epiphany Tue 6 Jan 2026 -> Wed 7 Jan"),
    (D(2026, 12, 1), 1, D(2027, 1, 4), "chain: Fri 1 Jan 2027 + weekend -> Mon 4 Jan"),
    (D(2026, 3, 3), 1, D(2026, 4, 7), "chain: Good Friday 3 Apr 2026 to Easter Mon -> Tue 7 Apr"),
    (D(2026, 12, 31), 2, D(2027, 3, 1), "months=2: 31 Dec -> 28 Feb 2027 is Sun -> Mon 1 Mar"),
    (D(2024, 2, 29), 12, D(2025, 2, 28), "months=12: 29 Feb 2024 -> Fri 28 Feb 2025"),
    (D(2025, 12, 25), 1, D(2026, 1, 26), "notice on Christmas Day; 25 Jan 2026 Sun -> Mon 26"),
]


@pytest.mark.parametrize(
    ("notice", "months", "expected"),
    [case[:3] for case in CASES],
    ids=[case[3] for case in CASES],
)
def test_last_day_to_object(notice: date, months: int, expected: date) -> None:
    assert last_day_to_object(notice, months) == expected


def test_default_period_is_one_month() -> None:
    assert last_day_to_object(D(2026, 2, 10)) == D(2026, 3, 10)


@pytest.mark.parametrize("months", [0, -1])
def test_period_must_be_at_least_one_month(months: int) -> None:
    with pytest.raises(ValueError):
        last_day_to_object(D(2026, 2, 10), months)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 4, 3), True),  # Good Friday
        (D(2026, 4, 2), False),  # Maundy Thursday
        (D(2025, 12, 24), True),  # Christmas Eve (Wednesday)
        (D(2025, 12, 31), False),  # New Year's Eve (Wednesday): a bank day only
        (D(2026, 11, 2), False),  # All Souls' Day (Monday)
        (D(2027, 11, 15), False),  # St Leopold (Monday): regional bank day, not national
        (D(2026, 3, 19), False),  # St Joseph (Thursday): regional, not national
        (D(2026, 6, 13), True),  # Saturday
    ],
)
def test_is_non_working_day(day: date, expected: bool) -> None:
    assert is_non_working_day(day) is expected


def test_of_the_bank_days_only_31_december_does_not_count() -> None:
    # holidays' "bank" category for AT (no subdivision): Good Friday, 24 and 31 December.
    for year in range(2000, 2101):
        bank = holidays.country_holidays("AT", years=year, categories=("bank",))
        (good_friday,) = [d for d in bank if d.month < 12]
        assert good_friday.weekday() == 4
        assert is_non_working_day(good_friday)
        assert is_non_working_day(D(year, 12, 24))
        new_years_eve = D(year, 12, 31)
        assert is_non_working_day(new_years_eve) is (new_years_eve.weekday() >= 5)


@given(
    notice=st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31)),
    months=st.integers(min_value=1, max_value=24),
)
def test_result_is_a_working_day_close_to_the_plain_date(notice: date, months: int) -> None:
    plain = notice + relativedelta(months=months)
    result = last_day_to_object(notice, months)
    assert not is_non_working_day(result)
    assert plain <= result <= plain + timedelta(days=5)
    if not is_non_working_day(plain):
        assert result == plain
