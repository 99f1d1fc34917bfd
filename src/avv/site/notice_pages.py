"""The notice pages of a version: mitteilung/ (this version's notice, with the notice as .eml
and .txt beside it, and the calendar entry of its objection period as .ics) and mitteilungen/
(every notice up to this version, the newest first).

The notice on its page, in its e-mail and its text links from mitteilung/ to the redline of
exactly its change and to the version's text and PDF: absolute once `site_url` is set.

Both pages exist in every build, so the navigation never breaks: where the version changes nothing
notifiable, the page says so (`site/notice.md.j2`, `site/notices.md.j2`).
"""

from __future__ import annotations

from avv.documents.notice_render import render_eml, render_text
from avv.german import breakable
from avv.model import Agreement, ByIdentity
from avv.notices.calendar import objection_calendar
from avv.notices.links import VersionPaths
from avv.notices.notice import TITLE, Block, Notice, blocks, declarations, notice_for
from avv.site.context import BuildContext
from avv.site.page import Download, Page
from avv.templating import render

NOTICE = "mitteilung/index.md"
NOTICES = "mitteilungen/index.md"


def pages(context: BuildContext) -> list[Page]:
    return [_notice_page(context), _notices_page(context)]


def downloads(context: BuildContext) -> list[Download]:
    """This version's notice as a ready e-mail and as plain text, and the calendar entry of its
    objection period, beside its page."""
    notice = _notice(context)
    if notice is None:
        return []
    found = [
        Download(_eml(notice), render_eml(notice)),
        Download(_txt(notice), render_text(notice)),
    ]
    deadline = notice.deadline
    if deadline is not None:
        found.append(Download(_ics(notice), objection_calendar(deadline)))
    return found


def _notice(context: BuildContext) -> Notice | None:
    """The notice as it is read on its page and in its files: from mitteilung/."""
    if not context.earlier:
        return None
    here = VersionPaths(context.agreement.version).notice
    return notice_for(
        context.earlier[-1],
        context.agreement,
        context.site_url,
        here,
        earlier=context.earlier,
        deployed=context.deployed,
    )


def _inside(path: str) -> str:
    """A path of `VersionPaths` inside the version's build."""
    return path.split("/", 1)[1]


def _eml(notice: Notice) -> str:
    return _inside(VersionPaths(notice.version).eml)


def _txt(notice: Notice) -> str:
    return _inside(VersionPaths(notice.version).txt)


def _ics(notice: Notice) -> str:
    return _inside(VersionPaths(notice.version).calendar)


def _notice_page(context: BuildContext) -> Page:
    agreement = context.agreement
    notice = _notice(context)
    text = render(
        "site/notice.md.j2",
        agreement=agreement,
        previous=context.earlier[-1] if context.earlier else None,
        notice=notice,
        title=breakable(TITLE),
        blocks=blocks(notice) if notice else (),
        eml=_eml(notice).rsplit("/", 1)[1] if notice else "",
        txt=_txt(notice).rsplit("/", 1)[1] if notice else "",
        ics=_ics(notice).rsplit("/", 1)[1] if notice and notice.deadline else "",
        declarations=declarations(notice) if notice and notice.forms else (),
        address=notice.postal_address if notice else "",
    )
    # One entry for notices in the navigation: Mitteilungen, whose newest is this one.
    title = f"Mitteilung – Version {agreement.version}"
    return Page(NOTICE, title, text, None, listed=True)


def _earlier_notice(
    history: tuple[Agreement, ...], position: int, context: BuildContext
) -> Notice | None:
    """The notice of the version at `position`; this build's own from the day it goes out."""
    own = position == len(history) - 1
    return notice_for(
        history[position - 1],
        history[position],
        earlier=history[:position],
        deployed=context.deployed if own else None,
    )


_laid_out: ByIdentity[tuple[Notice, tuple[Block, ...]] | None] = ByIdentity(512)


def _laid_out_notice(
    history: tuple[Agreement, ...], position: int, context: BuildContext
) -> tuple[Notice, tuple[Block, ...]] | None:
    """The notice at `position` with its blocks; an earlier version's made once per process
    (`avv serve` lists every notice of the history at every reload)."""

    def make() -> tuple[Notice, tuple[Block, ...]] | None:
        notice = _earlier_notice(history, position, context)
        return None if notice is None else (notice, blocks(notice))

    if position == len(history) - 1:
        return make()
    return _laid_out.get("notice", history[: position + 1], make)


def _notices_page(context: BuildContext) -> Page:
    agreement = context.agreement
    history: tuple[Agreement, ...] = (*context.earlier, agreement)
    notices = [
        found
        for position in range(1, len(history))
        if (found := _laid_out_notice(history, position, context)) is not None
    ]
    text = render("site/notices.md.j2", agreement=agreement, notices=list(reversed(notices)))
    return Page(NOTICES, f"Mitteilungen bis Version {agreement.version}", text, "Mitteilungen")
