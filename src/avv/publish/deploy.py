"""Publishing: every version of the history in its own frozen folder of the site branch.

mike deploys each version that is due (announced by today) and not on the branch yet, oldest
first. The publication record (avv.published.record, `record.json`) then gets the new versions with
the tree ids of their folders and their notices, and versions.json (with the timeline: in effect
from, until, successor), `latest/` (a copy of the version in effect), feed.xml, the notices index
mitteilungen/ and mitteilungen.json (avv.published.root_files) are written from the record, in one
commit.

Before it writes anything, a publish verifies the site branch against its record and the record
against every earlier commit's: a difference is refused, except in `latest/`, which is repaired.
feed.xml and the notices index are refused too where they differ from what the record makes of
them, so a publish rewrites them only by its own new entries.
New versions must follow the record: later ids, later `effective`, `published` not before the
newest published version's; a revert of a published version (its id back at HEAD) is refused.
A version that is not valid and was never published is skipped with a warning, unless it is the
newest.

All of it happens on a scratch branch that starts at the site branch's tip (see
avv.publish.site_branch); the site branch moves to the result in one compare-and-swap step at the
end, so a refusal, a failure half-way or a concurrent publish leaves it as it was, and a run with
nothing new adds no commit. Every version is built before the first commit, from its own git content
(AVV_VERSION) with today's toolchain; the work tree is untouched.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mike import commands as mike
from mike import git_utils
from mike.app_version import version as mike_version

from avv.changes import kinds
from avv.content.load import META
from avv.errors import AvvError
from avv.law.timeline import Timeline, is_later
from avv.publish import site_branch
from avv.published import feed, record, root_files
from avv.published.record import LATEST, RECORD, VERSIONS, PublishedNotice, PublishedVersion, Record
from avv.repo import history
from avv.repo.gitrepo import Repository
from avv.repo.history import Version
from avv.site import derived, settings
from avv.site.build import build_site
from avv.site.context import build_context


class PublishError(AvvError):
    """Publishing stopped; the site branch is as it was."""


@dataclass(frozen=True)
class Published:
    """What a publish did: the versions it deployed, where `latest` and the default point, the
    site branch's tip (unchanged when nothing was new), and warnings (skipped versions)."""

    deployed: tuple[str, ...]
    latest: str | None
    default: str | None
    tip: str | None
    changed: bool
    warnings: tuple[str, ...] = ()


def publish(
    repo: Path,
    today: date,
    *,
    branch: str = site_branch.BRANCH,
    remote: str = "origin",
    push: bool = False,
) -> Published:
    """Brings the site branch up to date with the history of HEAD as of `today`."""
    with history.open_repo(repo) as git:
        refused = site_branch.target_problems(git, branch, META)
        if push and (remote.startswith("-") or not remote.strip()):
            refused.append(
                f"--remote {remote!r} ist kein Name eines Remotes — den Namen angeben, z. B. origin"
            )
        if refused:
            raise PublishError("Veröffentlichung verweigert:\n" + "\n".join(refused))
        return _publish(git, today, branch, remote, push)


def _publish(git: Repository, today: date, branch: str, remote: str, push: bool) -> Published:
    root = git.root
    past = history.read(root)
    versions = list(past.versions)
    local = git.resolve(f"refs/heads/{branch}")
    base = site_branch.base(git, branch, remote)
    if versions and (base is None or git.tree_id(base, versions[-1].id) is None):
        derived.MAKER.begin()  # the newest is new: the worker loads WeasyPrint meanwhile
    known, problems = _verified(git, branch, base, versions)
    problems += integrity_problems(versions, known)
    problems += revert_problems(past, known)
    warnings = [f"Warnung: {w}" for w in past.unnamed]
    due: list[Version] = []
    for version in versions:
        if known.find(version.id) is not None:
            continue
        if version.problem is not None:
            if version is versions[-1]:
                problems.append(version.problem)
            else:
                warnings.append(
                    f"Warnung: nie veröffentlicht und nicht gültig, übersprungen: {version.problem}"
                )
            continue
        if version.published <= today:
            due.append(version)
    problems += order_problems(known, due)
    if problems:
        raise PublishError(
            f"Veröffentlichung verweigert, {branch} ist unverändert:\n" + "\n".join(problems)
        )
    line = Timeline.of([*known.versions, *due])
    found = line.in_effect(today)
    current = found.id if found else None
    default = current or (line.entries[-1].id if line.entries else None)
    if default is None:
        return Published((), None, None, local, False, tuple(warnings))
    by_id = {v.id: v for v in versions}
    with site_branch.scratch(git, base) as scratch:
        sites = _build_all(root, due, scratch.folder, today)
        with _in_folder(root):
            # No `mike set-default`: the root's index.html is avv's list of versions
            # (avv.published.root_pages), written with the record below.
            for version in due:
                with scratch.step():
                    _deploy(version, sites[version.id], scratch.branch)
        tip = git.resolve(f"refs/heads/{scratch.branch}")
        assert tip is not None  # a base, or at least one version deployed
        kinds = _kinds(known, due, by_id)
        added = [
            PublishedVersion(
                v.id,
                v.published,
                v.effective,
                v.hash,
                _tree(git, tip, v.id),
                v.commit,
                today,
                kinds[v.id],
            )
            for v in due
        ]
        url = settings.site_url(root)
        updated = known.appended(added, _entries(known, due, by_id, url, today))
        made = root_files.files(root_files.Site(updated, current, url))
        at_tip = tip
        updated = updated.described(
            root_files.described(lambda path: made.get(path, git.read(at_tip, path)))
        )
        with scratch.step(), git.transaction(scratch.branch, _message(due, current)) as change:
            change.write(RECORD, record.dumps(updated))
            change.write(VERSIONS, record.dumps_versions(record.versions_json(updated, current)))
            if current is not None:
                change.copy_tree(LATEST, _recorded(updated, current).tree)
            for path, data in made.items():
                change.write(path, data)
        tip = git.resolve(f"refs/heads/{scratch.branch}")
        assert tip is not None
        if push:
            with scratch.step():
                git.push(remote, tip, branch)
        with scratch.step():
            site_branch.move(git, branch, tip, local)
            site_branch.remember(git, branch, tip)
    return Published(tuple(v.id for v in due), current, default, tip, tip != base, tuple(warnings))


def verify(repo: Path, branch: str = site_branch.BRANCH, *, accept_reset: bool = False) -> Record:
    """Verifies the site branch against its record and the record against every earlier
    commit's; needs only the site branch (a fresh clone of it will do). The state verified is
    remembered in the clone, and a later branch of which it is no ancestor is refused, unless
    `accept_reset` accepts a deliberate rewrite."""
    with Repository(repo) as git:
        refused = site_branch.name_problems(git, branch)
        if refused:
            raise PublishError("\n".join(refused))
        tip = site_branch.tip(git, branch)
        if tip is None:
            raise PublishError(f"{git.root} hat keinen Branch {branch} — nichts zu prüfen")
        problems = [] if accept_reset else site_branch.rewritten(git, branch, tip)
        found, recorded = record.branch_problems(git, tip)
        problems += recorded
        if found is not None and found.versions:
            problems += _root_problems(git, tip, found)
        if found is None and not problems:
            problems = [
                f"{branch} ({tip[:12]}): kein {RECORD} — nicht mit avv publish veröffentlicht"
            ]
        if problems:
            raise record.RecordError(
                f"{branch} ({tip[:12]}) weicht vom Protokoll der Veröffentlichung ab:\n"
                + "\n".join(problems)
            )
        site_branch.remember(git, branch, tip)
    assert found is not None
    return found


def _root_problems(
    git: Repository, tip: str, found: Record, *, before_index: bool = False
) -> list[str]:
    """Every path at the root that the record does not know, and every root file that differs
    from the record's description (`avv.published.root_files`)."""
    entries = git.entries(tip)
    folders = {v.id for v in found.versions} | {LATEST}
    for path, kind in list(entries.items()):
        if kind == "folder" and path not in folders:
            entries |= git.entries(tip, path, deep=True)
    problems = root_files.layout_problems(found, entries)
    site = root_files.Site(found)
    return problems + root_files.problems(
        site, lambda path: git.read(tip, path), before_index=before_index
    )


def _verified(
    git: Repository, branch: str, base: str | None, versions: Sequence[Version]
) -> tuple[Record, list[str]]:
    """The record at `base` and the differences that refuse a publish (`latest/` is repaired,
    not refused). A site branch from before the record gets one made from what it holds."""
    if base is None:
        return Record(), []
    rewritten = site_branch.rewritten(git, branch, base)
    found, problems = record.branch_problems(git, base)
    problems = rewritten + [p for p in problems if not p.startswith(f"{LATEST}/")]
    if found is None and not problems:
        return _bootstrap(git, base, versions)
    if found is not None and found.versions:
        problems += _root_problems(git, base, found, before_index=True)
    return found or Record(), problems


def _bootstrap(git: Repository, base: str, versions: Sequence[Version]) -> tuple[Record, list[str]]:
    """The record of a site branch published before there was one: its versions as
    versions.json lists them (oldest first), with the trees they have now."""
    data = git.read(base, VERSIONS)
    listed = json.loads(data.decode("utf-8")) if data else []
    by_id = {v.id: v for v in versions}
    problems: list[str] = []
    added: list[Version] = []
    for item in reversed(listed):
        version = by_id.get(str(item.get("version")))
        stored = (item.get("properties") or {}).get("hash")
        if version is None or stored is None:
            problems.append(
                f"{VERSIONS}: {item.get('version')} ist nicht von avv publish oder nicht mehr "
                "in der Geschichte — mit `mike delete` entfernen oder den Verlauf wiederherstellen"
            )
            continue
        added.append(version)
    kinds = _kinds(Record(), added, by_id)
    published = [
        PublishedVersion(
            v.id,
            v.published,
            v.effective,
            v.hash,
            _tree(git, base, v.id),
            v.commit,
            v.published,
            kinds[v.id],
        )
        for v in added
    ]
    return Record().appended(
        published, _entries(Record(), added, by_id, settings.site_url(git.root))
    ), problems


def integrity_problems(versions: Sequence[Version], known: Record) -> list[str]:
    """Every recorded version whose content in the history no longer has the hash it was
    published with, or that is no longer in the history, one line each."""
    by_id = {v.id: v for v in versions}
    problems = []
    for published in known.versions:
        version = by_id.get(published.id)
        if version is None:
            problems.append(
                f"{published.id}: veröffentlicht, aber nicht mehr in der Geschichte — eine "
                "veröffentlichte Version wird nie entfernt: ihre Commits wiederherstellen"
            )
        elif version.problem is not None or version.hash != published.hash:
            now = version.hash if version.problem is None else "ungültig"
            problems.append(
                f"{published.id}: ihr Inhalt (Commit {version.commit[:12]}) hat den Hash {now}, "
                f"veröffentlicht wurde sie mit {published.hash} — eine "
                "veröffentlichte Version ändert sich nie: die Änderung zurücknehmen und als "
                "neue Version machen"
            )
    return problems


def revert_problems(past: history.History, known: Record) -> list[str]:
    """A head that brings back an older version id (a revert) is refused: what was published
    stays, and a return to older content is a new version."""
    back = past.returned
    if back is None:
        return []
    what = "der veröffentlichten Version" if known.find(back.after) else "der Version"
    return [
        f"{back.id}: kehrt mit Commit {back.commit[:12]} nach {what} {back.after} zurück (ein "
        f"Revert?) — was veröffentlicht wurde, wird nicht zurückgenommen: veröffentliche "
        f"stattdessen eine neue Version mit neuer id (später als {back.after}), auch wenn ihr "
        "Inhalt einer älteren gleicht"
    ]


def order_problems(known: Record, due: Sequence[Version]) -> list[str]:
    """New versions follow the record: ids later, `effective` later, `published` not before
    the newest published version's."""
    problems = []
    previous: PublishedVersion | Version | None = known.versions[-1] if known.versions else None
    for version in due:
        if previous is not None:
            if not is_later(version.id, previous.id):
                problems.append(
                    f"{version.id}: die id ist nicht später als die der veröffentlichten Version "
                    f"{previous.id} — eine neue Version braucht eine spätere id"
                )
            if version.effective <= previous.effective:
                problems.append(
                    f"{version.id}: effective {version.effective} liegt nicht nach {previous.id} "
                    f"(effective {previous.effective}) — eine neue Version tritt später in Kraft"
                )
            if version.published < previous.published:
                problems.append(
                    f"{version.id}: published {version.published} liegt vor {previous.id} "
                    f"(published {previous.published}) — eine Bekanntgabe wird nicht "
                    "rückdatiert: published auf den Tag der Bekanntgabe setzen"
                )
        previous = version
    return problems


def _entries(
    known: Record,
    due: Sequence[Version],
    by_id: dict[str, Version],
    url: str,
    deployed: date | None = None,
) -> list[PublishedNotice]:
    """The record's entries of the due versions' notices, each against the version before it,
    dated by the day it goes out (`deployed`; None: its own dates, as in a bootstrap)."""
    earlier = [by_id[v.id].agreement for v in known.versions if v.id in by_id]
    entries = []
    for version in due:
        found = feed.notice(version.agreement, earlier, deployed)
        if found is not None:
            entries.append(feed.published_notice(found, url))
        earlier.append(version.agreement)
    return entries


def _kinds(
    known: Record, due: Sequence[Version], by_id: dict[str, Version]
) -> dict[str, tuple[str, ...]]:
    """The legal kinds of each due version's changes against the version before it."""
    previous = by_id.get(known.versions[-1].id) if known.versions else None
    found: dict[str, tuple[str, ...]] = {}
    for version in due:
        found[version.id] = (
            kinds.classify(previous.agreement, version.agreement).kinds if previous else ()
        )
        previous = version
    return found


def _tree(git: Repository, commit: str, version_id: str) -> str:
    tree = git.tree_id(commit, version_id)
    if tree is None:
        raise PublishError(f"{version_id}/: fehlt nach dem Deploy auf dem Scratch-Branch")
    return tree


def _recorded(known: Record, version_id: str) -> PublishedVersion:
    found = known.find(version_id)
    assert found is not None
    return found


def _message(due: Sequence[Version], current: str | None) -> str:
    what = ", ".join(v.id for v in due) or "nothing new"
    return f"Recorded the publication ({what}); latest is {current or 'none'}"


def _build_all(root: Path, due: Sequence[Version], temp: Path, today: date) -> dict[str, Path]:
    """Builds every due version, each from its own content, before the first commit."""
    sites = {v.id: temp / v.id for v in due}
    derived.prefetch(root, (build_context(root, v.id) for v in due))
    try:
        for version in due:
            build_site(root, sites[version.id], version.id, today)
    finally:
        derived.MAKER.cancel()
    return sites


@contextmanager
def _in_folder(root: Path) -> Iterator[None]:
    """mike's git commands run in the current folder."""
    before = Path.cwd()
    os.chdir(root)
    try:
        yield
    except git_utils.GitError as error:
        raise PublishError(f"mike: {error}") from None
    finally:
        os.chdir(before)


def _deploy(version: Version, site: Path, branch: str) -> None:
    config = {"site_dir": str(site), "use_directory_urls": True}
    message = (
        f"Deployed {version.id} from {version.commit[:12]} (sha256 {version.hash}) "
        f"with avv and mike {mike_version}"
    )
    with mike.deploy(config, version.id, branch=branch, message=message):
        pass
