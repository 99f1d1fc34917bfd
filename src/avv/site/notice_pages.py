"""The notice pages of a version: mitteilung/ (this version's notice) and mitteilungen/ (every
notice up to this version, newest first), and the notice as e-mail and text to download.

mitteilung/ always exists, so a link to it never breaks: where the version changes nothing
notifiable, the page says so. The notices' paragraphs and lists are HTML blocks, escaped by
avv.notice; only their headings are Markdown, so that they reach the table of contents.
"""

from __future__ import annotations

from itertools import pairwise

from avv import markdown_text
from avv.german import format_date
from avv.model import Agreement
from avv.notice import TITLE, Notice, notice_for, render_eml, render_markdown, render_text
from avv.site.context import BuildContext
from avv.site.pages import Page

NOTICE = "mitteilung/index.md"
NOTICES = "mitteilungen/index.md"
# From a page below /<version>/ to the feed at the root of the site branch (not a docs file).
FEED_LINK = '<a href="../../feed.xml" type="application/atom+xml">Feed (Atom)</a>'
# What VI.c, VII.c and VIII make notifiable, as the object of "Änderungen der …".
CHANGES_OF = (
    "Subunternehmer (Anlage 2, Punkt VI.c), der technischen und organisatorischen Maßnahmen "
    "(Anlage 1, Punkt VII.c) und der Weisungsempfänger (Punkt VIII)"
)


def pages(context: BuildContext) -> list[Page]:
    return [_notice_page(context), _notices_page(context)]


def downloads(context: BuildContext) -> list[tuple[str, str | bytes]]:
    """This version's notice as a ready e-mail and as plain text, beside its page."""
    notice = _notice(context)
    if notice is None:
        return []
    return [(_eml(notice), render_eml(notice)), (_txt(notice), render_text(notice))]


def _notice(context: BuildContext) -> Notice | None:
    if not context.earlier:
        return None
    return notice_for(context.earlier[-1], context.agreement)


def _eml(notice: Notice) -> str:
    return f"mitteilung/mitteilung-{notice.version}.eml"


def _txt(notice: Notice) -> str:
    return f"mitteilung/mitteilung-{notice.version}.txt"


def _notice_page(context: BuildContext) -> Page:
    agreement = context.agreement
    version = markdown_text.escape(agreement.version)
    notice = _notice(context)
    if notice is None:
        text = f"# Mitteilung zur Version {version}\n\n{_nothing(context)}\n\n{_more()}\n"
        return Page(NOTICE, f"Mitteilung – Version {agreement.version}", text, "Mitteilung")
    eml, txt = (name.rsplit("/", 1)[1] for name in (_eml(notice), _txt(notice)))
    text = (
        f"# {markdown_text.escape(TITLE)}\n\n"
        f"Diese Mitteilung zum Herunterladen: [als E-Mail (.eml)]({eml}), "
        f"[als Text (.txt)]({txt}).\n\n"
        f"{render_markdown(notice, raw_html=True, title=False)}\n{_more()}\n"
    )
    return Page(NOTICE, f"Mitteilung – Version {agreement.version}", text, "Mitteilung")


def _nothing(context: BuildContext) -> str:
    if not context.earlier:
        return (
            f"Version {markdown_text.escape(context.agreement.version)} ist die erste Version der "
            "Vereinbarung: Es gibt keine frühere Version, deren Änderung mitzuteilen wäre."
        )
    return (
        "Diese Version enthält keine mitteilungspflichtigen Änderungen: keine Änderungen der "
        f"{CHANGES_OF} gegenüber Version {markdown_text.escape(context.earlier[-1].version)}."
    )


def _more() -> str:
    return (
        "Alle Mitteilungen bis zu dieser Version: [Mitteilungen](../mitteilungen/index.md). "
        f"Neue Mitteilungen erhalten Sie über den {FEED_LINK}."
    )


def _notices_page(context: BuildContext) -> Page:
    agreement = context.agreement
    history: tuple[Agreement, ...] = (*context.earlier, agreement)
    notices = [
        notice for old, new in pairwise(history) if (notice := notice_for(old, new)) is not None
    ]
    version = markdown_text.escape(agreement.version)
    parts = [
        f"# Mitteilungen bis Version {version}",
        f"Alle schriftlichen Mitteilungen über Änderungen der {CHANGES_OF} bis zu dieser Version, "
        f"die neueste zuerst. Neue Mitteilungen erhalten Sie über den {FEED_LINK}.",
    ]
    if not notices:
        parts.append("Bis zu dieser Version gibt es keine mitteilungspflichtigen Änderungen.")
    for notice in reversed(notices):
        parts.append(
            f"## Version {markdown_text.escape(notice.version)}, Mitteilung vom "
            f"{format_date(notice.date)} {{#{notice.version}}}"
        )
        parts.append(render_markdown(notice, heading_level=2, raw_html=True, title=False))
    return Page(
        NOTICES, f"Mitteilungen bis Version {agreement.version}", "\n\n".join(parts), "Mitteilungen"
    )
