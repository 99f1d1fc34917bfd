"""The calendar entry of an objection period: one all-day event on its last day (RFC 5545).

Customers import it into their calendar from the notice page, the feed or the e-mail. Nothing
in it depends on when it is made: the UID comes from the version, the day of notice and the
site, and DTSTAMP is the day of notice, so the same notice gives the same bytes and a calendar
that imports it twice keeps one entry.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from icalendar import Calendar, Event

from avv.german import format_date

__all__ = ["ObjectionDeadline", "event_uid", "objection_calendar"]

PRODID = "-//sms.at mobile internet services gmbh//avv//DE"
_UNSAFE = re.compile(r"[^A-Za-z0-9.-]")


@dataclass(frozen=True)
class ObjectionDeadline:
    """What the entry says: the notice of `version` given on `notice_date`, its last day to
    object, why that day (one sentence), whom to write to, and the link to the notice."""

    version: str
    notice_date: dt.date
    last_day: dt.date
    explanation: str
    contact: str
    notice_url: str
    site: str


def event_uid(version: str, notice_date: dt.date, site: str) -> str:
    """`widerspruchsfrist-2026-03-02-20260302@avv.websms.com`: one per notice and site."""
    token = _UNSAFE.sub("-", version)
    host = _UNSAFE.sub("-", site) or "avv"
    return f"widerspruchsfrist-{token}-{notice_date:%Y%m%d}@{host}"


def summary(version: str) -> str:
    return f"Widerspruchsfrist AVV Version {version} endet"


def objection_calendar(deadline: ObjectionDeadline) -> bytes:
    """The `.ics` file: a VCALENDAR with one all-day VEVENT on the last day to object."""
    d = deadline
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", event_uid(d.version, d.notice_date, d.site))
    event.add("dtstamp", dt.datetime.combine(d.notice_date, dt.time(), dt.UTC))
    event.add("dtstart", d.last_day)
    event.add("dtend", d.last_day + dt.timedelta(days=1))
    event.add("summary", summary(d.version))
    link = f"\nMitteilung: {d.notice_url}" if d.notice_url else ""
    event.add(
        "description",
        f"Letzter Tag, um der Mitteilung vom {format_date(d.notice_date)} über Änderungen der "
        "Subunternehmer (Punkt VI.c der Auftragsverarbeitungsvereinbarung) schriftlich zu "
        f"widersprechen. {d.explanation}\n\nWiderspruch an: {d.contact}{link}",
    )
    if d.notice_url.startswith(("https://", "http://")):
        event.add("url", d.notice_url)
    event.add("transp", "TRANSPARENT")
    event.add("class", "PUBLIC")
    calendar.add_component(event)
    return bytes(calendar.to_ical())
