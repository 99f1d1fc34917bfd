"""The version rules of time, pure: the order of ids, the period each version is in effect, its
successor, and its state on a day. No I/O: the history, the site and the browser's data are all
made from one `Timeline`.

The rule: the versions stand in the order given (the order of the history); a version is in
effect from its `effective` until the next version's `effective`, and that next version is its
successor. On a day, a version not yet published is *vorbereitet*, one published but not yet in
effect *angekündigt*, one within its period *gültig*, one after it *ersetzt*.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, Protocol

State = Literal["vorbereitet", "angekündigt", "gültig", "ersetzt"]

_ORDINAL = re.compile(r"\d+|[^\d.-]+", re.ASCII)


class Dated(Protocol):
    """Anything with a version's id and dates: a version of the history, a published entry."""

    @property
    def id(self) -> str: ...

    @property
    def published(self) -> date: ...

    @property
    def effective(self) -> date: ...


@dataclass(frozen=True)
class Period:
    """The days a version is in effect: from `start` up to, not including, `end` (None: until
    a successor is announced)."""

    start: date
    end: date | None = None

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day and (self.end is None or day < self.end)

    @property
    def last_day(self) -> date | None:
        """The last day in effect, as a reader counts it ("gültig bis …")."""
        return None if self.end is None else self.end - timedelta(days=1)


@dataclass(frozen=True)
class Entry:
    """One version on the timeline: its dates, its period in effect and its successor."""

    id: str
    published: date
    effective: date
    period: Period
    successor: str | None = None

    def state_on(self, day: date) -> State:
        if day < self.published:
            return "vorbereitet"
        if day < self.period.start:
            return "angekündigt"
        return "gültig" if day in self.period else "ersetzt"


@dataclass(frozen=True)
class Timeline:
    """The versions in order, each with its period and successor."""

    entries: tuple[Entry, ...]

    @classmethod
    def of(cls, versions: Iterable[Dated]) -> Timeline:
        """The timeline of `versions` in the order given (oldest first)."""
        dated = [(v.id, v.published, v.effective) for v in versions]
        entries = []
        for position, (version_id, published, effective) in enumerate(dated):
            after = dated[position + 1] if position + 1 < len(dated) else None
            entries.append(
                Entry(
                    version_id,
                    published,
                    effective,
                    Period(effective, after[2] if after else None),
                    after[0] if after else None,
                )
            )
        return cls(tuple(entries))

    def get(self, version_id: str) -> Entry:
        for entry in self.entries:
            if entry.id == version_id:
                return entry
        raise KeyError(version_id)

    def state_on(self, version_id: str, day: date) -> State:
        return self.get(version_id).state_on(day)

    def in_effect(self, day: date) -> Entry | None:
        """The version in effect on `day`; None before the first takes effect."""
        return next((e for e in reversed(self.entries) if e.state_on(day) == "gültig"), None)

    def compared_with(self, version_id: str) -> tuple[str, ...]:
        """The older versions a reader compares `version_id` with: the one before it, and the
        one in effect on its announcement day, the text the change is asked of (often the
        same; none for the first version). The site keeps these pairs' redlines as files."""
        position = [e.id for e in self.entries].index(version_id)
        earlier = Timeline(self.entries[:position])
        if not earlier.entries:
            return ()
        before = earlier.entries[-1].id
        # Among the older versions alone: the announced version itself is in effect on its
        # announcement day where both days are one.
        then = earlier.in_effect(self.entries[position].published)
        return (before,) if then is None or then.id == before else (then.id, before)

    def successor(self, version_id: str) -> Entry | None:
        following = self.get(version_id).successor
        return None if following is None else self.get(following)


def version_key(version_id: str) -> tuple[tuple[int, int | str], ...]:
    """Orders version ids: by date, then by suffix, numbers as numbers (…-2 before …-10)."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in _ORDINAL.findall(version_id)
    )


def is_later(version_id: str, than: str) -> bool:
    return version_key(version_id) > version_key(than)
