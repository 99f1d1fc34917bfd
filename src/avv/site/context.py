"""What a build of one version needs: the agreement and the versions before it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from avv.changes import kinds
from avv.content.load import load, read_folder
from avv.errors import AvvError
from avv.law.binding import Terms, binding
from avv.law.timeline import Timeline
from avv.model import Agreement, ByIdentity
from avv.repo import gitrepo, history


@dataclass(frozen=True)
class BuildContext:
    """The version being built and the older versions of the history, oldest first, the
    site's address (`site_url` of mkdocs.yml; empty while it is not set), and the day a publish
    deploys it (None: a build that publishes nothing), when its notice really goes out."""

    agreement: Agreement
    earlier: tuple[Agreement, ...] = ()
    site_url: str = ""
    deployed: date | None = None
    redlines: frozenset[str] | None = None
    """The older versions whose redline pages the build has; None: every one. `avv serve`
    builds those a reader looks at, and the others when asked (avv.site.adapter)."""


def build_context(repo: Path, version: str | None) -> BuildContext:
    """The work tree's content (`version` None) or a version of the git history by its id."""
    if version is None:
        agreement = _work_tree(repo)
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


_loaded: tuple[Path, dict[str, str], Agreement] | None = None


def _work_tree(repo: Path) -> Agreement:
    """The work tree's agreement, the same object while its files are the same: `avv serve`
    builds the page being looked at and then the site from one content, and what is computed
    of an agreement is kept by the object (the terms below, the notices of the history)."""
    global _loaded
    files = read_folder(repo)
    if _loaded is not None and _loaded[0] == repo and _loaded[1] == files:
        return _loaded[2]
    agreement = load(files)
    _loaded = (repo, files, agreement)
    return agreement


@dataclass(frozen=True)
class _Dated:
    id: str
    published: date
    effective: date


_terms_known: ByIdentity[tuple[Terms, ...]] = ByIdentity(256)


def _terms(history: tuple[Agreement, ...]) -> tuple[Terms, ...]:
    """kinds.terms of `history`: a version's terms depend on it and the one before it alone,
    so a history one version longer than one known costs one comparison, not one a version."""

    def make() -> tuple[Terms, ...]:
        if len(history) > 2:
            return _terms(history[:-1]) + kinds.terms(history[-2:])[1:]
        return kinds.terms(history)

    return _terms_known.get("terms", history, make)


def known_terms(context: BuildContext) -> tuple[Terms, ...]:
    """What binds whom of the versions this build knows, its own last (avv.law.binding): each
    version's kinds, so whether it is an offer, and whose text binds those who have not agreed.
    None of it changes later: it depends only on the versions up to this one."""
    return _terms((*context.earlier, context.agreement))


def text_for_all(context: BuildContext) -> str:
    """The version whose text binds every customer who has not agreed to an offer, once this
    version is in effect: this version itself unless it, or one before it, is an offer."""
    history = known_terms(context)
    return binding(history, history[-1].effective).text


def known_timeline(context: BuildContext) -> Timeline:
    """The timeline of the versions this build knows: the earlier ones and its own. Its own
    period has no end, for the build cannot know its successor."""
    return Timeline.of(
        _Dated(a.version, a.meta.published, a.meta.effective)
        for a in (*context.earlier, context.agreement)
    )
