"""What a build of one version needs: the agreement and the versions before it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from avv.content.load import load_folder
from avv.errors import AvvError
from avv.law.timeline import Timeline
from avv.model import Agreement
from avv.repo import gitrepo, history


@dataclass(frozen=True)
class BuildContext:
    """The version being built and the older versions of the history, oldest first, and the
    site's address (`site_url` of mkdocs.yml; empty while it is not set)."""

    agreement: Agreement
    earlier: tuple[Agreement, ...] = ()
    site_url: str = ""


def build_context(repo: Path, version: str | None) -> BuildContext:
    """The work tree's content (`version` None) or a version of the git history by its id."""
    if version is None:
        agreement = load_folder(repo)
        if not gitrepo.is_repository(repo):
            return BuildContext(agreement)
        earlier = []
        for past in history.versions(repo):
            if past.id == agreement.version:
                break
            if past.problem is None:  # an invalid version never published is skipped
                earlier.append(past.agreement)
        return BuildContext(agreement, tuple(earlier))
    known = history.versions(repo)
    ids = [past.id for past in known]
    if version not in ids:
        raise AvvError(
            f"keine Version {version!r} in der Historie — vorhanden: {', '.join(ids) or 'keine'}"
        )
    position = ids.index(version)
    return BuildContext(
        known[position].agreement,
        tuple(past.agreement for past in known[:position] if past.problem is None),
    )


@dataclass(frozen=True)
class _Dated:
    id: str
    published: date
    effective: date


def known_timeline(context: BuildContext) -> Timeline:
    """The timeline of the versions this build knows: the earlier ones and its own. Its own
    period has no end, for the build cannot know its successor."""
    return Timeline.of(
        _Dated(a.version, a.meta.published, a.meta.effective)
        for a in (*context.earlier, context.agreement)
    )
