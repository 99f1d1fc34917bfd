"""The rules a single version of the agreement must keep; each broken rule is one `Problem`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from avv.errors import Problem
from avv.model import BLOCKS, ROMAN, Agreement, Clause, Section, Source
from avv.references import find_references

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)


def validate(agreement: Agreement) -> list[Problem]:
    rules: tuple[Callable[[Agreement], Iterable[Problem]], ...] = (
        _sections,
        _clause_letters,
        _blocks,
        _references,
        _data_categories,
        _instructions,
        _measures,
        _subprocessors,
    )
    return [problem for rule in rules for problem in rule(agreement)]


def _at(source: Source, message: str, hint: str) -> Problem:
    return Problem(source.path, source.line, message, hint)


def _sections(agreement: Agreement) -> Iterator[Problem]:
    if not agreement.sections:
        yield Problem("contract/avv.md", 1, "the contract has no sections", "add `## I. …`")
    for position, section in enumerate(agreement.sections):
        expected = ROMAN[position] if position < len(ROMAN) else "?"
        if section.number != expected:
            seen = [s.number for s in agreement.sections[:position]]
            what = "repeated" if section.number in seen else "out of order or a section is missing"
            yield _at(
                section.source,
                f"section {section.number} {what}: expected section {expected}",
                f"number the sections I, II, III, … in order; this one should be {expected}",
            )


def _clause_letters(agreement: Agreement) -> Iterator[Problem]:
    for section in agreement.sections:
        lettered = [c for c in section.clauses if c.kind == "lettered"]
        first_line: dict[str, int] = {}
        for position, clause in enumerate(lettered):
            expected = f"{chr(ord('a') + position)}."
            if clause.label in first_line:
                yield _at(
                    clause.source,
                    f"clause {section.number}.{clause.label[:-1]} repeated "
                    f"(first at line {first_line[clause.label]})",
                    f"letter the clauses of {section.number} a., b., c., … once each",
                )
            elif clause.label != expected:
                yield _at(
                    clause.source,
                    f"clause letter {clause.label!r} out of order in section {section.number}: "
                    f"expected {expected!r}",
                    f"letter the clauses of {section.number} a., b., c., … in order",
                )
            first_line.setdefault(clause.label, clause.source.line)


def _all_clauses(agreement: Agreement) -> Iterator[Clause]:
    yield from agreement.preamble
    for section in agreement.sections:
        yield from section.clauses


def _blocks(agreement: Agreement) -> Iterator[Problem]:
    placed: dict[str, Clause] = {}
    for clause in _all_clauses(agreement):
        if clause.block in placed:
            first = placed[clause.block].source.line
            yield _at(
                clause.source,
                f"{{{{ {clause.block} }}}} appears twice (first at line {first})",
                "keep one of them",
            )
        if clause.block:
            placed.setdefault(clause.block, clause)
    for block in BLOCKS[:-1]:
        if block not in placed:
            yield Problem(
                "contract/avv.md",
                1,
                f"{{{{ {block} }}}} is not placed in the text",
                f"add a line `{{{{ {block} }}}}` where it belongs",
            )


def _references(agreement: Agreement) -> Iterator[Problem]:
    targets = {section.id for section in agreement.sections}
    targets |= set(agreement.clauses())
    targets |= {annex.id for annex in agreement.annexes}
    for clause in _all_clauses(agreement):
        for text in (clause.text, *clause.items):
            for reference in find_references(text, agreement.annexes):
                if reference.target not in targets:
                    yield _at(
                        clause.source,
                        f"'{reference.label}' refers to something the agreement does not have",
                        _reference_hint(reference.target, agreement.sections),
                    )


def _reference_hint(target: str, sections: Iterable[Section]) -> str:
    if target.startswith("anlage-"):
        return "the annexes are Anlage 1 and Anlage 2"
    return f"the sections are {', '.join(s.number for s in sections)}; check the number and letter"


def _duplicates(entries: Iterable[tuple[str, Source]], what: str, hint: str) -> Iterator[Problem]:
    first: dict[str, Source] = {}
    for key, source in entries:
        folded = key.casefold().strip()
        if folded in first:
            yield _at(
                source, f"{what} {key!r} appears twice (first at line {first[folded].line})", hint
            )
        first.setdefault(folded, source)


def _data_categories(agreement: Agreement) -> Iterator[Problem]:
    rows = ((row.category, row.source) for row in agreement.data_categories)
    yield from _duplicates(rows, "data category", "merge the two rows")


def _instructions(agreement: Agreement) -> Iterator[Problem]:
    recipients = agreement.instructions.recipients
    yield from _duplicates(
        ((r.name, r.source) for r in recipients), "instruction recipient", "keep one entry"
    )
    for recipient in recipients:
        if recipient.email and not EMAIL.match(recipient.email):
            yield _at(
                recipient.source,
                f"{recipient.email!r} is not an e-mail address",
                "write name@example.com",
            )
    contacts = [r for r in recipients if r.data_protection_contact]
    if recipients and len(contacts) != 1:
        yield _at(
            recipients[0].source,
            f"{len(contacts)} recipients are marked data_protection_contact",
            "mark exactly one: customers write their objections (VI.c) to that person",
        )


def _measures(agreement: Agreement) -> Iterator[Problem]:
    for position, category in enumerate(agreement.measures, start=1):
        if category.number != position:
            yield _at(
                category.source,
                f"measure category {category.number} out of order: expected {position}",
                "number the categories of Anlage 1 1, 2, 3, … in order",
            )
        entries = ((measure, category.source) for measure in category.measures)
        yield from _duplicates(entries, f"measure of category {category.number}", "keep one")


def _subprocessors(agreement: Agreement) -> Iterator[Problem]:
    entries = ((s.name, s.source) for s in agreement.subprocessors)
    yield from _duplicates(entries, "subprocessor", "list each subprocessor once in Anlage 2")
