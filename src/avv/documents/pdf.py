"""HTML to PDF with WeasyPrint: the printable document of a version (`avv.pdf`)."""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from contextlib import contextmanager

from avv.errors import AvvError
from avv.logs import collected


def render_pdf(document: str) -> bytes:
    """The tagged PDF (PDF/UA-1: headings, lists and tables as structure, for screen readers) of
    a complete HTML document; its stylesheet sets the page size, numbers and footer.

    WeasyPrint only logs what it cannot render (an unknown CSS property, a missing font); such a
    PDF differs from what the stylesheet says, so a warning is an error here.
    """
    # Imported here: loading WeasyPrint takes a second, and `mike list` imports the hooks.
    import weasyprint

    with collected("weasyprint") as warnings, _stable_tag_ids():
        pdf = bytes(weasyprint.HTML(string=document).write_pdf(pdf_variant="pdf/ua-1"))
    if warnings:
        raise AvvError("avv.pdf: WeasyPrint: " + "; ".join(w.getMessage() for w in warnings))
    return pdf


@contextmanager
def _stable_tag_ids() -> Iterator[None]:
    """WeasyPrint (69) names the header cells of a tagged table by their memory address, so two
    renders of one version would differ; numbered in order instead, the same version always
    makes the same file, as a published version must."""
    from weasyprint.pdf import tags

    numbers: dict[int, int] = {}

    def stable(thing: object) -> int:
        return numbers.setdefault(builtins.id(thing), len(numbers) + 1)

    tags.id = stable  # the module's own name for the builtin it calls
    try:
        yield
    finally:
        del tags.id
