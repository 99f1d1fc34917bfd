"""The version's downloads as data and document: avv.json, the same as `avv export`; avv.pdf,
the printable document (`avv.documents.document`), and avv.docx, the version as Word. The two
documents are derived files (avv.site.derived), made once per content hash."""

from __future__ import annotations

from avv.content import canonical
from avv.site.context import BuildContext, known_terms
from avv.site.page import Derived, Download, Page


def pages(context: BuildContext) -> list[Page]:
    return []


def downloads(context: BuildContext) -> list[Download]:
    agreement = context.agreement
    # An offer's PDF depends on the version before it too (avv.site.derived).
    before = context.earlier[-1:] if known_terms(context)[-1].offer else ()
    return [
        Download("avv.json", canonical.dumps(canonical.export(agreement))),
        Download("avv.pdf", Derived("avv.pdf", (agreement, *before))),
        Download("avv.docx", Derived("avv.docx", (agreement,))),
    ]
