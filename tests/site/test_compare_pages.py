"""The compare pages in real builds: three versions of a git history, each built as mike would
put it on the site branch (/<version>/), and the pages read back as HTML."""

from __future__ import annotations

import json
import posixpath
import re

import pytest

from avv.cli import main
from tests.present import attribute, present
from tests.support import THREE_VERSIONS as VERSIONS
from tests.support import CompareSite


def resolve(page_url: str, href: str) -> str:
    """The site path an href of the page at `page_url` (e.g. `2023-05-02/vergleich/`) leads to."""
    path = href.split("#")[0]
    return posixpath.normpath(posixpath.join(page_url, path))


def test_each_build_holds_a_redline_for_every_older_version(compare_site: CompareSite) -> None:
    for n, version in enumerate(VERSIONS):
        pages = sorted(
            p.name for p in (compare_site.root / version / "vergleich").iterdir() if p.is_dir()
        )
        assert pages == list(VERSIONS[:n])


def test_word_level_marks_inside_the_changed_clause(compare_site: CompareSite) -> None:
    for older in VERSIONS[:2]:
        page = compare_site.page("2023-05-02", f"vergleich/{older}")
        vi_c = present(page.select_one("#rl-vi-c"))
        assert "avv-redline-changed" in vi_c["class"]
        (inserted,) = vi_c.select("ins")
        assert present(inserted.select_one(".visually-hidden")).get_text() == "eingefügt: "
        assert inserted.get_text() == "eingefügt: per E-Mail (Beispiel) "
        assert present(inserted.parent)["class"] == ["avv-redline-text"]
    assert (
        compare_site.page("2022-03-01", "vergleich/2021-02-19").select("#rl-vi-c ins, #rl-vi-c del")
        == []
    )


def test_annex_rows_replaced_in_place_and_changed(compare_site: CompareSite) -> None:
    for version, older in (("2022-03-01", "2021-02-19"), ("2023-05-02", "2021-02-19")):
        page = compare_site.page(version, f"vergleich/{older}")
        table = present(page.select_one("section[aria-labelledby=rl-anlage-2] table"))
        assert table.select("tr.avv-redline-added, tr.avv-redline-removed") == []
        replaced = present(table.select_one("tr.avv-redline-changed.avv-redline-replaced"))
        assert present(replaced.th).get_text() == "Beispiel Messaging GmbH"
        assert present(replaced.td).get_text() == "ersetzt (bisher MessengerPeople GmbH)"
        deleted = [d.get_text() for d in replaced.select("del")]
        assert deleted[0] == "gelöscht: MessengerPeople GmbH"
        assert "gelöscht: Herzog-Heinrich-Str. 9 80336 München" in deleted
    measures = present(
        compare_site.page("2023-05-02", "vergleich/2022-03-01").select_one(
            "section[aria-labelledby=rl-anlage-1] tr.avv-redline-changed"
        )
    )
    assert present(measures.th).get_text() == "2. Zugangskontrolle"
    assert [i.get_text() for i in measures.select("li.avv-redline-added ins")] == [
        "eingefügt: Zwei-Faktor-Authentifizierung für Administratoren (Beispiel)"
    ]
    unchanged = compare_site.page("2023-05-02", "vergleich/2022-03-01").select_one(
        "details#rl-anlage-2"
    )
    assert unchanged is not None and not unchanged.has_attr("open")


def test_the_summary_heads_the_page_and_unchanged_sections_are_collapsed(
    compare_site: CompareSite,
) -> None:
    page = compare_site.page("2023-05-02", "vergleich/2021-02-19")
    redline = present(page.select_one("article .avv-redline"))
    first = present(redline.find(recursive=False))
    assert first["class"] == ["avv-redline-summary"]
    assert [li.get_text() for li in first.select("li")] == [
        "Klauseln: 1 geändert, 0 neu, 0 gestrichen",
        "Subunternehmer (Anlage 2): 0 neu, 0 entfernt, 1 geändert, davon 1 ersetzt",
        "Maßnahmen (Anlage 1): 1 neu, 0 entfernt, 0 geändert",
    ]
    collapsed = {d["id"] for d in redline.select("details.avv-redline-unchanged")}
    assert {"rl-praeambel", "rl-i", "rl-v", "rl-vii", "rl-xiii"} <= collapsed
    assert "rl-vi" not in collapsed
    assert (
        present(redline.select_one("section[aria-labelledby=rl-vi] h2"))
        .get_text()
        .startswith("VI.")
    )


def test_clause_links_lead_to_anchors_of_the_same_build(compare_site: CompareSite) -> None:
    for version, older in (("2023-05-02", "2021-02-19"), ("2022-03-01", "2021-02-19")):
        page = compare_site.page(version, f"vergleich/{older}")
        agreement = compare_site.page(version, "avv")
        anchors = {tag["id"] for tag in agreement.select("[id]")}
        links = page.select(".avv-redline-ref > a")
        assert len(links) > 60
        for link in links:
            path, _, anchor = attribute(link, "href").partition("#")
            assert resolve(f"{version}/vergleich/{older}/", path) == f"{version}/avv"
            assert anchor in anchors


def test_a_changed_clause_links_to_itself_in_both_versions(compare_site: CompareSite) -> None:
    page = compare_site.page("2023-05-02", "vergleich/2021-02-19")
    older_anchors = {tag["id"] for tag in compare_site.page("2021-02-19", "avv").select("[id]")}
    here, there = page.select("#rl-vi-c .avv-redline-where a")
    assert here["href"] == "../../avv/#vi-c"
    path, _, anchor = attribute(there, "href").partition("#")
    assert resolve("2023-05-02/vergleich/2021-02-19/", path) == "2021-02-19/avv"
    assert anchor in older_anchors
    unchanged = page.select(".avv-redline-unchanged .avv-redline-where")
    assert unchanged == [], "only changed clauses carry the links"


def test_the_picker_lists_every_pair_as_links_that_exist_on_the_site(
    compare_site: CompareSite,
) -> None:
    page = compare_site.page("2023-05-02", "vergleich")
    links = page.select("nav.avv-compare-links a[data-older]")
    assert [a.get_text() for a in links] == [
        "2022-03-01 → 2023-05-02",
        "2021-02-19 → 2023-05-02",
        "2021-02-19 → 2022-03-01",
    ]
    for link in links:
        older, newer = link.get_text().split(" → ")
        target = resolve("2023-05-02/vergleich/", attribute(link, "href"))
        assert target == f"{newer}/vergleich/{older}"
        assert (compare_site.root / target / "index.html").is_file()
    form = present(page.select_one("form.avv-compare-picker"))
    assert form.has_attr("hidden"), "without JavaScript only the links show"
    assert json.loads(attribute(form, "data-versions")) == list(VERSIONS)
    assert [o["value"] for o in form.select("#avv-compare-old option")] == list(reversed(VERSIONS))
    labels = [o.get_text() for o in form.select("#avv-compare-old option")]
    assert all(" · gültig ab " in label for label in labels)
    assert labels[0].startswith("2023-05-02 (diese Version) · gültig ab ")
    assert not any("diese Version" in label for label in labels[1:])
    assert all("(gültig ab " in present(link.parent).get_text() for link in links)
    assert page.select_one("label[for=avv-compare-old]") and page.select_one(
        "label[for=avv-compare-new]"
    )


def test_only_the_pairs_people_use_have_files_and_only_those_are_linked(
    compare_site: CompareSite,
) -> None:
    """Word and PDF beside the redline against the version before and the one in effect on
    the announcement day; 2021-02-19 → 2023-05-02 is neither (2022-03-01 was in effect)."""
    with_files = {
        (older, newer)
        for newer in VERSIONS
        for older in VERSIONS
        if (compare_site.root / newer / "vergleich" / older / "aenderungen.pdf").is_file()
    }
    assert with_files == {("2021-02-19", "2022-03-01"), ("2022-03-01", "2023-05-02")}
    for older, newer in with_files:
        assert (compare_site.root / newer / "vergleich" / older / "aenderungen.docx").is_file()
    page = compare_site.page("2023-05-02", "vergleich")
    items = page.select("nav.avv-compare-links li")
    assert [len(li.select("a.avv-compare-file")) for li in items] == [2, 0, 2], "a pair a line"
    linked = set()
    for link in page.select("nav.avv-compare-links a.avv-compare-file"):
        target = resolve("2023-05-02/vergleich/", attribute(link, "href"))
        assert (compare_site.root / target).is_file(), target
        newer, _, older, name = target.split("/")
        assert name == {"PDF": "aenderungen.pdf", "Word": "aenderungen.docx"}[link.get_text()]
        linked.add((older, newer))
    assert linked == with_files
    for older, newer in with_files:
        redline_page = compare_site.page(newer, f"vergleich/{older}")
        downloads = redline_page.select(".avv-compare-downloads a")
        assert {a["href"] for a in downloads} >= {"aenderungen.pdf", "aenderungen.docx"}
    without = compare_site.page("2023-05-02", "vergleich/2021-02-19")
    assert not [a for a in without.select("a") if "aenderungen" in attribute(a, "href")]
    text = present(without.select_one(".avv-compare-downloads")).get_text()
    assert "Druckfunktion des Browsers" in text
    (other,) = [a for a in without.select(".avv-compare-downloads a") if "2022" in a.get_text()]
    assert other.get_text() == "mit Version 2022-03-01"
    target = resolve("2023-05-02/vergleich/2021-02-19/", attribute(other, "href"))
    assert target == "2023-05-02/vergleich/2022-03-01"


def test_the_first_version_has_nothing_to_compare(compare_site: CompareSite) -> None:
    page = compare_site.page("2021-02-19", "vergleich")
    assert page.select("nav.avv-compare-links a") == []
    assert "ist die erste Version" in present(page.select_one("article")).get_text()


def test_the_command_line_shows_the_same_changes_as_the_page(
    compare_site: CompareSite, capsys: pytest.CaptureFixture[str]
) -> None:
    page = compare_site.page("2023-05-02", "vergleich/2021-02-19")
    on_page = [
        present(div.select_one(".avv-redline-ref a")).get_text()
        for div in page.select(".avv-redline-clause")
        if "avv-redline-unchanged" not in div["class"]
    ]
    rows_on_page = [th.get_text() for th in page.select("tr.avv-redline-row th")]
    assert main(["compare", "2021-02-19", "2023-05-02", "--repo", str(compare_site.repo.path)]) == 0
    text = capsys.readouterr().out
    assert re.findall(r"^\*\*(.+?)\*\*", text, re.MULTILINE) == on_page == ["VI.c"]
    kinds = r"neu|entfernt|geändert|ersetzt \(bisher .+?\)"
    assert re.findall(rf"^\| (?!-)(.+?) \| (?:{kinds}) \|", text, re.M) == rows_on_page


def test_the_search_indexes_the_text_but_not_the_redlines(compare_site: CompareSite) -> None:
    index = json.loads(
        (compare_site.root / "2023-05-02" / "search" / "search_index.json").read_text()
    )
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"avv/", "anlage-1/", "anlage-2/", "mitteilung/", "vergleich/"} <= pages
    assert not [page for page in pages if re.fullmatch(r"vergleich/.+/", page)]
