"""avv.pdf: the printable document of a version, made by WeasyPrint, read back."""

from __future__ import annotations

import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from avv.content.load import load_folder
from avv.documents.document import document_html
from avv.documents.pdf import render_pdf
from avv.errors import AvvError
from avv.model import Agreement
from tests.present import present
from tests.support import ROOT, copy_project, replace

if TYPE_CHECKING:
    import weasyprint

A4_POINTS = (595.28, 841.89)


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's objects with its compressed streams inflated (WeasyPrint packs its objects,
    the page tree and the outline included, into object streams)."""
    inflated = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def outline(objects: bytes) -> list[str]:
    """The titles of the PDF's bookmarks, which WeasyPrint makes of the headings."""
    titles = []
    for raw in re.findall(rb"/Title\s*(<[0-9A-Fa-f]+>|\((?:\\.|[^\\)])*\))", objects):
        if raw.startswith(b"<"):
            titles.append(bytes.fromhex(raw[1:-1].decode()).decode("utf-16"))
        else:
            titles.append(raw[1:-1].decode("latin-1"))
    return titles


def texts(page: weasyprint.Page) -> list[str]:
    """The text boxes of a laid-out WeasyPrint page, margin boxes (page numbers) included."""
    return [box.text for box in page._page_box.descendants() if getattr(box, "text", None)]


@pytest.fixture(scope="module")
def agreement() -> Agreement:
    return load_folder(ROOT)


@pytest.fixture(scope="module")
def pdf(agreement: Agreement) -> bytes:
    return render_pdf(document_html(agreement))


def test_the_pdf_is_a4_with_more_than_one_page(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF-")
    objects = pdf_objects(pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", objects)
    pages = int(present(re.search(rb"/Type /Pages\b[^>]*?/Count (\d+)", objects)).group(1))
    assert pages > 1
    assert len(boxes) == pages
    for width, height in boxes:
        assert (round(float(width), 2), round(float(height), 2)) == A4_POINTS


def test_the_pdf_outline_holds_the_sections_and_both_annexes(
    pdf: bytes, agreement: Agreement
) -> None:
    titles = outline(pdf_objects(pdf))
    assert titles[0] == agreement.title
    for section in agreement.sections:
        assert section.heading in titles
    assert "Anlage 2 – Subunternehmer" in titles
    assert sum("Subunternehmer" in title for title in titles) >= 1
    assert [category.key for category in agreement.measures] == [
        title for title in titles if re.match(r"\d+\. ", title)
    ]


def test_every_page_has_its_number_and_the_text_is_complete(agreement: Agreement) -> None:
    import weasyprint

    document = weasyprint.HTML(string=document_html(agreement)).render()
    count = len(document.pages)
    for number, page in enumerate(document.pages, start=1):
        assert f"Seite {number} von {count}" in texts(page)
    text = re.sub(r"\s+", " ", " ".join(t for page in document.pages for t in texts(page)))
    for subprocessor in agreement.subprocessors:
        assert subprocessor.name in text
    assert "Sitz unseres Rechenzentrums ist Louis-Häflinger-Gasse, 1210 Wien" in text
    assert "Name und Funktion" in text
    assert "¶" not in text  # the permalinks are for the screen only


def test_markup_in_the_data_is_printed_as_text(tmp_path: Path) -> None:
    repo = copy_project(tmp_path)
    replace(
        repo / "annexes" / "anlage-2.yaml",
        "purpose: Newsletterversand",
        "purpose: '<b>fett</b> & <i>kursiv</i>'",
    )
    document = BeautifulSoup(document_html(load_folder(repo)), "html.parser")
    row = present(document.find(id="subunternehmer-rapidmail-gmbh"))
    assert "<b>fett</b> & <i>kursiv</i>" in row.get_text()
    assert document.find(["b", "i"]) is None


def test_what_weasyprint_cannot_render_is_an_error() -> None:
    document = "<html><head><style>p { frobnicate: 1 }</style></head><body><p>x</p></body></html>"
    with pytest.raises(AvvError, match="frobnicate"):
        render_pdf(document)


def test_every_page_names_the_version_its_dates_and_hash_and_the_pdf_is_tagged(
    agreement: Agreement, pdf: bytes
) -> None:
    import weasyprint

    from avv.content.canonical import content_hash

    document = weasyprint.HTML(string=document_html(agreement)).render()
    footer = (
        f"Version {agreement.version} · Bekanntgabe 19. Februar 2021 · gültig ab 19. Februar 2021"
    )
    for page in document.pages:
        found = texts(page)
        assert footer in found
        assert f"Prüfsumme (SHA-256) {content_hash(agreement)}" in found
    objects = pdf_objects(pdf)
    # PDF/UA-1: a structure tree (headings, lists, tables), marked content and its identifier.
    assert b"/StructTreeRoot" in objects and b"/MarkInfo" in objects
    assert b"pdfuaid:part" in objects
    assert b"/S /H1" in objects and b"/S /Table" in objects
