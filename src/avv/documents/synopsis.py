"""The synopsis (Synopse) of two versions: each changed clause and annex row side by side, the
older wording left and the newer right, the changed words marked in both columns.

It is made from the same redline data as the inline redline, so the two never disagree; the
templates show it without JavaScript, and its stylesheet puts the columns under each other on a
narrow screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from avv.changes.redline import ClauseDiff, Diff, ItemDiff, Redline, RowDiff, Segment, TableDiff
from avv.changes.words import ENTRY, MARKS, TEXT
from avv.templating import render


@dataclass(frozen=True)
class Line:
    """A line of one side: a clause's text, one of its items, or a field of a row (`label`)."""

    diff: Diff
    label: str = ""
    item: bool = False


@dataclass(frozen=True)
class Pair:
    """A clause or row as the older version had it (`old`) and as the newer has it (`new`);
    a side is empty where the clause or row is new or gone."""

    id: str
    heading: str
    note: str
    status: str
    old: tuple[Line, ...]
    new: tuple[Line, ...]
    gone: str  # what the newer side says where the clause or row is gone


def pairs(r: Redline) -> list[Pair]:
    """The changed clauses in the order of the newer version, then the changed annex rows."""
    result: list[Pair] = []
    for section in r.sections:
        for clause in section.clauses:
            if clause.touched:
                result.append(_clause(clause))
            if clause.table is not None:
                result += [_row(clause.table, row) for row in clause.table.rows]
    placed = {c.table.id for s in r.sections for c in s.clauses if c.table is not None}
    for table in r.tables:
        if table.id not in placed:
            result += [_row(table, row) for row in table.rows]
    return result


def _side(diff: Diff, keep: str) -> Diff:
    """The segments one side has: the older one's without insertions, the newer's without
    deletions."""
    return tuple(s for s in diff if s.kind in ("equal", keep))


def _lines(text: Diff, items: tuple[ItemDiff, ...], keep: str, gone: str) -> tuple[Line, ...]:
    lines = [Line(_side(text, keep))] if _side(text, keep) else []
    lines += [Line(_side(i.diff, keep), item=True) for i in items if i.status != gone]
    return tuple(lines)


def _clause(c: ClauseDiff) -> Pair:
    notes = [TEXT[c.status]] if c.status != "unchanged" else []
    if c.moved:
        notes.append(TEXT["moved"])
    if (c.moved or c.relabelled) and c.old_ref:
        notes.append(f"bisher {c.old_ref}")
    old = _lines(c.text, c.items, "delete", "added") if c.old is not None else ()
    new = _lines(c.text, c.items, "insert", "removed") if c.new is not None else ()
    if c.table is not None and not c.text:
        # A table of the text (III, VIII): its rows follow as pairs of their own.
        old = new = (Line((Segment("equal", "Tabelle, Änderungen zeilenweise unten"),)),)
    return Pair(c.id, c.ref, ", ".join(notes), c.status, old, new, TEXT["removed"])


def _row(table: TableDiff, row: RowDiff) -> Pair:
    def side(keep: str, gone: str) -> tuple[Line, ...]:
        lines: list[Line] = []
        for field in row.fields:
            values = [v for v in field.values if v.status != gone and _side(v.diff, keep)]
            for index, value in enumerate(values):
                label = field.label if index == 0 else ""
                lines.append(Line(_side(value.diff, keep), label, len(field.values) > 1))
        return tuple(lines)

    old = side("delete", "added") if row.kind != "added" else ()
    new = side("insert", "removed") if row.kind != "removed" else ()
    heading = f"{table.title}: {row.key}"
    note = f"{ENTRY['replaced']}, bisher {row.old_key}" if row.old_key else ENTRY[row.kind]
    pair_id = f"{table.id}-{_slug(row.key)}"
    return Pair(pair_id, heading, note, row.kind, old, new, ENTRY["removed"])


def _slug(text: str) -> str:
    return "".join(char if char.isalnum() else "-" for char in text.lower()).strip("-")


def render_html(r: Redline) -> str:
    """The synopsis as an HTML fragment without blank lines, so that Markdown keeps it whole."""
    fragment = render("html/synopsis.html.j2", r=r, pairs=pairs(r), marks=MARKS)
    return "\n".join(line for line in fragment.splitlines() if line.strip())


def render_document(r: Redline) -> str:
    """A whole HTML page with its own styles, for `avv compare --format synopsis`."""
    return render("html/synopsis_document.html.j2", r=r, fragment=Markup(render_html(r)))
