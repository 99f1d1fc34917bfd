"""The order of the compare page's list of pairs (`avv.site.compare_pages.pairs_of`): the change
a customer is asked to accept, from the version in effect when this one was announced to it,
comes first; then every pair, the newer first."""

from __future__ import annotations

import dataclasses
from datetime import date

from avv.content.load import load_folder
from avv.model import Agreement
from avv.site.compare_pages import pairs_of
from avv.site.context import BuildContext
from tests.support import ROOT


def version(id: str, published: date, effective: date) -> Agreement:
    real = load_folder(ROOT)
    meta = dataclasses.replace(real.meta, version=id, published=published, effective=effective)
    return dataclasses.replace(real, meta=meta)


A = version("2021-02-19", date(2021, 2, 19), date(2021, 2, 19))
B = version("2022-03-01", date(2022, 3, 1), date(2022, 6, 1))
# Announced while B is still announced: on C's announcement A is in effect.
C = version("2022-04-01", date(2022, 4, 1), date(2022, 7, 1))


def listed(context: BuildContext) -> list[tuple[str, str]]:
    return [(p.older, p.newer) for p in pairs_of(context)]


def test_the_pair_from_the_version_in_effect_on_the_announcement_comes_first() -> None:
    assert listed(BuildContext(C, (A, B))) == [
        ("2021-02-19", "2022-04-01"),
        ("2022-03-01", "2022-04-01"),
        ("2021-02-19", "2022-03-01"),
    ]


def test_otherwise_the_newer_pairs_come_first() -> None:
    assert listed(BuildContext(B, (A,))) == [("2021-02-19", "2022-03-01")]
    after_b = version("2022-06-15", date(2022, 6, 15), date(2022, 7, 20))
    assert listed(BuildContext(after_b, (A, B))) == [
        ("2022-03-01", "2022-06-15"),
        ("2021-02-19", "2022-06-15"),
        ("2021-02-19", "2022-03-01"),
    ]
    in_effect_at_once = version("2022-06-15", date(2022, 6, 15), date(2022, 6, 15))
    assert listed(BuildContext(in_effect_at_once, (A, B)))[0] == ("2022-03-01", "2022-06-15")


def test_pairs_in_this_build_are_checked_links_the_others_lead_to_their_build() -> None:
    pairs = pairs_of(BuildContext(C, (A, B)))
    assert [(p.href, p.checked) for p in pairs] == [
        ("2021-02-19/index.md", True),
        ("2022-03-01/index.md", True),
        ("../../2022-03-01/vergleich/2021-02-19/", False),
    ]
    assert pairs_of(BuildContext(A)) == []
