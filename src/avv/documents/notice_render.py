"""The notice's outputs, every one from its blocks through the templates: Markdown, an HTML
fragment and document, plain text, and the e-mail (a complete RFC 5322 message)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from markupsafe import Markup

from avv.notices.calendar import objection_calendar
from avv.notices.notice import Bullets, Notice, blocks
from avv.templating import render

__all__ = [
    "message",
    "message_id",
    "render_eml",
    "render_html",
    "render_html_document",
    "render_markdown",
    "render_text",
]


def render_markdown(notice: Notice, heading_level: int = 1, title: bool = True) -> str:
    """The notice as Markdown, its title at `heading_level` (left out without `title`, for a
    page that has a heading of its own)."""
    return render(
        "text/notice.md.j2", blocks=blocks(notice), heading_level=heading_level, title=title
    )


def render_html(notice: Notice, heading_level: int = 1) -> str:
    """The notice as an HTML fragment; every text from the content is escaped."""
    return render("html/notice.html.j2", blocks=blocks(notice), heading_level=heading_level)


def render_html_document(notice: Notice) -> str:
    """A complete HTML document of the notice, for the e-mail and `avv notice --format html`."""
    fragment = Markup(render_html(notice))
    return render("html/notice_document.html.j2", notice=notice, fragment=fragment)


def render_text(notice: Notice) -> str:
    """The notice as plain text, the body of the e-mail; where it quotes a redline, a legend
    of its marks follows the title."""
    laid_out = blocks(notice)
    marked = any(
        span.change
        for block in laid_out
        if isinstance(block, Bullets)
        for item in block.items
        for line in (item.line, *item.details)
        for span in line
    )
    return render("text/notice.txt.j2", blocks=laid_out, legend=marked)


def render_eml(notice: Notice) -> bytes:
    """A complete RFC 5322 message in UTF-8 that a mail system can send as it is.

    From is the processor with the data protection contact's address (replies reach the one who
    handles objections); To is left to the mail system (undisclosed recipients); Date is the day
    of notice and the Message-ID depends only on the version, so the same notice is the same mail.
    A notice with an objection period carries its calendar entry as an attachment.
    """
    sent = message(
        notice, (), message_id(notice), dt.datetime.combine(notice.date, dt.time(), dt.UTC)
    )
    return sent.as_bytes(policy=SMTP)


def message_id(notice: Notice, customer: str | None = None) -> str:
    """The notice's Message-ID: of the version, and for one customer of (version, customer), so
    that the same notice sent again is recognisably the same message."""
    domain = notice.contact.email.rpartition("@")[2]
    of = "" if customer is None else f"+{_token(customer)}"
    return f"<avv-{_token(notice.version)}{of}.mitteilung@{domain}>"


def message(
    notice: Notice, to: Sequence[Address], message_id: str, date: dt.datetime
) -> EmailMessage:
    """The notice as an e-mail to `to` (none: undisclosed recipients), sent at `date`."""
    message = EmailMessage(policy=SMTP)
    message["Subject"] = notice.subject
    message["From"] = Address(notice.sender.name, addr_spec=notice.contact.email)
    message["To"] = to if to else "undisclosed-recipients:;"
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    message["Content-Language"] = "de-AT"
    message.set_content(render_text(notice), charset="utf-8")
    message.add_alternative(render_html_document(notice), subtype="html", charset="utf-8")
    deadline = notice.deadline
    if deadline is not None:
        message.add_attachment(
            objection_calendar(deadline),
            maintype="text",
            subtype="calendar",
            filename=f"widerspruchsfrist-{_token(notice.version)}.ics",
            params={"method": "PUBLISH", "charset": "utf-8"},
        )
    # "=_" never occurs in quoted-printable or base64 text, so fixed boundaries are safe; one
    # for each multipart (the attachment nests the text and HTML parts one level down).
    for number, part in enumerate(p for p in message.walk() if p.is_multipart()):
        part.set_boundary(f"=_avv-{_token(notice.version)}-mitteilung-{number}")
    return message


def _token(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]", "-", text)
