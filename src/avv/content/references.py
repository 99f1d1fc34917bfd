"""Rich text: a text of the agreement as runs of plain and **bold** text, and its cross references
("Anlage 2 – Subunternehmer", "Punkt VI.c") with their targets, the ids of the model."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from avv.german import format_date
from avv.model import Agreement, Annex, RichText, Span

# "Abschnitt III DSGVO" names a chapter of the GDPR, not of the agreement: only "Punkt" links.
_CLAUSE = re.compile(r"\bPunkt +([IVXLC]+)(?:\.([a-z]))?\b")
_ANNEX = re.compile(r"\bAnlage +(\d+)")
_DASH = re.compile(r" +[–-] +")
# The agreement's own emphasis: `**AUFTRAGNEHMER**`.
BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Reference:
    """A span of a text that refers to a section, clause or annex, by its anchor id."""

    start: int
    end: int
    target: str
    label: str


def find_references(text: str, annexes: Iterable[Annex]) -> list[Reference]:
    """The references of `text` in order; an annex's title after its number belongs to the link."""
    titles = {annex.number: annex.title for annex in annexes}
    found = [_clause_reference(match) for match in _CLAUSE.finditer(text)]
    for match in _ANNEX.finditer(text):
        number = int(match.group(1))
        end = match.end() + _title_length(text[match.end() :], titles.get(number, ""))
        found.append(Reference(match.start(), end, f"anlage-{number}", text[match.start() : end]))
    return sorted(found, key=lambda reference: reference.start)


def _clause_reference(match: re.Match[str]) -> Reference:
    section, letter = match.group(1).lower(), match.group(2)
    target = f"{section}-{letter}" if letter else section
    return Reference(match.start(), match.end(), target, match.group(0))


def _title_length(rest: str, title: str) -> int:
    """How much of `rest` repeats the annex's own title ("– Subunternehmer"), if any."""
    name = _DASH.split(title, maxsplit=1)[-1] if _DASH.search(title) else ""
    dash = _DASH.match(rest)
    if name and dash and rest[dash.end() :].startswith(name):
        return dash.end() + len(name)
    return 0


def rich_texts(agreement: Agreement) -> dict[str, RichText]:
    """Every text of `agreement` that is shown as rich text, parsed."""
    return {text: rich_text(text, agreement.annexes) for text in _prose(agreement)}


def _prose(agreement: Agreement) -> Iterator[str]:
    meta = agreement.meta
    for clause in (*agreement.preamble, *(c for s in agreement.sections for c in s.clauses)):
        yield clause.text
        yield from clause.items
    p, c = meta.processor, meta.controller
    yield from (p.role, p.basis, p.name, *p.address_lines, p.register_number)
    yield from (c.role, c.basis, c.blank)
    yield agreement.instructions.authorised_persons_blank
    yield from (r.line for r in agreement.instructions.recipients)
    for row in agreement.data_categories:
        yield from (row.category, *row.purpose, *row.duration, *row.persons)
    for category in agreement.measures:
        yield from (category.description, *category.measures)
    for s in agreement.subprocessors:
        yield from (s.name, s.address_cell, s.purpose, *s.data_categories)
        if s.since:
            yield format_date(s.since)
        if s.safeguard:
            yield s.safeguard.reference
    signed, blank = meta.processor_signature, meta.controller_signature
    yield from (signed.heading, signed.signatory, blank.heading, blank.signatory_label)


def rich_text(text: str, annexes: Iterable[Annex]) -> RichText:
    """The text split at `**` markers and cross references."""
    annexes = tuple(annexes)
    result: list[Span] = []
    position = 0
    for match in BOLD.finditer(text):
        result += _spans(text[position : match.start()], False, annexes)
        result += _spans(match.group(1), True, annexes)
        position = match.end()
    result += _spans(text[position:], False, annexes)
    return tuple(span for span in result if span.text)


def _spans(text: str, bold: bool, annexes: tuple[Annex, ...]) -> list[Span]:
    result: list[Span] = []
    position = 0
    for reference in find_references(text, annexes):
        result.append(Span(text[position : reference.start], bold))
        result.append(Span(reference.label, bold, reference.target))
        position = reference.end
    result.append(Span(text[position:], bold))
    return result
