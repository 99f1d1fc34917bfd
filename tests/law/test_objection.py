"""The objection period read from the version's own VI.c, and the sentence that explains its
last day (avv.law.objection)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from avv.content.canonical import export
from avv.content.load import load, read_folder
from avv.errors import InvalidAgreement
from avv.law.deadline import ONE_MONTH, ObjectionPeriod, reckon
from avv.law.objection import duration, explain, parse_period, parse_stated, period_of
from tests.support import copy_project, replace, set_meta

D = date
P = ObjectionPeriod

PERIODS: list[tuple[str, ObjectionPeriod | None]] = [
    ("das Recht diesen binnen eines Monats ab Bekanntgabe zu widersprechen", P(1, "months")),
    ("binnen drei Tagen ab Bekanntgabe", P(3, "days")),
    ("binnen 14 Tagen ab Bekanntgabe", P(14, "days")),
    ("binnen vierzehn Kalendertagen", P(14, "days")),
    ("binnen zwei Wochen", P(2, "weeks")),
    ("innerhalb von vier Wochen", P(4, "weeks")),
    ("innerhalb einer Woche", P(1, "weeks")),
    ("Binnen 2 Monaten", P(2, "months")),
    ("binnen eines Monats … und zwar binnen eines Monats", P(1, "months")),
    ("binnen eines Monats, bei Eilfällen binnen zwei Wochen", None),
    ("binnen zehn Werktagen", None),
    ("binnen 0 Tagen", None),
    ("binnen kurzer Zeit", None),
    ("unverzüglich", None),
]


@pytest.mark.parametrize(("text", "expected"), PERIODS, ids=[p[0] for p in PERIODS])
def test_parse_period(text: str, expected: ObjectionPeriod | None) -> None:
    assert parse_period(text) == expected


def test_the_wording_is_the_phrase_of_the_text() -> None:
    found = parse_period("Der AUFTRAGGEBER hat das Recht diesen Binnen Eines Monats ab …")
    assert found is not None and found.wording == "Binnen Eines Monats"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "repo")


def vi_c_line(project: Path) -> int:
    lines = (project / "contract" / "avv.md").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith("- c. Änderungen sowie"))


def test_the_period_of_2021_is_one_month(project: Path) -> None:
    period = period_of(load(read_folder(project)))
    assert period == ONE_MONTH and period.wording == "binnen eines Monats"


def test_a_changed_period_is_read_from_the_changed_text(project: Path) -> None:
    replace(project / "contract" / "avv.md", "binnen eines Monats ab", "binnen drei Tagen ab")
    assert period_of(load(read_folder(project))) == P(3, "days")


def test_an_unreadable_period_is_an_error_at_the_clause(project: Path) -> None:
    replace(project / "contract" / "avv.md", "binnen eines Monats ab", "zeitnah ab")
    with pytest.raises(InvalidAgreement) as raised:
        period_of(load(read_folder(project)))
    (problem,) = raised.value.problems
    assert (problem.path, problem.line) == ("contract/avv.md", vi_c_line(project))
    assert "Punkt VI.c nennt keine Widerspruchsfrist" in str(problem)
    assert "binnen eines Monats" in problem.hint


def test_vi_without_a_right_to_object_is_an_error_at_the_section(project: Path) -> None:
    replace(
        project / "contract" / "avv.md",
        " Der AUFTRAGGEBER hat das Recht diesen binnen eines Monats ab Bekanntgabe der Änderungen "
        "schriftlich zu widersprechen.",
        "",
    )
    with pytest.raises(InvalidAgreement, match=r"contract/avv\.md:\d+: Punkt VI nennt kein Recht"):
        period_of(load(read_folder(project)))


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (P(1, "months"), "einem Monat"),
        (P(2, "months"), "zwei Monaten"),
        (P(1, "weeks"), "einer Woche"),
        (P(2, "weeks"), "zwei Wochen"),
        (P(1, "days"), "einem Tag"),
        (P(3, "days"), "drei Tagen"),
        (P(14, "days"), "14 Tagen"),
    ],
)
def test_duration_in_the_dative(period: ObjectionPeriod, expected: str) -> None:
    assert duration(period) == expected


# (notice, period, sentence): why the last day is the day it is. Worked out from a calendar.
SENTENCES: list[tuple[date, ObjectionPeriod, str]] = [
    (
        D(2026, 2, 10),
        ONE_MONTH,
        "Die Frist von einem Monat ab der Bekanntgabe am 10. Februar 2026 endet am Dienstag, "
        "10. März 2026.",
    ),
    (
        D(2025, 1, 31),
        ONE_MONTH,
        "Die Frist von einem Monat ab der Bekanntgabe am 31. Jänner 2025 endet am Freitag, "
        "28. Februar 2025, dem letzten Tag des Februar, der keinen 31. Tag hat "
        "(§ 902 Abs. 2 ABGB).",
    ),
    (
        D(2026, 5, 13),
        ONE_MONTH,
        "Die Frist von einem Monat ab der Bekanntgabe am 13. Mai 2026 endet am Montag, "
        "15. Juni 2026: verlängert, weil der 13. Juni ein Samstag und der 14. Juni ein "
        "Sonntag ist.",
    ),
    (
        D(2024, 11, 24),
        ONE_MONTH,
        "Die Frist von einem Monat ab der Bekanntgabe am 24. November 2024 endet am Freitag, "
        "27. Dezember 2024: verlängert, weil der 24. Dezember der Heilige Abend, der "
        "25. Dezember ein Feiertag (Christtag) und der 26. Dezember ein Feiertag (Stephanstag) "
        "ist.",
    ),
    (
        D(2026, 1, 31),
        ONE_MONTH,
        "Die Frist von einem Monat ab der Bekanntgabe am 31. Jänner 2026 endet am Montag, "
        "2. März 2026: verlängert, weil der 28. Februar, der letzte Tag des Februar, der keinen "
        "31. Tag hat (§ 902 Abs. 2 ABGB), ein Samstag und der 1. März ein Sonntag ist.",
    ),
    (
        D(2025, 9, 26),
        ONE_MONTH,
        "Die Frist von einem Monat ab der Bekanntgabe am 26. September 2025 endet am Montag, "
        "27. Oktober 2025: verlängert, weil der 26. Oktober ein Sonntag und Feiertag "
        "(Nationalfeiertag) ist.",
    ),
    (
        D(2025, 3, 18),
        ONE_MONTH,
        "Die Frist von einem Monat ab der Bekanntgabe am 18. März 2025 endet am Dienstag, "
        "22. April 2025: verlängert, weil der 18. April der Karfreitag, der 19. April ein "
        "Samstag, der 20. April ein Sonntag und der 21. April ein Feiertag (Ostermontag) ist.",
    ),
    (
        D(2022, 11, 24),
        ONE_MONTH,
        "Die Frist von einem Monat ab der Bekanntgabe am 24. November 2022 endet am Dienstag, "
        "27. Dezember 2022: verlängert, weil der 24. Dezember der Heilige Abend und ein Samstag, "
        "der 25. Dezember ein Sonntag und Feiertag (Christtag) und der 26. Dezember ein Feiertag "
        "(Stephanstag) ist.",
    ),
    (
        D(2026, 3, 10),
        P(3, "days"),
        "Die Frist von drei Tagen ab der Bekanntgabe am 10. März 2026 endet am Freitag, "
        "13. März 2026.",
    ),
    (
        D(2026, 5, 7),
        P(1, "weeks"),
        "Die Frist von einer Woche ab der Bekanntgabe am 7. Mai 2026 endet am Freitag, "
        "15. Mai 2026: verlängert, weil der 14. Mai ein Feiertag (Christi Himmelfahrt) ist.",
    ),
]


@pytest.mark.parametrize(
    ("notice", "period", "sentence"), SENTENCES, ids=[s[2][44:90] for s in SENTENCES]
)
def test_why_the_last_day_is_where_it_is(
    notice: date, period: ObjectionPeriod, sentence: str
) -> None:
    assert explain(reckon(notice, period)) == sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("binnen eines Monats", P(1, "months")),
        ("einen Monat", P(1, "months")),
        ("14 Tage", P(14, "days")),
        (" zwei Wochen ", P(2, "weeks")),
        ("innerhalb von 2 Monaten", P(2, "months")),
        ("ein Monat oder zwei Wochen", None),
        ("binnen eines Monats ab Bekanntgabe", None),
        ("Monat", None),
        ("", None),
    ],
)
def test_parse_stated(text: str, expected: ObjectionPeriod | None) -> None:
    found = parse_stated(text)
    assert found == expected
    if found is not None:
        assert found.wording == text.strip()


def test_objection_period_is_read_from_meta_yaml(project: Path) -> None:
    set_meta(project, effective="2021-02-19\nobjection_period: binnen zwei Monaten")
    agreement = load(read_folder(project))
    assert agreement.meta.objection_period == "binnen zwei Monaten"
    assert export(agreement)["objection_period"] == "binnen zwei Monaten"


def test_a_version_without_objection_period_keeps_its_hash(project: Path) -> None:
    agreement = load(read_folder(project))
    assert agreement.meta.objection_period is None
    assert "objection_period" not in export(agreement)


def test_an_unreadable_objection_period_in_meta_yaml_is_an_error_at_its_line(project: Path) -> None:
    set_meta(project, effective="2021-02-19\nobjection_period: bis Ende Mai")
    lines = (project / "contract" / "meta.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("objection_period:"))
    with pytest.raises(InvalidAgreement) as raised:
        load(read_folder(project))
    assert [(p.path, p.line) for p in raised.value.problems] == [("contract/meta.yaml", line)]
    assert "'bis Ende Mai' ist keine Frist" in str(raised.value)
