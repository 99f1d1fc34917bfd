"""The day an e-mail notice is received (Zugang, § 862a ABGB), from the moment the recipient's
mail server accepted it.

A declaration by e-mail reaches a business when it can be expected to read it: within business
hours. The rule takes the generous reading for the customer, as the last day does: an e-mail
accepted on a working day before 17:00 Vienna time is received that day; one accepted at 17:00 or
later, or on a day that is not a working day, on the next working day. The working days are those
of `avv.law.deadline.days_off_from` (no Saturday, Sunday, public holiday, Good Friday or
24 December), so that the day of receipt, the public day of notice (`avv.law.binding`) and the
last day of a period follow one calendar.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from avv.law.deadline import days_off_from

__all__ = ["CLOSING", "VIENNA", "day_of_receipt", "next_working_day"]

# The agreement's days are Austrian days.
VIENNA = ZoneInfo("Europe/Vienna")
# The end of business hours: an e-mail accepted from then on is received the next working day.
CLOSING = time(17, 0)


def next_working_day(day: date) -> date:
    """`day` itself where it is a working day, else the first working day after it."""
    return day + timedelta(days=len(days_off_from(day)))


def day_of_receipt(accepted: datetime) -> date:
    """The day a notice accepted by the recipient's server at `accepted` (aware) is received."""
    local = accepted.astimezone(VIENNA)
    day = local.date()
    if local.time() >= CLOSING:
        day += timedelta(days=1)
    return next_working_day(day)
