"""The objection period of VI.c, read from the version's own text, and why its last day falls
where it does.

A notice never states a period of its own: it quotes the one its version's VI.c states, so a
changed period is never contradicted. A period the text does not state readably is an error with
the clause's file and line, never a silent month.
"""

from __future__ import annotations

import re

from avv.errors import InvalidAgreement, Problem
from avv.german import format_date, format_day, format_long_date, format_month, format_weekday
from avv.law.deadline import DayOff, ObjectionPeriod, Reckoning, Unit
from avv.model import Agreement, Clause, Source

__all__ = [
    "duration",
    "explain",
    "parse_period",
    "parse_stated",
    "period_clause",
    "period_of",
    "stated_period",
]

OBJECTION_SECTION = "vi"
HINT = (
    "schreiben Sie die Frist wie „binnen eines Monats“, „binnen 14 Tagen“ oder „binnen zwei Wochen“"
)

_NUMBERS = {
    "ein": 1,
    "eine": 1,
    "einem": 1,
    "einen": 1,
    "einer": 1,
    "eines": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "vierzehn": 14,
    "einundzwanzig": 21,
    "dreißig": 30,
}
_UNITS: dict[str, Unit] = {
    "monat": "months",
    "woche": "weeks",
    "tag": "days",
    "kalendertag": "days",
}
# "binnen eines Monats", "innerhalb von 14 Tagen", "binnen zwei Wochen": a count and a unit.
_PERIOD = re.compile(
    r"\b(?:binnen|innerhalb(?:\s+von)?)\s+(?P<count>\d+|[a-zäöüß]+)\s+"
    r"(?P<unit>(?:kalender|werk|arbeits)?(?:tag|woche|monat)[a-z]*)",
    re.IGNORECASE,
)
_OBJECTION = re.compile(r"widersprech|widerspruch", re.IGNORECASE)
_UNIT_STEM = re.compile(r"^(kalendertag|werktag|arbeitstag|tag|woche|monat)(?:e|en|es|s|n)?$")


def parse_period(text: str) -> ObjectionPeriod | None:
    """The one period a text states, or None where it states none, one it cannot count (working
    days), or several that differ."""
    found: set[ObjectionPeriod] = set()
    wording = ""
    for match in _PERIOD.finditer(text):
        period = _period(match)
        if period is None:
            return None
        found.add(period)
        wording = wording or match.group(0)
    if len(found) != 1:
        return None
    (period,) = found
    return ObjectionPeriod(period.count, period.unit, wording)


def parse_stated(text: str) -> ObjectionPeriod | None:
    """A period as `objection_period` in contract/meta.yaml states it: "binnen eines Monats",
    or shorter, "einen Monat", "14 Tage", "zwei Wochen"."""
    written = text.strip()
    phrase = written if re.match(r"(?i)binnen|innerhalb", written) else f"binnen {written}"
    period = parse_period(phrase)
    if period is None or not _PERIOD.fullmatch(phrase):
        return None
    return ObjectionPeriod(period.count, period.unit, written)


def stated_period(agreement: Agreement) -> ObjectionPeriod | None:
    """The period `objection_period` of contract/meta.yaml names, where the version states one
    (reading the content has already refused one that cannot be read)."""
    stated = agreement.meta.objection_period
    return parse_stated(stated) if stated else None


def _period(match: re.Match[str]) -> ObjectionPeriod | None:
    count_text, unit_text = match.group("count").casefold(), match.group("unit").casefold()
    count = int(count_text) if count_text.isdigit() else _NUMBERS.get(count_text)
    stem = _UNIT_STEM.match(unit_text)
    unit = _UNITS.get(stem.group(1)) if stem else None
    if count is None or count < 1 or unit is None:
        return None
    return ObjectionPeriod(count, unit)


def period_clause(agreement: Agreement) -> Clause | None:
    """The clause of VI that grants the right to object (VI.c in the text of 2021)."""
    section = agreement.section(OBJECTION_SECTION)
    if section is None:
        return None
    return next((c for c in section.clauses if _OBJECTION.search(c.text)), None)


def period_of(agreement: Agreement) -> ObjectionPeriod:
    """The objection period the version's own VI.c states; raises `InvalidAgreement` with the
    clause's file and line where it states none that can be counted."""
    clause = period_clause(agreement)
    if clause is None:
        section = agreement.section(OBJECTION_SECTION)
        where = section.source if section else Source("contract/avv.md", 1)
        raise InvalidAgreement(
            [
                Problem(
                    where.path,
                    where.line,
                    "Punkt VI nennt kein Recht auf Widerspruch gegen Änderungen der Subunternehmer",
                    "nennen Sie es wie in Punkt VI.c der Fassung vom 19. Februar 2021, "
                    "mit der Frist („binnen eines Monats ab Bekanntgabe“)",
                )
            ]
        )
    period = parse_period(clause.text)
    if period is None:
        raise InvalidAgreement(
            [
                Problem(
                    clause.source.path,
                    clause.source.line,
                    f"Punkt VI.{clause.label.rstrip('.')} nennt keine Widerspruchsfrist, die sich "
                    "in Tagen, Wochen oder Monaten zählen lässt, oder mehrere verschiedene",
                    HINT,
                )
            ]
        )
    return period


# The period and its last day in words.

_WORDS = {1: "ein", 2: "zwei", 3: "drei", 4: "vier", 5: "fünf", 6: "sechs", 7: "sieben"}
_WORDS |= {8: "acht", 9: "neun", 10: "zehn", 11: "elf", 12: "zwölf"}
# The dative, as in "von einem Monat": singular (with its article), plural.
_DATIVE = {
    "months": ("einem Monat", "Monaten"),
    "weeks": ("einer Woche", "Wochen"),
    "days": ("einem Tag", "Tagen"),
}


def duration(period: ObjectionPeriod) -> str:
    """`einem Monat`, `zwei Wochen`, `14 Tagen`: the period in the dative ("Frist von …")."""
    singular, plural = _DATIVE[period.unit]
    if period.count == 1:
        return singular
    return f"{_WORDS.get(period.count, str(period.count))} {plural}"


def explain(reckoning: Reckoning) -> str:
    """One German sentence: why the last day is the day it is.

    "Die Frist von einem Monat ab der Bekanntgabe am 24. November 2024 endet am Freitag,
    27. Dezember 2024: verlängert, weil der 24. Dezember der Heilige Abend, der 25. Dezember ein
    Feiertag (Christtag) und der 26. Dezember ein Feiertag (Stephanstag) ist."
    """
    r = reckoning
    head = (
        f"Die Frist von {duration(r.period)} ab der Bekanntgabe am {format_date(r.notice)} "
        f"endet am {format_long_date(r.last_day)}"
    )
    # § 902 Abs. 2 ABGB: the month of the end lacks the day of notice.
    month_end = (
        f"letzte Tag des {format_month(r.nominal)}, der keinen {r.notice.day}. Tag hat "
        "(§ 902 Abs. 2 ABGB)"
    )
    if not r.skipped:
        return (
            f"{head}, dem {month_end.replace('letzte', 'letzten', 1)}." if r.clamped else f"{head}."
        )
    days = [f"der {format_day(off.day)} {_why(off)}" for off in r.skipped]
    if r.clamped:
        days[0] = f"der {format_day(r.nominal)}, der {month_end}, {_why(r.skipped[0])}"
    listed = days[0] if len(days) == 1 else f"{', '.join(days[:-1])} und {days[-1]}"
    return f"{head}: verlängert, weil {listed} ist."


def _why(off: DayOff) -> str:
    """What a day is, as the end of "weil der 13. Juni … ist": "ein Samstag", "der Karfreitag"."""
    named = [
        reason
        for reason in off.reasons
        if reason in ("public_holiday", "good_friday", "24_december")
    ]
    weekend = any(r in ("saturday", "sunday") for r in off.reasons)
    day_of_week = format_weekday(off.day) if weekend else ""
    if not named:
        return f"ein {day_of_week}"
    reason = named[0]
    if reason == "public_holiday":
        kind = f"{day_of_week} und Feiertag" if day_of_week else "Feiertag"
        return f"ein {kind} ({off.holiday})"
    name = "der Karfreitag" if reason == "good_friday" else "der Heilige Abend"
    return f"{name} und ein {day_of_week}" if day_of_week else name
