"""The pure version rules: periods in effect, successors and states on a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from avv.law.timeline import Period, Timeline


@dataclass(frozen=True)
class V:
    id: str
    published: date
    effective: date


HISTORY = [
    V("2021-02-19", date(2021, 2, 19), date(2021, 2, 19)),
    V("2022-03-01", date(2022, 3, 1), date(2022, 4, 15)),
    V("2023-05-02", date(2023, 5, 2), date(2023, 6, 5)),
]


def test_each_version_is_in_effect_until_the_next_takes_effect() -> None:
    line = Timeline.of(HISTORY)
    assert [e.period for e in line.entries] == [
        Period(date(2021, 2, 19), date(2022, 4, 15)),
        Period(date(2022, 4, 15), date(2023, 6, 5)),
        Period(date(2023, 6, 5), None),
    ]
    assert [e.successor for e in line.entries] == ["2022-03-01", "2023-05-02", None]
    assert line.entries[0].period.last_day == date(2022, 4, 14)
    assert line.entries[2].period.last_day is None
    assert line.successor("2021-02-19") == line.get("2022-03-01")
    assert line.successor("2023-05-02") is None


@pytest.mark.parametrize(
    ("day", "states", "in_effect"),
    [
        (date(2021, 1, 1), ["vorbereitet", "vorbereitet", "vorbereitet"], None),
        (date(2022, 3, 10), ["gültig", "angekündigt", "vorbereitet"], "2021-02-19"),
        (date(2022, 4, 14), ["gültig", "angekündigt", "vorbereitet"], "2021-02-19"),
        (date(2022, 4, 15), ["ersetzt", "gültig", "vorbereitet"], "2022-03-01"),
        (date(2023, 5, 2), ["ersetzt", "gültig", "angekündigt"], "2022-03-01"),
        (date(2023, 6, 5), ["ersetzt", "ersetzt", "gültig"], "2023-05-02"),
    ],
)
def test_the_state_of_each_version_on_a_day(
    day: date, states: list[str], in_effect: str | None
) -> None:
    line = Timeline.of(HISTORY)
    assert [line.state_on(v.id, day) for v in HISTORY] == states
    found = line.in_effect(day)
    assert (found.id if found else None) == in_effect


def test_a_period_holds_the_days_from_its_start_up_to_its_end() -> None:
    period = Period(date(2022, 4, 15), date(2023, 6, 5))
    assert date(2022, 4, 15) in period and date(2023, 6, 4) in period
    assert date(2022, 4, 14) not in period and date(2023, 6, 5) not in period
    assert date(2999, 1, 1) in Period(date(2022, 4, 15))


def test_a_version_is_compared_with_the_one_before_and_the_one_in_effect_when_announced() -> None:
    line = Timeline.of(
        [
            *HISTORY,
            # Announced while 2023-05-02 is only announced: 2022-03-01 is in effect then.
            V("2023-05-20", date(2023, 5, 20), date(2023, 7, 1)),
            # Announced and in effect on one day: the version before it is the one compared.
            V("2024-01-10", date(2024, 1, 10), date(2024, 1, 10)),
        ]
    )
    assert line.compared_with("2021-02-19") == ()
    assert line.compared_with("2022-03-01") == ("2021-02-19",)
    assert line.compared_with("2023-05-02") == ("2022-03-01",)
    assert line.compared_with("2023-05-20") == ("2022-03-01", "2023-05-02")
    assert line.compared_with("2024-01-10") == ("2023-05-20",)
