"""The agreement as a Word document: a version (`avv.docx`), and the redline of two versions
(`aenderungen.docx`) in which every change is a tracked change by websms.

One writer makes both: a version is the redline of the version against itself, with nothing to
track. What is inserted and deleted comes from the project's own comparison, never from comparing
two files: the clause alignment and word diff of `avv.changes.redline` for the text, the rows of
`avv.changes.tables` (matched as the redline matches them) for the tables, and the same word diff
for each cell, the parties and the signatures. So accepting every change gives the newer version's
document word for word and rejecting every change the older one's.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar, cast

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENTATION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from avv.changes import redline
from avv.changes import tables as changes
from avv.changes.redline import ClauseDiff, ItemDiff, SectionDiff, Status
from avv.content import canonical
from avv.documents.tracked import (
    AUTHOR,
    Change,
    Piece,
    Revisions,
    add_run,
    mark_paragraph,
    mark_row,
    pieces,
    restyle_paragraph,
    track_revisions,
)
from avv.errors import AvvError
from avv.german import format_date
from avv.model import (
    Agreement,
    Clause,
    DataCategory,
    InstructionRecipient,
    MeasureCategory,
    Section,
    Subprocessor,
)

Row = TypeVar("Row")
Text = tuple[str, str]
"""A line of text and the name of its paragraph style."""
Lines = tuple[str, ...]

FONT = "Arial"
# The zip entries' time: fixed, so that the same model always gives the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# Paragraph styles of the agreement, beside Word's own Title, Heading 1 and Table Grid.
CLAUSE, BULLET, PARAGRAPH, ITEM = "AVV Klausel", "AVV Aufzählung", "AVV Absatz", "AVV Unterpunkt"
LINE, LINE_END, BLANK = "AVV Zeile", "AVV Zeile Abschluss", "AVV Ausfüllfeld"
CELL, CELL_BOLD, CELL_ITEM, HEAD = "AVV Zelle", "AVV Zelle fett", "AVV Zelle Punkt", "AVV Kopfzeile"
SIGNATORY, NOTE, ANNEX = "AVV Unterschrift", "AVV Vermerk", "AVV Anlage"
_KIND_STYLES = {"lettered": CLAUSE, "bullet": BULLET, "paragraph": PARAGRAPH}


def version_docx(agreement: Agreement) -> bytes:
    """The version as a Word document: title, parties, sections I–XIII with their clause letters
    and tables, the signature block with the customer's blanks, Anlage 1 and Anlage 2."""
    return _Writer(agreement, agreement).write()


def redline_docx(old: Agreement, new: Agreement) -> bytes:
    """The newer version's document in which every difference to the older one is a tracked
    change by websms on the newer version's day of announcement."""
    return _Writer(old, new).write()


@dataclass(frozen=True)
class _Line:
    status: Status
    pieces: tuple[Piece, ...]
    style: str
    old_style: str | None = None


def _lines(
    old: Sequence[Text], new: Sequence[Text], renamed: tuple[str, str] | None = None
) -> list[_Line]:
    """Lines compared as the redline compares a list: item by item, word by word; the name of a
    row replaced in place (`renamed`) is deleted and inserted whole, as the redline shows it."""
    if renamed is not None and len(old) == len(new) == 1:
        (old_text, old_style), (new_text, style) = old[0], new[0]
        if (old_text, new_text) == renamed:
            whole = (Piece(old_text, False, "delete"), Piece(new_text, False, "insert"))
            return [_Line("changed", whole, style, old_style)]
    items = redline.list_diff([text for text, _ in old], [text for text, _ in new])
    return _walk(items, old, new)


def _walk(items: Sequence[ItemDiff], old: Sequence[Text], new: Sequence[Text]) -> list[_Line]:
    """The compared items with the text and style of each side, which the diff leaves out."""
    result: list[_Line] = []
    i = j = 0
    for item in items:
        before = old[i] if item.status != "added" else None
        after = new[j] if item.status != "removed" else None
        i += before is not None
        j += after is not None
        style = (after or before or ("", PARAGRAPH))[1]
        found = pieces(item.diff, before[0] if before else "", after[0] if after else "")
        result.append(_Line(item.status, tuple(found), style, before[1] if before else None))
    return result


def _text_line(status: Status, old: str, new: str, style: str) -> _Line:
    return _Line(status, tuple(pieces(redline.word_diff(old, new), old, new)), style)


def _change(status: Status) -> Change | None:
    return "insert" if status == "added" else "delete" if status == "removed" else None


def _presence(in_old: bool, in_new: bool) -> Change | None:
    return None if in_old == in_new else "insert" if in_new else "delete"


class _Flow:
    """Paragraphs written one after another into the body or a cell. A paragraph inserted or
    deleted has its end marked too; the end of the last one of a cell (or the last one before a
    table) cannot be, so the paragraph before it takes the mark where it has the same style."""

    def __init__(
        self, container: Document | _Cell, revisions: Revisions, style_ids: dict[str, str]
    ) -> None:
        self.container = container
        self.revisions = revisions
        self.style_ids = style_ids
        self.unused: Paragraph | None = (
            container.paragraphs[0] if isinstance(container, _Cell) else None
        )
        self.written: list[tuple[Paragraph, Status]] = []

    def paragraph(
        self, style: str, status: Status = "unchanged", old_style: str | None = None
    ) -> Paragraph:
        """A paragraph of the style; `old_style`, where the older version had another one."""
        if self.unused is not None:
            paragraph, self.unused = self.unused, None
        else:
            paragraph = cast(Paragraph, self.container.add_paragraph())
        # By id: python-docx's lookup by name reads every style of the template each time.
        paragraph._p.style = self.style_ids[style]
        if old_style is not None and old_style != style and status in ("changed", "unchanged"):
            restyle_paragraph(paragraph, self.style_ids[old_style], self.revisions)
        self.written.append((paragraph, status))
        return paragraph

    def line(self, line: _Line) -> Paragraph:
        paragraph = self.paragraph(line.style, line.status, line.old_style)
        for piece in line.pieces:
            add_run(paragraph, piece, self.revisions)
        return paragraph

    def close(self) -> None:
        """Marks the ends of the paragraphs written since the last close."""
        written, self.written = self.written, []
        if not written:
            return
        for paragraph, status in written[:-1]:
            change = _change(status)
            if change:
                mark_paragraph(paragraph, change, self.revisions)
        last, status = written[-1]
        change = _change(status)
        if change is None:
            return
        # The mark of the last paragraph that stays on the side where the last one is gone.
        gone = "added" if change == "insert" else "removed"
        kept = [(p, s) for p, s in written[:-1] if s != gone]
        if kept and kept[-1][1] in ("unchanged", "changed") and kept[-1][0].style == last.style:
            mark_paragraph(kept[-1][0], change, self.revisions)


@dataclass(frozen=True)
class _Column(Generic[Row]):
    key: str
    heading: str
    cell: Callable[[Row], tuple[Text, ...]]


@dataclass(frozen=True)
class _TableRow(Generic[Row]):
    """A row of a table; `renamed` is the old and new key of a row replaced in place."""

    status: Status
    old: Row | None
    new: Row | None
    renamed: tuple[str, str] | None = None


class _Writer:
    def __init__(self, old: Agreement, new: Agreement) -> None:
        self.old, self.new = old, new
        self.found = redline.redline(old, new)
        self.changes = changes.compare(old, new)
        self.tracked = old is not new
        self.revisions = Revisions(new.meta.published)
        self.document = docx.Document()
        _styles(self.document)
        self.style_ids = {style.name: style.style_id for style in self.document.styles}
        self.body = _Flow(self.document, self.revisions, self.style_ids)

    def write(self) -> bytes:
        try:
            return self._write()
        except ValueError as error:
            if "XML compatible" not in str(error):
                raise
            raise AvvError(
                "Word-Dokument: ein Text enthält ein Steuerzeichen, das XML nicht fassen kann — "
                "das Zeichen löschen (avv check findet es)"
            ) from error

    def _write(self) -> bytes:
        _page(self.document, self.old, self.new, self.tracked)
        if self.tracked:
            track_revisions(self.document)
        old, new = self.old, self.new
        self.body.line(_text_line("unchanged", _version_line(old), _version_line(new), NOTE))
        title = self.body.paragraph("Title")
        for piece in pieces(self.found.title, old.title, new.title):
            add_run(title, piece, self.revisions)
        for section, entries in _with_moves(self.found, old):
            if section.id != redline.PREAMBLE:
                self.heading(section)
            for clause, place in entries:
                self.clause(clause, place)
        self.signatures()
        self.annex_heading(old.measures_annex.title, new.measures_annex.title)
        self.table(
            _measure_columns(),
            _measure_columns(),
            _rows(old.measures, new.measures, self.changes.measures),
            (Cm(5.5), Cm(10.5)),
        )
        self.annex_heading(old.subprocessors_annex.title, new.subprocessors_annex.title)
        self.table(
            _subprocessor_columns(old),
            _subprocessor_columns(new),
            _rows(old.subprocessors, new.subprocessors, self.changes.subprocessors),
            (),
        )
        self.body.paragraph(PARAGRAPH)
        self.body.close()
        return _save(self.document)

    # -- the text ------------------------------------------------------------------------------

    def heading(self, section: SectionDiff) -> None:
        change = _change(section.status)
        if change is None:
            number = redline.word_diff(section.old_number, section.number)
            found = pieces(number, section.old_number, section.number)
        else:
            found = [Piece(section.number, False, change)]
        found.append(Piece(". ", False, change))
        old_title = "".join(s.text for s in section.title if s.kind != "insert")
        new_title = "".join(s.text for s in section.title if s.kind != "delete")
        found += pieces(section.title, old_title, new_title)
        paragraph = self.body.paragraph("Heading 1", section.status)
        for piece in found:
            add_run(paragraph, piece, self.revisions)

    def clause(self, c: ClauseDiff, place: str) -> None:
        """A clause where it stands; a moved clause is deleted where it stood ("from") and
        inserted where it stands now ("to")."""
        old: Clause | None
        new: Clause | None
        status: Status
        if place == "from":
            assert c.old is not None
            old, new, status = c.old, None, "removed"
        elif place == "to":
            assert c.new is not None
            old, new, status = None, c.new, "added"
        else:
            old, new, status = c.old, c.new, c.status
        clause = new or old
        assert clause is not None
        if clause.kind == "block":
            self.block(clause.block or "", old is not None, new is not None)
            return
        old_text, new_text = old.text if old else "", new.text if new else ""
        text = c.text if place == "here" else redline.word_diff(old_text, new_text)
        old_items, new_items = old.items if old else (), new.items if new else ()
        items = c.items if place == "here" else redline.list_diff(old_items, new_items)
        old_label, new_label = old.label if old else "", new.label if new else ""
        found = pieces(redline.word_diff(old_label, new_label), old_label, new_label)
        if old_label or new_label:
            found.append(Piece("\t", False, _presence(bool(old_label), bool(new_label))))
        found += pieces(text, old_text, new_text)
        old_style = _KIND_STYLES[old.kind] if old else None
        paragraph = self.body.paragraph(_KIND_STYLES[clause.kind], status, old_style)
        for piece in found:
            add_run(paragraph, piece, self.revisions)
        sides = (
            [(t, _item_style(old)) for t in old_items],
            [(t, _item_style(new)) for t in new_items],
        )
        for line in _walk(items, *sides):
            self.body.line(line)

    def block(self, block: str, in_old: bool, in_new: bool) -> None:
        old, new = self.old, self.new
        if block == "datenkategorien":
            self.table(
                _data_category_columns(old),
                _data_category_columns(new),
                _rows(
                    old.data_categories if in_old else (),
                    new.data_categories if in_new else (),
                    self.changes.data_categories if in_old and in_new else (),
                ),
                (),
            )
        elif block == "weisungsempfaenger":
            rows = _rows(
                old.instructions.recipients if in_old else (),
                new.instructions.recipients if in_new else (),
                self.changes.recipients if in_old and in_new else (),
            )
            for row in rows:
                self.body.line(_recipient_line(row))
        else:
            before = _block_lines(old, block) if in_old else ()
            after = _block_lines(new, block) if in_new else ()
            for line in _lines(before, after):
                self.body.line(line)

    def signatures(self) -> None:
        self.body.close()
        table = self.document.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        old, new = _signature_cells(self.old), _signature_cells(self.new)
        for cell, before, after in zip(table.rows[0].cells, old, new, strict=True):
            cell.width = Cm(8)
            flow = _Flow(cell, self.revisions, self.style_ids)
            for line in _lines(before, after):
                flow.line(line)
            flow.close()

    def annex_heading(self, old: str, new: str) -> None:
        self.body.line(_text_line("unchanged", old, new, ANNEX))

    # -- the tables ----------------------------------------------------------------------------

    def table(
        self,
        old_columns: Sequence[_Column[Row]],
        new_columns: Sequence[_Column[Row]],
        rows: Sequence[_TableRow[Row]],
        widths: Sequence[Length],
    ) -> None:
        """A table of either version's columns and rows; a row or column only one side has is
        inserted or deleted, a changed row's cells are compared line by line."""
        self.body.close()
        columns = _union(old_columns, new_columns)
        old_keys, new_keys = {c.key for c in old_columns}, {c.key for c in new_columns}
        table = self.document.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        header = table.rows[0]
        _repeat_header(header)
        by_key = {c.key: c for c in old_columns}
        for cell, column in zip(header.cells, columns, strict=True):
            old_heading = by_key[column.key].heading if column.key in old_keys else ""
            new_heading = column.heading if column.key in new_keys else ""
            self.cell(cell, [_text_line("unchanged", old_heading, new_heading, HEAD)])
        for row in rows:
            table_row = table.add_row()
            change = _change(row.status)
            if change:
                mark_row(table_row, change, self.revisions)
            for cell, column in zip(table_row.cells, columns, strict=True):
                before = (
                    column.cell(row.old) if row.old is not None and column.key in old_keys else ()
                )
                after = (
                    column.cell(row.new) if row.new is not None and column.key in new_keys else ()
                )
                self.cell(cell, _lines(before, after, row.renamed))
        _widths(table, widths)

    def cell(self, cell: _Cell, lines: Sequence[_Line]) -> None:
        flow = _Flow(cell, self.revisions, self.style_ids)
        for line in lines:
            flow.line(line)
        flow.close()


def _item_style(clause: Clause | None) -> str:
    return ITEM if clause is not None and clause.kind == "lettered" else BULLET


def _union(old: Sequence[_Column[Row]], new: Sequence[_Column[Row]]) -> list[_Column[Row]]:
    """The new version's columns with each column that only the old one has where it stood."""
    result = list(new)
    keys = [c.key for c in new]
    for index, column in enumerate(old):
        if column.key in keys:
            continue
        earlier = [c.key for c in old[:index] if c.key in keys]
        position = keys.index(earlier[-1]) + 1 if earlier else 0
        result.insert(position, column)
        keys.insert(position, column.key)
    return result


def _rows(
    old: Sequence[Row], new: Sequence[Row], found: Sequence[changes.RowChange[Row]]
) -> list[_TableRow[Row]]:
    """Rows as `avv.changes.tables` matched them, in the new order, each removed row after the row
    that preceded it in the old order. With no changes given and one side empty, every row is added
    or removed."""
    if not old or not new:
        return [_TableRow("removed", r, None) for r in old] + [
            _TableRow("added", None, r) for r in new
        ]
    added = {id(c.new) for c in found if c.kind == "added"}
    paired = {id(c.new): c for c in found if c.kind == "changed"}
    removed = {id(c.old) for c in found if c.kind == "removed"}
    result: list[_TableRow[Row]] = []
    for row in new:
        if id(row) in added:
            result.append(_TableRow("added", None, row))
        elif id(row) in paired:
            change = paired[id(row)]
            renamed = (change.old_key, change.key) if change.replaced else None
            result.append(_TableRow("changed", change.old, row, renamed))
        else:
            result.append(_TableRow("unchanged", row, row))
    for index, row in enumerate(old):
        if id(row) not in removed:
            continue
        position = 0
        for before in reversed(old[:index]):
            at = next((n for n, r in enumerate(result) if r.old is before or r.old == before), None)
            if at is not None:
                position = at + 1
                break
        result.insert(position, _TableRow("removed", row, None))
    return result


def _with_moves(
    found: redline.Redline, old: Agreement
) -> list[tuple[SectionDiff, list[tuple[ClauseDiff, str]]]]:
    """The sections with their clauses, and a deleted copy of each moved clause where it stood
    in the older version, so that rejecting every change restores the old order."""
    sections = [(s, [(c, "to" if c.moved else "here") for c in s.clauses]) for s in found.sections]
    old_sections: list[Section] = [Section(redline.PREAMBLE, "", "", old.preamble), *old.sections]
    where = {id(clause): (s, i) for s in old_sections for i, clause in enumerate(s.clauses)}
    moved = [c for s in found.sections for c in s.clauses if c.moved and c.old is not None]
    moved.sort(key=lambda c: _old_order(where, old_sections, c.old))
    for clause in moved:
        assert clause.old is not None
        old_section, index = where[id(clause.old)]
        target, position = _old_place(sections, old_section, index)
        target.insert(position, (clause, "from"))
    return sections


def _old_order(
    where: dict[int, tuple[Section, int]], sections: list[Section], clause: Clause | None
) -> tuple[int, int]:
    section, index = where[id(clause)]
    return sections.index(section), index


def _old_place(
    sections: list[tuple[SectionDiff, list[tuple[ClauseDiff, str]]]],
    old_section: Section,
    index: int,
) -> tuple[list[tuple[ClauseDiff, str]], int]:
    """Where a clause stood: after the nearest earlier clause of its old section as that one is
    shown in its old place, or first among the clauses of its old section."""
    for before in reversed(old_section.clauses[:index]):
        for _, entries in sections:
            for position, (c, place) in enumerate(entries):
                if c.old is before and place != "to":
                    return entries, position + 1
    members = {id(c) for c in old_section.clauses}
    for _, entries in sections:
        for position, (c, place) in enumerate(entries):
            if c.old is not None and id(c.old) in members and place != "to":
                return entries, position
    for section, entries in sections:
        if section.id == old_section.id:
            return entries, 0
    return sections[0][1], 0


# -- the parts of the model as lines ---------------------------------------------------------


def _version_line(agreement: Agreement) -> str:
    return (
        f"Version {agreement.version} · Inhalts-Hash (SHA-256) {canonical.content_hash(agreement)}"
    )


def _block_lines(agreement: Agreement, block: str) -> tuple[Text, ...]:
    meta = agreement.meta
    if block == "auftragnehmer":
        p = meta.processor
        firm = (p.name, *p.address_lines, p.register_number)
        return (
            (p.role, LINE),
            (p.basis, LINE_END),
            *((line, LINE) for line in firm[:-1]),
            (firm[-1], LINE_END),
        )
    if block == "auftraggeber":
        c = meta.controller
        return (c.role, LINE), (c.basis, LINE_END), (c.blank, BLANK)
    if block == "weisungsberechtigte":
        return ((agreement.instructions.authorised_persons_blank, BLANK),)
    raise AvvError(f"avv.docx: kein Textblock {block!r} — Blöcke: auftragnehmer, auftraggeber")


def _recipient_line(row: _TableRow[InstructionRecipient]) -> _Line:
    old = row.old.line if row.old is not None else ""
    new = row.new.line if row.new is not None else ""
    return _text_line(row.status, old, new, BULLET)


def _signature_cells(agreement: Agreement) -> tuple[tuple[Text, ...], tuple[Text, ...]]:
    meta = agreement.meta
    processor, controller = meta.processor_signature, meta.controller_signature
    # A signature older than the version is not its own: the processor's blank to sign.
    signed: tuple[Text, ...] = (
        (f"{processor.place}, am {format_date(processor.date)}", CELL),
        (processor.signatory, SIGNATORY),
    )
    blank: tuple[Text, ...] = (
        (controller.place_and_date_blank, CELL),
        (controller.signatory_blank, SIGNATORY),
        (controller.signatory_label, CELL),
    )
    return (
        ((processor.heading, CELL_BOLD), *(signed if meta.processor_signed else blank)),
        (
            (controller.heading, CELL_BOLD),
            (controller.place_and_date_blank, CELL),
            (controller.signatory_blank, SIGNATORY),
            (controller.signatory_label, CELL),
        ),
    )


_DATA_CELLS: dict[str, Callable[[DataCategory], tuple[str, ...]]] = {
    "category": lambda d: (d.category,),
    "purpose": lambda d: d.purpose,
    "duration": lambda d: d.duration,
    "persons": lambda d: d.persons,
}


def _data_category_columns(agreement: Agreement) -> list[_Column[DataCategory]]:
    return [
        _Column(key, title, _cell(_DATA_CELLS[key], CELL_BOLD if key == "category" else CELL))
        for key, title in agreement.data_category_columns
    ]


def _cell(
    values: Callable[[Row], tuple[str, ...]], style: str
) -> Callable[[Row], tuple[Text, ...]]:
    return lambda row: tuple((value, style) for value in values(row))


def _measure_columns() -> list[_Column[MeasureCategory]]:
    labels = dict(changes.MEASURE_COLUMNS)
    return [
        _Column("title", labels["title"], lambda m: ((m.key, CELL_BOLD), (m.description, CELL))),
        _Column("measures", labels["measures"], _cell(lambda m: m.measures, CELL_ITEM)),
    ]


# Which fields of the registry's subprocessor table each Word column shows: every field the
# redline compares has a place in the Word document, so every change it shows is tracked there.
SUBPROCESSOR_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "address": ("address", "processing_location", "country", "processing_country"),
    "purpose": ("purpose",),
    "since": ("since",),
    "data_categories": ("data_categories",),
    "safeguard": ("safeguard",),
}


def _subprocessor_columns(agreement: Agreement) -> list[_Column[Subprocessor]]:
    """Anlage 2's printed columns (avv.changes.tables), each with what Word shows in it."""
    cells = changes.printed_subprocessor_cells(agreement)
    return [
        _Column(
            column.field,
            column.label,
            _cell(cells[column.field], CELL_BOLD if column.field == "name" else CELL),
        )
        for column in changes.printed_subprocessor_columns(agreement)
    ]


# -- the page and the styles ------------------------------------------------------------------


def _page(document: Document, old: Agreement, new: Agreement, tracked: bool) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENTATION.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)
    if tracked:
        head = (
            f"Änderungen von Version {old.version} zu Version {new.version} als nachverfolgte "
            f"Änderungen: Annehmen ergibt Version {new.version}, Ablehnen Version {old.version}"
        )
    else:
        head = f"{new.title} · Version {new.version}"
    header = section.header.paragraphs[0]
    header.text = head
    header.style = NOTE
    footer = section.footer.paragraphs[0]
    footer.style = NOTE
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Seite ")
    _field(footer, "PAGE")
    footer.add_run(" von ")
    _field(footer, "NUMPAGES")
    properties = document.core_properties
    properties.title = new.title
    properties.subject = head
    properties.author = properties.last_modified_by = AUTHOR
    properties.language = "de-AT"
    properties.revision = 1
    day = datetime(new.meta.published.year, new.meta.published.month, new.meta.published.day)
    properties.created = properties.modified = day


def _field(paragraph: Paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple", {qn("w:instr"): instruction})
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _styles(document: Document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    language = OxmlElement("w:lang", {qn("w:val"): "de-AT", qn("w:eastAsia"): "de-AT"})
    normal.element.get_or_add_rPr().append(language)
    for name, size in (("Title", 15), ("Heading 1", 11.5)):
        style = styles[name]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(14 if name == "Heading 1" else 0)
        style.paragraph_format.space_after = Pt(6 if name == "Heading 1" else 12)
        style.paragraph_format.keep_with_next = True
    title = styles["Title"].element
    title_border = title.find(qn("w:pPr"))
    if title_border is not None and title_border.find(qn("w:pBdr")) is not None:
        title_border.remove(title_border.find(qn("w:pBdr")))

    def paragraph_style(name: str, base: str = "Normal") -> ParagraphStyle:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        return cast(ParagraphStyle, style)

    clause = paragraph_style(CLAUSE)
    clause.paragraph_format.left_indent = Cm(0.8)
    clause.paragraph_format.first_line_indent = Cm(-0.8)
    clause.paragraph_format.tab_stops.add_tab_stop(Cm(0.8))
    for name, indent in ((BULLET, 0.8), (ITEM, 1.6)):
        style = paragraph_style(name)
        style.paragraph_format.left_indent = Cm(indent)
        style.paragraph_format.first_line_indent = Cm(-0.5)
        style.paragraph_format.tab_stops.add_tab_stop(Cm(indent))
        style.paragraph_format.space_after = Pt(3)
        _bullet(document, style, indent)
    paragraph_style(PARAGRAPH)
    line = paragraph_style(LINE)
    line.paragraph_format.space_after = Pt(0)
    paragraph_style(LINE_END)
    blank = paragraph_style(BLANK)
    blank.font.italic = True
    _shade(blank, "EDEDED")
    cell = paragraph_style(CELL)
    cell.paragraph_format.space_after = Pt(2)
    cell.font.size = Pt(9)
    bold = paragraph_style(CELL_BOLD, CELL)
    bold.font.bold = True
    item = paragraph_style(CELL_ITEM, CELL)
    item.paragraph_format.left_indent = Cm(0.4)
    item.paragraph_format.first_line_indent = Cm(-0.4)
    _bullet(document, item, 0.4)
    head = paragraph_style(HEAD, CELL)
    head.font.bold = True
    signatory = paragraph_style(SIGNATORY, CELL)
    signatory.paragraph_format.space_before = Pt(40)
    _top_border(signatory)
    note = paragraph_style(NOTE)
    note.font.size = Pt(8)
    note.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    annex = paragraph_style(ANNEX, "Heading 1")
    annex.paragraph_format.page_break_before = True


def _bullet(document: Document, style: ParagraphStyle, indent: float) -> None:
    """A bullet list numbering of its own for the style, indented by `indent` centimetres."""
    numbering = document.part.numbering_part.element
    abstract_id = str(100 + len(numbering.findall(qn("w:abstractNum"))))
    twips = str(round(indent * 567))
    hanging = str(round(min(indent, 0.5) * 567))
    abstract = OxmlElement("w:abstractNum", {qn("w:abstractNumId"): abstract_id})
    level = OxmlElement("w:lvl", {qn("w:ilvl"): "0"})
    for tag, value in (("w:start", "1"), ("w:numFmt", "bullet"), ("w:lvlText", "–")):
        level.append(OxmlElement(tag, {qn("w:val"): value}))
    level_properties = OxmlElement("w:pPr")
    level_properties.append(OxmlElement("w:ind", {qn("w:left"): twips, qn("w:hanging"): hanging}))
    level.append(level_properties)
    abstract.append(level)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    number = numbering.add_num(int(abstract_id))
    properties = style.element.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    num_pr.append(OxmlElement("w:numId", {qn("w:val"): str(number.numId)}))
    properties.insert(0, num_pr)


def _shade(style: ParagraphStyle, fill: str) -> None:
    properties = style.element.get_or_add_pPr()
    properties.append(OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:fill"): fill}))


def _top_border(style: ParagraphStyle) -> None:
    border = OxmlElement("w:pBdr")
    border.append(
        OxmlElement(
            "w:top",
            {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "4", qn("w:color"): "000000"},
        )
    )
    style.element.get_or_add_pPr().append(border)


def _repeat_header(row: docx.table._Row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _widths(table: Table, widths: Sequence[Length]) -> None:
    if not widths:
        return
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _save(document: Document) -> bytes:
    """The document's bytes, the same for the same content: zip entries get a fixed time."""
    written = io.BytesIO()
    document.save(written)
    fixed = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(fixed, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry.filename))
    return fixed.getvalue()
