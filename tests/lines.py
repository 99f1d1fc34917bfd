"""The agreement as lines, the unit in which the tests compare it with the seed and with what the
Word documents hold: each line, sentence and table row (as tab-separated cells) once."""

from __future__ import annotations

import re

from babel.dates import format_date

from avv.german import country_name
from avv.model import Agreement, Clause, Subprocessor
from tests.support import SEED


def _clause_lines(clause: Clause, agreement: Agreement) -> list[str]:
    if clause.block:
        return _block_lines(clause.block, agreement)
    return [f"{clause.label} {clause.text}".strip(), *clause.items]


def _block_lines(block: str, agreement: Agreement) -> list[str]:
    meta, instructions = agreement.meta, agreement.instructions
    processor, controller = meta.processor, meta.controller
    return {
        "auftragnehmer": [
            processor.role,
            processor.basis,
            processor.name,
            *processor.address_lines,
            processor.register_number,
        ],
        "auftraggeber": [controller.role, controller.basis, controller.blank],
        "datenkategorien": [
            "\t".join(label for _, label in agreement.data_category_columns),
            *(
                "\t".join(
                    " ".join(cell)
                    for cell in ((row.category,), row.purpose, row.duration, row.persons)
                )
                for row in agreement.data_categories
            ),
        ],
        "weisungsberechtigte": [instructions.authorised_persons_blank],
        "weisungsempfaenger": [recipient.line for recipient in instructions.recipients],
    }[block]


def model_lines(agreement: Agreement) -> list[str]:
    """Every line the model gives, in the seed's shape (a table row as tab-separated cells)."""
    meta = agreement.meta
    lines = [agreement.title]
    for clause in agreement.preamble:
        lines += _clause_lines(clause, agreement)
    for section in agreement.sections:
        lines.append(section.heading)
        for clause in section.clauses:
            lines += _clause_lines(clause, agreement)
    signed, blank = meta.processor_signature, meta.controller_signature
    lines += [signed.heading, blank.heading, blank.place_and_date_blank, signed.signatory]
    lines += [blank.signatory_blank, blank.signatory_label]
    lines.append(f"{signed.place}, am {format_date(signed.date, 'd. MMMM y', locale='de_AT')}")
    lines.append(agreement.measures_annex.title)
    for category in agreement.measures:
        lines += [category.key, category.description, *category.measures]
    lines.append(agreement.subprocessors_annex.title)
    lines.append("\t".join(label for _, label in agreement.subprocessor_columns))
    for s in agreement.subprocessors:
        lines.append("\t".join((s.name, s.address_cell, s.purpose)))
    return lines


def seed_lines() -> list[str]:
    lines = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        text = re.sub(r"^\s*- ", "", line).strip()
        if text:
            lines.append(text)
    return lines


def plain_lines(agreement: Agreement) -> list[str]:
    """The model's lines with their emphasis as formatting, not as `**`."""
    return [line.replace("**", "") for line in model_lines(agreement)]


def countries(s: Subprocessor) -> list[str]:
    """The lines that name a subprocessor's countries in its Anschrift cell."""
    located = s.processing_location
    return [
        f"Land: {country_name(s.country)} ({s.country})",
        *(
            [f"Land der Verarbeitung: {country_name(located.country)} ({located.country})"]
            if located
            else []
        ),
    ]


def word_lines(agreement: Agreement) -> list[str]:
    """The model's lines as the Word document holds them: Anlage 2's Anschrift cell also names
    the countries, which the redline compares as fields of their own."""
    rows = {"\t".join((s.name, s.address_cell, s.purpose)): s for s in agreement.subprocessors}
    result = []
    for line in plain_lines(agreement):
        s = rows.get(line)
        if s is None:
            result.append(line)
            continue
        result.append("\t".join((s.name, " ".join((s.address_cell, *countries(s))), s.purpose)))
        result += [s.address_cell, *countries(s)]
    return result
