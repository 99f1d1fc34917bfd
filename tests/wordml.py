"""Reading Word documents in tests: the paragraphs after accepting or rejecting every tracked
change, as Word and LibreOffice resolve them, straight from the WordprocessingML."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Literal

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
Action = Literal["accept", "reject"]
Paragraph = tuple[str, tuple[tuple[str, bool], ...]]
"""A paragraph's style id and its text as runs of (text, bold)."""


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def resolved(data: bytes, action: Action) -> list[Paragraph]:
    """Every non-empty paragraph of the body and its tables, in order, after the action: changes
    of the other kind are gone, a paragraph whose mark is gone joins the next one, and a run's
    formatting change is kept (accept) or undone (reject)."""
    gone = "del" if action == "accept" else "ins"
    return [p for p in _container(document_xml(data).find(f"{W}body"), gone, action) if p[1]]


def _container(parent: etree._Element, gone: str, action: Action) -> Iterator[Paragraph]:
    carried: list[tuple[str, bool]] = []
    for child in parent:
        if child.tag == f"{W}p":
            runs = carried + list(_runs(child, gone, action))
            mark = child.find(f"{W}pPr/{W}rPr/{W}{gone}")
            if mark is not None:
                carried = runs
                continue
            carried = []
            yield _style(child, action), _merge(runs)
        elif child.tag == f"{W}tbl":
            for row in child.iter(f"{W}tr"):
                if row.find(f"{W}trPr/{W}{gone}") is not None:
                    continue
                for cell in row.iter(f"{W}tc"):
                    yield from _container(cell, gone, action)
    if carried:
        yield "", _merge(carried)


def _style(paragraph: etree._Element, action: Action) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    before = paragraph.find(f"{W}pPr/{W}pPrChange/{W}pPr/{W}pStyle")
    if action == "reject" and before is not None:
        style = before
    return style.get(f"{W}val") if style is not None else ""


def _runs(paragraph: etree._Element, gone: str, action: Action) -> Iterator[tuple[str, bool]]:
    for child in paragraph:
        if child.tag == f"{W}r":
            yield _run(child, action)
        elif child.tag in (f"{W}ins", f"{W}del") and child.tag != f"{W}{gone}":
            for run in child.iter(f"{W}r"):
                yield _run(run, action)


def _run(run: etree._Element, action: Action) -> tuple[str, bool]:
    properties = run.find(f"{W}rPr")
    if action == "reject" and properties is not None:
        before = properties.find(f"{W}rPrChange/{W}rPr")
        properties = before if before is not None else properties
    bold = properties is not None and properties.find(f"{W}b") is not None
    text = []
    for part in run:
        if part.tag in (f"{W}t", f"{W}delText"):
            text.append(part.text or "")
        elif part.tag == f"{W}tab":
            text.append("\t")
        elif part.tag == f"{W}br":
            text.append("\n")
    return "".join(text), bold


def _merge(runs: list[tuple[str, bool]]) -> tuple[tuple[str, bool], ...]:
    merged: list[tuple[str, bool]] = []
    for text, bold in runs:
        if not text:
            continue
        if merged and merged[-1][1] == bold:
            merged[-1] = (merged[-1][0] + text, bold)
        else:
            merged.append((text, bold))
    return tuple(merged)


def text_of(paragraphs: list[Paragraph]) -> list[str]:
    return ["".join(text for text, _ in runs) for _, runs in paragraphs]
