"""The printable redline (`aenderungen.pdf`): the redline of two versions on A4, its marks kept
by underline and strike-through, so that it reads in black and white."""

from __future__ import annotations

from markupsafe import Markup

from avv.changes.redline import Redline
from avv.documents import pdf, redline_render
from avv.templating import render


def redline_pdf(r: Redline) -> bytes:
    fragment = Markup(redline_render.render_html(r))
    return pdf.render_pdf(render("html/redline_print.html.j2", r=r, fragment=fragment))
