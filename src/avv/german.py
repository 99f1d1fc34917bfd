"""German as Austrians write it (Babel, locale de_AT): dates with "Jänner", country names.

Shared by the notices, the site and the checks, so that a date reads the same everywhere.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as _babel_format_date

__all__ = [
    "LOCALE",
    "breakable",
    "country_in_german",
    "country_name",
    "format_date",
    "format_day",
    "format_long_date",
]

LOCALE = "de_AT"

# The long compounds of the site's headings, at the joints where a line may break with a hyphen.
_COMPOUNDS = {"Auftragsverarbeitungsvereinbarung": "Auftrags\u00adverarbeitungs\u00advereinbarung"}


def format_date(day: date) -> str:
    """`4. Jänner 2027`: the long date of de_AT, day without a leading zero."""
    return str(_babel_format_date(day, format="long", locale=LOCALE))


def format_long_date(day: date) -> str:
    """`Montag, 4. Jänner 2027`: the date with its day of the week."""
    return str(_babel_format_date(day, format="EEEE, d. MMMM y", locale=LOCALE))


def format_day(day: date) -> str:
    """`4. Jänner`: day and month, where the year goes without saying."""
    return str(_babel_format_date(day, format="d. MMMM", locale=LOCALE))


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
