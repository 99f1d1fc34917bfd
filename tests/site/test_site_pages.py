"""Pages from the model without a MkDocs build: escaping, references, links, the page list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from avv.content.load import load_folder
from avv.content.references import rich_text
from avv.documents import agreement_markdown as agreement_pages
from avv.model import Agreement, Annex
from avv.site import targets
from avv.site.context import BuildContext
from avv.site.pages import pages
from avv.templating import environment
from tests.present import attribute, present
from tests.support import ROOT

ANNEXES = (Annex("anlage-1", 1, "Anlage 1 - Maßnahmen"), Annex("anlage-2", 2, "Anlage 2 – Sub"))
EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc"]


PROBE = environment().from_string(
    '{% from "site/macros.j2" import rich with context %}'
    '<p id="probe" markdown="span">{{ rich(text) }}</p>'
)


def rendered(text: str, link: Callable[[str], str]) -> BeautifulSoup:
    """A text as the site's template writes it and MkDocs renders it: in an md_in_html span."""
    source = PROBE.render(text=text, spans=lambda t: rich_text(t, ANNEXES), link=link)
    return BeautifulSoup(markdown.markdown(source, extensions=EXTENSIONS), "html.parser")


# Text without `**` (bold) and without line breaks, with every character Markdown could read.
pieces = st.sampled_from([*"ab cd\\`*_[]()!{}#|<>&;:-+.=~^\"'/1", "&amp;", "<b>", "&#42;"])
texts = (
    st.lists(pieces, max_size=30)
    .map("".join)
    .filter(lambda t: "**" not in t and t.strip() == t and "  " not in t)
)


@given(texts)
def test_any_text_is_shown_exactly_as_written(text: str) -> None:
    probe = present(rendered(text, lambda target: f"#{target}").find(id="probe"))
    assert probe.get_text() == text
    assert probe.find_all(lambda tag: tag.name not in ("a",)) == []


def test_markup_in_a_text_stays_text() -> None:
    text = '<script>alert("x")</script> & **fett** [kein](link) *nicht kursiv* {#id} `code`'
    probe = present(rendered(text, lambda t: t).find(id="probe"))
    assert probe.find("script") is None
    assert [tag.name for tag in probe.find_all(True)] == ["strong"]
    assert probe.get_text() == text.replace("**", "")


def test_references_and_bold_are_split_into_spans() -> None:
    spans = rich_text("gem. **Anlage 2 – Sub** und Punkt VI.c, nicht Abschnitt III DSGVO", ANNEXES)
    assert [(s.text, s.bold, s.target) for s in spans] == [
        ("gem. ", False, None),
        ("Anlage 2 – Sub", True, "anlage-2"),
        (" und ", False, None),
        ("Punkt VI.c", False, "vi-c"),
        (", nicht Abschnitt III DSGVO", False, None),
    ]


@pytest.mark.parametrize(
    ("page", "target", "link"),
    [
        ("avv/index.md", "vi-c", "#vi-c"),
        ("avv/index.md", "vi", "#vi"),
        ("avv/index.md", "anlage-2", "../anlage-2/index.md"),
        ("anlage-1/index.md", "vii-c", "../avv/index.md#vii-c"),
        ("anlage-2/index.md", "anlage-2", ""),
        ("index.md", "anlage-1", "anlage-1/index.md"),
        ("vergleich/2021-02-19/index.md", "vi-c", "../../avv/index.md#vi-c"),
    ],
)
def test_links_point_at_the_source_of_the_target(page: str, target: str, link: str) -> None:
    assert targets.link_from(page, target) == link


@pytest.fixture(scope="module")
def agreement() -> Agreement:
    return load_folder(ROOT)


def test_the_pages_of_a_version_in_navigation_order(agreement: Agreement) -> None:
    site = pages(BuildContext(agreement))
    paths = [page.path for page in site]
    assert paths[:4] == ["index.md", "avv/index.md", "anlage-1/index.md", "anlage-2/index.md"]
    assert [page.nav for page in site[:4]] == ["Übersicht", "AVV", "Anlage 1", "Anlage 2"]
    assert len(set(paths)) == len(paths)
    overview = site[0].markdown
    for page in site[1:]:
        if page.nav:
            assert f"]({page.path})" in overview


def test_the_printable_document_holds_the_text_and_both_annexes(agreement: Agreement) -> None:
    from avv.documents.document import document_html

    soup = BeautifulSoup(document_html(agreement), "html.parser")
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    assert {"avv", "anlage-1", "anlage-2", "vi-c", "unterschriften"} <= ids
    links = {attribute(a, "href") for a in soup.find_all("a", href=True)}
    # References stay inside the document, and each has its target.
    assert all(href.startswith("#") and href[1:] in ids for href in links)
    assert "#anlage-2" in links


def test_subprocessor_row_anchors_are_slugs_of_their_names_and_unique(agreement: Agreement) -> None:
    anchors = agreement_pages.subprocessor_anchors(agreement.subprocessors)
    assert anchors[0] == "subunternehmer-interxion"
    assert len(set(anchors)) == len(anchors) == len(agreement.subprocessors)
    first = agreement.subprocessors[0]
    names = ["Müller & Söhne GmbH", "A.B GmbH", "A-B GmbH", "A B GmbH"]
    same_letters = [replace(first, name=name) for name in names]
    assert agreement_pages.subprocessor_anchors(same_letters) == [
        "subunternehmer-mueller-soehne-gmbh",
        "subunternehmer-a-b-gmbh",
        "subunternehmer-a-b-gmbh--2",
        "subunternehmer-a-b-gmbh--3",
    ]


def test_anlage_2_names_the_countries_and_marks_what_is_new_in_this_version(
    agreement: Agreement,
) -> None:
    """Against the version before it, a new row, a replacement and a changed row each say so on
    the site's page; the copies to sign (no version before) carry no mark."""
    first, second, third = agreement.subprocessors[:3]
    before = replace(agreement, subprocessors=(first, second, third))
    after = replace(
        agreement,
        subprocessors=(
            first,
            replace(second, name="Ersatz <b>GmbH</b>"),
            replace(third, purpose=third.purpose + " und Support"),
            replace(first, name="Neu AG", country="CH", address="Bahnhofstrasse 1, 8001 Zürich"),
        ),
    )
    site = pages(BuildContext(after, (before,)))
    page = next(p for p in site if p.path == "anlage-2/index.md").markdown
    html = BeautifulSoup(markdown.markdown(page, extensions=EXTENSIONS), "html.parser")
    rows = html.select("tbody tr")
    notes = [" ".join(present(row.select_one("td")).get_text(" ").split()) for row in rows]
    assert notes[0].startswith(first.name)
    assert notes[1].startswith(f"neu in dieser Version, ersetzt {second.name} Ersatz <b>GmbH</b>")
    assert notes[2].startswith("geändert in dieser Version")
    assert notes[3].startswith("neu in dieser Version Neu AG")
    assert [row.get("class") for row in rows] == [None, *[["avv-row-marked"]] * 3]
    assert html.find("b") is None, "a name from YAML stays text"
    address = " ".join(rows[0].select("td")[1].get_text(" ").split())
    assert (
        "Land: Niederlande (NL)" in address and "Land der Verarbeitung: Österreich (AT)" in address
    )
    assert "Land: Schweiz (CH)" in rows[3].get_text()
    plain = agreement_pages.subprocessors_markdown(after, lambda target: target)
    assert "avv-row-note" not in plain and "Land: Schweiz (CH)" in plain
