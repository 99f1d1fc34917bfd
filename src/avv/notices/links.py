"""Where a version's pages are, as links that work from wherever they are read.

The site's address is `site_url` in mkdocs.yml. Once it is set, every link is absolute
(`https://avv.example.com/2026-03-02/vergleich/2021-02-19/`), so an e-mail, a calendar entry or
a feed reader can follow it; until then a link is relative to the page or file that holds it
(`../vergleich/2021-02-19/` from `2026-03-02/mitteilung/`), which works inside the built site.
Paths are written from the root of the site branch, where mike puts each version in its folder.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from avv.errors import AvvError

__all__ = [
    "NoticeLinks",
    "VersionPaths",
    "link",
    "notice_links",
    "root_link",
    "site_base",
    "site_host",
]


def site_base(site_url: str) -> str:
    """The site's address without its final slash; empty where it is not set. Anything but an
    absolute http(s) address is an error, so no link ever points somewhere unintended."""
    if not site_url:
        return ""
    parts = urlsplit(site_url)
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
        raise AvvError(
            f"site_url muss die vollständige Adresse der Website sein, nicht {site_url!r} — "
            "in mkdocs.yml z. B. `site_url: https://avv.websms.com/` schreiben"
        )
    return site_url.rstrip("/")


def site_host(site_url: str) -> str:
    """The host of the site's address (for identifiers such as a calendar entry's UID)."""
    return urlsplit(site_base(site_url)).hostname or ""


def link(target: str, site_url: str, here: str = "") -> str:
    """`target` (a path from the site's root; a folder ends with `/`) as a link from `here`
    (the folder of the page or file that holds it, from the root; empty for the root)."""
    target = quote(target, safe="/-._~")
    base = site_base(site_url)
    if base:
        return f"{base}/{target}"
    relative = posixpath.relpath(target or ".", here.rstrip("/") or ".")
    if target.endswith("/") or not target:
        return "./" if relative == "." else f"{relative}/"
    return relative


def root_link(target: str, site_url: str) -> str:
    """`target` as a link of a file at the site's root (feed.xml): absolute under `site_url`,
    else `./target`, which a feed reader resolves against the file's own address."""
    found = link(target, site_url)
    return found if site_base(site_url) else f"./{found}"


@dataclass(frozen=True)
class VersionPaths:
    """The pages and files of a version, from the site's root (see DESIGN: the site)."""

    version: str

    @property
    def folder(self) -> str:
        return f"{self.version}/"

    @property
    def notice(self) -> str:
        return f"{self.version}/mitteilung/"

    @property
    def text(self) -> str:
        return f"{self.version}/avv/"

    @property
    def pdf(self) -> str:
        return f"{self.version}/avv.pdf"

    def redline(self, older: str) -> str:
        """The redline from `older` to this version: in this version's build."""
        return f"{self.version}/vergleich/{older}/"

    def redline_pdf(self, older: str) -> str:
        """The printable redline, beside the page where the build has it (law.timeline's
        `compared_with`)."""
        return f"{self.redline(older)}aenderungen.pdf"

    def redline_docx(self, older: str) -> str:
        """The redline as Word with tracked changes, beside the PDF."""
        return f"{self.redline(older)}aenderungen.docx"

    @property
    def calendar(self) -> str:
        return f"{self.notice}widerspruchsfrist-{self.version}.ics"

    @property
    def eml(self) -> str:
        return f"{self.notice}mitteilung-{self.version}.eml"

    @property
    def txt(self) -> str:
        return f"{self.notice}mitteilung-{self.version}.txt"


@dataclass(frozen=True)
class NoticeLinks:
    """What a notice links to: itself, the redline of exactly its change (and its PDF and Word
    files, None where the site has none), the new version's text and PDF, and the calendar entry
    of its objection period (None without one)."""

    notice: str
    redline: str
    text: str
    pdf: str
    calendar: str | None
    redline_pdf: str | None = None
    redline_docx: str | None = None


def notice_links(
    version: str,
    previous: str,
    site_url: str,
    here: str,
    calendar: bool = True,
    files: bool = True,
) -> NoticeLinks:
    """The links of the notice of `version` (against `previous`), from the folder `here`;
    `files`: the site has the pair's redline as PDF and Word (it has for the version before)."""
    paths = VersionPaths(version)
    return NoticeLinks(
        notice=link(paths.notice, site_url, here),
        redline=link(paths.redline(previous), site_url, here),
        text=link(paths.text, site_url, here),
        pdf=link(paths.pdf, site_url, here),
        calendar=link(paths.calendar, site_url, here) if calendar else None,
        redline_pdf=link(paths.redline_pdf(previous), site_url, here) if files else None,
        redline_docx=link(paths.redline_docx(previous), site_url, here) if files else None,
    )
