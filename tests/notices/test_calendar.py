"""The calendar entry of an objection period (avv.notices.calendar), parsed back with icalendar."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Component

from avv.notices.calendar import ObjectionDeadline, event_uid, objection_calendar

DEADLINE = ObjectionDeadline(
    version="2026-03-02",
    notice_date=dt.date(2026, 3, 2),
    last_day=dt.date(2026, 4, 2),
    explanation="Die Frist von einem Monat ab der Bekanntgabe am 2. März 2026 endet am "
    "Donnerstag, 2. April 2026.",
    contact="Jan Wieczorkiewicz, datenschutz.at@linkmobility.com",
    notice_url="https://avv.example.com/2026-03-02/mitteilung/",
    site="avv.example.com",
)


def parsed(deadline: ObjectionDeadline = DEADLINE) -> tuple[Calendar, Component]:
    calendar = Calendar.from_ical(objection_calendar(deadline))
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_one_all_day_event_on_the_last_day() -> None:
    calendar, event = parsed()
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"])
    assert event.decoded("DTSTART") == dt.date(2026, 4, 2)
    assert not isinstance(event.decoded("DTSTART"), dt.datetime)
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert event.decoded("DTEND") == dt.date(2026, 4, 3)
    assert str(event["SUMMARY"]) == "Widerspruchsfrist AVV Version 2026-03-02 endet"
    assert str(event["TRANSP"]) == "TRANSPARENT"


def test_the_event_links_to_the_notice_and_explains_the_day() -> None:
    _, event = parsed()
    assert str(event["URL"]) == DEADLINE.notice_url
    description = str(event["DESCRIPTION"])
    assert DEADLINE.explanation in description
    assert DEADLINE.notice_url in description
    assert "datenschutz.at@linkmobility.com" in description
    assert "Mitteilung vom 2. März 2026" in description


def test_a_relative_link_is_not_a_url_property() -> None:
    _, event = parsed(
        ObjectionDeadline(**{**DEADLINE.__dict__, "notice_url": "./", "site": "websms.com"})
    )
    assert "URL" not in event


def test_the_uid_is_stable_and_names_version_day_and_site() -> None:
    _, event = parsed()
    assert str(event["UID"]) == "widerspruchsfrist-2026-03-02-20260302@avv.example.com"
    assert objection_calendar(DEADLINE) == objection_calendar(DEADLINE)
    assert event.decoded("DTSTAMP") == dt.datetime(2026, 3, 2, tzinfo=dt.UTC)


def test_uids_differ_by_version_day_and_site() -> None:
    uids = {
        event_uid("2026-03-02", dt.date(2026, 3, 2), "avv.example.com"),
        event_uid("2026-03-02-2", dt.date(2026, 3, 2), "avv.example.com"),
        event_uid("2026-03-02", dt.date(2026, 3, 3), "avv.example.com"),
        event_uid("2026-03-02", dt.date(2026, 3, 2), "websms.com"),
    }
    assert len(uids) == 4


def test_hostile_text_stays_inside_its_property() -> None:
    hostile = ObjectionDeadline(
        **{
            **DEADLINE.__dict__,
            "contact": "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected",
            "site": "evil\r\nhost",
        }
    )
    calendar, event = parsed(hostile)
    assert len(calendar.walk("VEVENT")) == 1
    assert "END:VEVENT" in str(event["DESCRIPTION"])
    assert "\n" not in str(event["UID"]) and "\r" not in str(event["UID"])
