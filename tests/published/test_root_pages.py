"""The pages at the root of the site branch beside the notices index, made from the record: the
list of versions (index.html), the German 404.html and sitemap.xml."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from bs4 import BeautifulSoup

from avv.published import root_pages
from avv.published.record import PublishedVersion, Record
from tests.present import present

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def version(
    name: str, published: date, effective: date, kinds: tuple[str, ...] | None = None
) -> PublishedVersion:
    return PublishedVersion(
        name, published, effective, "0" * 64, "1" * 40, "2" * 40, published, kinds
    )


RECORD = Record(
    versions=(
        version("2021-02-19", date(2021, 2, 19), date(2021, 2, 19)),
        version("2022-03-01", date(2022, 3, 1), date(2022, 4, 1)),
        version("2023-05-02", date(2023, 5, 2), date(2023, 6, 5)),
    )
)


def test_the_list_names_every_version_its_period_and_its_state_without_javascript() -> None:
    page = BeautifulSoup(root_pages.index_html(RECORD, "2022-03-01"), "html.parser")
    rows = [
        [" ".join(cell.get_text().split()) for cell in row.find_all("td")]
        for row in page.select("tbody tr")
    ]
    assert rows == [
        ["2023-05-02", "2. Mai 2023", "5. Juni 2023", "—", "angekündigt"],
        ["2022-03-01", "1. März 2022", "1. April 2022", "4. Juni 2023", "gültig (gilt heute)"],
        ["2021-02-19", "19. Februar 2021", "19. Februar 2021", "31. März 2022", "ersetzt"],
    ]
    links = [a["href"] for a in page.select("tbody a")]
    assert links == ["2023-05-02/", "2022-03-01/", "2021-02-19/"], "relative: any host"
    assert page.html is not None and page.html["lang"] == "de"


def test_an_offer_is_named_as_one_and_the_text_it_leaves_binding_is_not_simply_superseded() -> None:
    """2022-03-01 amends the text (XIII.b): it binds only those who agreed; for the rest the text
    of 2021-02-19 binds on, with 2023-05-02's measures, a change by notice."""
    offers = Record(
        versions=(
            version("2021-02-19", date(2021, 2, 19), date(2021, 2, 19), ()),
            version("2022-03-01", date(2022, 3, 1), date(2022, 4, 1), ("amendment",)),
            version("2023-05-02", date(2023, 5, 2), date(2023, 6, 5), ("measures",)),
            version("2024-01-10", date(2024, 1, 10), date(2024, 3, 1), ("consent",)),
        )
    )
    page = BeautifulSoup(root_pages.index_html(offers, "2023-05-02"), "html.parser")
    states = {
        row["data-version"]: " ".join(
            present(row.select_one("td.avv-index-state")).get_text().split()
        )
        for row in page.select("tbody tr")
    }
    assert states == {
        "2024-01-10": "angekündigt, Angebot",
        "2023-05-02": "gültig (gilt heute)",
        "2022-03-01": "ersetzt",
        "2021-02-19": "ersetzt, Text gilt weiter ohne Zustimmung",
    }
    offered = BeautifulSoup(root_pages.index_html(offers, "2022-03-01"), "html.parser")
    row = offered.select_one('tr[data-version="2022-03-01"]')
    assert row is not None and row["data-offer"] == "true"
    assert (
        present(row.select_one("td.avv-index-state")).get_text()
        == "Angebot, gilt mit Zustimmung (gilt heute)"
    )


def test_the_404_page_is_german_and_links_absolutely() -> None:
    text = root_pages.not_found_html("2022-03-01", "https://avv.example/").decode("utf-8")
    page = BeautifulSoup(text, "html.parser")
    assert page.h1 is not None and page.h1.get_text() == "Diese Seite gibt es nicht"
    assert [a["href"] for a in page.select("main a")] == [
        "https://avv.example/2022-03-01/",
        "https://avv.example/#versionen",
        "https://avv.example/mitteilungen/",
    ]
    unset = BeautifulSoup(root_pages.not_found_html(None, ""), "html.parser")
    assert [a["href"] for a in unset.select("main a")] == ["/#versionen", "/mitteilungen/"]


def test_the_sitemap_lists_absolute_addresses_or_none() -> None:
    root = ET.fromstring(root_pages.sitemap_xml(RECORD, "https://avv.example/"))
    assert [loc.text for loc in root.iter(f"{SITEMAP}loc")] == [
        "https://avv.example/",
        "https://avv.example/mitteilungen/",
        "https://avv.example/2021-02-19/",
        "https://avv.example/2022-03-01/",
        "https://avv.example/2023-05-02/",
    ]
    empty = ET.fromstring(root_pages.sitemap_xml(RECORD, ""))
    assert empty.tag == f"{SITEMAP}urlset" and list(empty) == []
