"""German as Austrians write it (Babel, locale de_AT): dates with "Jänner", country names, and
today as the day it is in Vienna, where the agreement's dates are counted.

Shared by the notices, the site and the checks, so that a date reads the same everywhere; the
browser's scripts read the same from `german.js` beside this file (`SCRIPT`), which the site and
the notices index load before any other script.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as _babel_format_date

__all__ = [
    "LOCALE",
    "VIENNA",
    "breakable",
    "country_in_german",
    "country_name",
    "format_date",
    "format_day",
    "format_long_date",
    "format_month",
    "format_numeric_date",
    "format_weekday",
    "script",
    "today",
]

LOCALE = "de_AT"
VIENNA = ZoneInfo("Europe/Vienna")

# The long compounds of the site's headings (and of narrow table headers), at the joints where a
# line may break with a hyphen.
_COMPOUNDS = {
    "Auftragsverarbeitungsvereinbarung": "Auftrags\u00adverarbeitungs\u00advereinbarung",
    "Bekanntgabe": "Bekannt\u00adgabe",
}


def format_date(day: date) -> str:
    """`4. Jänner 2027`: the long date of de_AT, day without a leading zero."""
    return str(_babel_format_date(day, format="long", locale=LOCALE))


def format_long_date(day: date) -> str:
    """`Montag, 4. Jänner 2027`: the date with its day of the week."""
    return str(_babel_format_date(day, format="EEEE, d. MMMM y", locale=LOCALE))


def format_day(day: date) -> str:
    """`4. Jänner`: day and month, where the year goes without saying."""
    return str(_babel_format_date(day, format="d. MMMM", locale=LOCALE))


def format_numeric_date(day: date) -> str:
    """`04.01.2027`: the short date, where four columns of dates must fit a phone."""
    return day.strftime("%d.%m.%Y")


def format_month(day: date) -> str:
    """`Jänner`: the month's name."""
    return str(_babel_format_date(day, format="MMMM", locale=LOCALE))


def format_weekday(day: date) -> str:
    """`Samstag`: the day of the week."""
    return str(_babel_format_date(day, format="EEEE", locale=LOCALE))


def today() -> date:
    """The current day in Vienna."""
    return datetime.now(VIENNA).date()


@lru_cache(maxsize=1)
def script() -> str:
    """`german.js`: the same dates and today for the browser, as `window.avvDates`."""
    return resources.files("avv").joinpath("german.js").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _territories() -> dict[str, str]:
    return dict(Locale.parse(LOCALE).territories)


def country_name(code: str) -> str:
    """The German name of an ISO 3166-1 alpha-2 code (`US` → `Vereinigte Staaten`); an unknown
    code is returned as it is, so a notice never loses the information."""
    return _territories().get(code.upper(), code)


def country_in_german(name: str) -> str:
    """A country as a German letter writes it: a code (`AT`) or an English name in any case
    (`AUSTRIA`) by its German name (`Österreich`); anything else as it is."""
    if len(name) == 2:
        return country_name(name)
    code = _english_codes().get(name.casefold())
    return country_name(code) if code else name


@lru_cache(maxsize=1)
def _english_codes() -> dict[str, str]:
    return {
        territory.casefold(): code
        for code, territory in Locale.parse("en").territories.items()
        if len(code) == 2 and code.isalpha()
    }


def breakable(text: str) -> str:
    """`text` with soft hyphens in its long compounds: a heading on a phone breaks them at
    their parts, with a hyphen, where the browser has no German dictionary for `hyphens: auto`."""
    for word, parts in _COMPOUNDS.items():
        text = text.replace(word, parts)
    return text
