"""Publishing: every version of the history in its own frozen folder of the site branch.

mike deploys each version that is due (announced by today) and not on the branch yet, oldest
first, with its dates and content hash as version properties in versions.json; the alias `latest`
(a copy, so `latest/avv.json` is a real file) and the default follow the version in effect, and
feed.xml at the root holds the notices of every published version.

All of it happens on a scratch branch that starts at the site branch's tip (see avv.site_branch);
the site branch moves to the result in one compare-and-swap step at the end, so a refusal, a
failure half-way or a concurrent publish leaves it as it was, and a run with nothing new adds no
commit. Every version is built before the first
commit, from its own git content (AVV_VERSION) with today's toolchain; the work tree is untouched.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mike import commands as mike
from mike import git_utils
from mike.app_version import version as mike_version
from mike.versions import Versions
from mkdocs.config import load_config

from avv import feed, history, site_branch
from avv.errors import AvvError
from avv.gitrepo import Repository
from avv.history import Version
from avv.site import derived
from avv.site.build import build_site
from avv.timeline import Timeline

LATEST = "latest"
FEED = "feed.xml"
VERSIONS = "versions.json"


class PublishError(AvvError):
    """Publishing stopped; the site branch is as it was."""


@dataclass(frozen=True)
class Published:
    """What a publish did: the versions it deployed, where `latest` and the default point, and
    the site branch's tip (unchanged when nothing was new)."""

    deployed: tuple[str, ...]
    latest: str | None
    default: str | None
    tip: str | None
    changed: bool


def properties(version: Version) -> dict[str, str]:
    """What versions.json carries of a version, for every page to read its state from."""
    return {
        "published": version.published.isoformat(),
        "effective": version.effective.isoformat(),
        "hash": version.hash,
        "commit": version.commit,
    }


def publish(
    repo: Path,
    today: date,
    *,
    branch: str = "gh-pages",
    remote: str = "origin",
    push: bool = False,
) -> Published:
    """Brings the site branch up to date with the history of HEAD as of `today`."""
    with history.open_repo(repo) as git:
        return _publish(git, today, branch, remote, push)


def _publish(git: Repository, today: date, branch: str, remote: str, push: bool) -> Published:
    root = git.root
    versions = history.versions(root)
    local = git.resolve(f"refs/heads/{branch}")
    base = site_branch.base(git, branch, remote)
    on_site = _site_versions(git, base)
    tampered = integrity_problems(versions, on_site)
    if tampered:
        raise PublishError(f"refusing to publish, {branch} is unchanged:\n" + "\n".join(tampered))
    published = [v for v in versions if v.published <= today]
    due = [v for v in published if on_site.find(v.id) is None]
    found = Timeline.of(versions).in_effect(today)
    current = next((v for v in versions if found is not None and v.id == found.id), None)
    default = current or (published[-1] if published else None)
    if default is None:
        return Published((), None, None, local, False)
    atom = feed.atom_feed(feed.consecutive([v.agreement for v in published]), site_url(root))
    with site_branch.scratch(git, base) as scratch:
        sites = _build_all(root, due, scratch.folder)
        with _in_folder(root):
            for version in due:
                with scratch.step():
                    _deploy(version, sites[version.id], scratch.branch, current)
            with scratch.step():
                if current is not None and current not in due:
                    _move_latest(current, scratch.branch, on_site)
                _set_default(default.id, scratch.branch)
        with scratch.step():
            _write_feed(git, scratch.branch, atom.encode("utf-8"))
        tip = git.resolve(f"refs/heads/{scratch.branch}")
        if tip is not None and push:
            with scratch.step():
                git.push(remote, tip, branch)
        if tip is not None:
            with scratch.step():
                site_branch.move(git, branch, tip, local)
    return Published(
        tuple(v.id for v in due), current.id if current else None, default.id, tip, tip != base
    )


def integrity_problems(versions: Sequence[Version], on_site: Versions) -> list[str]:
    """Every version on the site whose content in the history no longer has the hash it was
    published with, one line each."""
    by_id = {v.id: v for v in versions}
    problems = []
    for info in on_site:
        version_id = str(info.version)
        stored = (info.properties or {}).get("hash")
        version = by_id.get(version_id)
        if version is None:
            problems.append(
                f"{version_id}: published, but no longer in the history — "
                "a published version is never removed: restore its commits"
            )
        elif stored is None:
            problems.append(
                f"{version_id}: versions.json has no content hash for it — "
                "it was not published by `avv publish`; remove it with `mike delete` or "
                "set its hash with `mike props`"
            )
        elif stored != version.hash:
            problems.append(
                f"{version_id}: its content (commit {version.commit[:12]}) has the hash "
                f"{version.hash}, but it was published with {stored} — a published version "
                "never changes: undo the edit and make the change a new version"
            )
    return problems


def _site_versions(git: Repository, base: str | None) -> Versions:
    data = git.read(base, VERSIONS) if base else None
    return Versions.loads(data.decode("utf-8")) if data else Versions()


def _build_all(root: Path, due: Sequence[Version], temp: Path) -> dict[str, Path]:
    """Builds every due version, each from its own content, before the first commit."""
    sites = {v.id: temp / v.id for v in due}
    derived.prefetch(root, (v.agreement for v in due))
    try:
        for version in due:
            build_site(root, sites[version.id], version.id)
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


def _deploy(version: Version, site: Path, branch: str, current: Version | None) -> None:
    is_current = current is not None and version.id == current.id
    config = {"site_dir": str(site), "use_directory_urls": True}
    message = (
        f"Deployed {version.id} from {version.commit[:12]} (sha256 {version.hash}) "
        f"with avv and mike {mike_version}"
    )
    with mike.deploy(
        config,
        version.id,
        aliases=[LATEST] if is_current else [],
        update_aliases=True,
        alias_type=mike.AliasType.copy,
        branch=branch,
        message=message,
        set_props=[("", properties(version))],
    ):
        pass


def _move_latest(current: Version, branch: str, on_site: Versions) -> None:
    if on_site.find(LATEST) == (current.id, LATEST):
        return
    mike.alias(
        {"use_directory_urls": True},
        current.id,
        [LATEST],
        update_aliases=True,
        alias_type=mike.AliasType.copy,
        branch=branch,
        message=f"Moved {LATEST} to {current.id}, the version in effect",
    )


def _set_default(version_id: str, branch: str) -> None:
    # Already the default: mike takes its empty commit back and says so.
    with suppress(git_utils.GitEmptyCommit):
        mike.set_default(version_id, branch=branch, message=f"Set default version to {version_id}")


def _write_feed(git: Repository, branch: str, data: bytes) -> None:
    with git.transaction(branch, "Wrote feed.xml: the notices of every version") as change:
        change.write(FEED, data)


def site_url(root: Path) -> str:
    """The site's address from mkdocs.yml, where the feed's links point."""
    return str(load_config(str(root / "mkdocs.yml"))["site_url"] or "")


def serve(repo: Path, address: str, branch: str = "gh-pages") -> None:
    """Serves the site branch as published (mike serve) until interrupted; mike prints the URL."""
    with history.open_repo(repo) as git:
        root, tip = git.root, git.resolve(f"refs/heads/{branch}")
    if tip is None:
        raise PublishError(f"{root} has no branch {branch} — run avv publish first")
    with _in_folder(root):
        try:
            mike.serve(address, branch=branch)
        except OSError as error:
            raise PublishError(f"cannot serve on {address}: {error.strerror}") from None
