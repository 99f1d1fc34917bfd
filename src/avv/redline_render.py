"""The redline as HTML (the compare pages), Markdown (the pull request's summary) and JSON.

Insertions and deletions are <ins> and <del>: the site underlines and strikes them through, and a
visually hidden label tells screen readers which is which, so nothing rests on colour alone.
Every text from the content is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

from avv import markdown_text
from avv.redline import (
    DATA_CATEGORIES,
    MEASURES,
    RECIPIENTS,
    SUBPROCESSORS,
    ClauseDiff,
    Counts,
    Diff,
    ItemDiff,
    Redline,
    SectionDiff,
    Summary,
    TableDiff,
    plain_text,
)


def to_json(r: Redline) -> dict[str, Any]:
    """The redline as plain data: every section and clause with its status and word segments."""
    summary = r.summary
    return {
        "old": r.old_version,
        "new": r.new_version,
        "summary": {
            "identical": summary.identical,
            "clauses": _counts(summary.clauses),
            "moved": summary.moved,
            "relabelled": summary.relabelled,
            "tables": {table.id: _counts(counts) for table, counts in summary.tables},
            "measures": _counts(summary.measures),
        },
        "title": _diff(r.title),
        "sections": [
            {
                "id": s.id,
                "number": s.number,
                "old_number": s.old_number,
                "status": s.status,
                "title": _diff(s.title),
                "clauses": [_clause_json(c) for c in s.clauses],
            }
            for s in r.sections
        ],
        "tables": [
            {
                "id": t.id,
                "title": t.title,
                "key_label": t.key_label,
                "rows": [
                    {
                        "kind": row.kind,
                        "key": row.key,
                        "fields": [
                            {"field": f.field, "label": f.label, "values": _items(f.values)}
                            for f in row.fields
                        ],
                    }
                    for row in t.rows
                ],
            }
            for t in r.tables
        ],
    }


def _counts(counts: Counts) -> dict[str, int]:
    return {"added": counts.added, "removed": counts.removed, "changed": counts.changed}


def _diff(diff: Diff) -> list[dict[str, str]]:
    return [{"kind": s.kind, "text": s.text} for s in diff]


def _items(items: Iterable[ItemDiff]) -> list[dict[str, Any]]:
    return [{"status": item.status, "text": _diff(item.diff)} for item in items]


def _clause_json(c: ClauseDiff) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": c.id,
        "ref": c.ref,
        "status": c.status,
        "moved": c.moved,
        "relabelled": c.relabelled,
        "text": _diff(c.text),
    }
    if c.old and c.new and c.old.id != c.new.id:
        data["old_id"], data["old_ref"] = c.old.id, c.old_ref
    if c.items:
        data["items"] = _items(c.items)
    if c.table is not None:
        data["table"] = c.table.id
    return data


# -- HTML and Markdown ---------------------------------------------------------------------------

STATUS = {
    "added": "neu",
    "removed": "gestrichen",
    "changed": "geändert",
    "unchanged": "unverändert",
}
ROW_KIND = {"added": "hinzugefügt", "removed": "entfernt", "changed": "geändert"}
LABEL = {"insert": "eingefügt: ", "delete": "gelöscht: "}
TAG = {"insert": "ins", "delete": "del"}
TABLE_NAMES = {
    DATA_CATEGORIES: "Datenkategorien (III)",
    RECIPIENTS: "Weisungsempfänger (VIII)",
    MEASURES: "Maßnahmenkategorien (Anlage 1)",
    SUBPROCESSORS: "Subunternehmer (Anlage 2)",
}
# Standalone pages (`avv compare --format html`) carry the few rules the marks need.
STANDALONE_STYLE = (
    "ins{text-decoration:underline;background:#dafbe1}"
    "del{text-decoration:line-through;background:#ffebe9}"
    ".visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap}"
)


# -- summary lines, shared by both forms ---------------------------------------------------------


def _counted(counts: Counts) -> str:
    return f"{counts.added} hinzugefügt, {counts.removed} entfernt, {counts.changed} geändert"


def summary_lines(r: Redline) -> list[str]:
    """The summary in German, one line each: clauses, subprocessors, measures, other tables."""
    s: Summary = r.summary
    if s.identical:
        return [f"Keine Änderungen: die Fassungen {r.old_version} und {r.new_version} sind gleich."]
    c = s.clauses
    clauses = f"Klauseln: {c.changed} geändert, {c.added} neu, {c.removed} gestrichen"
    if s.moved:
        clauses += f", {s.moved} verschoben"
    if s.relabelled:
        clauses += f", {s.relabelled} neu nummeriert"
    lines = [clauses, f"{TABLE_NAMES[SUBPROCESSORS]}: {_counted(s.table(SUBPROCESSORS))}"]
    measures = f"Maßnahmen (Anlage 1): {_counted(s.measures)}"
    categories = s.table(MEASURES)
    if categories.added or categories.removed:
        measures += f"; Kategorien: {categories.added} hinzugefügt, {categories.removed} entfernt"
    lines.append(measures)
    for table, counts in s.tables:
        if counts and table.id not in (MEASURES, SUBPROCESSORS):
            lines.append(f"{TABLE_NAMES.get(table.id, table.title)}: {_counted(counts)}")
    return lines


def _section_note(s: SectionDiff) -> str:
    if s.status in ("added", "removed"):
        return STATUS[s.status]
    return f"bisher {s.old_number}" if s.renumbered else ""


def _clause_note(c: ClauseDiff) -> str:
    notes = [STATUS[c.status]] if c.status != "unchanged" else []
    if c.moved:
        notes.append(f"verschoben, bisher {c.old_ref}")
    elif c.relabelled:
        notes.append(f"bisher {c.old_ref}")
    return ", ".join(notes)


# -- HTML ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Links:
    """Where the redline links into the pages of the new version: `href(page, anchor)` gives the
    address of an anchor ("avv", "vi-c"). With `markdown`, links are Markdown in md_in_html
    blocks, so that MkDocs checks them like every other link of the site; all else stays HTML."""

    href: Callable[[str, str], str]
    markdown: bool = False


@dataclass(frozen=True)
class _Writer:
    links: Links | None

    @property
    def markdown(self) -> bool:
        return self.links is not None and self.links.markdown

    def text(self, text: str) -> str:
        """Escaped for HTML and, inside a Markdown span, for Markdown."""
        if not self.markdown:
            return escape(text)
        return markdown_text.escape(text)

    @property
    def block(self) -> str:
        return ' markdown="1"' if self.markdown else ""

    @property
    def span(self) -> str:
        return ' markdown="span"' if self.markdown else ""

    def link(self, page: str, anchor: str, text: str) -> str:
        if self.links is None:
            return self.text(text)
        href = self.links.href(page, anchor)
        if self.markdown:
            return f"[{self.text(text)}]({href})"
        return f'<a href="{escape(href)}">{escape(text)}</a>'

    def segments(self, diff: Diff) -> str:
        parts = []
        for segment in diff:
            text = self.text(segment.text)
            if segment.kind == "equal":
                parts.append(text)
            else:
                tag = TAG[segment.kind]
                label = f'<span class="visually-hidden">{LABEL[segment.kind]}</span>'
                parts.append(f"<{tag}>{label}{text}</{tag}>")
        return "".join(parts)


def render_html(r: Redline, links: Links | None = None) -> str:
    """The redline as an HTML fragment without blank lines, so that Markdown keeps it whole.

    Changed sections show every clause, the changed ones marked; unchanged sections are closed
    <details>, which open without JavaScript. Without `links` nothing links (the command line)."""
    w = _Writer(links)
    placed = {c.table.id for s in r.sections for c in s.clauses if c.table is not None}
    parts = [
        f'<div class="avv-redline"{w.block}>',
        _summary_html(r),
        *(_section_html(w, s) for s in r.sections),
        *(_table_section_html(w, t) for t in r.tables if t.id not in placed),
        "</div>",
    ]
    return "\n".join(parts)


def render_document(r: Redline) -> str:
    """A whole HTML page, for `avv compare --format html`."""
    title = escape(f"Vergleich {r.old_version} → {r.new_version}")
    return (
        f'<!doctype html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>'
        f"\n<style>{STANDALONE_STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n"
        f"{render_html(r)}\n</main>\n</body>\n</html>\n"
    )


def _summary_html(r: Redline) -> str:
    items = "".join(f"<li>{escape(line)}</li>" for line in summary_lines(r))
    return (
        '<section class="avv-redline-summary" aria-labelledby="rl-zusammenfassung">'
        f'<h2 id="rl-zusammenfassung">Zusammenfassung</h2><ul>{items}</ul></section>'
    )


def segments_html(diff: Diff) -> str:
    """Words compared: deletions in <del>, insertions in <ins>, each with its spoken label."""
    return _Writer(None).segments(diff)


def _section_html(w: _Writer, s: SectionDiff) -> str:
    clauses = "".join(_clause_html(w, c) for c in s.clauses)
    if s.status == "unchanged":
        heading = _heading(_Writer(None), s)
        return (
            f'<details class="avv-redline-section avv-redline-unchanged" id="rl-{s.id}"{w.block}>'
            f'<summary>{heading} <span class="avv-redline-note">(unverändert)</span></summary>'
            f"{clauses}</details>"
        )
    heading = _heading(w, s)
    note = _section_note(s)
    if note:
        heading += f' <span class="avv-redline-note">({w.text(note)})</span>'
    return (
        f'<section class="avv-redline-section avv-redline-{s.status}" aria-labelledby="rl-{s.id}"'
        f'{w.block}><h2 id="rl-{s.id}"{w.span}>{heading}</h2>{clauses}</section>'
    )


def _heading(w: _Writer, s: SectionDiff) -> str:
    """The section's number and title; its words compared where it was retitled, plain where the
    whole section is new or gone (its note says so)."""
    title = w.segments(s.title) if s.status == "changed" else w.text(plain_text(s.title))
    if s.number:
        return f"{w.text(s.number)}. {title}"
    return title or "Präambel"


def _clause_html(w: _Writer, c: ClauseDiff) -> str:
    ref = w.link("avv", c.id, c.ref) if c.new is not None else w.text(c.ref)
    note = _clause_note(c)
    if note:
        ref += f' <span class="avv-redline-note">({w.text(note)})</span>'
    body = f'<p class="avv-redline-text">{segments_html(c.text)}</p>' if c.text else ""
    if c.items:
        body += _items_html(c.items)
    if c.table is not None and c.table.rows:
        body += _table_html(c.table)
    classes = f"avv-redline-clause avv-redline-{c.status}"
    if c.moved:
        classes += " avv-redline-moved"
    return (
        f'<div class="{classes}" id="rl-{escape(c.id)}"{w.block}>'
        f'<p class="avv-redline-ref"{w.span}>{ref}</p>{body}</div>'
    )


def _items_html(items: Iterable[ItemDiff]) -> str:
    rows = "".join(
        f'<li class="avv-redline-{item.status}">{segments_html(item.diff)}</li>' for item in items
    )
    return f"<ul>{rows}</ul>"


def _table_section_html(w: _Writer, t: TableDiff) -> str:
    title = w.link(t.page, t.anchor, t.title)
    if not t.rows:
        return (
            f'<details class="avv-redline-section avv-redline-unchanged" id="rl-{t.id}"{w.block}>'
            f'<summary>{escape(t.title)} <span class="avv-redline-note">(unverändert)</span>'
            f"</summary><p{w.span}>Keine Änderungen: {title}</p></details>"
        )
    return (
        f'<section class="avv-redline-section avv-redline-changed" aria-labelledby="rl-{t.id}"'
        f'{w.block}><h2 id="rl-{t.id}"{w.span}>{title}</h2>{_table_html(t)}</section>'
    )


def _table_html(t: TableDiff) -> str:
    """The changed rows: a row per entry, its changed fields (all fields when it is new or
    removed) as a list of labels and compared values."""
    head = (
        f'<thead><tr><th scope="col">{escape(t.key_label)}</th><th scope="col">Änderung</th>'
        '<th scope="col">Felder</th></tr></thead>'
    )
    rows = []
    for row in t.rows:
        fields = "".join(
            f"<dt>{escape(f.label)}</dt><dd>{_values_html(f.values)}</dd>" for f in row.fields
        )
        rows.append(
            f'<tr class="avv-redline-row avv-redline-{row.kind}">'
            f'<th scope="row">{escape(row.key)}</th><td>{ROW_KIND[row.kind]}</td>'
            f"<td><dl>{fields}</dl></td></tr>"
        )
    caption = f"<caption>{escape(t.title)}: geänderte Einträge</caption>"
    return f'<table class="avv-redline-rows">{caption}{head}<tbody>{"".join(rows)}</tbody></table>'


def _values_html(values: tuple[ItemDiff, ...]) -> str:
    if len(values) == 1:
        return segments_html(values[0].diff)
    return _items_html(values)


# -- Markdown ------------------------------------------------------------------------------------


def _md_text(text: str) -> str:
    """Text that GitHub shows as written: HTML and Markdown marks escaped, on one line."""
    return markdown_text.escape(" ".join(text.split()))


def segments_markdown(diff: Diff) -> str:
    parts = []
    for segment in diff:
        text = _md_text(segment.text)
        if segment.text[:1].isspace():
            text = " " + text
        if segment.text[-1:].isspace() and segment.text.strip():
            text += " "
        if segment.kind == "equal" or not segment.text.strip():
            parts.append(text)
        else:
            parts.append(f"<{TAG[segment.kind]}>{text}</{TAG[segment.kind]}>")
    return "".join(parts)


def render_markdown(r: Redline, level: int = 2) -> str:
    """The changes as GitHub Markdown: the summary, each changed section with its changed clauses
    (deleted words in <del>, inserted ones in <ins>), the annex tables row by row. `level` is the
    heading level of the title, so that the text fits into a larger summary."""
    h = "#" * level
    lines = [f"{h} Änderungen von {r.old_version} zu {r.new_version}", ""]
    lines += [f"- {_md_text(line)}" for line in summary_lines(r)]
    placed = {c.table.id for s in r.sections for c in s.clauses if c.table is not None}
    for s in r.sections:
        if s.status == "unchanged":
            continue
        title = (
            segments_markdown(s.title) if s.status == "changed" else _md_text(plain_text(s.title))
        )
        heading = title or "Präambel"
        number = f"{s.number}. " if s.number else ""
        note = _section_note(s)
        lines += ["", f"{h}# {number}{heading}" + (f" ({_md_text(note)})" if note else "")]
        for c in s.clauses:
            if c.touched:
                lines += ["", *_clause_markdown(c)]
    for t in r.tables:
        if t.id not in placed and t.rows:
            lines += ["", f"{h}# {_md_text(t.title)}", "", *_table_markdown(t)]
    return "\n".join(lines) + "\n"


def _clause_markdown(c: ClauseDiff) -> list[str]:
    note = _clause_note(c)
    head = f"**{_md_text(c.ref)}**" + (f" ({_md_text(note)})" if note else "")
    if c.status == "unchanged":
        return [f"{head}: Wortlaut unverändert."]
    lines = [f"{head}: {segments_markdown(c.text)}".rstrip()]
    if c.items:
        lines += ["", *(f"- {_item_markdown(item)}" for item in c.items)]
    if c.table is not None and c.table.rows:
        lines += ["", *_table_markdown(c.table)]
    return lines


def _item_markdown(item: ItemDiff) -> str:
    return segments_markdown(item.diff)


def _shown(values: tuple[ItemDiff, ...]) -> list[ItemDiff]:
    """The values worth a line in a review: in a long list, only those that changed."""
    touched = [v for v in values if v.status != "unchanged"]
    return touched if len(values) > 1 else list(values)


def _table_markdown(t: TableDiff) -> list[str]:
    lines = [f"| {_md_text(t.key_label)} | Änderung | Felder |", "| --- | --- | --- |"]
    for row in t.rows:
        fields = "<br>".join(
            f"{_md_text(f.label)}: " + "; ".join(_item_markdown(v) for v in _shown(f.values))
            for f in row.fields
        )
        lines.append(f"| {_md_text(row.key)} | {ROW_KIND[row.kind]} | {fields} |")
    return lines
