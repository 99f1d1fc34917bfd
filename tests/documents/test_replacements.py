"""A subprocessor replaced in its row: the rule (`changes.replacements`) with its table of cases,
and the one changed row it makes in the redline, its JSON, the Word redline and the notice, which
still announces a new subprocessor (VI.c; V.b for a third country)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avv.changes import kinds, redline
from avv.changes import tables as changes
from avv.content.load import load, read_folder
from avv.documents import notice_render, redline_render
from avv.documents.docx import redline_docx, version_docx
from avv.model import Agreement, Safeguard, Subprocessor
from avv.notices import notice
from tests.support import ROOT
from tests.wordml import W, document_xml, resolved

Rows = list[tuple[str, str]]

# (case, old rows, new rows, new index → old index); each row is (key, role).
CASES: list[tuple[str, Rows, Rows, dict[int, int]]] = [
    ("nothing changed", [("A", "x"), ("B", "y")], [("A", "x"), ("B", "y")], {}),
    ("same role, same place", [("A", "x"), ("B", "y")], [("A", "x"), ("C", "y")], {1: 1}),
    ("first row replaced", [("A", "x"), ("B", "y")], [("C", "x"), ("B", "y")], {0: 0}),
    ("another role: added and removed", [("A", "x"), ("B", "y")], [("A", "x"), ("C", "z")], {}),
    (
        "role compared without case and runs of space",
        [("B", "Hosting  der Daten")],
        [("C", "hosting der daten")],
        {0: 0},
    ),
    ("key compared without case: the same row", [("B", "y")], [("b", "y")], {}),
    (
        "another place: added at the end, removed in the middle",
        [("A", "x"), ("B", "y"), ("C", "z")],
        [("A", "x"), ("C", "z"), ("D", "y")],
        {},
    ),
    (
        "two replaced in one place, paired in order",
        [("A", "x"), ("B", "y"), ("C", "y"), ("D", "z")],
        [("A", "x"), ("E", "y"), ("F", "y"), ("D", "z")],
        {1: 1, 2: 2},
    ),
    (
        "one of two replaced, one removed",
        [("A", "x"), ("B", "y"), ("C", "w")],
        [("A", "x"), ("E", "w")],
        {1: 2},
    ),
    (
        "a row that stays by key is never a replacement",
        [("A", "x"), ("B", "y")],
        [("B", "y"), ("C", "x")],
        {},
    ),
    ("an empty table before", [], [("A", "x")], {}),
    ("an empty table after", [("A", "x")], [], {}),
    (
        "order kept: a later old row cannot pair an earlier new one",
        [("B", "y"), ("C", "x")],
        [("D", "x"), ("E", "y")],
        {0: 1},
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_which_new_row_replaces_which_old_row(
    old: Rows, new: Rows, expected: dict[int, int]
) -> None:
    assert changes.replacements(old, new) == expected


REAL = load(read_folder(ROOT))
US = Subprocessor(
    "Example Cloud Inc.",
    "1 Example Way, Seattle, WA 98101, USA",
    "US",
    "Versand von E-Mail-Benachrichtigungen",
    safeguard=Safeguard("standardvertragsklauseln", "Durchführungsbeschluss (EU) 2021/914"),
)


def _with(agreement: Agreement, *subprocessors: Subprocessor, version: str = "") -> Agreement:
    meta = agreement.meta
    if version:
        day = meta.published.replace(year=int(version[:4]))
        meta = dataclasses.replace(meta, version=version, published=day, effective=day)
    return dataclasses.replace(
        agreement, subprocessors=(*agreement.subprocessors, *subprocessors), meta=meta
    )


def _replaced(agreement: Agreement, index: int, **fields: str) -> Agreement:
    rows = list(agreement.subprocessors)
    rows[index] = dataclasses.replace(rows[index], **fields)  # type: ignore[arg-type]
    return dataclasses.replace(agreement, subprocessors=tuple(rows))


@pytest.fixture(scope="module")
def pair() -> tuple[Agreement, Agreement]:
    """rapidmail GmbH replaced in its row by another newsletter service."""
    old = REAL
    new = _replaced(
        _with(REAL, version="2026-03-02"),
        1,
        name="Beispiel Newsletter GmbH",
        address="Beispielgasse 3, 8010 Graz, Österreich",
        country="AT",
    )
    return old, new


def test_the_redline_and_its_json_show_one_changed_row_whose_name_is_struck_whole(
    pair: tuple[Agreement, Agreement],
) -> None:
    r = redline.redline(*pair)
    (row,) = r.table(changes.SUBPROCESSORS).rows
    assert (row.kind, row.key, row.old_key) == (
        "changed",
        "Beispiel Newsletter GmbH",
        "rapidmail GmbH",
    )
    name = next(f for f in row.fields if f.field == "name")
    assert [(s.kind, s.text) for v in name.values for s in v.diff] == [
        ("delete", "rapidmail GmbH"),
        ("insert", "Beispiel Newsletter GmbH"),
    ]
    assert {f.field for f in row.fields} == {"name", "address", "country"}
    (data,) = next(t for t in redline_render.to_json(r)["tables"] if t["id"] == "anlage-2")["rows"]
    assert (data["kind"], data["key"], data["replaces"]) == (
        "changed",
        "Beispiel Newsletter GmbH",
        "rapidmail GmbH",
    )
    assert "Subunternehmer (Anlage 2): 0 neu, 0 entfernt, 1 geändert, davon 1 ersetzt" in (
        redline_render.summary_lines(r)
    )


def test_the_word_redline_has_one_row_with_the_old_name_deleted_and_the_new_inserted(
    pair: tuple[Agreement, Agreement],
) -> None:
    old, new = pair
    tracked = redline_docx(old, new)
    annex = document_xml(tracked).findall(f".//{W}tbl")[-1]
    rows = annex.findall(f"{W}tr")
    assert len(rows) == 1 + len(new.subprocessors)
    assert [r for r in rows if r.find(f"{W}trPr/{W}ins") is not None] == []
    assert [r for r in rows if r.find(f"{W}trPr/{W}del") is not None] == []
    name = rows[2].findall(f"{W}tc")[0]
    marks = [
        (e.tag.removeprefix(W), "".join(t.text or "" for t in e.iter(f"{W}t", f"{W}delText")))
        for e in name.iter(f"{W}ins", f"{W}del")
    ]
    assert marks == [("del", "rapidmail GmbH"), ("ins", "Beispiel Newsletter GmbH")]
    assert resolved(tracked, "accept") == resolved(version_docx(new), "accept")
    assert resolved(tracked, "reject") == resolved(version_docx(old), "accept")


def test_the_notice_announces_a_new_subprocessor_with_the_right_to_object(
    pair: tuple[Agreement, Agreement],
) -> None:
    found = notice.notice_for(*pair)
    assert found is not None and found.period is not None
    text = notice_render.render_text(found)
    assert "Neu: Beispiel Newsletter GmbH, anstelle von rapidmail GmbH" in text
    assert "Anschrift: Beispielgasse 3, 8010 Graz, Österreich" in text
    assert "Land: Österreich" in text and "Zweck der Beauftragung: Newsletterversand" in text
    assert "rapidmail GmbH wird ab " in text and "nicht mehr als Subunternehmer beauftragt" in text
    assert "Entfernt" not in text and "Geändert:" not in text
    assert "Ihr Recht auf Widerspruch (Punkt VI.c)" in text
    assert found.last_day_to_object is not None


def test_a_third_country_subprocessor_replaced_by_another_there_still_needs_consent() -> None:
    old = _with(REAL, US)
    other = dataclasses.replace(US, name="Other Cloud LLC", address="2 Other Road, Austin, TX")
    new = _with(REAL, other, version="2026-03-02")
    classification = kinds.classify(old, new)
    (change,) = classification.table_changes.subprocessors
    assert change.replaced and change.old_key == "Example Cloud Inc."
    assert [t.subprocessor.name for t in classification.third_country] == ["Other Cloud LLC"]
    assert [
        (c.kind, c.clause, c.status) for c in classification.changes if c.kind != "editorial"
    ] == [
        ("notice", "VI.c", "added"),
        ("consent", "V.b", "added"),
    ]
    found = notice.notice_for(old, new)
    assert found is not None
    text = notice_render.render_text(found)
    assert "Ersuchen um Ihre Zustimmung (Punkt V.b)" in text and "Other Cloud LLC" in text


def test_a_subprocessor_that_keeps_its_name_is_changed_not_replaced() -> None:
    new = _replaced(_with(REAL, version="2026-03-02"), 1, purpose="Newsletter und Umfragen")
    (change,) = changes.compare(REAL, new).subprocessors
    assert (change.kind, change.replaced, [f.field for f in change.fields]) == (
        "changed",
        False,
        ["purpose"],
    )


_ROWS = st.lists(
    st.tuples(st.sampled_from("ABCDEFGab"), st.sampled_from(["x", "y", "X ", "z"])),
    max_size=7,
    unique_by=lambda row: row[0].casefold(),
)


@settings(max_examples=300, deadline=None)
@given(old=_ROWS, new=_ROWS)
def test_a_replacement_pairs_a_gone_and_a_new_row_of_one_role_in_order(
    old: Rows, new: Rows
) -> None:
    pairs = changes.replacements(old, new)
    old_keys, new_keys = {k.casefold() for k, _ in old}, {k.casefold() for k, _ in new}
    assert len(set(pairs.values())) == len(pairs)
    for j, i in pairs.items():
        assert new[j][0].casefold() not in old_keys and old[i][0].casefold() not in new_keys
        assert " ".join(new[j][1].casefold().split()) == " ".join(old[i][1].casefold().split())
    ordered = sorted(pairs.items())
    assert [i for _, i in ordered] == sorted(i for _, i in ordered)
