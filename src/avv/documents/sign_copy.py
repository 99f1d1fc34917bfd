"""The sign-ready copy: the printable document of a version with the customer's entries in place.

It is avv.pdf's document with each blank's element replaced by what the customer wrote, as text
(never as markup), and the version, its content hash and the day it takes effect in every page's
footer, so that a signed page names the version it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from avv import output_folder
from avv.content.load import MAX_BYTES, MAX_SIZE, read_named
from avv.documents import pdf
from avv.documents.blanks import (
    AUTHORISED_PERSONS,
    BLANK_LINE,
    CONTROLLER,
    SIGNATURE,
    Blank,
    Entries,
    Record,
    blanks,
    footer_text,
    lines_of,
    read_entries,
)
from avv.documents.document import document_html
from avv.errors import AvvError
from avv.german import format_date
from avv.model import Agreement

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

# Where each blank sits in the printable document.
SLOTS = {
    CONTROLLER: ".avv-auftraggeber .avv-fill",
    AUTHORISED_PERSONS: ".avv-weisungsberechtigte .avv-fill",
    SIGNATURE: "#unterschriften .avv-signature:nth-of-type(2)",
}


def stylesheet() -> str:
    """The styles of the filled blanks and of the footer, for the PDF and the browser's print."""
    return resources.files("avv.documents").joinpath("sign_copy.css").read_text(encoding="utf-8")


def footer_css(agreement: Agreement) -> str:
    """The @page rule that prints the version on every page."""
    return page_footer_css(footer_text(agreement))


def page_footer_css(text: str) -> str:
    """The @page rule that prints `text` at the foot of every page, as a CSS string."""
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'@page {{ @bottom-left {{ content: "{quoted}"; }} }}\n'


def sign_copy_html(agreement: Agreement, entries: Entries) -> str:
    """The complete HTML document of the version with the entries in place, for WeasyPrint."""
    from bs4 import BeautifulSoup  # here: loading it is a tenth of a second of every build

    soup = BeautifulSoup(document_html(agreement), "html.parser")
    fill(soup, blanks(agreement), entries)
    style = soup.new_tag("style")
    style.string = stylesheet() + footer_css(agreement)
    head = soup.head
    if head is None:
        raise AvvError("das druckbare Dokument hat kein <head> — die Vorlage prüfen")
    head.append(style)
    if soup.body is not None:
        soup.body["class"] = " ".join([*soup.body.get_attribute_list("class"), "avv-sign-copy"])
    return str(soup)


def write_sign_copy(agreement: Agreement, controller: Path, output: Path) -> None:
    """Reads the customer's entries from `controller` and writes the filled PDF or Word document
    (by the suffix of `output`); on any problem nothing is written."""
    suffix = output.suffix.lower()
    if suffix not in (".pdf", ".docx"):
        raise AvvError(
            f"{output}: unbekanntes Format — geben Sie eine Datei auf .pdf oder .docx an"
        )
    if not output.parent.is_dir():
        raise AvvError(f"{output.parent}: den Ordner gibt es nicht — legen Sie ihn zuerst an")
    try:
        found = read_named(controller, MAX_BYTES)
        if found is None:
            raise AvvError(
                f"{controller}: keine gewöhnliche Datei (ein Ordner, eine FIFO oder ein Gerät) — "
                "geben Sie die YAML-Datei mit den Eingaben an"
            )
        data = found
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AvvError(
            f"{controller}: nicht lesbar ({error.__class__.__name__}) — "
            "geben Sie eine YAML-Datei in UTF-8 an"
        ) from error
    if len(data) > MAX_BYTES:
        raise AvvError(
            f"{controller}: größer als {MAX_SIZE} — das sind keine Eingaben eines Kunden"
        )
    entries = read_entries(text, str(controller), blanks(agreement))
    if suffix == ".docx":
        from avv.documents.sign_copy_docx import sign_copy_docx

        document = sign_copy_docx(agreement, entries)
    else:
        document = pdf.render_pdf(sign_copy_html(agreement, entries))
    output_folder.write_file(output, document)


def fill(soup: BeautifulSoup, found: Sequence[Blank], entries: Entries) -> None:
    """Puts each blank's entries into its element of the document."""
    writers: dict[str, Callable[[BeautifulSoup, Tag, Blank, Sequence[Record]], None]] = {
        CONTROLLER: _lines,
        AUTHORISED_PERSONS: _table,
        SIGNATURE: _signature,
    }
    for blank in found:
        slot = soup.select_one(SLOTS[blank.id])
        if slot is None:
            raise AvvError(
                f"das druckbare Dokument hat keinen Platz für die Lücke {blank.id!r} — die "
                "Vorlage prüfen"
            )
        records = entries.of(blank.id)
        if records:
            writers[blank.id](soup, slot, blank, records)


def _lines(soup: BeautifulSoup, slot: Tag, blank: Blank, records: Sequence[Record]) -> None:
    lines = lines_of(blank, records[0])
    slot.clear()
    slot["class"] = "avv-filled"
    for number, line in enumerate(lines):
        if number:
            slot.append(soup.new_tag("br"))
        slot.append(line)


def _table(soup: BeautifulSoup, slot: Tag, blank: Blank, records: Sequence[Record]) -> None:
    table = soup.new_tag("table", attrs={"class": "avv-table avv-filled-table"})
    head_row = soup.new_tag("tr")
    for field in blank.fields:
        cell = soup.new_tag("th", attrs={"scope": "col"})
        cell.string = field.label
        head_row.append(cell)
    thead, tbody = soup.new_tag("thead"), soup.new_tag("tbody")
    thead.append(head_row)
    for record in records:
        row = soup.new_tag("tr")
        for field in blank.fields:
            cell = soup.new_tag("td")
            cell.string = record.get(field.key, "")
            row.append(cell)
        tbody.append(row)
    table.append(thead)
    table.append(tbody)
    wrapper = soup.new_tag(
        "div",
        attrs={
            "class": "avv-table-wrapper",
            "role": "region",
            "tabindex": "0",
            "aria-label": blank.title,
        },
    )
    wrapper.append(table)
    slot.replace_with(wrapper)


def _signature(soup: BeautifulSoup, slot: Tag, blank: Blank, records: Sequence[Record]) -> None:
    record = records[0]
    lines = slot.select(".avv-blank")
    if len(lines) < 2:
        raise AvvError(
            "die Unterschrift des Auftraggebers hat keine Zeilen für Ort, Datum und Name — die "
            "Vorlage prüfen"
        )
    place_and_date, signatory = lines[:2]
    place, day = record.get("ort", ""), record.get("datum", "")
    if place or day:
        written = format_date(date.fromisoformat(day)) if day else BLANK_LINE
        place_and_date.string = f"{place or BLANK_LINE}, am {written}"
        place_and_date["class"] = "avv-filled-line"
    names = [record.get(f.key, "") for f in blank.fields if f.key not in ("ort", "datum")]
    signatory.string = "\u00a0"
    written_names = ", ".join(name for name in names if name)
    caption = soup.new_tag("span", attrs={"class": "avv-signatory-name"})
    caption.string = f"{blank.hint}: {written_names}" if blank.hint else written_names
    parent = signatory.parent
    if parent is None:
        raise AvvError("die Unterschriftszeile steht in keinem Absatz — die Vorlage prüfen")
    for node in list(parent.contents):
        if node is not signatory:
            node.extract()
    parent.append(soup.new_tag("br"))
    parent.append(caption)
