"""A customer's agreement as it binds them on a day, as a PDF.

`avv.law.binding` decides which version's text binds them (the newest they agreed to, by signing
or consenting) and which version's changes by notice apply (Anlage 1 under VII.c, Anlage 2 under
VI.c, the instruction recipients of VIII: the newest version in effect on the day). That
combination may exist in no single commit; it is built from the model. Every page's footer
names the customer, both versions, the day and the SHA-256 of the combined content, so a printed
page says what it is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from avv.content.canonical import content_hash
from avv.german import format_date
from avv.model import Agreement
from avv.repo.history import Version

__all__ = ["agreement_on", "agreement_pdf", "footer"]


def agreement_on(history: Sequence[Version], text: str, notices: str) -> Agreement:
    """The text of version `text` with the changes by notice of version `notices` (its annexes
    and the instruction recipients of VIII); `avv.law.binding` decides the two."""
    agreements = {v.id: v.agreement for v in history}
    own = agreements[text]
    if notices == text:
        return own
    notified = agreements[notices]
    return dataclasses.replace(
        own,
        measures=notified.measures,
        subprocessors=notified.subprocessors,
        instructions=dataclasses.replace(
            own.instructions, recipients=notified.instructions.recipients
        ),
        # The rich spans are keyed by the texts themselves: the two versions' together.
        rich={**notified.rich, **own.rich},
    )


def footer(customer: str, agreement: Agreement, annexes: str, day: date) -> str:
    text = f"Kunde {customer} · Version {agreement.version}"
    if annexes != agreement.version:
        text += f" mit Anlagen und Weisungsempfängern der Version {annexes}"
    return f"{text} · Stand {format_date(day)} · SHA-256 {content_hash(agreement)}"


def agreement_pdf(
    history: Sequence[Version], report: Mapping[str, Any], day: date
) -> tuple[bytes, str]:
    """The PDF of the customer of `report` (see `reports.customer_report`) on `day`, and the
    line its footer carries."""
    from avv.documents import pdf
    from avv.documents.document import document_html
    from avv.documents.sign_copy import page_footer_css, stylesheet

    annexes = report["notices_of"]
    agreement = agreement_on(history, report["bound_to"], annexes)
    said = footer(report["customer"], agreement, annexes, day)
    html = document_html(agreement).replace(
        "</head>", f"<style>{stylesheet()}{page_footer_css(said)}</style>\n</head>", 1
    )
    return pdf.render_pdf(html), said
