"""Everything at the root of the site branch, and the short fixed list of files beside the
record and the version folders.

A path at the root of the site branch is the record's (`record.json`, `versions.json`,
`latest/`), a recorded version's folder, or one of `ROOT_FILES`; anything else (a `CNAME` that
moves the site to another domain, an `evil.html`, the folder of a version never published) is
tampering. Every publish writes the root files, and the record describes them (`Record.root`:
path and SHA-256 as published); every publish and `avv verify` compare the branch's copies with
that description, and those made from the record alone (feed.xml, the notices index
mitteilungen/index.html and mitteilungen.json) also with what the record makes of them, so a
difference names the entry. A difference is reported, never silently repaired.

Adding a root file is one entry of `ROOT_FILES`: its path, how it is made, and, for a file made
from the record alone, how a copy that differs is described.

Two exceptions for branches published by an older `avv`: a branch published before the notices
index existed has neither of its files, and a record before `root` describes no root file; a
publish writes what is missing, and `avv verify` names it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from avv.published import feed, notices_index, root_pages
from avv.published.notices_index import DATA, INDEX
from avv.published.record import FEED, LATEST, RECORD, VERSIONS, Record
from avv.repo.gitrepo import EntryKind

__all__ = ["ROOT_FILES", "RootFile", "Site", "described", "files", "layout_problems", "problems"]

HINT = (
    "den Commit auf dem Site-Branch zurücknehmen; avv publish schreibt die Datei aus dem Protokoll"
)


@dataclass(frozen=True)
class Site:
    """What a root file may be made from: the record, the version `latest` points at, and the
    site's address (`site_url`, "" where it is unset)."""

    record: Record
    latest: str | None = None
    site_url: str = ""


@dataclass(frozen=True)
class RootFile:
    """A file at the root of the site branch. `make`: its content (None: mike writes it, as
    `.nojekyll`, and the publish records it as mike left it; the list of versions `index.html`
    replaces mike's redirect to the default version). `compare`: for a file made from the
    record alone, how the branch's copy (None where missing) differs from what `make` made, one
    line each."""

    path: str
    make: Callable[[Site], bytes] | None = None
    compare: Callable[[bytes, bytes | None], list[str]] | None = None


def _feed(site: Site) -> bytes:
    return feed.feed_of(site.record).encode("utf-8")


def _feed_problems(expected: bytes, actual: bytes | None) -> list[str]:
    return feed.differences(expected.decode("utf-8"), actual)


def _page(expected: bytes, actual: bytes | None) -> list[str]:
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


def _data(expected: bytes, actual: bytes | None) -> list[str]:
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


ROOT_FILES = (
    RootFile(".nojekyll"),
    RootFile(root_pages.INDEX, lambda site: root_pages.index_html(site.record, site.latest)),
    RootFile(
        root_pages.NOT_FOUND, lambda site: root_pages.not_found_html(site.latest, site.site_url)
    ),
    RootFile(root_pages.SITEMAP, lambda site: root_pages.sitemap_xml(site.record, site.site_url)),
    RootFile(FEED, _feed, _feed_problems),
    RootFile(INDEX, lambda site: notices_index.index_html(site.record), _page),
    RootFile(DATA, lambda site: notices_index.notices_json(site.record), _data),
)
# The paths of the record and of `latest/`; beside them, only recorded versions' folders.
RECORDED = (RECORD, VERSIONS)


def files(site: Site) -> dict[str, bytes]:
    """Each root file that a publish writes, by its path on the site branch."""
    return {f.path: f.make(site) for f in ROOT_FILES if f.make is not None}


def described(read: Callable[[str], bytes | None]) -> dict[str, str]:
    """The description of the root files as `read` finds them (path → SHA-256), for the record."""
    found = {f.path: read(f.path) for f in ROOT_FILES}
    return {
        path: hashlib.sha256(data).hexdigest() for path, data in found.items() if data is not None
    }


def layout_problems(record: Record, entries: Mapping[str, EntryKind]) -> list[str]:
    """Every path of the branch (`entries`: every path below the root with its kind) that is
    neither the record's, a recorded version's folder, nor a root file, one line each."""
    allowed = {path: "file" for path in RECORDED} | {f.path: "file" for f in ROOT_FILES}
    folders = {v.id for v in record.versions} | {LATEST}
    problems = []
    for path, kind in sorted(entries.items()):
        top, _, below = path.partition("/")
        if top in folders:
            if not below and kind != "folder":
                problems.append(f"{path}: kein Ordner — {_HINT_FOREIGN}")
            continue
        wanted = allowed.get(path)
        if wanted is None:
            if kind == "folder" and any(p.startswith(f"{path}/") for p in allowed):
                continue
            what = "der Ordner" if kind == "folder" else "die Datei"
            problems.append(
                f"{path}: {what} steht in keinem Protokolleintrag und ist keine der Dateien der "
                f"Wurzel ({', '.join(f.path for f in ROOT_FILES)}) — {_HINT_FOREIGN}"
            )
        elif kind != wanted:
            problems.append(f"{path}: keine gewöhnliche Datei ({kind}) — {_HINT_FOREIGN}")
    return problems


_HINT_FOREIGN = "den Commit auf dem Site-Branch zurücknehmen, der sie hinzugefügt hat"


def problems(
    site: Site, read: Callable[[str], bytes | None], *, before_index: bool = False
) -> list[str]:
    """How the root files as `read` from the branch differ from the record's description and
    from what the record makes of them, one line each.

    `before_index` lets a publish accept a branch published by an older `avv`: before the
    notices index (neither of its files there), and before the record described the root files;
    it writes them. `avv verify` still names them.
    """
    recorded = dict(site.record.root)
    old_index = before_index and read(INDEX) is None and read(DATA) is None
    found: list[str] = []
    if not recorded and not before_index:
        found.append(
            f"{RECORD}: beschreibt die Dateien der Wurzel nicht (von einem älteren avv "
            "veröffentlicht) — avv publish beschreibt sie mit der nächsten Veröffentlichung"
        )
    for root_file in ROOT_FILES:
        data = read(root_file.path)
        if root_file.make is not None and root_file.compare is not None:
            if old_index and root_file.path in (INDEX, DATA):
                continue
            differs = root_file.compare(root_file.make(site), data)
            if differs:
                found += differs
                continue
        want = recorded.get(root_file.path)
        if want is None:
            continue
        if data is None:
            found.append(f"{root_file.path}: fehlt — {HINT}")
        elif hashlib.sha256(data).hexdigest() != want:
            found.append(
                f"{root_file.path}: weicht von der Beschreibung im Protokoll ab (SHA-256 "
                f"{hashlib.sha256(data).hexdigest()[:12]}, veröffentlicht {want[:12]}) — {HINT}"
            )
    for path in sorted(recorded.keys() - {f.path for f in ROOT_FILES}):
        found.append(f"{RECORD}: beschreibt {path}, keine der Dateien der Wurzel")
    return found
