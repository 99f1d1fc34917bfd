"""German formatting as Austrians write it: the month names of de_AT, German country names, and
today in Vienna; the browser's german.js writes every date as german.py does, and no other module
or script formats a date."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import avv
from avv import german
from avv.german import (
    country_name,
    format_date,
    format_month,
    format_numeric_date,
    format_weekday,
)
from tests.browser import chromium_page
from tests.support import ROOT


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 1, 4), "4. Jänner 2027"),
        (date(2021, 2, 19), "19. Februar 2021"),
        (date(2022, 3, 1), "1. März 2022"),
        (date(2023, 5, 2), "2. Mai 2023"),
        (date(2024, 12, 31), "31. Dezember 2024"),
    ],
)
def test_format_date_writes_the_austrian_long_date(day: date, expected: str) -> None:
    assert format_date(day) == expected


def test_january_is_jaenner_in_every_year() -> None:
    assert all(format_date(date(year, 1, 15)).endswith(f"Jänner {year}") for year in (2021, 2030))


@pytest.mark.parametrize(
    ("code", "expected"),
    [("US", "Vereinigte Staaten"), ("CH", "Schweiz"), ("AT", "Österreich"), ("de", "Deutschland")],
)
def test_country_name_in_german(code: str, expected: str) -> None:
    assert country_name(code) == expected


def test_unknown_country_code_is_kept() -> None:
    assert country_name("QQ") == "QQ"


def test_the_short_date_the_month_and_the_weekday() -> None:
    day = date(2027, 1, 2)
    assert (format_numeric_date(day), format_month(day), format_weekday(day)) == (
        "02.01.2027",
        "Jänner",
        "Samstag",
    )


def test_today_is_the_day_in_vienna() -> None:
    before = datetime.now(german.VIENNA).date()
    found = german.today()
    assert found in (before, before + timedelta(days=1))
    assert german.VIENNA.key == "Europe/Vienna"


# Every day of a leap year and the turn of two years: each month and each day of the month.
DAYS = [date(2024, 1, 1) + timedelta(days=n) for n in range(366)] + [date(2027, 1, 4)]


@pytest.fixture(scope="module")
def dates_js() -> Iterator[Any]:
    """german.js in a blank page of Chromium, on a machine in New York."""
    with chromium_page(timezone_id="America/New_York") as page:
        page.set_content("<html><body></body></html>")
        page.add_script_tag(content=german.script())
        yield page


@pytest.mark.browser
def test_the_browser_writes_every_date_as_python_does(dates_js: Any) -> None:
    isos = [day.isoformat() for day in DAYS]
    long, numeric = dates_js.evaluate(
        "isos => [isos.map(window.avvDates.germanDate), isos.map(window.avvDates.numericDate)]",
        isos,
    )
    assert long == [format_date(day) for day in DAYS]
    assert numeric == [format_numeric_date(day) for day in DAYS]
    # What is not a day stays as it is.
    assert dates_js.evaluate("window.avvDates.germanDate('bald')") == "bald"


@pytest.mark.browser
@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        ("2024-06-03T21:59:00Z", "2024-06-03"),  # 23:59 in Vienna (summer time)
        ("2024-06-03T22:00:00Z", "2024-06-04"),  # midnight in Vienna, still the 3rd in UTC
        ("2024-12-31T23:00:00Z", "2025-01-01"),  # midnight in Vienna (winter time)
    ],
)
def test_the_browsers_today_is_the_day_in_vienna(
    dates_js: Any, instant: str, expected: str
) -> None:
    dates_js.clock.set_fixed_time(instant)
    assert dates_js.evaluate("window.avvDates.isoToday()") == expected


# What writes a date: Babel's dates, strftime, or the browser's date formatting and month names.
FORMATS = re.compile(r"babel\.dates|strftime|Intl\.DateTimeFormat|getFullYear|Jänner|toLocaleDate")


def test_no_module_or_script_but_german_formats_a_date() -> None:
    sources = [
        *Path(avv.__file__).parent.rglob("*.py"),
        *Path(avv.__file__).parent.rglob("*.j2"),
        *(ROOT / "docs").rglob("*.js"),
        *(ROOT / "docs").rglob("*.html"),
        *(ROOT / "hooks").rglob("*.py"),
    ]
    found = [
        str(path.relative_to(ROOT))
        for path in sources
        if path.stem != "german" and FORMATS.search(path.read_text(encoding="utf-8"))
    ]
    assert sources and found == []
