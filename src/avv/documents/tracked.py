"""Tracked changes in WordprocessingML, which python-docx has no API for.

Word and LibreOffice show a `w:ins` or `w:del` around a run as an insertion or deletion by its
`w:author` on its `w:date`; the text of a deleted run is `w:delText`. A paragraph mark, a table row
and a run's formatting carry their own marks. Every mark has a `w:id` unique in the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import _Row
from docx.text.paragraph import Paragraph

from avv.changes.redline import Diff, word_diff
from avv.content.references import BOLD

Change = Literal["insert", "delete"]
AUTHOR = "websms"
_TAGS: dict[Change, str] = {"insert": "w:ins", "delete": "w:del"}
# Stands in for a `*` of a `**` that is text, not emphasis, while two texts are compared.
_LITERAL = "\ue000"


@dataclass
class Revisions:
    """Stamps each mark with the author, the day of the newer version and the next free id."""

    day: date
    author: str = AUTHOR
    _next: int = field(default=1, init=False)

    def mark(self, change: Change) -> BaseOxmlElement:
        return self.element(_TAGS[change])

    def element(self, tag: str) -> BaseOxmlElement:
        element: BaseOxmlElement = OxmlElement(
            tag,
            {
                qn("w:id"): str(self._next),
                qn("w:author"): self.author,
                qn("w:date"): f"{self.day.isoformat()}T00:00:00Z",
            },
        )
        self._next += 1
        return element

    def format_change(self, was_bold: bool) -> BaseOxmlElement:
        """The formatting a run had before: `w:rPrChange` with the old `w:rPr`."""
        element = self.element("w:rPrChange")
        before: BaseOxmlElement = OxmlElement("w:rPr")
        if was_bold:
            before.append(OxmlElement("w:b"))
        element.append(before)
        return element


@dataclass(frozen=True)
class Piece:
    """A run of text to write: bold or not, inserted, deleted or kept (then `was_bold` is how
    the older version set it)."""

    text: str
    bold: bool
    change: Change | None = None
    was_bold: bool | None = None


def add_run(paragraph: Paragraph, piece: Piece, revisions: Revisions) -> None:
    run = paragraph.add_run(piece.text)
    if piece.bold:
        run.bold = True
    r = run._r
    if piece.was_bold is not None and piece.was_bold != piece.bold:
        r.get_or_add_rPr().append(revisions.format_change(piece.was_bold))
    if piece.change is None:
        return
    if piece.change == "delete":
        for text in r.iter(qn("w:t")):
            text.tag = qn("w:delText")
    wrapper = revisions.mark(piece.change)
    r.addprevious(wrapper)
    wrapper.append(r)


def mark_paragraph(paragraph: Paragraph, change: Change, revisions: Revisions) -> None:
    """Marks the paragraph's end as inserted or deleted: accepting a deleted mark joins the
    paragraph with the next one."""
    properties = paragraph._p.get_or_add_pPr()
    run_properties = properties.find(qn("w:rPr"))
    if run_properties is None:
        run_properties = OxmlElement("w:rPr")
        style_change = properties.find(qn("w:pPrChange"))
        if style_change is not None:
            style_change.addprevious(run_properties)
        else:
            properties.append(run_properties)
    run_properties.append(revisions.mark(change))


def restyle_paragraph(paragraph: Paragraph, old_style_id: str, revisions: Revisions) -> None:
    """Tracks the paragraph's style as changed: `w:pPrChange` holds the style it had (a lettered
    clause that became a plain paragraph)."""
    change = revisions.element("w:pPrChange")
    before: BaseOxmlElement = OxmlElement("w:pPr")
    before.append(OxmlElement("w:pStyle", {qn("w:val"): old_style_id}))
    change.append(before)
    paragraph._p.get_or_add_pPr().append(change)


def mark_row(row: _Row, change: Change, revisions: Revisions) -> None:
    row._tr.get_or_add_trPr().append(revisions.mark(change))


def track_revisions(document: Document) -> None:
    """Turns on change tracking, so that a reviewer's own edits are tracked too."""
    settings = document.settings.element
    if settings.find(qn("w:trackRevisions")) is None:
        # First in the sequence of w:settings that the default template fills.
        settings.insert(0, OxmlElement("w:trackRevisions"))


def pieces(diff: Diff, old_text: str, new_text: str) -> list[Piece]:
    """The runs of a word diff with the agreement's emphasis of each side.

    The redline compares text without `**` unless emphasis is all that changed; either way each
    side's emphasis is read back from that side, and a word only emphasised anew keeps its text
    and changes its formatting. A `**` that opens no emphasis is text, as on the site; where the
    redline dropped such a `**`, the two texts are compared again with it kept as text.
    """
    if old_text == new_text:
        return [Piece(text, bold, None, bold) for text, bold in _spans(new_text)]
    old_kept, new_kept = _literal(old_text), _literal(new_text)
    if (old_kept, new_kept) != (old_text, new_text):
        return [
            Piece(p.text.replace(_LITERAL, "*"), p.bold, p.change, p.was_bold)
            for p in pieces(word_diff(old_kept, new_kept), old_kept, new_kept)
        ]
    old_side = "".join(s.text for s in diff if s.kind != "insert")
    new_side = "".join(s.text for s in diff if s.kind != "delete")
    old_marks, new_marks = iter(_emphasis(old_side, old_text)), iter(_emphasis(new_side, new_text))
    result: list[Piece] = []
    for segment in diff:
        for char in segment.text:
            if segment.kind == "equal":
                was, now = next(old_marks), next(new_marks)
                if now is not None:
                    _append(result, Piece(char, now, None, was if was is not None else now))
            else:
                marks = old_marks if segment.kind == "delete" else new_marks
                bold = next(marks)
                if bold is not None:
                    _append(result, Piece(char, bold, segment.kind))
    return result


def _spans(text: str) -> Iterator[tuple[str, bool]]:
    position = 0
    for match in BOLD.finditer(text):
        if match.start() > position:
            yield text[position : match.start()], False
        yield match.group(1), True
        position = match.end()
    if position < len(text):
        yield text[position:], False


def _literal(text: str) -> str:
    """The text with each `**` outside emphasis replaced by two characters that are no `*`."""
    return "".join(
        part if bold_marked else part.replace("**", _LITERAL * 2)
        for part, bold_marked in _marked_parts(text)
    )


def _marked_parts(text: str) -> Iterator[tuple[str, bool]]:
    position = 0
    for match in BOLD.finditer(text):
        yield text[position : match.start()], False
        yield match.group(0), True
        position = match.end()
    yield text[position:], False


def _append(result: list[Piece], piece: Piece) -> None:
    last = result[-1] if result else None
    if last and (last.bold, last.change, last.was_bold) == (
        piece.bold,
        piece.change,
        piece.was_bold,
    ):
        result[-1] = Piece(last.text + piece.text, last.bold, last.change, last.was_bold)
    else:
        result.append(piece)


def _emphasis(side: str, original: str) -> Iterator[bool | None]:
    """For each character of `side`, whether it is bold, or None for a `**` marker.

    `side` is either the `original` without its markers or the original itself."""
    own = "**" in side or side != original.replace("**", "")
    source = side if own else original
    markers: tuple[None, ...] = (None, None) if own else ()
    position = 0
    for match in BOLD.finditer(source):
        yield from (False for _ in range(match.start() - position))
        yield from markers
        yield from (True for _ in match.group(1))
        yield from markers
        position = match.end()
    yield from (False for _ in range(len(source) - position))
