"""One registry of the tables, read from the agreement's own YAML: a column renamed there is
renamed on the site, in the redline, in its JSON and in the notice alike."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from avv.changes.redline import redline
from avv.changes.tables import compare, tables
from avv.content.load import load_folder
from avv.documents.agreement_markdown import subprocessors_markdown
from avv.documents.notice_render import render_text
from avv.documents.redline_render import render_html, to_json
from avv.notices.notice import notice_for
from tests.support import copy_project, replace, replace_subprocessor


def test_a_column_renamed_in_the_yaml_is_renamed_everywhere(tmp_path: Path) -> None:
    old = load_folder(copy_project(tmp_path / "old"))
    folder = copy_project(tmp_path / "new")
    replace(
        folder / "annexes" / "anlage-2.yaml", "  address: Anschrift", "  address: Postanschrift"
    )
    replace_subprocessor(folder)
    new = load_folder(folder)

    assert tables(old).subprocessors.label("address") == "Anschrift"
    assert tables(new).subprocessors.label("address") == "Postanschrift"

    page = subprocessors_markdown(new, lambda target: f"#{target}")
    headings = [th.get_text() for th in BeautifulSoup(page, "html.parser").select("thead th")]
    assert headings[:3] == ["Firmenname", "Postanschrift", "Zweck der Beauftragung"]

    compared = redline(old, new)
    labels = {dt.get_text() for dt in BeautifulSoup(render_html(compared), "html.parser")("dt")}
    assert "Postanschrift" in labels and "Anschrift" not in labels
    rows = next(t for t in to_json(compared)["tables"] if t["id"] == "anlage-2")["rows"]
    assert {f["label"] for row in rows for f in row["fields"]} >= {"Postanschrift"}

    notice = notice_for(old, new)
    assert notice is not None
    text = render_text(notice)
    assert "Postanschrift: Beispielstraße 1, 10115 Berlin, Deutschland" in text
    assert "Anschrift:" not in text.replace("Postanschrift:", "")


def test_the_tables_stand_where_the_agreement_places_them(tmp_path: Path) -> None:
    registry = tables(load_folder(copy_project(tmp_path / "avv")))
    assert [(t.id, t.place) for t in registry.all()] == [
        ("datenkategorien", "iii"),
        ("weisungsempfaenger", "viii"),
        ("anlage-1", "anlage-1"),
        ("anlage-2", "anlage-2"),
    ]
    assert registry.data_categories.title == "III. Betroffene Daten- und Personenkategorien"
    assert [c.label for c in registry.data_categories.columns] == [
        "Datenkategorie",
        "Zweck der Verarbeitung",
        "Dauer der Verarbeitung",
        "Personenkategorie",
    ]


def test_a_retitled_category_of_anlage_1_is_one_changed_row(tmp_path: Path) -> None:
    old = load_folder(copy_project(tmp_path / "old"))
    folder = copy_project(tmp_path / "new")
    replace(folder / "annexes" / "anlage-1.yaml", "title: Zutrittskontrolle", "title: Zutritt")
    found = compare(old, load_folder(folder)).measures
    assert [(c.kind, c.key, [f.field for f in c.fields]) for c in found] == [
        ("changed", "1", ["title"])
    ]
    (row,) = redline(old, load_folder(folder)).table("anlage-1").rows
    assert row.key == "1. Zutritt"
