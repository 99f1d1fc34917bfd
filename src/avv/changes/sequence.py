"""Comparing two sequences in time near linear in their length, whatever they hold.

`difflib.SequenceMatcher` is quadratic where tokens repeat (every white space token of a text
matches every other), so a long clause rewritten word for word took minutes. Here short
sequences still go to SequenceMatcher (its result is what readers know), and longer ones are
split at anchors first: the common start and end, then the tokens that occur exactly once on
each side, in the longest order both keep (patience diff), again inside every gap. A gap
without such tokens is compared by SequenceMatcher where it is short, by Myers' O(ND)
algorithm where few edits separate its sides, and otherwise taken as replaced whole. All of it
counts its work against a budget linear in the input; past it, what is left is replaced whole.
The result is always a correct comparison: the equal runs hold equal tokens in order, so the
old sequence is its deletions and equal runs, the new one its insertions and equal runs.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Sequence
from difflib import SequenceMatcher
from typing import Literal

Tag = Literal["equal", "replace", "delete", "insert"]
Opcode = tuple[Tag, int, int, int, int]

# Sequences whose product of lengths is at most this go to SequenceMatcher whole: every clause
# of the AVV today (the longest has 149 tokens), at a cost that stays small.
SMALL = 40_000
# Work allowed per token of both sides, and the most edits Myers' algorithm looks for in a gap.
WORK_PER_TOKEN = 64
MAX_EDITS = 16
# A gap of at most this many tokens on both sides together is compared exactly by Myers.
TINY = 32


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """How to turn `a` into `b`, as `SequenceMatcher.get_opcodes()` says it."""
    if len(a) * len(b) <= SMALL:
        return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return _opcodes(_matches(a, b), len(a), len(b))


def _matches(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int, int]]:
    """Matching blocks (i, j, size), in increasing order, not touching each other."""
    budget = [WORK_PER_TOKEN * (len(a) + len(b))]
    found: list[tuple[int, int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        region = stack.pop()
        stack.extend(reversed(_split(a, b, region, found, budget)))
    found.sort()
    return _joined(found)


def _split(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    region: tuple[int, int, int, int],
    found: list[tuple[int, int, int]],
    budget: list[int],
) -> list[tuple[int, int, int, int]]:
    """Adds the matches that anchor `region` to `found`; the gaps left to compare, in order."""
    alo, ahi, blo, bhi = region
    start = 0
    while alo + start < ahi and blo + start < bhi and a[alo + start] == b[blo + start]:
        start += 1
    if start:
        found.append((alo, blo, start))
        alo, blo = alo + start, blo + start
    end = 0
    while alo < ahi - end and blo < bhi - end and a[ahi - end - 1] == b[bhi - end - 1]:
        end += 1
    if end:
        found.append((ahi - end, bhi - end, end))
        ahi, bhi = ahi - end, bhi - end
    n, m = ahi - alo, bhi - blo
    budget[0] -= start + end + n + m
    if n == 0 or m == 0 or budget[0] < 0:
        return []
    if n + m <= TINY:
        found += _myers(a, b, alo, ahi, blo, bhi, n + m)
        return []
    anchors = _unique_anchors(a, b, alo, ahi, blo, bhi)
    if not anchors:
        budget[0] -= (n + m) * MAX_EDITS
        if budget[0] >= 0:
            found += _myers(a, b, alo, ahi, blo, bhi, MAX_EDITS)
        return []
    gaps = []
    i, j = alo, blo
    for ai, bj in anchors:
        found.append((ai, bj, 1))
        gaps.append((i, ai, j, bj))
        i, j = ai + 1, bj + 1
    gaps.append((i, ahi, j, bhi))
    return [gap for gap in gaps if gap[0] < gap[1] and gap[2] < gap[3]]


def _unique_anchors(
    a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """The tokens that occur once in each side, in the longest order both sides keep."""
    in_a: dict[Hashable, int] = {}
    for i in range(alo, ahi):
        token = a[i]
        in_a[token] = -1 if token in in_a else i
    in_b: dict[Hashable, int] = {}
    for j in range(blo, bhi):
        token = b[j]
        if in_a.get(token, -1) >= 0:
            in_b[token] = -1 if token in in_b else j
    pairs = sorted((in_a[token], j) for token, j in in_b.items() if j >= 0)
    return [pairs[k] for k in _increasing([j for _, j in pairs])]


def _increasing(values: list[int]) -> list[int]:
    """The positions of a longest increasing subsequence of `values` (patience sorting)."""
    tails: list[int] = []
    tail_values: list[int] = []
    parents = [-1] * len(values)
    for position, value in enumerate(values):
        low = bisect_left(tail_values, value)
        parents[position] = tails[low - 1] if low else -1
        if low == len(tails):
            tails.append(position)
            tail_values.append(value)
        else:
            tails[low] = position
            tail_values[low] = value
    kept: list[int] = []
    position = tails[-1] if tails else -1
    while position != -1:
        kept.append(position)
        position = parents[position]
    return kept[::-1]


def _myers(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
    limit: int,
) -> list[tuple[int, int, int]]:
    """The matches of a shortest edit script of at most `limit` edits (Myers 1986); none where
    more edits are needed, so that the gap is replaced whole."""
    n, m = ahi - alo, bhi - blo
    offset = limit + 1
    v = [0] * (2 * offset + 1)
    trace: list[list[int]] = []
    for d in range(limit + 1):
        trace.append(list(v))
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[offset + k - 1] < v[offset + k + 1]):
                x = v[offset + k + 1]
            else:
                x = v[offset + k - 1] + 1
            y = x - k
            while x < n and y < m and a[alo + x] == b[blo + y]:
                x, y = x + 1, y + 1
            v[offset + k] = x
            if x >= n and y >= m:
                return _backtrack(trace, d, n, m, offset, alo, blo)
    return []


def _backtrack(
    trace: list[list[int]], d: int, n: int, m: int, offset: int, alo: int, blo: int
) -> list[tuple[int, int, int]]:
    """The diagonal runs of the path that reached (n, m) after `d` edits."""
    matches = []
    x, y = n, m
    for step in range(d, 0, -1):
        before = trace[step]
        k = x - y
        if k == -step or (k != step and before[offset + k - 1] < before[offset + k + 1]):
            previous_k = k + 1
        else:
            previous_k = k - 1
        previous_x = before[offset + previous_k]
        previous_y = previous_x - previous_k
        start_x = previous_x if previous_k == k + 1 else previous_x + 1
        start_y = start_x - k
        if x > start_x:
            matches.append((alo + start_x, blo + start_y, x - start_x))
        x, y = previous_x, previous_y
    if x > 0:
        matches.append((alo, blo, x))
    return matches[::-1]


def _joined(blocks: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Adjacent matching blocks as one."""
    joined: list[tuple[int, int, int]] = []
    for i, j, size in blocks:
        if joined and joined[-1][0] + joined[-1][2] == i and joined[-1][1] + joined[-1][2] == j:
            last = joined.pop()
            joined.append((last[0], last[1], last[2] + size))
        elif size:
            joined.append((i, j, size))
    return joined


def _opcodes(blocks: list[tuple[int, int, int]], n: int, m: int) -> list[Opcode]:
    codes: list[Opcode] = []
    i = j = 0
    for ai, bj, size in [*blocks, (n, m, 0)]:
        tag: Tag | None = None
        if i < ai and j < bj:
            tag = "replace"
        elif i < ai:
            tag = "delete"
        elif j < bj:
            tag = "insert"
        if tag is not None:
            codes.append((tag, i, ai, j, bj))
        if size:
            codes.append(("equal", ai, ai + size, bj, bj + size))
        i, j = ai + size, bj + size
    return codes
