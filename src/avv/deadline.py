"""Last day of the customer's objection period (VI.c, VII.c; Austrian law under XIII.d).

A period in months ends on the day of the last month that has the same number as the day of
notice; if that month has no such day, on its last day (§ 902 Abs. 2 ABGB). If the last day for a
declaration is a Sunday or a recognised public holiday, the next working day takes its place
(§ 903 Satz 3 ABGB). Saturdays extend a period as well (Art. 5 of the European Convention on the
Calculation of Time-Limits, BGBl 254/1983), Good Friday in court proceedings (§ 126 Abs. 2 ZPO),
and 24 December in administrative and tax proceedings (§ 33 Abs. 2 AVG, § 108 Abs. 3 BAO).

Not all of these rules need bind a contractual objection period, but this module applies them all
together: the most generous reading on purpose, so that no objection is ever cut off a day early.
Days that are only bank holidays, such as 31 December, do not extend the period.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from avv.errors import AvvError

__all__ = ["PeriodOutOfRange", "is_non_working_day", "last_day_to_object"]

_SATURDAY = 5


class PeriodOutOfRange(AvvError, ValueError):
    """A period that is shorter than a month, or that would end beyond the calendar."""


@lru_cache(maxsize=256)
def _public_holidays(year: int) -> frozenset[date]:
    """Austria's public holidays in ``year`` (Feiertagsruhegesetz 1957), without bank days."""
    calendar = holidays.country_holidays("AT", years=year, categories=(holidays.PUBLIC,))
    return frozenset(calendar.keys())


def _good_friday(year: int) -> date:
    return easter(year) - timedelta(days=2)


def is_non_working_day(day: date) -> bool:
    """Whether a period that would end on ``day`` is extended to the next day.

    - Sunday or Austrian public holiday: § 903 Satz 3 ABGB.
    - Saturday: Art. 5 European Convention on the Calculation of Time-Limits, BGBl 254/1983.
    - Good Friday: § 126 Abs. 2 ZPO.
    - 24 December: § 33 Abs. 2 AVG, § 108 Abs. 3 BAO.

    31 December is not among them.
    """
    return (
        day.weekday() >= _SATURDAY
        or day in _public_holidays(day.year)
        or day == _good_friday(day.year)
        or (day.month, day.day) == (12, 24)
    )


def last_day_to_object(notice: date, months: int = 1) -> date:
    """The last day on which an objection to a notice given on ``notice`` is in time.

    ``months`` is the length of the period (one month under VI.c and VII.c); it must be at least 1.
    """
    if months < 1:
        raise PeriodOutOfRange(
            f"eine Widerspruchsfrist dauert mindestens einen Monat, nicht {months} — "
            "--months 1 oder mehr angeben"
        )
    try:
        day: date = notice + relativedelta(months=months)
        while is_non_working_day(day):
            day += timedelta(days=1)
    except (OverflowError, ValueError):
        raise PeriodOutOfRange(
            f"eine Frist von {months} Monat(en) ab {notice.isoformat()} endete nach dem "
            f"{date.max.isoformat()}, dem letzten Tag des Kalenders — ein früheres Datum oder "
            "weniger Monate angeben"
        ) from None
    return day
