"""The files at the root of the site branch that are made from the publication record alone:
feed.xml, the notices index mitteilungen/index.html and mitteilungen.json.

Every publish writes them from the record, and every publish and `avv verify` first compares the
branch's copies with what the record makes of them: a difference is tampering, reported with the
file, the entry and what differs, never silently repaired. A publish so rewrites them only by
what its new record entries add. The one exception: a branch published before the notices index
existed has neither of its files, and its next publish writes both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from avv.published import feed, notices_index
from avv.published.notices_index import DATA, INDEX
from avv.published.record import FEED, Record

__all__ = ["files", "problems"]

HINT = (
    "den Commit auf dem Site-Branch zurücknehmen; avv publish schreibt die Datei aus dem Protokoll"
)


def files(record: Record) -> dict[str, bytes]:
    """Each root file of the record, by its path on the site branch."""
    return {
        FEED: feed.feed_of(record).encode("utf-8"),
        INDEX: notices_index.index_html(record),
        DATA: notices_index.notices_json(record),
    }


def problems(
    record: Record, read: Callable[[str], bytes | None], *, before_index: bool = False
) -> list[str]:
    """How the root files as `read` from the branch differ from the record, one line each.

    `before_index` lets a publish accept a branch published before the notices index existed
    (neither of its files there): it writes both from the record. `avv verify` still names them.
    """
    made = files(record)
    found = feed.differences(made[FEED].decode("utf-8"), read(FEED))
    if before_index and read(INDEX) is None and read(DATA) is None:
        return found
    found += _page_problems(made[INDEX], read(INDEX))
    found += _data_problems(made[DATA], read(DATA))
    return found


def _page_problems(expected: bytes, actual: bytes | None) -> list[str]:
    if actual is None:
        return [f"{INDEX}: fehlt — {HINT}"]
    if actual == expected:
        return []
    want = expected.decode("utf-8").splitlines()
    have = actual.decode("utf-8", errors="replace").splitlines()
    line = next(
        (n for n, (a, b) in enumerate(zip(want, have, strict=False), 1) if a != b),
        min(len(want), len(have)) + 1,
    )
    shown = _short(have[line - 1] if line <= len(have) else "(Ende der Datei)")
    return [f"{INDEX}:{line}: weicht vom Protokoll der Veröffentlichung ab ({shown}) — {HINT}"]


def _data_problems(expected: bytes, actual: bytes | None) -> list[str]:
    if actual is None:
        return [f"{DATA}: fehlt — {HINT}"]
    want = json.loads(expected)
    try:
        have = json.loads(actual.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return [f"{DATA}: kein JSON — {HINT}"]
    if not isinstance(have, dict):
        return [f"{DATA}: kein JSON-Objekt — {HINT}"]
    found = [
        f"{DATA}: {key}: {_short(have.get(key))} statt {_short(want[key])} — {HINT}"
        for key in sorted(want.keys() | have.keys())
        if key != "notices" and have.get(key) != want.get(key)
    ]
    listed = have.get("notices")
    if not isinstance(listed, list):
        return [*found, f"{DATA}: notices ist keine Liste — {HINT}"]
    by_version = {str(n.get("version")): n for n in listed if isinstance(n, dict)}
    for notice in want["notices"]:
        name = notice["version"]
        seen = by_version.pop(name, None)
        if seen is None:
            found.append(f"{DATA}: Mitteilung {name} fehlt — {HINT}")
            continue
        found += [
            f"{DATA}: Mitteilung {name}, {key}: {_short(seen.get(key))} statt "
            f"{_short(notice.get(key))} — {HINT}"
            for key in sorted(notice.keys() | seen.keys())
            if seen.get(key) != notice.get(key)
        ]
    found += [
        f"{DATA}: Mitteilung {name} steht in keinem Protokolleintrag — {HINT}"
        for name in by_version
    ]
    if not found and len(listed) != len(want["notices"]):
        found.append(f"{DATA}: notices hat {len(listed)} Einträge statt {len(want['notices'])}")
    if not found and listed != want["notices"]:
        found.append(f"{DATA}: die Mitteilungen stehen in anderer Reihenfolge — {HINT}")
    return found


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:79] + "…"
