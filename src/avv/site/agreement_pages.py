"""The pages of one version made from the model: overview, the full text, Anlage 1 and Anlage 2.

The pages are Markdown whose every text comes from `inline` (escaped, bold, references linked);
structure that Markdown cannot express (clause anchors, blanks, tables with row ids) is HTML with
`markdown` attributes (md_in_html), so MkDocs still checks every link and anchor. The same Markdown,
with links inside one document, makes the printable document of the PDF.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable, Sequence

from avv import canonical, markdown_text
from avv.german import format_date
from avv.model import (
    Agreement,
    Annex,
    Clause,
    DataCategory,
    MeasureCategory,
    Section,
    Subprocessor,
)
from avv.site import inline
from avv.site.context import BuildContext
from avv.site.pages import Page

OVERVIEW = "index.md"
AGREEMENT = inline.AGREEMENT_PAGE
PERMALINK_TITLE = "Link zu diesem Abschnitt"
NAV = "AVV"

Link = Callable[[str], str]
"""Where a reference target (`vi-c`, `anlage-2`) is, as seen from the page being written."""


def pages(context: BuildContext) -> list[Page]:
    agreement = context.agreement
    return [
        Page(AGREEMENT, agreement.title, agreement_markdown(agreement, _site_link(AGREEMENT)), NAV),
        _annex_page(agreement, agreement.measures_annex, measures_markdown),
        _annex_page(agreement, agreement.subprocessors_annex, subprocessors_markdown),
    ]


def overview(context: BuildContext, others: Sequence[Page]) -> Page:
    """The start page of the version: dates, hash, downloads and links to the other pages."""
    agreement = context.agreement
    meta = agreement.meta
    published, effective = format_date(meta.published), format_date(meta.effective)
    version = html.escape(meta.version)  # in attributes and cells; validated as YYYY-MM-DD…
    contents = "\n".join(
        f"- [{markdown_text.escape(page.title)}]({_relative(OVERVIEW, page.path)})"
        for page in others
        if page.nav
    )
    text = f"""# Auftragsverarbeitungsvereinbarung, Version {markdown_text.escape(meta.version)}

{markdown_text.escape(agreement.title)}

<p class="avv-state" data-version="{version}" data-published="{meta.published.isoformat()}" \
data-effective="{meta.effective.isoformat()}">\
Bekanntgegeben am {published}, gültig ab {effective}.</p>

<table class="avv-facts">
<tbody>
<tr><th scope="row">Version</th><td>{version}</td></tr>
<tr><th scope="row">Bekanntgabe</th><td>{published}</td></tr>
<tr><th scope="row">Gültig ab</th><td>{effective}</td></tr>
<tr><th scope="row">Inhalts-Hash (SHA-256)</th><td><code class="avv-hash">\
{canonical.content_hash(agreement)}</code></td></tr>
</tbody>
</table>

## Inhalt {{#inhalt}}

{contents}

## Downloads {{#downloads}}

- [avv.json](avv.json): diese Version als Daten (JSON, wie `avv export` sie ausgibt)
- [avv.pdf](avv.pdf): diese Version als PDF-Dokument (A4) zum Ausdrucken und Unterschreiben
"""
    return Page(OVERVIEW, f"Übersicht – Version {meta.version}", text, "Übersicht")


def _annex_page(
    agreement: Agreement, annex: Annex, render: Callable[[Agreement, Link], str]
) -> Page:
    path = f"{annex.id}/index.md"
    return Page(path, annex.title, render(agreement, _site_link(path)), f"Anlage {annex.number}")


def _site_link(page: str) -> Link:
    return lambda target: inline.link_from(page, target)


def _relative(page: str, path: str) -> str:
    return posixpath.relpath(path, posixpath.dirname(page) or ".")


# The full text ------------------------------------------------------------------------------


def agreement_markdown(agreement: Agreement, link: Link) -> str:
    """Title, parties, sections I–XIII with every clause anchored, and the signature block."""
    text = _Text(agreement, link)
    parts = [f"# {text.plain(agreement.title)} {{#avv}}"]
    parts += [text.clause(clause, _preamble_name(clause)) for clause in agreement.preamble]
    for section in agreement.sections:
        parts.append(f"## {text.plain(section.heading)} {{#{section.id}}}")
        parts += [text.clause(clause, _name(section, clause)) for clause in section.clauses]
    parts.append(text.signatures())
    return "\n\n".join(parts) + "\n"


def _preamble_name(clause: Clause) -> str:
    return f"Präambel, Absatz {clause.id.rsplit('-', 1)[-1]}"


def _name(section: Section, clause: Clause) -> str:
    """How a reader cites the clause: `Punkt VI.c`, or `Punkt IV, Absatz 2` without a letter."""
    if clause.kind == "lettered":
        return f"Punkt {section.number}.{clause.label.rstrip('.')}"
    return f"Punkt {section.number}, Absatz {clause.id.rsplit('-', 1)[-1]}"


class _Text:
    """Writes the parts of the agreement as Markdown with HTML structure."""

    def __init__(self, agreement: Agreement, link: Link) -> None:
        self.agreement = agreement
        self.link = link

    def inline(self, text: str) -> str:
        return inline.markdown(text, self.agreement.annexes, self.link)

    def plain(self, text: str) -> str:
        return markdown_text.escape(text)

    def lines(self, lines: Iterable[str]) -> str:
        return "<br>".join(self.inline(line) for line in lines)

    def permalink(self, anchor: str, name: str) -> str:
        label = html.escape(f"Link zu {name}", quote=True)
        return (
            f'<a class="avv-permalink" href="#{anchor}" title="{PERMALINK_TITLE}" '
            f'aria-label="{label}">¶</a>'
        )

    def clause(self, clause: Clause, name: str) -> str:
        if clause.kind == "block":
            return self.block(clause, name)
        permalink = self.permalink(clause.id, name)
        label = (
            f'<span class="avv-label">{html.escape(clause.label)}</span> ' if clause.label else ""
        )
        first = f'<p markdown="span">{label}{self.inline(clause.text)} {permalink}</p>'
        items = ""
        if clause.items:
            entries = "\n".join(f'<li markdown="span">{self.inline(i)}</li>' for i in clause.items)
            items = f'\n<ul class="avv-items" markdown="1">\n{entries}\n</ul>'
        return (
            f'<div class="avv-clause avv-{clause.kind}" id="{clause.id}" markdown="1">\n'
            f"{first}{items}\n</div>"
        )

    def block(self, clause: Clause, name: str) -> str:
        render = {
            "auftragnehmer": self.processor,
            "auftraggeber": self.controller,
            "datenkategorien": lambda: self.data_categories(name),
            "weisungsberechtigte": self.authorised_persons,
            "weisungsempfaenger": self.recipients,
        }[clause.block or ""]
        return (
            f'<div class="avv-clause avv-block avv-{clause.block}" id="{clause.id}" markdown="1">\n'
            f'<p class="avv-block-link">{self.permalink(clause.id, name)}</p>\n'
            f"{render()}\n</div>"
        )

    def processor(self) -> str:
        p = self.agreement.meta.processor
        return (
            f'<p markdown="span">{self.lines((p.role, p.basis))}</p>\n'
            f'<p markdown="span">{self.lines((p.name, *p.address_lines, p.register_number))}</p>'
        )

    def controller(self) -> str:
        c = self.agreement.meta.controller
        return (
            f'<p markdown="span">{self.lines((c.role, c.basis))}</p>\n'
            f'<p class="avv-fill" markdown="span">{self.inline(c.blank)}</p>'
        )

    def authorised_persons(self) -> str:
        blank = self.agreement.instructions.authorised_persons_blank
        return f'<p class="avv-fill" markdown="span">{self.inline(blank)}</p>'

    def recipients(self) -> str:
        entries = "\n".join(
            f'<li markdown="span">{self.inline(r.line)}</li>'
            for r in self.agreement.instructions.recipients
        )
        return f'<ul class="avv-recipients" markdown="1">\n{entries}\n</ul>'

    def data_categories(self, name: str) -> str:
        columns = self.agreement.data_category_columns
        rows = [_data_row(row) for row in self.agreement.data_categories]
        headings = [title for _, title in columns]
        return self.table("avv-data-categories", f"Tabelle zu {name}", headings, rows)

    def table(
        self,
        kind: str,
        label: str,
        headings: Sequence[str],
        rows: Sequence[tuple[str | None, Sequence[Sequence[str]]]],
    ) -> str:
        """A table whose cells are lines of text; a row may carry an anchor id. Its wrapper
        scrolls on a narrow screen, so it is a named region that takes the keyboard focus."""
        head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headings)
        body = "\n".join(
            f'<tr{_id(row_id)} markdown="1">'
            + "".join(f'<td markdown="span">{self.lines(cell)}</td>' for cell in cells)
            + "</tr>"
            for row_id, cells in rows
        )
        return (
            f'<div class="avv-table-wrapper" role="region" tabindex="0" '
            f'aria-label="{html.escape(label)}" markdown="1">\n'
            f'<table class="avv-table {kind}" markdown="1">\n<thead><tr>{head}</tr></thead>\n'
            f'<tbody markdown="1">\n{body}\n</tbody>\n</table>\n</div>'
        )

    def signatures(self) -> str:
        meta = self.agreement.meta
        processor, controller = meta.processor_signature, meta.controller_signature
        return f"""<div class="avv-signatures" id="unterschriften" markdown="1">
<div class="avv-signature" markdown="1">
<p markdown="span">{self.inline(processor.heading)}</p>
<p markdown="span">{self.plain(processor.place)}, am {format_date(processor.date)}</p>
<p class="avv-signatory" markdown="span">{self.inline(processor.signatory)}</p>
</div>
<div class="avv-signature" markdown="1">
<p markdown="span">{self.inline(controller.heading)}</p>
<p markdown="span"><span class="avv-blank">{self.plain(controller.place_and_date_blank)}</span></p>
<p class="avv-signatory" markdown="span"><span class="avv-blank">\
{self.plain(controller.signatory_blank)}</span><br>{self.inline(controller.signatory_label)}</p>
</div>
</div>"""


def _id(anchor: str | None) -> str:
    return f' id="{anchor}"' if anchor else ""


def _data_row(row: DataCategory) -> tuple[str | None, Sequence[Sequence[str]]]:
    return None, ((row.category,), row.purpose, row.duration, row.persons)


# The annexes --------------------------------------------------------------------------------


def measures_markdown(agreement: Agreement, link: Link) -> str:
    """Anlage 1: the numbered categories, each with its description and measures."""
    text = _Text(agreement, link)
    annex = agreement.measures_annex
    parts = [f"# {text.plain(annex.title)} {{#{annex.id}}}"]
    for category in agreement.measures:
        parts.append(_measure_category(text, category))
    return "\n\n".join(parts) + "\n"


def _measure_category(text: _Text, category: MeasureCategory) -> str:
    anchor = f"kategorie-{category.number}"
    parts = [
        f"## {text.plain(category.key)} {{#{anchor}}}",
        f'<p markdown="span">{text.inline(category.description)}</p>',
    ]
    if category.measures:
        entries = "\n".join(f'<li markdown="span">{text.inline(m)}</li>' for m in category.measures)
        parts.append(f'<ul class="avv-measures" markdown="1">\n{entries}\n</ul>')
    body = "\n\n".join(parts)
    return f'<section class="avv-category" markdown="1">\n\n{body}\n\n</section>'


def subprocessors_markdown(agreement: Agreement, link: Link) -> str:
    """Anlage 2: the table of subprocessors, with the register's extra fields where present."""
    text = _Text(agreement, link)
    annex = agreement.subprocessors_annex
    headings = [title for _, title in agreement.subprocessor_columns]
    extras = _subprocessor_extras(agreement.subprocessors)
    headings += [title for title, _ in extras]
    rows = [
        (anchor, [(s.name,), (s.address_cell,), (s.purpose,), *(cell(s) for _, cell in extras)])
        for anchor, s in zip(
            subprocessor_anchors(agreement.subprocessors), agreement.subprocessors, strict=True
        )
    ]
    return (
        f"# {text.plain(annex.title)} {{#{annex.id}}}\n\n"
        + text.table("avv-subprocessors", annex.title, headings, rows)
        + "\n"
    )


_GERMAN_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def subprocessor_anchors(subprocessors: Sequence[Subprocessor]) -> list[str]:
    """The rows' anchors on anlage-2/, by name (`subunternehmer-interxion`); two names of the same
    letters get a number, so every anchor is unique."""
    anchors: list[str] = []
    for subprocessor in subprocessors:
        name = subprocessor.name.lower().translate(_GERMAN_LETTERS)
        anchor = "subunternehmer-" + re.sub(r"[^a-z0-9]+", "-", name).strip("-")
        taken = sum(1 for a in anchors if a == anchor or a.startswith(f"{anchor}--"))
        anchors.append(f"{anchor}--{taken + 1}" if taken else anchor)
    return anchors


def _subprocessor_extras(
    subprocessors: Sequence[Subprocessor],
) -> list[tuple[str, Callable[[Subprocessor], tuple[str, ...]]]]:
    """The optional columns that at least one subprocessor fills."""
    columns: list[tuple[str, Callable[[Subprocessor], tuple[str, ...]]]] = [
        ("Datenkategorien", lambda s: s.data_categories),
        ("Seit", lambda s: (format_date(s.since),) if s.since else ()),
        ("Garantie", lambda s: (s.safeguard.reference,) if s.safeguard else ()),
    ]
    return [(title, cell) for title, cell in columns if any(cell(s) for s in subprocessors)]
