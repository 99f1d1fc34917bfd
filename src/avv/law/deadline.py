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

A period in days does not count the day of notice (§ 902 Abs. 1 ABGB); a period in weeks ends on
the weekday of notice (§ 902 Abs. 2 ABGB). `reckon` says how the last day was found, so that a
notice can explain it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

import holidays
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta
from holidays.countries.austria import Austria

from avv.errors import AvvError

__all__ = [
    "DayOff",
    "ObjectionPeriod",
    "PeriodOutOfRange",
    "Reckoning",
    "day_off",
    "days_off_from",
    "is_non_working_day",
    "last_day",
    "last_day_to_object",
    "reckon",
]

_SATURDAY, _SUNDAY = 5, 6

Unit = Literal["days", "weeks", "months"]
# Why a day does not end a period: the rules named in the module docstring.
Reason = Literal["saturday", "sunday", "public_holiday", "good_friday", "24_december"]


@dataclass(frozen=True)
class ObjectionPeriod:
    """How long customers may object, counted from notice: `count` days, weeks or months.

    `wording` is the phrase of the text it was read from ("binnen eines Monats"); it is not part
    of the value, so the same period written two ways is the same period.
    """

    count: int
    unit: Unit
    wording: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError(
                f"eine Widerspruchsfrist dauert mindestens einen Tag, nicht {self.count}"
            )


ONE_MONTH = ObjectionPeriod(1, "months", "binnen eines Monats")


_UNITS = {"days": "Tag(en)", "weeks": "Woche(n)", "months": "Monat(en)"}


class PeriodOutOfRange(AvvError, ValueError):
    """A period shorter than a month, or one that would end beyond the calendar."""


@dataclass(frozen=True)
class DayOff:
    """A day that does not end a period, and why; `holiday` is the public holiday's German name."""

    day: date
    reasons: tuple[Reason, ...]
    holiday: str = ""


@dataclass(frozen=True)
class Reckoning:
    """How the last day of a period was found: `nominal` is the day § 902 ABGB gives (the last
    day of the month where that month lacks the day of notice: `clamped`), `skipped` the days
    from there on that do not end a period, in order; the last day is the one after them."""

    notice: date
    period: ObjectionPeriod
    nominal: date
    clamped: bool
    skipped: tuple[DayOff, ...]
    last_day: date


@lru_cache(maxsize=256)
def _public_holidays(year: int) -> dict[date, str]:
    """Austria's public holidays in ``year`` (Feiertagsruhegesetz 1957) with their German names,
    without bank days."""
    # Austria's class itself: the registry behind `country_holidays` loads every country.
    calendar = Austria(years=year, categories=(holidays.PUBLIC,), language="de")
    return dict(calendar.items())


def _good_friday(year: int) -> date:
    return easter(year) - timedelta(days=2)


def day_off(day: date) -> DayOff | None:
    """Why a period that would end on ``day`` is extended to the next day, or None.

    - Sunday or Austrian public holiday: § 903 Satz 3 ABGB.
    - Saturday: Art. 5 European Convention on the Calculation of Time-Limits, BGBl 254/1983.
    - Good Friday: § 126 Abs. 2 ZPO.
    - 24 December: § 33 Abs. 2 AVG, § 108 Abs. 3 BAO.

    31 December is not among them. The named days come before the day of the week.
    """
    holiday = _public_holidays(day.year).get(day, "")
    reasons: list[Reason] = []
    if holiday:
        reasons.append("public_holiday")
    if day == _good_friday(day.year):
        reasons.append("good_friday")
    if (day.month, day.day) == (12, 24):
        reasons.append("24_december")
    if day.weekday() == _SATURDAY:
        reasons.append("saturday")
    if day.weekday() == _SUNDAY:
        reasons.append("sunday")
    return DayOff(day, tuple(reasons), holiday) if reasons else None


def is_non_working_day(day: date) -> bool:
    """Whether a period that would end on ``day`` is extended to the next day (see `day_off`)."""
    return day_off(day) is not None


def days_off_from(day: date) -> tuple[DayOff, ...]:
    """The days from ``day`` on, in a row, that do not end a period (see `day_off`): empty where
    ``day`` is a working day; the day after them is the next working day. The one working-day
    rule, for the last day of a period and for the day a notice counts as given."""
    skipped: list[DayOff] = []
    while (off := day_off(day)) is not None:
        skipped.append(off)
        day += timedelta(days=1)
    return tuple(skipped)


def reckon(notice: date, period: ObjectionPeriod) -> Reckoning:
    """The last day of ``period`` from a notice given on ``notice``, with how it was found;
    PeriodOutOfRange where that day would be after the last day of the calendar."""
    try:
        if period.unit == "months":
            nominal: date = notice + relativedelta(months=period.count)
            clamped = nominal.day != notice.day
        else:
            days = period.count * (7 if period.unit == "weeks" else 1)
            nominal, clamped = notice + timedelta(days=days), False
        skipped = days_off_from(nominal)
        day = nominal + timedelta(days=len(skipped))
    except (OverflowError, ValueError):
        raise PeriodOutOfRange(
            f"eine Frist von {period.count} {_UNITS[period.unit]} ab {notice.isoformat()} "
            f"endete nach dem {date.max.isoformat()}, dem letzten Tag des Kalenders — ein "
            "früheres Datum oder eine kürzere Frist angeben"
        ) from None
    return Reckoning(notice, period, nominal, clamped, skipped, day)


def last_day(notice: date, period: ObjectionPeriod) -> date:
    """The last day on which an objection to a notice given on ``notice`` is in time."""
    return reckon(notice, period).last_day


def last_day_to_object(notice: date, months: int = 1) -> date:
    """The last day to object within ``months`` months (one under VI.c); at least one month."""
    if months < 1:
        raise PeriodOutOfRange(
            f"eine Widerspruchsfrist dauert mindestens einen Monat, nicht {months} — "
            "--months 1 oder mehr angeben"
        )
    return last_day(notice, ObjectionPeriod(months, "months"))
