"""The synopsis (old | new per changed clause and annex row), the printable redline and the
documents of each build: made from the redline, offered beside it, readable by their readers."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pypdf
import pytest
from bs4 import BeautifulSoup, Tag

from avv.changes import redline
from avv.cli import main
from avv.content.load import load, read_folder
from avv.documents import synopsis
from avv.documents.docx import version_docx
from avv.documents.printable import redline_pdf
from tests.present import present
from tests.support import ROOT, CompareSite, three_versions
from tests.word_scenarios import SCENARIOS, SUBPROCESSORS, apply
from tests.wordml import resolved

REAL = read_folder(ROOT)


def scenario(name: str, *extra: tuple[str, str, str]) -> redline.Redline:
    old_edits, new_edits = SCENARIOS[name]
    old = load(apply(REAL, old_edits, "2021-02-19"))
    new = load(apply(REAL, [*new_edits, *extra], "2024-03-01"))
    return redline.redline(old, new)


def columns(html: str, pair_id: str) -> tuple[Tag, Tag]:
    pair = present(BeautifulSoup(html, "html.parser").select_one(f"#sy-{pair_id}"))
    return present(pair.select_one(".avv-synopsis-old")), present(
        pair.select_one(".avv-synopsis-new")
    )


def seen(column: Tag) -> str:
    """The text a sighted reader sees: without the labels for screen readers."""
    copy = BeautifulSoup(str(column), "html.parser")
    for label in copy.select(".visually-hidden"):
        label.decompose()
    return copy.get_text()


def test_a_changed_clause_shows_the_deleted_words_left_and_the_inserted_right() -> None:
    html = synopsis.render_html(scenario("reworded"))
    old, new = columns(html, "vi-c")
    assert [d.get_text() for d in old.select("del")] == ["gelöscht: eines Monats"]
    assert old.select("ins") == [] and new.select("del") == []
    assert [i.get_text() for i in new.select("ins")] == [
        "eingefügt: vier Wochen",
        "eingefügt: per E-Mail (Beispiel) ",
    ]
    assert (
        present(old.select_one(".avv-synopsis-version")).get_text() == "Bisher: Version 2021-02-19"
    )
    assert present(new.select_one(".avv-synopsis-version")).get_text() == "Neu: Version 2024-03-01"
    assert "binnen eines Monats ab Bekanntgabe" in seen(old)
    assert "binnen vier Wochen ab Bekanntgabe" in seen(new)
    assert "\n\n" not in html


def test_only_what_changed_is_paired_and_a_new_clause_has_an_empty_left_column() -> None:
    r = scenario("clause-added")
    pairs = synopsis.pairs(r)
    assert [(p.heading, p.note) for p in pairs] == [
        ("VI.c", "neu"),
        ("VI.d", "bisher VI.c"),
        ("VI.e", "bisher VI.d"),
        ("VI.f", "bisher VI.e"),
    ]
    old, new = columns(synopsis.render_html(r), "vi-c")
    assert present(old.select_one(".avv-synopsis-empty")).get_text() == "(noch nicht enthalten)"
    assert (
        "öffentliche Liste seiner Subauftragsverarbeiter"
        in present(new.select_one("ins")).get_text()
    )


def test_items_and_annex_rows_are_paired_with_their_fields() -> None:
    r = scenario("tables")
    html = synopsis.render_html(r)
    notes = {p.heading: p.note for p in synopsis.pairs(r)}
    assert "Anlage 2 – Subunternehmer: MessengerPeople GmbH" not in notes
    replaced = notes["Anlage 2 – Subunternehmer: Beispiel Messaging GmbH"]
    assert replaced == "ersetzt, bisher MessengerPeople GmbH"
    old, new = columns(html, "weisungsempfaenger-martin-mrvka")
    assert present(old.select_one("del")).get_text() == "gelöscht: VP Technology"
    assert present(new.select_one("ins")).get_text() == "eingefügt: CTO"
    assert present(new.select_one(".avv-synopsis-label")).get_text() == "Funktion:"
    was, now = columns(html, "anlage-2-beispiel-messaging-gmbh")
    assert [d.get_text() for d in was.select("del")][:2] == [
        "gelöscht: MessengerPeople GmbH",
        "gelöscht: Herzog-Heinrich-Str. 9 80336 München",
    ]
    assert present(now.select_one("ins")).get_text() == "eingefügt: Beispiel Messaging GmbH"
    gone_old, gone_new = columns(html, "datenkategorien-userdaten")
    assert "Zugangsverwaltung zum websms System" in seen(gone_old)
    assert present(gone_new.select_one(".avv-synopsis-empty")).get_text() == "(entfernt)"


def test_every_text_is_escaped() -> None:
    hostile = "Newsletterversand <script>alert(1)</script> & <b>fett</b>"
    r = scenario("reworded", (SUBPROCESSORS, "purpose: Newsletterversand", f"purpose: {hostile}"))
    page = BeautifulSoup(synopsis.render_html(r), "html.parser")
    assert page.select("script") == [] and page.select("b") == []
    assert "<script>alert(1)</script> & <b>fett</b>" in seen(page)


def test_identical_versions_say_so() -> None:
    agreement = load(REAL)
    html = synopsis.render_html(redline.redline(agreement, agreement))
    assert "denselben Wortlaut" in html and "avv-synopsis-pair" not in html


def test_the_printable_redline_is_a4_with_the_deleted_and_the_inserted_words() -> None:
    pdf = pypdf.PdfReader(io.BytesIO(redline_pdf(scenario("reworded"))))
    box = pdf.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Änderungen von Version 2021-02-19 zu Version 2024-03-01" in text
    assert re.search(
        r"diesen binnen eines Monats ?vier Wochen ab Bekanntgabe", " ".join(text.split())
    )


def test_avv_compare_prints_the_synopsis_as_a_whole_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = three_versions(tmp_path / "repo")
    args = ["compare", "2022-03-01", "2023-05-02", "--repo", str(repo.path), "--format"]
    assert main([*args, "synopsis"]) == 0
    page = BeautifulSoup(capsys.readouterr().out, "html.parser")
    assert page.select_one("html[lang=de] head style") is not None
    assert (
        present(page.select_one("h1")).get_text()
        == "Synopse: Version 2022-03-01 und Version 2023-05-02"
    )
    assert page.select_one("#sy-vi-c .avv-synopsis-new ins") is not None


# -- the documents of each build ------------------------------------------------------------------


def test_each_build_offers_its_version_as_word(compare_site: CompareSite) -> None:
    built = (compare_site.root / "2023-05-02" / "avv.docx").read_bytes()
    new = load(read_folder(compare_site.repo.path))
    assert built == version_docx(new)
    overview = compare_site.page("2023-05-02", "")
    assert overview.select_one("a[href='avv.docx']") is not None


def test_each_redline_is_offered_as_word_with_tracked_changes_and_as_pdf(
    compare_site: CompareSite,
) -> None:
    folder = compare_site.root / "2023-05-02" / "vergleich" / "2022-03-01"
    tracked = (folder / "aenderungen.docx").read_bytes()
    assert docx.Document(io.BytesIO(tracked)).paragraphs
    new = load(read_folder(compare_site.repo.path))
    assert resolved(tracked, "accept") == resolved(version_docx(new), "accept")
    assert (folder / "aenderungen.pdf").read_bytes().startswith(b"%PDF")
    page = compare_site.page("2023-05-02", "vergleich/2022-03-01")
    links = {a["href"] for a in page.select(".avv-compare-downloads a")}
    assert {"aenderungen.docx", "aenderungen.pdf", "synopse/"} <= links


def test_the_synopsis_page_stands_beside_the_redline(compare_site: CompareSite) -> None:
    page = compare_site.page("2023-05-02", "vergleich/2022-03-01/synopse")
    pair = present(page.select_one("#sy-vi-c"))
    assert pair.select_one(".avv-synopsis-old del") is None
    assert "per E-Mail (Beispiel)" in present(pair.select_one(".avv-synopsis-new ins")).get_text()
    assert page.select_one("a[href='../']") is not None
