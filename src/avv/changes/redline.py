"""The clause-aligned redline of two versions: what customers read as tracked changes.

Comparing the whole text word by word is quadratic (minutes on a long text). So sections are
aligned by id and clauses by text and id first, and words are compared only inside each aligned
pair of clauses, which keeps the redline near linear in the length of the agreement. The annex
tables come from `avv.changes.tables`, so the redline and the notices never disagree.

`avv.documents.redline_render` turns the result into HTML, Markdown and JSON.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal, TypeVar

from avv.changes import sequence
from avv.changes import tables as changes
from avv.changes.tables import MEASURES
from avv.model import Agreement, Clause, Section

SegmentKind = Literal["equal", "insert", "delete"]
Status = Literal["unchanged", "changed", "added", "removed"]
Row = TypeVar("Row")

# Clauses whose words overlap this much (Dice coefficient of the word multisets) are one clause
# that was edited; below it, a clause is taken as removed and another as added.
SIMILAR = 0.6
# The most clauses a clause left unpaired is compared with by similarity (the nearest in place);
# a section of the AVV has at most a dozen.
CANDIDATES = 64
PREAMBLE = "praeambel"
# Words, runs of white space and single marks: German words keep their umlauts and ß, and
# punctuation stays a token of its own, so a changed comma does not mark the word before it.
# A number keeps its separators ("1.000,00"), so a changed amount is marked whole.
_TOKEN = re.compile(r"\w+(?:[.,]\d+)*|\s+|[^\w\s]")
_WORD = re.compile(r"\w+")
BLOCK_NAMES = {
    "auftragnehmer": "Auftragnehmer",
    "auftraggeber": "Auftraggeber",
    "datenkategorien": "Daten- und Personenkategorien",
    "weisungsberechtigte": "Weisungsberechtigte",
    "weisungsempfaenger": "Weisungsempfänger",
}


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    text: str


Diff = tuple[Segment, ...]


@dataclass(frozen=True)
class ItemDiff:
    """One item of a list (a clause's items, a field's values), with its words compared."""

    status: Status
    diff: Diff


@dataclass(frozen=True)
class FieldDiff:
    field: str
    label: str
    values: tuple[ItemDiff, ...]


@dataclass(frozen=True)
class RowDiff:
    """A row compared; `old_key` names the row it replaced in place (`changes.replacements`)."""

    kind: changes.ChangeKind
    key: str
    fields: tuple[FieldDiff, ...]
    old_key: str = ""


@dataclass(frozen=True)
class TableDiff:
    """A table compared row by row; `place` is the id of the section or annex it stands in,
    `name` what a summary calls it."""

    id: str
    title: str
    name: str
    key_label: str
    place: str
    rows: tuple[RowDiff, ...]

    def count(self, kind: changes.ChangeKind) -> int:
        return sum(1 for row in self.rows if row.kind == kind)


@dataclass(frozen=True)
class ClauseDiff:
    """A clause of either version. `ref` names it as a reader cites it ("VI.c")."""

    status: Status
    old: Clause | None
    new: Clause | None
    old_ref: str
    ref: str
    text: Diff
    items: tuple[ItemDiff, ...] = ()
    table: TableDiff | None = None
    moved: bool = False
    # Cited otherwise where it stands: another letter (VI.c became VI.d) or section number.
    relabelled: bool = False

    @property
    def id(self) -> str:
        clause = self.new or self.old
        assert clause is not None
        return clause.id

    @property
    def touched(self) -> bool:
        return self.status != "unchanged" or self.moved or self.relabelled


@dataclass(frozen=True)
class SectionDiff:
    """A section of either version; `old_number` differs from `number` where it was renumbered."""

    id: str
    number: str
    old_number: str
    status: Status
    title: Diff
    clauses: tuple[ClauseDiff, ...]

    @property
    def renumbered(self) -> bool:
        return (
            self.status != "added" and self.status != "removed" and self.old_number != self.number
        )


@dataclass(frozen=True)
class Counts:
    added: int = 0
    removed: int = 0
    changed: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class Summary:
    """The counts that head a redline; `measures` counts single measures inside the categories."""

    clauses: Counts
    moved: int
    relabelled: int
    tables: tuple[tuple[TableDiff, Counts], ...]
    measures: Counts

    @property
    def identical(self) -> bool:
        return not (self.clauses or self.moved or self.relabelled) and not any(
            counts for _, counts in self.tables
        )

    def table(self, table_id: str) -> Counts:
        return next((counts for table, counts in self.tables if table.id == table_id), Counts())


@dataclass(frozen=True)
class Redline:
    old_version: str
    new_version: str
    title: Diff
    sections: tuple[SectionDiff, ...]
    tables: tuple[TableDiff, ...]

    @cached_property
    def summary(self) -> Summary:
        return _summary(self)

    def table(self, table_id: str) -> TableDiff:
        return next(table for table in self.tables if table.id == table_id)


def redline(old: Agreement, new: Agreement) -> Redline:
    tables = _tables(old, new)
    return Redline(
        old_version=old.version,
        new_version=new.version,
        title=word_diff(old.title, new.title),
        sections=_sections(old, new, {table.id: table for table in tables}),
        tables=tables,
    )


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> Diff:
    """The words of `old` and `new` compared; **emphasis** counts only where nothing else
    changed."""
    plain_old, plain_new = old.replace("**", ""), new.replace("**", "")
    if plain_old == plain_new and old != new:
        plain_old, plain_new = old, new
    if plain_old == plain_new:
        return (Segment("equal", plain_new),) if plain_new else ()
    a, b = _tokens(plain_old), _tokens(plain_new)
    runs: list[_Run] = []
    for tag, i1, i2, j1, j2 in sequence.opcodes(a, b):
        old_part, new_part = "".join(a[i1:i2]), "".join(b[j1:j2])
        runs.append(_Run([old_part], [new_part], tag == "equal", len(old_part), len(new_part)))
    return _segments(_absorb(runs))


@dataclass(frozen=True)
class _Run:
    """A run of the comparison: its old and new text in parts, joined once at the end, so that
    merging runs stays linear in their length."""

    old: list[str]
    new: list[str]
    equal: bool
    old_length: int
    new_length: int

    @property
    def size(self) -> int:
        return max(self.old_length, self.new_length)

    def merged(self, middle: _Run, after: _Run) -> _Run:
        return _Run(
            _extend(self.old, middle.old, after.old),
            _extend(self.new, middle.new, after.new),
            False,
            self.old_length + middle.old_length + after.old_length,
            self.new_length + middle.new_length + after.new_length,
        )


def _extend(parts: list[str], *more: list[str]) -> list[str]:
    """`parts` with `more` added in place: the merged run replaces the one that owned it."""
    for extra in more:
        parts.extend(extra)
    return parts


def _absorb(runs: list[_Run]) -> list[_Run]:
    """Merges an unchanged run between two changes into them where it is only punctuation and
    white space or shorter than both changes: a rewritten sentence reads as one deletion and
    one insertion, not as a comb of single words. One pass, left to right: a merged change
    goes on absorbing the runs after it."""
    kept: list[_Run] = []
    for run in runs:
        if not run.equal and len(kept) >= 2 and kept[-1].equal and not kept[-2].equal:
            before, middle = kept[-2], kept[-1]
            small = middle.size <= min(before.size, run.size)
            if small or not _WORD.search("".join(middle.old)):
                kept[-2:] = [before.merged(middle, run)]
                continue
        kept.append(run)
    return kept


def _segments(runs: Iterable[_Run]) -> Diff:
    segments: list[Segment] = []
    for run in runs:
        old, new = "".join(run.old), "".join(run.new)
        if run.equal:
            segments.append(Segment("equal", old))
            continue
        if old:
            segments.append(Segment("delete", old))
        if new:
            segments.append(Segment("insert", new))
    return tuple(segments)


def changed(diff: Diff) -> bool:
    return any(segment.kind != "equal" for segment in diff)


def list_diff(old: Sequence[str], new: Sequence[str]) -> tuple[ItemDiff, ...]:
    """Lists compared item by item; an item replaced by another is compared word by word."""
    if tuple(old) == tuple(new):
        return tuple(ItemDiff("unchanged", word_diff(text, text)) for text in new)
    items: list[ItemDiff] = []
    for tag, i1, i2, j1, j2 in sequence.opcodes(old, new):
        if tag == "equal":
            items += [ItemDiff("unchanged", word_diff(text, text)) for text in new[j1:j2]]
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for a, b in zip(old[i1 : i1 + paired], new[j1 : j1 + paired], strict=True):
            items.append(ItemDiff("changed", word_diff(a, b)))
        items += [ItemDiff("removed", word_diff(text, "")) for text in old[i1 + paired : i2]]
        items += [ItemDiff("added", word_diff("", text)) for text in new[j1 + paired : j2]]
    return tuple(items)


# -- the annex tables ----------------------------------------------------------------------------


def _tables(old: Agreement, new: Agreement) -> tuple[TableDiff, ...]:
    found = changes.compare(old, new)
    registry = found.tables
    return (
        _table(registry.data_categories, found.data_categories),
        _table(registry.recipients, found.recipients),
        _table(registry.measures, found.measures),
        _table(registry.subprocessors, found.subprocessors),
    )


def _table(table: changes.Table[Row], rows: Iterable[changes.RowChange[Row]]) -> TableDiff:
    diffs = tuple(_row(table, row) for row in rows)
    return TableDiff(table.id, table.title, table.name, table.key_label, table.place, diffs)


def _row(table: changes.Table[Row], change: changes.RowChange[Row]) -> RowDiff:
    """A changed row shows the fields that changed; an added or removed row all its fields. The
    name of a row replaced in place is struck whole and the new one inserted whole: another
    company is not an edit of a word."""
    if change.kind == "changed":
        found = [(c.field, c.label, c.old, c.new) for c in change.fields]
    else:
        found = [
            (
                column.field,
                column.label,
                *((value, ()) if change.kind == "removed" else ((), value)),
            )
            for column, value in table.fields(change.row)
            if value
        ]
    renamed = ((change.old_key,), (change.key,)) if change.replaced else None
    return RowDiff(
        change.kind,
        table.name_of(change.row),
        tuple(
            FieldDiff(name, label, _whole(a, b) if (a, b) == renamed else list_diff(a, b))
            for name, label, a, b in found
        ),
        change.old_key,
    )


def _whole(old: Sequence[str], new: Sequence[str]) -> tuple[ItemDiff, ...]:
    deleted = tuple(Segment("delete", text) for text in old)
    return (ItemDiff("changed", deleted + tuple(Segment("insert", text) for text in new)),)


# -- aligning the clauses ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    """A clause in its place, with what makes it comparable."""

    section: str
    number: str
    index: int
    clause: Clause
    content: tuple[str, tuple[str, ...], str | None]

    @property
    def ref(self) -> str:
        return reference(self.number, self.clause)

    @cached_property
    def words(self) -> Counter[str]:
        """Its words, case folded; counted only for the few clauses left to pair by similarity."""
        text, items, _ = self.content
        return Counter(word.casefold() for part in (text, *items) for word in _WORD.findall(part))


def reference(number: str, clause: Clause) -> str:
    """How a reader cites a clause: "VI.c", "IV, Absatz 2", "III, Daten- und Personenkategorien"."""
    where = number or "Präambel"
    if clause.label:
        return f"{where}.{clause.label.rstrip('.')}"
    if clause.block:
        return f"{where}, {BLOCK_NAMES.get(clause.block, clause.block)}"
    return f"{where}, Absatz {clause.id.rsplit('-', 1)[-1]}"


def block_text(agreement: Agreement, block: str) -> str:
    """The text of a block that is text rather than a table, so that its words can be compared."""
    meta = agreement.meta
    if block == "auftragnehmer":
        p = meta.processor
        lines = (p.name, *p.address_lines, p.register_number, f"{p.role} {p.basis}")
        return ", ".join(lines)
    if block == "auftraggeber":
        c = meta.controller
        return f"{c.blank}, {c.role} {c.basis}"
    if block == "weisungsberechtigte":
        return agreement.instructions.authorised_persons_blank
    return ""


def _slots(agreement: Agreement) -> list[_Slot]:
    slots: list[_Slot] = []
    for section in _with_preamble(agreement):
        for index, clause in enumerate(section.clauses):
            text = block_text(agreement, clause.block) if clause.block else clause.text
            content = (text, clause.items, clause.block)
            slots.append(_Slot(section.id, section.number, index, clause, content))
    return slots


def _place(slot: _Slot) -> str:
    """The clause's letter or position in its section: `c` of `vi-c`, `2` of `iv-2`."""
    return slot.clause.id.rsplit("-", 1)[-1]


def _similarity(a: _Slot, b: _Slot) -> float:
    if a.clause.block or b.clause.block:
        return 0.0
    total = a.words.total() + b.words.total()
    return 2 * (a.words & b.words).total() / total if total else 0.0


class _Matcher:
    """Pairs old and new clauses: equal text in the same place, equal text anywhere (moved or
    relabelled), similar text (the same section first), and last the same place (rewritten).

    A place is a section (by the old section a new one continues) and a letter or position."""

    def __init__(self, old: list[_Slot], new: list[_Slot], new_groups: list[str]) -> None:
        self.old, self.new, self.new_groups = old, new, new_groups
        self.pairs: dict[int, int] = {}
        self.free_old = dict.fromkeys(range(len(old)))
        self.free_new = dict.fromkeys(range(len(new)))
        self.old_places = {(s.section, _place(s)): i for i, s in enumerate(old)}

    def same_place(self, j: int) -> int | None:
        return self.old_places.get((self.new_groups[j], _place(self.new[j])))

    def pair(self, i: int, j: int) -> None:
        self.pairs[j] = i
        del self.free_old[i], self.free_new[j]

    def match(self) -> dict[int, int]:
        for j, slot in enumerate(self.new):
            i = self.same_place(j)
            if i is not None and self.old[i].content == slot.content:
                self.pair(i, j)
        by_content: dict[Any, list[int]] = {}
        for i in self.free_old:
            by_content.setdefault(self.old[i].content, []).append(i)
        for j in list(self.free_new):
            candidates = by_content.get(self.new[j].content)
            if candidates:
                self.pair(candidates.pop(0), j)
        self.similar(within_sections=True)
        self.similar(within_sections=False)
        for j in list(self.free_new):
            i = self.same_place(j)
            if i in self.free_old and bool(self.old[i].clause.block) == bool(
                self.new[j].clause.block
            ):
                self.pair(i, j)
        return self.pairs

    def similar(self, within_sections: bool) -> None:
        """Pairs the most similar of the unpaired clauses first: within each section, then across
        sections (a clause moved and edited)."""
        olds: dict[str, list[int]] = {}
        for i in self.free_old:
            olds.setdefault(self.old[i].section if within_sections else "", []).append(i)
        for group in olds.values():
            group.sort()
        scored: list[tuple[float, bool, int, int]] = []
        for j in self.free_new:
            new = self.new[j]
            group = olds.get(self.new_groups[j] if within_sections else "", [])
            for i in _nearest(group, j):
                score = _similarity(self.old[i], new)
                if score >= SIMILAR:
                    same_place = self.same_place(j) == i
                    scored.append((score, same_place, -abs(i - j), i * len(self.new) + j))
        for *_, pair in sorted(scored, reverse=True):
            i, j = divmod(pair, len(self.new))
            if i in self.free_old and j in self.free_new:
                self.pair(i, j)


def _nearest(group: list[int], j: int) -> list[int]:
    """The clauses of `group` (old positions, ascending) that may be paired with the new clause
    at `j` by similarity: all of a section's, but never more than CANDIDATES, the nearest in
    position, so that pairing stays linear in the number of clauses whatever the text."""
    if len(group) <= CANDIDATES:
        return group
    middle = bisect_left(group, j)
    low, high = middle, middle
    while high - low < CANDIDATES:
        if low > 0 and (high == len(group) or j - group[low - 1] <= group[high] - j):
            low -= 1
        else:
            high += 1
    return group[low:high]


def _sections(
    old: Agreement, new: Agreement, tables: dict[str, TableDiff]
) -> tuple[SectionDiff, ...]:
    old_sections, new_sections = _with_preamble(old), _with_preamble(new)
    section_pairs = _section_pairs(old_sections, new_sections)
    old_slots, new_slots = _slots(old), _slots(new)
    # Each clause's section, named by the old section it continues (new ones by their own id).
    new_groups = [section_pairs.get(slot.section, f"+{slot.section}") for slot in new_slots]
    pairs = _Matcher(old_slots, new_slots, new_groups).match()
    moved = _moved(pairs, old_slots, new_groups)
    # Clauses by the old id of their section, or "+id" for a section new in this version.
    by_section: dict[str, list[ClauseDiff]] = {}
    for j, slot in enumerate(new_slots):
        i = pairs.get(j)
        before = old_slots[i] if i is not None else None
        by_section.setdefault(new_groups[j], []).append(_clause(before, slot, j in moved, tables))
    paired = set(pairs.values())
    removed = [i for i in range(len(old_slots)) if i not in paired]
    _place_removed(by_section, removed, old_slots, tables)

    by_id = {section.id: section for section in old_sections}
    result: list[tuple[str, SectionDiff]] = []
    for section in new_sections:
        old_id = section_pairs.get(section.id)
        clauses = by_section.get(old_id if old_id else f"+{section.id}", [])
        diff = _section(by_id[old_id] if old_id else None, section, clauses)
        result.append((old_id or "", diff))
    kept = set(section_pairs.values())
    for index, section in enumerate(old_sections):
        if section.id not in kept:
            diff = SectionDiff(
                section.id,
                section.number,
                section.number,
                "removed",
                word_diff(section.title, ""),
                tuple(by_section.get(section.id, ())),
            )
            earlier = {s.id for s in old_sections[:index]}
            after = max((n for n, (o, _) in enumerate(result) if o in earlier), default=0)
            result.insert(after + 1, (section.id, diff))
    return tuple(diff for _, diff in result)


def _section_pairs(old: Sequence[Section], new: Sequence[Section]) -> dict[str, str]:
    """New section id → old section id: the same id and title, then the same title (the section
    was renumbered), then the same id (it was retitled)."""
    pairs: dict[str, str] = {}
    free = {section.id: section for section in old}
    for section in new:
        same = free.get(section.id)
        if same is not None and same.title == section.title:
            pairs[section.id] = free.pop(section.id).id
    by_title = {section.title: section.id for section in reversed(free.values())}
    for section in new:
        found = by_title.get(section.title)
        if section.id not in pairs and found in free:
            pairs[section.id] = free.pop(found).id
    for section in new:
        if section.id not in pairs and section.id in free:
            pairs[section.id] = free.pop(section.id).id
    return pairs


def _with_preamble(agreement: Agreement) -> tuple[Section, ...]:
    return (Section(PREAMBLE, "", "", agreement.preamble), *agreement.sections)


def _section(old: Section | None, new: Section, clauses: list[ClauseDiff]) -> SectionDiff:
    title = word_diff(old.title if old else "", new.title)
    if old is None:
        status: Status = "added"
    elif changed(title) or old.number != new.number or any(c.touched for c in clauses):
        status = "changed"
    else:
        status = "unchanged"
    return SectionDiff(new.id, new.number, old.number if old else "", status, title, tuple(clauses))


def _clause(
    old: _Slot | None, new: _Slot | None, moved: bool, tables: dict[str, TableDiff]
) -> ClauseDiff:
    slot = new or old
    assert slot is not None
    table = tables.get(slot.clause.block or "")
    old_text, old_items = (old.content[0], old.content[1]) if old else ("", ())
    new_text, new_items = (new.content[0], new.content[1]) if new else ("", ())
    text, items = word_diff(old_text, new_text), list_diff(old_items, new_items)
    rows = table.rows if table is not None else ()
    if old is None or new is None:
        status: Status = "added" if old is None else "removed"
    elif changed(text) or any(item.status != "unchanged" for item in items) or rows:
        status = "changed"
    else:
        status = "unchanged"
    relabelled = bool(
        old
        and new
        and not moved
        and (old.number, old.clause.label) != (new.number, new.clause.label)
    )
    return ClauseDiff(
        status=status,
        old=old.clause if old else None,
        new=new.clause if new else None,
        old_ref=old.ref if old else "",
        ref=slot.ref,
        text=text,
        items=items,
        table=table,
        moved=moved,
        relabelled=relabelled,
    )


def _moved(pairs: dict[int, int], old: list[_Slot], new_groups: list[str]) -> set[int]:
    """New clauses that moved: into another section, or out of the order of their section
    (the clauses outside its longest run in the old order)."""
    moved = {j for j, i in pairs.items() if old[i].section != new_groups[j]}
    by_section: dict[str, list[tuple[int, int]]] = {}
    for j in sorted(pairs):
        if j not in moved:
            by_section.setdefault(new_groups[j], []).append((j, pairs[j]))
    for members in by_section.values():
        kept = _increasing([i for _, i in members])
        moved |= {j for position, (j, _) in enumerate(members) if position not in kept}
    return moved


def _increasing(values: list[int]) -> set[int]:
    """The positions of a longest increasing subsequence of `values` (patience sorting)."""
    tails: list[int] = []
    tail_values: list[int] = []
    parents = [-1] * len(values)
    for position, value in enumerate(values):
        low, high = 0, len(tail_values)
        while low < high:
            mid = (low + high) // 2
            if tail_values[mid] < value:
                low = mid + 1
            else:
                high = mid
        parents[position] = tails[low - 1] if low else -1
        if low == len(tails):
            tails.append(position)
            tail_values.append(value)
        else:
            tails[low] = position
            tail_values[low] = value
    kept: set[int] = set()
    position = tails[-1] if tails else -1
    while position != -1:
        kept.add(position)
        position = parents[position]
    return kept


def _place_removed(
    by_section: dict[str, list[ClauseDiff]],
    removed: list[int],
    old: list[_Slot],
    tables: dict[str, TableDiff],
) -> None:
    """Puts each removed clause where it stood: after the nearest clause before it in its old
    section that its section's list holds (a clause kept there, or one removed before it), or
    first in the section. One pass over the old clauses, one over each list."""
    if not removed:
        return
    gone = set(removed)
    listed = {
        section: {id(diff.old) for diff in diffs if diff.old is not None}
        for section, diffs in by_section.items()
    }
    # What follows each anchor (the old position of a clause in the list, or None: the start).
    after: dict[tuple[str, int | None], ClauseDiff] = {}
    last: dict[str, int] = {}
    for i, slot in enumerate(old):
        if i in gone:
            after[(slot.section, last.get(slot.section))] = _clause(slot, None, False, tables)
            last[slot.section] = i
        elif id(slot.clause) in listed.get(slot.section, ()):
            last[slot.section] = i
    position = {id(slot.clause): i for i, slot in enumerate(old)}
    for section in {old[i].section for i in removed}:
        placed: list[ClauseDiff] = []
        anchors: list[int | None] = [None]
        for diff in by_section.get(section, []):
            anchors.append(position[id(diff.old)] if diff.old is not None else -1)
        diffs = by_section.get(section, [])
        for index, anchor in enumerate(anchors):
            if index:
                placed.append(diffs[index - 1])
            while (section, anchor) in after:
                follower = after.pop((section, anchor))
                placed.append(follower)
                anchor = position[id(follower.old)]
        by_section[section] = placed


# -- the summary ------------------------------------------------------------------------------


def _summary(r: Redline) -> Summary:
    clauses = [c for s in r.sections for c in s.clauses if c.table is None]
    return Summary(
        clauses=Counts(
            added=sum(1 for c in clauses if c.status == "added"),
            removed=sum(1 for c in clauses if c.status == "removed"),
            changed=sum(1 for c in clauses if c.status == "changed"),
        ),
        moved=sum(1 for c in clauses if c.moved),
        relabelled=sum(1 for c in clauses if c.relabelled and not c.moved),
        tables=tuple(
            (t, Counts(t.count("added"), t.count("removed"), t.count("changed"))) for t in r.tables
        ),
        measures=_item_counts(r.table(MEASURES), "measures"),
    )


def _item_counts(table: TableDiff, field_name: str) -> Counts:
    items = [
        item for row in table.rows for f in row.fields if f.field == field_name for item in f.values
    ]
    return Counts(
        added=sum(1 for item in items if item.status == "added"),
        removed=sum(1 for item in items if item.status == "removed"),
        changed=sum(1 for item in items if item.status == "changed"),
    )
