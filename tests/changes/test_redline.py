"""The redline: clauses aligned by text and id, words compared inside them, annex rows by key."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from avv.changes.redline import (
    ClauseDiff,
    Diff,
    Redline,
    list_diff,
    redline,
    word_diff,
)
from avv.content.load import load_folder
from avv.documents.redline_render import Links, render_html, render_markdown, to_json
from avv.model import Agreement
from tests.present import present
from tests.support import ROOT, copy_project, replace, reword_clause

AVV = "contract/avv.md"

VI_C = "- c. Änderungen sowie geplante Änderungen"
VI_D = "- d. Der AUFTRAGNEHMER schließt"
VI_E = "- e. Kommt der Subauftragnehmer"
NEW_CLAUSE = "Der AUFTRAGNEHMER führt eine öffentliche Liste seiner Subauftragsverarbeiter."


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Agreement:
    return load_folder(copy_project(tmp_path_factory.mktemp("original")))


@pytest.fixture
def amend(tmp_path: Path) -> Callable[..., Agreement]:
    """The agreement with edits: (file, old, new) replacements in a copy of the project."""

    def amended(*edits: tuple[str, str, str]) -> Agreement:
        folder = copy_project(tmp_path / "amended")
        for path, old, new in edits:
            replace(folder / path, old, new)
        return load_folder(folder)

    return amended


def clause(r: Redline, ref: str) -> ClauseDiff:
    return next(c for s in r.sections for c in s.clauses if c.ref == ref)


def touched(r: Redline) -> list[ClauseDiff]:
    return [c for s in r.sections for c in s.clauses if c.touched]


def kinds(diff: Diff) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in diff if s.kind != "equal"]


def old_text(diff: Diff) -> str:
    return "".join(s.text for s in diff if s.kind != "insert")


def new_text(diff: Diff) -> str:
    return "".join(s.text for s in diff if s.kind != "delete")


# -- words -----------------------------------------------------------------------------------


def test_words_keep_umlauts_and_sharp_s_and_punctuation_is_a_token_of_its_own() -> None:
    diff = word_diff(
        "Maßnahmen gemäß Anlage 1, laut Vertrag.", "Massnahmen gemäß Anlage 1; laut Vertrag."
    )
    assert kinds(diff) == [
        ("delete", "Maßnahmen"),
        ("insert", "Massnahmen"),
        ("delete", ","),
        ("insert", ";"),
    ]


def test_a_rewritten_passage_reads_as_one_deletion_and_one_insertion() -> None:
    diff = word_diff(
        "Der AUFTRAGGEBER hat das Recht binnen eines Monats zu widersprechen.",
        "Der AUFTRAGGEBER kann innerhalb von vier Wochen schriftlich widersprechen.",
    )
    assert kinds(diff) == [
        ("delete", "hat das Recht binnen eines Monats zu"),
        ("insert", "kann innerhalb von vier Wochen schriftlich"),
    ]


def test_emphasis_alone_is_a_change_but_does_not_split_words_otherwise() -> None:
    assert kinds(word_diff("kurz „**AUFTRAGNEHMER**“", "kurz „**AUFTRAGNEHMERIN**“")) == [
        ("delete", "AUFTRAGNEHMER"),
        ("insert", "AUFTRAGNEHMERIN"),
    ]
    assert kinds(word_diff("kurz AUFTRAGNEHMER", "kurz **AUFTRAGNEHMER**")) != []


@given(st.text(alphabet="aäßb ,.-\n", max_size=60), st.text(alphabet="aäßb ,.-\n", max_size=60))
def test_the_segments_give_back_both_texts(old: str, new: str) -> None:
    diff = word_diff(old, new)
    assert old_text(diff) == old
    assert new_text(diff) == new


def test_list_items_are_paired_and_compared_word_by_word() -> None:
    items = list_diff(
        ("Alarmanlage", "Videoüberwachung", "Portier"),
        ("Alarmanlage", "Videoüberwachung aller Eingänge", "Portier", "Zutrittsprotokoll"),
    )
    assert [i.status for i in items] == ["unchanged", "changed", "unchanged", "added"]
    assert kinds(items[1].diff) == [("insert", " aller Eingänge")]


# -- clauses ---------------------------------------------------------------------------------


def test_identical_versions_have_no_changes_and_the_summary_says_so(original: Agreement) -> None:
    r = redline(original, original)
    assert r.summary.identical
    assert touched(r) == []
    assert all(s.status == "unchanged" for s in r.sections)
    assert all(not t.rows for t in r.tables)
    assert "Keine Änderungen" in render_markdown(r)
    page = BeautifulSoup(render_html(r), "html.parser")
    assert page.find("ins") is None and page.find("del") is None
    assert "Keine Änderungen" in present(page.select_one(".avv-redline-summary")).get_text()


def test_replaced_words_inside_a_clause(
    original: Agreement, amend: Callable[..., Agreement]
) -> None:
    new = amend((AVV, "binnen eines Monats ab Bekanntgabe", "binnen vier Wochen ab Bekanntgabe"))
    r = redline(original, new)
    assert [c.ref for c in touched(r)] == ["VI.c"]
    vi_c = clause(r, "VI.c")
    assert vi_c.status == "changed"
    assert kinds(vi_c.text) == [("delete", "eines Monats"), ("insert", "vier Wochen")]
    assert (r.summary.clauses.changed, r.summary.clauses.added, r.summary.clauses.removed) == (
        1,
        0,
        0,
    )


def test_an_inserted_clause_relabels_the_following_ones_which_keep_their_text(
    original: Agreement, amend: Callable[..., Agreement]
) -> None:
    new = amend(
        (AVV, VI_E, "- f. Kommt der Subauftragnehmer"),
        (AVV, VI_D, "- e. Der AUFTRAGNEHMER schließt"),
        (AVV, VI_C, f"- c. {NEW_CLAUSE}\n- d. Änderungen sowie geplante Änderungen"),
    )
    r = redline(original, new)
    added = clause(r, "VI.c")
    assert added.status == "added" and new_text(added.text) == NEW_CLAUSE
    for ref, before in (("VI.d", "VI.c"), ("VI.e", "VI.d"), ("VI.f", "VI.e")):
        moved_on = clause(r, ref)
        assert (moved_on.status, moved_on.relabelled, moved_on.old_ref) == (
            "unchanged",
            True,
            before,
        )
    summary = r.summary
    assert (summary.clauses.added, summary.clauses.changed, summary.relabelled) == (1, 0, 3)
    assert "**VI.d** (bisher VI.c): Wortlaut unverändert." in render_markdown(r)
    assert [c.ref for c in r.sections[6].clauses] == [
        "VI.a",
        "VI.b",
        "VI.c",
        "VI.d",
        "VI.e",
        "VI.f",
    ]


def test_a_relabelled_and_edited_clause_is_found_by_its_text_not_by_its_old_letter(
    original: Agreement, amend: Callable[..., Agreement]
) -> None:
    new = amend(
        (AVV, VI_E, "- f. Kommt der Subauftragnehmer"),
        (AVV, VI_D, "- e. Der AUFTRAGNEHMER schließt"),
        (AVV, VI_C, f"- c. {NEW_CLAUSE}\n- d. Änderungen sowie geplante Änderungen"),
        (AVV, "binnen eines Monats", "binnen vier Wochen"),
    )
    r = redline(original, new)
    edited = clause(r, "VI.d")
    assert (edited.status, edited.old_ref) == ("changed", "VI.c")
    assert kinds(edited.text) == [("delete", "eines Monats"), ("insert", "vier Wochen")]
    assert clause(r, "VI.c").status == "added"
    assert r.summary.clauses.changed == 1 and r.summary.clauses.added == 1


def line_of(start: str) -> str:
    """The whole line of the contract text that starts with `start`."""
    text = (ROOT / AVV).read_text(encoding="utf-8")
    return next(line + "\n" for line in text.splitlines() if line.startswith(start))


def test_a_deleted_clause_stays_where_it_was(
    original: Agreement, amend: Callable[..., Agreement]
) -> None:
    new = amend(
        (AVV, line_of("- b. Subaufträge sind nur jene Services"), ""),
        (AVV, VI_C, "- b. Änderungen sowie geplante Änderungen"),
        (AVV, VI_D, "- c. Der AUFTRAGNEHMER schließt"),
        (AVV, VI_E, "- d. Kommt der Subauftragnehmer"),
    )
    r = redline(original, new)
    section = r.sections[6]
    assert [(c.ref, c.status) for c in section.clauses] == [
        ("VI.a", "unchanged"),
        ("VI.b", "removed"),
        ("VI.b", "unchanged"),
        ("VI.c", "unchanged"),
        ("VI.d", "unchanged"),
    ]
    removed = section.clauses[1]
    assert old_text(removed.text).startswith("Subaufträge sind nur jene Services")
    assert removed.new is None and kinds(removed.text)[0][0] == "delete"
    assert (r.summary.clauses.removed, r.summary.relabelled) == (1, 3)


def test_a_clause_moved_within_its_section_is_the_only_one_marked_moved(
    original: Agreement, amend: Callable[..., Agreement]
) -> None:
    third = line_of("- Eine vorzeitige Kündigung")
    new = amend(
        (AVV, third, ""),
        (
            AVV,
            "- Dieser Vertrag wird auf unbestimmte Zeit",
            third + "- Dieser Vertrag wird auf unbestimmte Zeit",
        ),
    )
    r = redline(original, new)
    section = next(s for s in r.sections if s.id == "iv")
    assert [(c.ref, c.status, c.moved) for c in section.clauses] == [
        ("IV, Absatz 1", "unchanged", True),
        ("IV, Absatz 2", "unchanged", False),
        ("IV, Absatz 3", "unchanged", False),
        ("IV, Absatz 4", "unchanged", False),
    ]
    assert section.clauses[0].old_ref == "IV, Absatz 3"
    assert r.summary.moved == 1 and not r.summary.clauses


def test_a_clause_moved_to_another_section_keeps_its_text_and_says_where_it_was(
    original: Agreement, amend: Callable[..., Agreement]
) -> None:
    moved = "Weicht diese Vereinbarung vom websms Nutzungsvertrag ab, geht diese Vereinbarung vor."
    new = amend(
        (AVV, f"- c. {moved}\n", ""),
        (AVV, "- d. Diese Vereinbarung unterliegt", "- c. Diese Vereinbarung unterliegt"),
        (
            AVV,
            "- e. Zur Entscheidung aller Streitigkeiten",
            "- d. Zur Entscheidung aller Streitigkeiten",
        ),
        (AVV, "verantwortlich ist.\n", f"verantwortlich ist.\n- d. {moved}\n"),
    )
    r = redline(original, new)
    arrived = clause(r, "XII.d")
    assert (arrived.status, arrived.moved, arrived.old_ref) == ("unchanged", True, "XIII.c")
    assert clause(r, "XIII.c").old_ref == "XIII.d"
    assert not any(c.status == "removed" for c in touched(r))
    assert r.summary.moved == 1


def test_a_removed_section_renumbers_the_next_which_is_found_by_its_title(
    original: Agreement, amend: Callable[..., Agreement]
) -> None:
    text = (ROOT / AVV).read_text(encoding="utf-8")
    haftung = text[text.index("## XII. Haftung") : text.index("## XIII. Schlussbestimmungen")]
    new = amend(
        (AVV, haftung, ""), (AVV, "## XIII. Schlussbestimmungen", "## XII. Schlussbestimmungen")
    )
    r = redline(original, new)
    tail = [(s.number, s.old_number, s.status) for s in r.sections[-3:]]
    assert tail == [
        ("XI", "XI", "unchanged"),
        ("XII", "XII", "removed"),
        ("XII", "XIII", "changed"),
    ]
    gone, renumbered = r.sections[-2:]
    assert [c.status for c in gone.clauses] == ["removed"] * 3
    assert new_text(gone.title) == "" and old_text(gone.title) == "Haftung"
    assert all(c.status == "unchanged" and c.relabelled and not c.moved for c in renumbered.clauses)
    assert [c.old_ref for c in renumbered.clauses][:2] == ["XIII.a", "XIII.b"]
    assert (r.summary.clauses.removed, r.summary.relabelled, r.summary.moved) == (3, 5, 0)
    assert "### XII. Schlussbestimmungen (bisher XIII)" in render_markdown(r)
    assert "### XII. Haftung (gestrichen)" in render_markdown(r)


def test_an_added_section_comes_with_its_clauses(
    original: Agreement, amend: Callable[..., Agreement]
) -> None:
    new = amend(
        (
            AVV,
            "\n{{ unterschriften }}",
            "\n## XIV. Sonstiges\n\n- a. Es gilt die Schriftform.\n\n{{ unterschriften }}",
        )
    )
    r = redline(original, new)
    added = r.sections[-1]
    assert (added.number, added.status) == ("XIV", "added")
    assert [(c.ref, c.status, kinds(c.text)) for c in added.clauses] == [
        ("XIV.a", "added", [("insert", "Es gilt die Schriftform.")])
    ]
    assert r.summary.clauses.added == 1


def test_clause_items_are_compared_item_by_item(
    original: Agreement, amend: Callable[..., Agreement]
) -> None:
    new = amend(
        (
            AVV,
            "    - Löschung von personenbezogenen Daten\n",
            "    - Löschung und Sperre von personenbezogenen Daten\n"
            "    - Einschränkung der Verarbeitung\n",
        )
    )
    r = redline(original, new)
    ix_e = clause(r, "IX.e")
    assert ix_e.status == "changed" and not [k for k in kinds(ix_e.text)]
    assert [(i.status, kinds(i.diff)) for i in ix_e.items if i.status != "unchanged"] == [
        ("changed", [("insert", " und Sperre")]),
        ("added", [("insert", "Einschränkung der Verarbeitung")]),
    ]


# -- annexes ---------------------------------------------------------------------------------


def test_a_changed_annex_field_is_marked_inside_its_row(
    original: Agreement, amend: Callable[..., Agreement]
) -> None:
    new = amend(
        (
            "annexes/anlage-2.yaml",
            "purpose: Hosting der websms Services; ISO zertifiziertes Hochsicherheitsrechenzentrum",
            "purpose: Hosting der websms Services; ISO 27001 zertifiziertes Rechenzentrum",
        )
    )
    r = redline(original, new)
    rows = r.table("anlage-2").rows
    assert [(row.kind, row.key) for row in rows] == [("changed", "InterXion")]
    (purpose,) = rows[0].fields
    assert purpose.label == "Zweck der Beauftragung"
    assert kinds(purpose.values[0].diff) == [
        ("insert", "27001 "),
        ("delete", "Hochsicherheitsrechenzentrum"),
        ("insert", "Rechenzentrum"),
    ]
    assert r.summary.table("anlage-2").changed == 1 and touched(r) == []
    page = BeautifulSoup(render_html(r), "html.parser")
    row = present(page.select_one("section[aria-labelledby=rl-anlage-2] tr.avv-redline-changed"))
    assert present(row.th).get_text() == "InterXion"
    assert [i.get_text() for i in row.select("ins")] == [
        "eingefügt: 27001 ",
        "eingefügt: Rechenzentrum",
    ]
    assert present(row.select_one("del")).get_text() == "gelöscht: Hochsicherheitsrechenzentrum"


def test_a_changed_table_of_the_text_shows_in_its_section(
    original: Agreement, amend: Callable[..., Agreement]
) -> None:
    new = amend(("annexes/weisungen.yaml", "function: VP Technology", "function: CTO"))
    r = redline(original, new)
    block = next(c for c in r.sections[8].clauses if c.table is not None and c.table.rows)
    assert block.status == "changed" and block.table is not None
    assert block.table.id == "weisungsempfaenger"
    assert r.summary.table("weisungsempfaenger").changed == 1
    assert r.summary.clauses.changed == 0
    page = BeautifulSoup(render_html(r), "html.parser")
    cell = present(page.select_one(f"#rl-{block.id} tr.avv-redline-changed"))
    assert present(cell.th).get_text() == "Martin MRVKA"
    assert present(cell.select_one("ins")).get_text() == "eingefügt: CTO"


def test_measures_are_counted_one_by_one_and_a_renamed_subprocessor_as_one_row(
    original: Agreement, amend: Callable[..., Agreement]
) -> None:
    new = amend(
        ("annexes/anlage-1.yaml", "      - Videoüberwachung\n", ""),
        (
            "annexes/anlage-1.yaml",
            "      - Einsatz von Firewalls\n",
            "      - Einsatz von Firewalls\n      - Zwei-Faktor-Authentifizierung\n",
        ),
        (
            "annexes/anlage-2.yaml",
            "  - name: rapidmail GmbH",
            "  - name: rapidmail GmbH (Newsletter)",
        ),
    )
    s = redline(original, new).summary
    assert (s.measures.added, s.measures.removed) == (1, 1)
    assert (s.table("anlage-1").changed, s.table("anlage-1").added) == (2, 0)
    counts = s.table("anlage-2")
    assert (counts.added, counts.removed, counts.changed) == (0, 0, 1)
    (row,) = redline(original, new).table("anlage-2").rows
    assert (row.key, row.old_key) == ("rapidmail GmbH (Newsletter)", "rapidmail GmbH")


# -- the forms -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reworded(original: Agreement, tmp_path_factory: pytest.TempPathFactory) -> Redline:
    folder = copy_project(tmp_path_factory.mktemp("reworded"))
    reword_clause(folder)
    replace(folder / AVV, "binnen eines Monats", "binnen vier Wochen")
    replace(
        folder / "annexes/anlage-2.yaml",
        "purpose: Newsletterversand",
        "purpose: Newsletterversand <script>alert(1)</script> & *Tracking*",
    )
    return redline(original, load_folder(folder))


def test_html_marks_words_inside_their_clause_with_a_label_for_screen_readers(
    reworded: Redline,
) -> None:
    page = BeautifulSoup(render_html(reworded), "html.parser")
    vi_c = present(page.select_one("#rl-vi-c"))
    assert "avv-redline-changed" in vi_c["class"]
    assert [
        (e.name, present(e.select_one(".visually-hidden")).get_text())
        for e in vi_c.select("ins, del")
    ] == [
        ("del", "gelöscht: "),
        ("ins", "eingefügt: "),
        ("ins", "eingefügt: "),
    ]
    assert [e.get_text() for e in vi_c.select("ins, del")] == [
        "gelöscht: eines Monats",
        "eingefügt: vier Wochen",
        "eingefügt: per E-Mail (Beispiel) ",
    ]
    assert page.select("#rl-vi-a ins, #rl-vi-a del") == []


def test_html_collapses_unchanged_sections_and_opens_changed_ones(reworded: Redline) -> None:
    page = BeautifulSoup(render_html(reworded), "html.parser")
    collapsed = page.select("details.avv-redline-unchanged")
    assert "rl-vi" not in {d.get("id") for d in collapsed}
    assert {"rl-i", "rl-xiii", "rl-anlage-1"} <= {d.get("id") for d in collapsed}
    assert all(d.summary and not d.has_attr("open") for d in collapsed)
    changed = present(page.select_one("section[aria-labelledby=rl-vi]"))
    assert present(changed.h2).get_text().startswith("VI. Subaufträge")
    first = present(present(page.select_one(".avv-redline")).find(recursive=False))
    assert "avv-redline-summary" in first["class"]
    assert "Klauseln: 1 geändert, 0 neu, 0 gestrichen" in first.get_text()


def test_every_text_is_escaped(reworded: Redline) -> None:
    page = BeautifulSoup(render_html(reworded), "html.parser")
    assert page.find("script") is None
    cell = present(
        page.select_one("section[aria-labelledby=rl-anlage-2] tr.avv-redline-changed dd")
    )
    assert "<script>alert(1)</script> & *Tracking*" in cell.get_text()
    text = render_markdown(reworded)
    assert "<script>" not in text
    shown = BeautifulSoup(markdown.markdown(text, extensions=["tables"]), "html.parser")
    assert shown.find("script") is None and shown.find("em") is None
    assert "<script>alert(1)</script> & *Tracking*" in shown.get_text()


def test_links_lead_to_the_clause_in_this_version(reworded: Redline) -> None:
    def href(target: str) -> str:
        return f"../../{target}/" if target.startswith("anlage-") else f"../../avv/#{target}"

    page = BeautifulSoup(render_html(reworded, Links(href)), "html.parser")
    assert present(page.select_one("#rl-vi-c .avv-redline-ref a"))["href"] == "../../avv/#vi-c"
    title = present(page.select_one("section[aria-labelledby=rl-anlage-2] h2 a"))
    assert title["href"] == "../../anlage-2/"


def test_markdown_lists_the_summary_changed_clauses_and_annex_rows(reworded: Redline) -> None:
    text = render_markdown(reworded)
    head, _, body = text.partition("\n\n### ")
    assert head.splitlines()[0] == "## Änderungen von 2021-02-19 zu 2021-02-19"
    assert "- Klauseln: 1 geändert, 0 neu, 0 gestrichen" in head
    assert "- Subunternehmer (Anlage 2): 0 neu, 0 entfernt, 1 geändert" in head
    assert "### VI. Subaufträge" in text and "### I. " not in text
    assert "<del>eines Monats</del><ins>vier Wochen</ins>" in body
    assert "schriftlich <ins>per E-Mail (Beispiel) </ins>zu widersprechen." in body
    assert "| rapidmail GmbH | geändert | Zweck der Beauftragung: Newsletterversand<ins>" in body


def test_json_holds_the_same_data(reworded: Redline) -> None:
    data = json.loads(json.dumps(to_json(reworded)))
    assert data["summary"]["clauses"] == {"added": 0, "removed": 0, "changed": 1}
    sections = {s["id"]: s for s in data["sections"]}
    vi_c = next(c for c in sections["vi"]["clauses"] if c["id"] == "vi-c")
    assert vi_c["status"] == "changed"
    assert {"kind": "insert", "text": "per E-Mail (Beispiel) "} in vi_c["text"]
    rows = next(t for t in data["tables"] if t["id"] == "anlage-2")["rows"]
    assert [(row["kind"], row["key"]) for row in rows] == [("changed", "rapidmail GmbH")]
