"""What binds whom (avv.law.binding): a customer's text, the period of VI.c that binds everyone,
and the day a notice counts as given. Each rule with its table of cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from avv.changes.kinds import terms
from avv.law.binding import (
    Binding,
    Consent,
    Kind,
    Terms,
    binding,
    day_of_notice,
    is_offer,
    own_period,
    public_period,
)
from avv.law.deadline import ObjectionPeriod
from avv.repo import history
from tests.support import three_versions

MONTH = ObjectionPeriod(1, "months", "binnen eines Monats")
FORTNIGHT = ObjectionPeriod(14, "days", "binnen 14 Tagen")
TWO_MONTHS = ObjectionPeriod(2, "months", "binnen zwei Monaten")


def version(
    version: str,
    effective: str,
    *kinds: Kind,
    period: ObjectionPeriod = MONTH,
    amends: bool = False,
) -> Terms:
    return Terms(version, date.fromisoformat(effective), frozenset(kinds), period, amends)


# v1 the first text; v2 adds a subprocessor (notice); v3 amends XIII.e (an offer) and adds a
# subprocessor; v4 changes the measures (notice); v5 asks consent to a third country (offer).
HISTORY = (
    version("v1", "2021-02-19"),
    version("v2", "2022-03-01", "notice"),
    version("v3", "2023-05-01", "amendment", "notice"),
    version("v4", "2024-01-10", "notice", "editorial"),
    version("v5", "2025-06-01", "consent", "notice"),
)


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("kinds", "offer"),
    [
        ((), False),
        (("editorial",), False),
        (("notice",), False),
        (("notice", "editorial"), False),
        (("amendment",), True),
        (("consent",), True),
        (("notice", "consent"), True),
        (("amendment", "notice", "editorial"), True),
    ],
)
def test_an_offer_is_a_version_with_a_change_by_agreement(
    kinds: tuple[Kind, ...], offer: bool
) -> None:
    assert is_offer(kinds) is offer


@pytest.mark.parametrize(
    ("day", "signed", "consents", "expected"),
    [
        # Before the history's second version: the first, as it stands.
        ("2021-03-01", None, (), Binding("v1", "v1", None)),
        # A notice binds everyone: the text of v1 is v2's text.
        ("2022-03-01", None, (), Binding("v2", "v2", None)),
        # v3 is an offer: without consent the customer keeps v2's text, with v3's notices.
        ("2023-06-01", None, (), Binding("v2", "v3", None)),
        # ... and v4's notices on top, still on v2's text.
        ("2024-02-01", None, (), Binding("v2", "v4", None)),
        # Consent received before v3 takes effect binds from its effective day.
        (
            "2023-05-01",
            None,
            (Consent("v3", d("2023-04-01")),),
            Binding("v3", "v3", d("2023-05-01")),
        ),
        # ... not a day before.
        ("2023-04-30", None, (Consent("v3", d("2023-04-01")),), Binding("v2", "v2", None)),
        # Consent after effective binds from the day received, not before.
        ("2023-06-09", None, (Consent("v3", d("2023-06-10")),), Binding("v2", "v3", None)),
        (
            "2023-06-10",
            None,
            (Consent("v3", d("2023-06-10")),),
            Binding("v3", "v3", d("2023-06-10")),
        ),
        # Having agreed to v3, v4 (a notice) is theirs as it stands.
        (
            "2024-02-01",
            None,
            (Consent("v3", d("2023-06-10")),),
            Binding("v4", "v4", d("2023-06-10")),
        ),
        # Signed v3: v3's text from the start; v5 is an offer they have not accepted.
        ("2025-07-01", "v3", (), Binding("v4", "v5", None)),
        # Signed v5 ahead of its effective day: they hold what they signed.
        ("2025-05-01", "v5", (), Binding("v5", "v5", None)),
        # Consent to v5 without consent to v3: v5's whole text (it contains v3's amendment).
        (
            "2025-07-01",
            None,
            (Consent("v5", d("2025-06-15")),),
            Binding("v5", "v5", d("2025-06-15")),
        ),
        # A consent to an older version than the one signed changes nothing.
        ("2025-07-01", "v4", (Consent("v3", d("2023-06-10")),), Binding("v4", "v5", None)),
        # Two consents: the newer counts once it binds.
        (
            "2025-07-01",
            None,
            (Consent("v5", d("2025-07-02")), Consent("v3", d("2023-06-10"))),
            Binding("v4", "v5", d("2023-06-10")),
        ),
    ],
)
def test_what_binds_a_customer(
    day: str, signed: str | None, consents: tuple[Consent, ...], expected: Binding
) -> None:
    assert binding(HISTORY, d(day), signed, consents) == expected


def test_an_unknown_version_is_an_error_not_a_guess() -> None:
    with pytest.raises(KeyError):
        binding(HISTORY, d("2025-01-01"), signed="v9")
    with pytest.raises(KeyError):
        binding(HISTORY, d("2025-01-01"), consents=(Consent("v9", d("2025-01-01")),))
    with pytest.raises(ValueError, match="keine Versionen"):
        binding((), d("2025-01-01"))


# VI.c: v2 shortens the period to 14 days (an amendment of VI.c); v3 adds a subprocessor;
# v4 lengthens it to two months (amends VI.c again).
PERIODS = (
    version("p1", "2021-02-19"),
    version("p2", "2022-01-01", "amendment", period=FORTNIGHT, amends=True),
    version("p3", "2022-06-01", "notice", period=FORTNIGHT),
    version("p4", "2023-01-01", "amendment", period=TWO_MONTHS, amends=True),
)


@pytest.mark.parametrize(
    ("history", "upto", "held", "period"),
    [
        (PERIODS[:1], None, "p1", MONTH),
        # The amended VI.c binds only those who agreed: everyone holds p1's month.
        (PERIODS[:2], None, "p1", MONTH),
        (PERIODS[:3], None, "p1", MONTH),
        (PERIODS, None, "p1", MONTH),
        (PERIODS, "p3", "p1", MONTH),
        # Without an amendment of VI.c, the newest version's VI.c binds everyone.
        (HISTORY, None, "v5", MONTH),
        (HISTORY, "v2", "v2", MONTH),
    ],
)
def test_the_period_that_binds_everyone(
    history: tuple[Terms, ...], upto: str | None, held: str, period: ObjectionPeriod
) -> None:
    found = public_period(history, upto)
    assert (found.id, found.period) == (held, period)


@pytest.mark.parametrize(
    ("day", "signed", "consents", "period"),
    [
        ("2022-07-01", None, (), MONTH),
        ("2022-07-01", None, (Consent("p2", d("2022-02-01")),), FORTNIGHT),
        ("2022-07-01", "p3", (), FORTNIGHT),
        ("2023-02-01", "p3", (), FORTNIGHT),
        ("2023-02-01", "p3", (Consent("p4", d("2023-01-15")),), TWO_MONTHS),
        ("2023-02-01", None, (Consent("p4", d("2023-01-15")),), TWO_MONTHS),
    ],
)
def test_a_customers_own_period(
    day: str, signed: str | None, consents: tuple[Consent, ...], period: ObjectionPeriod
) -> None:
    assert own_period(PERIODS, d(day), signed, consents) == period


@pytest.mark.parametrize(
    ("published", "effective", "deployed", "sent", "given", "late", "before_site"),
    [
        # Deployed on its day, a Wednesday.
        ("2026-03-04", "2026-04-10", "2026-03-04", "2026-03-04", "2026-03-04", False, False),
        # Not deployed yet (a draft): its own day.
        ("2026-03-04", "2026-04-10", None, "2026-03-04", "2026-03-04", False, False),
        # A publish two days late: the notice went out on the Friday.
        ("2026-03-04", "2026-04-10", "2026-03-06", "2026-03-06", "2026-03-06", True, False),
        # Late onto a Saturday: counts from Monday.
        ("2026-03-04", "2026-04-10", "2026-03-07", "2026-03-07", "2026-03-09", True, False),
        # Published on a Sunday: counts from Monday.
        ("2026-03-08", "2026-04-10", "2026-03-08", "2026-03-08", "2026-03-09", False, False),
        # Easter Monday 2026 is 6 April: Saturday 4 April counts from Tuesday 7 April.
        ("2026-04-04", "2026-06-01", "2026-04-04", "2026-04-04", "2026-04-07", False, False),
        # 24 December, then the holidays: Monday 28 December 2026.
        ("2026-12-24", "2027-02-01", None, "2026-12-24", "2026-12-28", False, False),
        # Already in effect when first deployed (an older history brought onto the site).
        ("2021-02-19", "2021-02-19", "2026-12-06", "2021-02-19", "2021-02-19", False, True),
        ("2024-05-01", "2024-06-10", "2026-12-06", "2024-05-01", "2024-05-02", False, True),
        # Deployed on its effective day, later than published: already in effect.
        ("2026-03-04", "2026-03-06", "2026-03-06", "2026-03-04", "2026-03-04", False, True),
        # Deployed earlier than published cannot happen; the own day counts.
        ("2026-03-04", "2026-04-10", "2026-03-02", "2026-03-04", "2026-03-04", False, False),
    ],
)
def test_the_day_of_notice(
    published: str,
    effective: str,
    deployed: str | None,
    sent: str,
    given: str,
    late: bool,
    before_site: bool,
) -> None:
    day = day_of_notice(d(published), d(effective), d(deployed) if deployed else None)
    assert (day.sent, day.given, day.late, day.before_site) == (
        d(sent),
        d(given),
        late,
        before_site,
    )
    assert bool(day.moved) is (day.given != day.sent)


def test_the_terms_of_a_real_history(tmp_path: Path) -> None:
    """Each version of a real git history, classified against the one before it."""
    repo = three_versions(tmp_path / "repo")
    found = terms([v.agreement for v in history.versions(repo.path)])
    assert [(t.id, sorted(t.kinds), t.amends, t.offer) for t in found] == [
        ("2021-02-19", [], False, False),
        ("2022-03-01", ["editorial", "notice"], False, False),
        ("2023-05-02", ["amendment", "editorial", "notice"], True, True),
    ]
    assert {t.period for t in found} == {MONTH}
    # The reworded VI.c is an amendment of it: everyone holds the VI.c of 2022-03-01.
    assert public_period(found).id == "2022-03-01"
    # A customer who signed the first version holds its text, with the notices since.
    assert binding(found, d("2023-07-01")) == Binding("2022-03-01", "2023-05-02", None)
