"""The publication record: what was published, and when, as `record.json` on the site branch.

Per version its id, dates, content hash, the git tree id of its folder, its source commit and the
day it was first deployed; per notice its version, date, the feed entry as published and the
hash of its text. The record is append-only: every commit of the site branch holds the record of
its parent with entries added at the end, none changed, reordered or removed. It is the one
source of what was published: versions.json, `latest/` and feed.xml are made from it, and every
publish (and `avv verify`) checks the branch against it first.

The rules are pure functions of records, trees and texts; `read_branch` does the git I/O.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

from avv.errors import AvvError
from avv.law.binding import NoticeDay, binding, day_of_notice, is_offer
from avv.law.timeline import Timeline
from avv.repo.gitrepo import Repository

RECORD = "record.json"
VERSIONS = "versions.json"
FEED = "feed.xml"
LATEST = "latest"
FORMAT = 1


class RecordError(AvvError):
    """The site branch does not match its publication record; the message says where."""


@dataclass(frozen=True)
class PublishedVersion:
    """A version as published. `deployed` is the day it was first deployed: the day its notice
    went out. `kinds` are the legal kinds of its changes against the version before it
    (avv.changes.kinds); None in entries recorded before the record kept them."""

    id: str
    published: date
    effective: date
    hash: str
    tree: str
    commit: str
    deployed: date
    kinds: tuple[str, ...] | None = None

    @property
    def offer(self) -> bool:
        """Whether it binds a customer only with their written consent (XIII.b, V.b)."""
        return self.kinds is not None and is_offer(self.kinds)

    @property
    def notice_day(self) -> NoticeDay:
        return day_of_notice(self.published, self.effective, self.deployed)


@dataclass(frozen=True)
class FeedEntry:
    """A notice as the feed shows it; once published it is never rewritten."""

    version: str
    date: date
    title: str
    link: str
    author: str
    email: str
    summary: str
    content: str
    # The calendar entry of the objection period (`.ics`); empty without one, and in entries
    # published before the feed linked it.
    calendar: str = ""

    @property
    def hash(self) -> str:
        return text_hash(self.content)


@dataclass(frozen=True)
class PublishedNotice:
    """A notice as published: its feed entry, and what the root notices index shows of it, the
    last day to object (None without an objection period) and the clauses under which the
    changes are made (`VI.c`, `VII.c`, `VIII`, `V.b`, `XIII.b`). Notices recorded before the
    index have neither (None and ())."""

    version: str
    date: date
    hash: str
    entry: FeedEntry
    last_day: dt.date | None = None
    clauses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Record:
    """What was published. `root` describes the files at the branch's root besides the record
    and the version folders (`avv.published.root_files`), path and SHA-256 as the commit that
    holds this record has them: unlike the entries it is rewritten by every publish, and a
    record from before it has none (empty)."""

    versions: tuple[PublishedVersion, ...] = ()
    notices: tuple[PublishedNotice, ...] = ()
    root: tuple[tuple[str, str], ...] = ()

    def find(self, version_id: str) -> PublishedVersion | None:
        return next((v for v in self.versions if v.id == version_id), None)

    @property
    def timeline(self) -> Timeline:
        return Timeline.of(self.versions)

    def appended(
        self, versions: Sequence[PublishedVersion], notices: Sequence[PublishedNotice]
    ) -> Record:
        return Record((*self.versions, *versions), (*self.notices, *notices), self.root)

    def described(self, root: Mapping[str, str]) -> Record:
        """This record describing the root files `root` (path → SHA-256)."""
        return Record(self.versions, self.notices, tuple(sorted(root.items())))

    def previous(self, version_id: str) -> str | None:
        """The version published before `version_id`: the one its notice is made against."""
        ids = [v.id for v in self.versions]
        position = ids.index(version_id) if version_id in ids else 0
        return ids[position - 1] if position else None


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def dumps(record: Record) -> bytes:
    data = {
        "format": FORMAT,
        "versions": [_plain(asdict(v)) for v in record.versions],
        "notices": [_plain(asdict(n)) for n in record.notices],
    }
    if record.root:
        data["root"] = dict(record.root)
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def loads(data: bytes) -> Record:
    """The record in `data`; a record that is not one is a RecordError saying why."""
    try:
        raw = json.loads(data.decode("utf-8"))
        if raw.get("format") != FORMAT:
            raise ValueError(f"unbekanntes Format {raw.get('format')!r}")
        versions = tuple(_version(item) for item in raw["versions"])
        notices = tuple(_notice(item) for item in raw["notices"])
        root = _root(raw.get("root", {}))
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as error:
        raise RecordError(
            f"{RECORD}: kein gültiges Protokoll der Veröffentlichung ({error})"
        ) from None
    return Record(versions, notices, root)


def properties(record: Record) -> dict[str, dict[str, str]]:
    """The version properties of versions.json, made from the record: the dates, hash and
    commit, and the timeline computed once here (in effect from, until, successor), so that
    the browser only compares its today with them."""
    timeline = record.timeline
    out = {}
    for position, version in enumerate(record.versions):
        entry = timeline.get(version.id)
        props = {
            "published": version.published.isoformat(),
            "effective": version.effective.isoformat(),
            "hash": version.hash,
            "commit": version.commit,
            "valid_from": entry.period.start.isoformat(),
        }
        last = entry.period.last_day
        if last is not None and entry.successor is not None:
            props["valid_until"] = last.isoformat()
            props["successor"] = entry.successor
            props["superseded_on"] = timeline.get(entry.successor).effective.isoformat()
        if version.kinds is not None:
            props |= _binding_properties(record.versions[: position + 1])
        out[version.id] = props
    return out


def _binding_properties(versions: Sequence[PublishedVersion]) -> dict[str, str]:
    """What binds whom, for the last of `versions` (avv.law.binding): `kinds` of its changes;
    `offer` where it binds a customer only with their written consent; `text_for_all`, the
    version whose text binds those who have not agreed, where that is another; and the day its
    notice went out (`notice_sent`) and counts as given (`notice_given`) where either is not
    `published`. Only for versions recorded with their kinds: what was published before keeps
    its properties."""
    version = versions[-1]
    assert version.kinds is not None
    props = {"kinds": ",".join(version.kinds)}
    if version.offer:
        props["offer"] = "true"
    text = binding(versions, version.effective).text
    if text != version.id:
        props["text_for_all"] = text
    day = version.notice_day
    if day.sent != version.published:
        props["notice_sent"] = day.sent.isoformat()
    if day.given != version.published:
        props["notice_given"] = day.given.isoformat()
    return props


def versions_json(record: Record, latest: str | None) -> list[dict[str, Any]]:
    """versions.json as mike writes it (newest first), from the record alone."""
    props = properties(record)
    return [
        {
            "version": v.id,
            "title": v.id,
            "aliases": [LATEST] if v.id == latest else [],
            "properties": props[v.id],
        }
        for v in reversed(record.versions)
    ]


def dumps_versions(entries: list[dict[str, Any]]) -> bytes:
    return json.dumps(entries, ensure_ascii=False).encode("utf-8")


def extension_problems(previous: Record, current: Record, where: str) -> list[str]:
    """How `current` fails to extend `previous` (entries changed, reordered or removed)."""
    problems = []
    pairs: tuple[tuple[str, Sequence[PublishedVersion | PublishedNotice], Sequence[Any]], ...] = (
        ("Version", previous.versions, current.versions),
        ("Mitteilung", previous.notices, current.notices),
    )
    for kind, old, new in pairs:
        for position, before in enumerate(old):
            after = new[position] if position < len(new) else None
            if after is None:
                problems.append(
                    f"{RECORD} ({where}): {kind} {_name(before)} fehlt — ein Eintrag wird nie "
                    "entfernt"
                )
            elif after != before:
                problems.append(f"{RECORD} ({where}): {_difference(kind, before, after)}")
    return problems


def site_problems(
    record: Record,
    trees: Mapping[str, str | None],
    versions: bytes | None,
    latest_tree: str | None,
) -> list[str]:
    """How the site's folders and versions.json differ from the record: a folder's tree, a
    version missing or unknown, a property or title changed. `latest/` is reported too; a
    publish repairs it from its version."""
    problems = []
    for version in record.versions:
        tree = trees.get(version.id)
        if tree != version.tree:
            problems.append(
                f"{version.id}/: der Ordner weicht von der Veröffentlichung ab (Baum "
                f"{(tree or 'fehlt')[:12]}, veröffentlicht {version.tree[:12]}) — eine "
                "veröffentlichte Version ändert sich nie: den Commit auf dem Site-Branch "
                "zurücknehmen"
            )
    try:
        listed = json.loads(versions.decode("utf-8")) if versions is not None else None
    except (ValueError, UnicodeDecodeError):
        listed = None
    if not isinstance(listed, list):
        return [*problems, f"{VERSIONS}: fehlt oder ist kein JSON-Array"]
    expected = {entry["version"]: entry for entry in versions_json(record, None)}
    seen = set()
    latest_of = None
    for item in listed:
        if not isinstance(item, dict):
            problems.append(f"{VERSIONS}: ein Eintrag ist kein Objekt")
            continue
        name = str(item.get("version"))
        seen.add(name)
        want = expected.get(name)
        if want is None:
            problems.append(f"{VERSIONS}: Version {name} steht in keinem Protokolleintrag")
            continue
        for key in ("title", "properties"):
            if item.get(key) != want[key]:
                problems.append(
                    f"{VERSIONS}: Version {name}, {key}: {_show(item.get(key))} statt "
                    f"{_show(want[key])}"
                )
        aliases = item.get("aliases")
        if aliases not in ([], [LATEST]):
            problems.append(f"{VERSIONS}: Version {name}, aliases: {_show(aliases)}")
        elif aliases == [LATEST]:
            latest_of = name
    for name in expected.keys() - seen:
        problems.append(f"{VERSIONS}: Version {name} fehlt")
    if latest_of is not None:
        published = record.find(latest_of)
        if published is not None and latest_tree != published.tree:
            problems.append(
                f"{LATEST}/: weicht von {latest_of}/ ab — avv publish stellt es aus "
                f"{latest_of}/ wieder her"
            )
    return problems


def read(repo: Repository, commit: str) -> Record | None:
    """The record of a site-branch commit; None where it has none."""
    data = repo.read(commit, RECORD)
    return None if data is None else loads(data)


def chain_problems(repo: Repository, tip: str) -> list[str]:
    """Every commit of the site branch (first parents) must extend its parent's record; once
    a record exists, no later commit may lack it."""
    problems: list[str] = []
    newer: tuple[str, Record | None] | None = None
    for commit in repo.first_parents(tip):
        try:
            record = read(repo, commit.sha)
        except RecordError as error:
            problems.append(f"Commit {commit.sha[:12]}: {error}")
            record = None
        if newer is not None:
            later_sha, later = newer
            if record is not None and later is None:
                problems.append(
                    f"{RECORD} (Commit {later_sha[:12]}): entfernt — das Protokoll der "
                    "Veröffentlichung wird nie gelöscht"
                )
            elif record is not None and later is not None:
                problems.extend(extension_problems(record, later, f"Commit {later_sha[:12]}"))
        newer = (commit.sha, record)
    return problems


def branch_problems(repo: Repository, tip: str) -> tuple[Record | None, list[str]]:
    """The record at `tip` and everything in which the branch up to `tip` differs from it."""
    problems = chain_problems(repo, tip)
    try:
        record = read(repo, tip)
    except RecordError as error:
        return None, [*problems, str(error)]
    if record is None:
        return None, problems
    trees = {v.id: repo.tree_id(tip, v.id) for v in record.versions}
    problems += site_problems(record, trees, repo.read(tip, VERSIONS), repo.tree_id(tip, LATEST))
    return record, list(dict.fromkeys(problems))


def _root(item: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(item, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in item.items()
    ):
        raise TypeError(f"root ist keine Zuordnung von Pfaden zu SHA-256: {item!r}")
    return tuple(sorted(item.items()))


def _version(item: Mapping[str, Any]) -> PublishedVersion:
    return PublishedVersion(
        str(item["id"]),
        date.fromisoformat(item["published"]),
        date.fromisoformat(item["effective"]),
        str(item["hash"]),
        str(item["tree"]),
        str(item["commit"]),
        date.fromisoformat(item["deployed"]),
        None if item.get("kinds") is None else tuple(str(kind) for kind in item["kinds"]),
    )


def _notice(item: Mapping[str, Any]) -> PublishedNotice:
    last_day = item.get("last_day")
    clauses = item.get("clauses", [])
    if not isinstance(clauses, list):
        raise TypeError(f"clauses ist keine Liste: {clauses!r}")
    return PublishedNotice(
        str(item["version"]),
        date.fromisoformat(item["date"]),
        str(item["hash"]),
        _entry(item["entry"]),
        None if last_day is None else date.fromisoformat(last_day),
        tuple(str(clause) for clause in clauses),
    )


def _entry(item: Mapping[str, Any]) -> FeedEntry:
    values = {f.name: item[f.name] for f in fields(FeedEntry) if f.name != "calendar"}
    values["date"] = date.fromisoformat(values["date"])
    return FeedEntry(**values, calendar=str(item.get("calendar", "")))


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    return {key: _plain_value(value) for key, value in data.items()}


def _plain_value(value: Any) -> Any:
    if isinstance(value, dict):
        return _plain(value)
    if isinstance(value, tuple):
        return list(value)
    return value.isoformat() if isinstance(value, date) else value


def _name(entry: PublishedVersion | PublishedNotice) -> str:
    return entry.id if isinstance(entry, PublishedVersion) else entry.version


def _difference(kind: str, before: Any, after: Any) -> str:
    name = _name(before)
    changed = [
        f"{f.name}: {_show(getattr(before, f.name))} → {_show(getattr(after, f.name))}"
        for f in fields(before)
        if getattr(before, f.name) != getattr(after, f.name)
    ]
    return (
        f"{kind} {name} geändert ({'; '.join(changed)}) — was veröffentlicht wurde, wird nie "
        "umgeschrieben: den Commit auf dem Site-Branch zurücknehmen"
    )


def _show(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, FeedEntry):
        return f"Eintrag mit SHA-256 {value.hash[:12]}"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= 80 else text[:77] + "…"
