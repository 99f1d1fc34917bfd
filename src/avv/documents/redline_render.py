"""The redline as HTML (the compare pages), Markdown (the pull request's summary) and JSON.

HTML and Markdown come from the templates `html/redline.html.j2`, `html/redline_document.html.j2`
and `text/redline.md.j2`; here are only the German words and the summary lines they share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from avv.changes.redline import (
    ClauseDiff,
    Counts,
    Diff,
    ItemDiff,
    Redline,
    RowDiff,
    SectionDiff,
    Summary,
)
from avv.changes.tables import MEASURES, SUBPROCESSORS
from avv.changes.words import ENTRY, MARKS, TEXT
from avv.templating import render


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
                "rows": [_row_json(row) for row in t.rows],
            }
            for t in r.tables
        ],
    }


def _row_json(row: RowDiff) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": row.kind,
        "key": row.key,
        "fields": [
            {"field": f.field, "label": f.label, "values": _items(f.values)} for f in row.fields
        ],
    }
    if row.old_key:
        data["replaces"] = row.old_key
    return data


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


# -- the words and summary lines shared by HTML and Markdown ----------------------------------

TAGS = {"insert": "ins", "delete": "del"}


def _counted(counts: Counts, replaced: int = 0) -> str:
    changed = f"{counts.changed} {ENTRY['changed']}"
    if replaced:
        changed += f", davon {replaced} {ENTRY['replaced']}"
    return f"{counts.added} {ENTRY['added']}, {counts.removed} {ENTRY['removed']}, {changed}"


def row_note(row: RowDiff) -> str:
    """What happened to a row: `neu`, or `ersetzt (bisher …)` for a row replaced in place."""
    if row.old_key:
        return f"{ENTRY['replaced']} (bisher {row.old_key})"
    return ENTRY[row.kind]


def summary_lines(r: Redline) -> list[str]:
    """The summary in German, one line each: clauses, subprocessors, measures, other tables."""
    s: Summary = r.summary
    if s.identical:
        return [f"Keine Änderungen: die Fassungen {r.old_version} und {r.new_version} sind gleich."]
    c = s.clauses
    clauses = (
        f"Klauseln: {c.changed} {TEXT['changed']}, {c.added} {TEXT['added']}, "
        f"{c.removed} {TEXT['removed']}"
    )
    if s.moved:
        clauses += f", {s.moved} {TEXT['moved']}"
    if s.relabelled:
        clauses += f", {s.relabelled} {TEXT['relabelled']}"
    subprocessors = r.table(SUBPROCESSORS)
    replaced = sum(1 for row in subprocessors.rows if row.old_key)
    lines = [clauses, f"{subprocessors.name}: {_counted(s.table(SUBPROCESSORS), replaced)}"]
    measures = f"Maßnahmen (Anlage 1): {_counted(s.measures)}"
    categories = s.table(MEASURES)
    if categories.added or categories.removed:
        measures += (
            f"; Kategorien: {categories.added} {ENTRY['added']}, "
            f"{categories.removed} {ENTRY['removed']}"
        )
    lines.append(measures)
    for table, counts in s.tables:
        if counts and table.id not in (MEASURES, SUBPROCESSORS):
            lines.append(f"{table.name}: {_counted(counts)}")
    return lines


def section_note(s: SectionDiff) -> str:
    if s.status in ("added", "removed"):
        return TEXT[s.status]
    return f"bisher {s.old_number}" if s.renumbered else ""


def clause_note(c: ClauseDiff) -> str:
    notes = [TEXT[c.status]] if c.status != "unchanged" else []
    if c.moved:
        notes.append(f"{TEXT['moved']}, bisher {c.old_ref}")
    elif c.relabelled:
        notes.append(f"bisher {c.old_ref}")
    return ", ".join(notes)


def _context(r: Redline) -> dict[str, Any]:
    return {
        "r": r,
        "summary": summary_lines(r),
        "placed": {c.table.id for s in r.sections for c in s.clauses if c.table is not None},
        "tags": TAGS,
        "marks": MARKS,
        "text_words": TEXT,
        "section_note": section_note,
        "clause_note": clause_note,
        "row_note": row_note,
    }


@dataclass(frozen=True)
class Links:
    """Where the redline links into the pages of the new version: `href(target)` gives the
    address of a clause, section or annex by its id ("vi-c", "anlage-2"). With `markdown`, the
    redline is written for MkDocs: md_in_html blocks whose links are Markdown, so that MkDocs
    checks them like every other link of the site."""

    href: Callable[[str], str]
    markdown: bool = False
    # Where a clause of the older version is in its own full text, to link both versions.
    old_href: Callable[[str], str] | None = None


def render_html(r: Redline, links: Links | None = None) -> str:
    """The redline as an HTML fragment without blank lines, so that Markdown keeps it whole;
    without `links` nothing links (the command line)."""
    fragment = render(
        "html/redline.html.j2",
        **_context(r),
        href=links.href if links else None,
        old_href=links.old_href if links else None,
        markdown=bool(links and links.markdown),
    )
    return "\n".join(line for line in fragment.splitlines() if line.strip())


def render_document(r: Redline) -> str:
    """A whole HTML page, for `avv compare --format html`."""
    return render("html/redline_document.html.j2", r=r, fragment=Markup(render_html(r)))


def render_markdown(r: Redline, level: int = 2) -> str:
    """The changes as GitHub Markdown; `level` is the heading level of the title."""
    return render("text/redline.md.j2", **_context(r), level=level)
