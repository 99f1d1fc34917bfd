"""HTML to PDF with WeasyPrint: the printable document of a version (`avv.pdf`)."""

from __future__ import annotations

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

    with collected("weasyprint") as warnings:
        pdf = bytes(weasyprint.HTML(string=document).write_pdf(pdf_variant="pdf/ua-1"))
    if warnings:
        raise AvvError("avv.pdf: WeasyPrint: " + "; ".join(w.getMessage() for w in warnings))
    return pdf
