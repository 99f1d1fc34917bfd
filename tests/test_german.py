"""German formatting as Austrians write it: the month names of de_AT and German country names."""

from __future__ import annotations

from datetime import date

import pytest

from avv.german import country_name, format_date


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
