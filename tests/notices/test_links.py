"""Links of a version's pages (avv.notices.links): absolute under site_url, relative until it is
set."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from avv.errors import AvvError
from avv.notices.links import VersionPaths, link, notice_links, root_link, site_base, site_host

SITE = "https://avv.example.com/"


@pytest.mark.parametrize(
    ("target", "here", "expected"),
    [
        ("2026-03-02/vergleich/2021-02-19/", "2026-03-02/mitteilung/", "../vergleich/2021-02-19/"),
        ("2026-03-02/avv.pdf", "2026-03-02/mitteilung/", "../avv.pdf"),
        ("2026-03-02/mitteilung/x.ics", "2026-03-02/mitteilung/", "x.ics"),
        ("2026-03-02/mitteilung/", "2026-03-02/mitteilung/", "./"),
        ("2026-03-02/mitteilung/", "", "2026-03-02/mitteilung/"),
        ("2021-02-19/avv/", "2026-03-02/mitteilung/", "../../2021-02-19/avv/"),
    ],
)
def test_without_a_site_url_a_link_is_relative_to_where_it_is(
    target: str, here: str, expected: str
) -> None:
    found = link(target, "", here)
    assert found == expected
    # Resolved against the page's address, it reaches the target.
    page = f"http://127.0.0.1:8000/{here}"
    assert urljoin(page, found) == f"http://127.0.0.1:8000/{target}"


@pytest.mark.parametrize("site_url", [SITE, "https://avv.example.com", "https://example.com/avv/"])
def test_with_a_site_url_every_link_is_absolute(site_url: str) -> None:
    base = site_url.rstrip("/")
    assert link("2026-03-02/avv.pdf", site_url, "2026-03-02/mitteilung/") == (
        f"{base}/2026-03-02/avv.pdf"
    )


@pytest.mark.parametrize(
    "site_url",
    [
        "avv.example.com",
        "/avv/",
        "javascript:alert(1)",
        "ftp://avv.example.com/",
        "https://",
        "https://avv.example.com/?x=1",
        "https://avv.example.com/#top",
    ],
)
def test_a_site_url_must_be_an_absolute_web_address(site_url: str) -> None:
    with pytest.raises(AvvError, match="site_url"):
        site_base(site_url)


def test_site_host() -> None:
    assert site_host("https://Avv.Example.com:8443/avv/") == "avv.example.com"
    assert site_host("") == ""


def test_notice_links_relative_from_the_notice_folder() -> None:
    links = notice_links("2026-03-02", "2021-02-19", "", "2026-03-02/mitteilung/")
    assert (links.notice, links.redline, links.text, links.pdf, links.calendar) == (
        "./",
        "../vergleich/2021-02-19/",
        "../avv/",
        "../avv.pdf",
        "widerspruchsfrist-2026-03-02.ics",
    )
    assert (links.redline_pdf, links.redline_docx) == (
        "../vergleich/2021-02-19/aenderungen.pdf",
        "../vergleich/2021-02-19/aenderungen.docx",
    )


def test_notice_links_absolute_and_without_a_calendar() -> None:
    links = notice_links("2026-03-02", "2021-02-19", SITE, "", calendar=False, files=False)
    assert links.redline == "https://avv.example.com/2026-03-02/vergleich/2021-02-19/"
    assert links.calendar is None
    assert links.redline_pdf is None and links.redline_docx is None


def test_paths_of_a_version() -> None:
    paths = VersionPaths("2026-03-02-2")
    assert paths.eml == "2026-03-02-2/mitteilung/mitteilung-2026-03-02-2.eml"
    assert paths.redline("2026-03-02") == "2026-03-02-2/vergleich/2026-03-02/"


@pytest.mark.parametrize(
    ("site_url", "expected"),
    [
        ("", "./2026-03-02/mitteilung/"),
        (SITE, "https://avv.example.com/2026-03-02/mitteilung/"),
    ],
)
def test_a_link_of_a_file_at_the_root_is_absolute_or_starts_at_the_root(
    site_url: str, expected: str
) -> None:
    assert root_link("2026-03-02/mitteilung/", site_url) == expected
    assert urljoin("http://127.0.0.1:8000/feed.xml", expected).endswith("/2026-03-02/mitteilung/")


def test_a_root_link_refuses_what_is_no_web_address() -> None:
    with pytest.raises(AvvError, match="site_url"):
        root_link("feed.xml", "javascript:alert(1)")
