"""The sign-ready copy as a Word document: `avv.docx` of the version with the customer's entries
in its blanks, and the version, its content hash and the day it takes effect in every page's
footer, as the PDF of `avv.documents.sign_copy` has them.

The version's document comes from `avv.documents.docx`; its blanks are the paragraphs of the
blank style and the controller's signature cell, which are replaced here by the entries as text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

import docx
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

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
)
from avv.documents.docx import BLANK, CELL, HEAD, LINE, LINE_END, NOTE, version_docx
from avv.errors import AvvError
from avv.german import format_date
from avv.model import Agreement


def sign_copy_docx(agreement: Agreement, entries: Entries) -> bytes:
    """The version's Word document with the entries in place."""
    document = docx.Document(io.BytesIO(version_docx(agreement)))
    found = {blank.id: blank for blank in blanks(agreement)}
    blank_paragraphs = [
        p for p in document.paragraphs if p.style is not None and p.style.name == BLANK
    ]
    expected = [b for b in (CONTROLLER, AUTHORISED_PERSONS) if b in found]
    if len(blank_paragraphs) != len(expected):
        raise AvvError(
            f"avv.docx hat {len(blank_paragraphs)} Lücken, das Modell {len(expected)} — "
            "avv.docx neu erzeugen"
        )
    for blank_id, paragraph in zip(expected, blank_paragraphs, strict=True):
        records = entries.of(blank_id)
        if not records:
            continue
        if blank_id == CONTROLLER:
            _lines(paragraph, found[blank_id], records)
        else:
            _table(document, paragraph, found[blank_id], records)
    if SIGNATURE in found and entries.of(SIGNATURE):
        _signature(document, agreement, found[SIGNATURE], entries.of(SIGNATURE)[0])
    _footer(document, agreement)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _remove(paragraph: Paragraph) -> None:
    element = paragraph._p
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _lines(paragraph: Paragraph, blank: Blank, records: Sequence[Record]) -> None:
    written = lines_of(blank, records[0])
    for number, line in enumerate(written):
        style = LINE_END if number == len(written) - 1 else LINE
        paragraph.insert_paragraph_before(line, style=style)
    _remove(paragraph)


def _table(document: Document, paragraph: Paragraph, blank: Blank, rows: Sequence[Record]) -> None:
    table: Table = document.add_table(rows=1 + len(rows), cols=len(blank.fields))
    table.style = document.styles["Table Grid"]
    for cell, field in zip(table.rows[0].cells, blank.fields, strict=True):
        cell.paragraphs[0].text = field.label
        cell.paragraphs[0].style = document.styles[HEAD]
    for row, record in zip(table.rows[1:], rows, strict=True):
        for cell, field in zip(row.cells, blank.fields, strict=True):
            cell.paragraphs[0].text = record.get(field.key, "")
            cell.paragraphs[0].style = document.styles[CELL]
    paragraph._p.addprevious(table._tbl)
    _remove(paragraph)


def _signature(document: Document, agreement: Agreement, blank: Blank, record: Record) -> None:
    """The controller's cell of the signature table: place and date, and the name under the
    line to sign on."""
    signature = agreement.meta.controller_signature
    cells = [
        cell
        for table in document.tables
        for cell in table._cells
        if any(p.text == signature.heading for p in cell.paragraphs)
    ]
    if not cells:
        raise AvvError(
            "avv.docx hat keine Unterschriftszelle des Auftraggebers — avv.docx neu erzeugen"
        )
    paragraphs = cells[0].paragraphs
    place, day = record.get("ort", ""), record.get("datum", "")
    for paragraph in paragraphs:
        if paragraph.text == signature.place_and_date_blank and (place or day):
            written = format_date(date.fromisoformat(day)) if day else BLANK_LINE
            _replace_text(paragraph, f"{place or BLANK_LINE}, am {written}")
        elif paragraph.text == signature.signatory_label.replace("**", ""):
            names = ", ".join(
                record[f.key]
                for f in blank.fields
                if f.key not in ("ort", "datum") and f.key in record
            )
            _replace_text(paragraph, f"{blank.hint}: {names}")


def _replace_text(paragraph: Paragraph, text: str) -> None:
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    if paragraph.runs:
        paragraph.runs[0].text = text
        paragraph.runs[0].bold = None
    else:
        paragraph.add_run(text)


def _footer(document: Document, agreement: Agreement) -> None:
    footer = document.sections[0].footer
    pages = footer.paragraphs[0]
    line = pages.insert_paragraph_before(footer_text(agreement), style=NOTE)
    line.paragraph_format.keep_with_next = True
