"""The pages mitteilung/ and mitteilungen/ and the notice's downloads, in real builds of versions
of a real git history (MkDocs in-process through `avv.site.build`, failing on any warning)."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path
from urllib.parse import urljoin

import markdown
import pytest
from bs4 import BeautifulSoup, Tag

from avv.documents.notice_render import render_eml, render_text
from avv.model import Agreement
from avv.notices.notice import notice_for
from avv.repo.history import versions
from avv.site import notice_pages
from avv.site.build import build_site
from avv.site.context import BuildContext
from tests.present import attribute
from tests.support import AgreementRepo, replace, reword_back, three_versions

SITE = "https://avv.example.com/"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> AgreementRepo:
    return three_versions(tmp_path_factory.mktemp("repo"))


@pytest.fixture(scope="module")
def agreements(repo: AgreementRepo) -> dict[str, Agreement]:
    return {v.id: v.agreement for v in versions(repo.path)}


@pytest.fixture(scope="module")
def built(repo: AgreementRepo, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The builds of the version that replaces a subprocessor and of the one after it."""
    out = tmp_path_factory.mktemp("sites")
    sites = {}
    for version in ("2022-03-01", "2023-05-02"):
        build_site(repo.path, out / version, version)
        sites[version] = out / version
    return sites


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def article(soup: BeautifulSoup) -> Tag:
    found = soup.find("article")
    assert isinstance(found, Tag)
    return found


def list_items(part: Tag) -> list[str]:
    return [" ".join(li.get_text(" ").split()) for li in part.select("ul > li")]


def test_notice_page_names_the_replaced_subprocessor(built: dict[str, Path]) -> None:
    notice = article(page(built["2022-03-01"], "mitteilung"))
    assert notice.h1 is not None
    assert "Mitteilung über Änderungen" in notice.h1.get_text()
    lines = list_items(notice)
    assert any(
        line.startswith("Neu: Beispiel Messaging GmbH, anstelle von MessengerPeople GmbH")
        for line in lines
    )
    text = " ".join(notice.get_text(" ").split())
    assert "Punkt VI.c" in text
    assert "bis einschließlich 1. April 2022" in text
    assert "datenschutz.at@linkmobility.com" in text


def test_notice_page_offers_the_email_and_text_of_the_same_notice(
    built: dict[str, Path], agreements: dict[str, Agreement]
) -> None:
    site = built["2022-03-01"]
    # The notice as it is read from mitteilung/, with its links from there.
    notice = notice_for(
        agreements["2021-02-19"], agreements["2022-03-01"], "", "2022-03-01/mitteilung/"
    )
    assert notice is not None
    links = {
        a.get_text(): attribute(a, "href") for a in article(page(site, "mitteilung")).find_all("a")
    }
    eml = site / "mitteilung" / links["als E-Mail (.eml)"]
    txt = site / "mitteilung" / links["als Text (.txt)"]
    assert eml.read_bytes() == render_eml(notice)
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert "Version 2022-03-01" in message["Subject"]
    assert txt.read_text(encoding="utf-8") == render_text(notice)


def test_notices_page_lists_every_notice_newest_first_with_anchors(built: dict[str, Path]) -> None:
    notices = article(page(built["2023-05-02"], "mitteilungen"))
    headings = notices.find_all("h2")
    assert [h["id"] for h in headings] == ["2023-05-02", "2022-03-01"]
    assert "Mitteilung vom 2. Mai 2023" in headings[0].get_text()
    assert "Mitteilung vom 1. März 2022" in headings[1].get_text()
    newest, oldest = (under(h) for h in headings)
    assert "Zwei-Faktor-Authentifizierung" in newest and "MessengerPeople" not in newest
    assert "MessengerPeople GmbH" in oldest and "Zwei-Faktor" not in oldest


def under(heading: Tag) -> str:
    """The text after a heading up to the next heading of its level."""
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name == heading.name:
            break
        parts.append(sibling.get_text(" "))
    return " ".join(parts)


def test_notices_page_of_the_earlier_build_stops_at_its_version(built: dict[str, Path]) -> None:
    notices = article(page(built["2022-03-01"], "mitteilungen"))
    assert [h["id"] for h in notices.find_all("h2")] == ["2022-03-01"]
    assert "Zwei-Faktor-Authentifizierung" not in notices.get_text()


def test_measure_notice_page_has_no_objection(built: dict[str, Path]) -> None:
    notice = article(page(built["2023-05-02"], "mitteilung"))
    text = notice.get_text(" ")
    assert "VII.c" in text and "Zwei-Faktor-Authentifizierung für Administratoren" in text
    assert "Ihr Recht auf Widerspruch" not in text
    assert "Widerspruch per E-Mail" not in text and not notice.find_all(href=re.compile(r"\.ics$"))


def test_notice_pages_link_to_each_other_and_to_the_feed(built: dict[str, Path]) -> None:
    site = built["2023-05-02"]
    soup = page(site, "mitteilung")
    base = f"{SITE}2023-05-02/mitteilung/"
    head = soup.find("link", rel="alternate", type="application/atom+xml")
    assert head is not None and urljoin(base, attribute(head, "href")) == f"{SITE}feed.xml"
    hrefs = {a.get_text(): attribute(a, "href") for a in article(soup).find_all("a")}
    assert urljoin(base, hrefs["Feed (Atom)"]) == f"{SITE}feed.xml"
    assert (site / "mitteilung" / hrefs["Mitteilungen"] / "index.html").is_file()
    nav = [a.get_text(" ", strip=True) for a in soup.select("nav.md-nav--primary a")]
    assert [entry for entry in nav if entry.startswith("Mitteilung")] == ["Mitteilungen"]


# Versions without a notice: the pages as the build gets them from avv.site.pages.


def rendered(markdown_text: str) -> str:
    html = markdown.markdown(markdown_text, extensions=["attr_list", "md_in_html", "toc"])
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def test_first_version_says_there_is_nothing_to_notify(agreements: dict[str, Agreement]) -> None:
    context = BuildContext(agreements["2021-02-19"])
    notice_page, notices_page = notice_pages.pages(context)
    assert notice_page.path == "mitteilung/index.md" and notice_page.nav is None
    assert notice_page.listed, "the overview's contents list it"
    assert "ist die erste Version der Vereinbarung" in rendered(notice_page.markdown)
    assert "Bis zu dieser Version gibt es keine mitteilungspflichtigen Änderungen" in rendered(
        notices_page.markdown
    )
    assert notice_pages.downloads(context) == []


def test_version_without_notifiable_changes_says_so(
    tmp_path: Path, agreements: dict[str, Agreement]
) -> None:
    repo = three_versions(tmp_path / "repo")
    reword_back(repo)  # an amendment of VI.c: a notice that asks for written agreement
    repo.commit_version(
        "2024-06-03",
        "2024-06-03",
        "2024-07-01",
        lambda p: replace(p / "contract" / "avv.md", "mit EUR 1.000,00", "mit  EUR 1.000,00"),
    )
    history = [v.agreement for v in versions(repo.path)]
    context = BuildContext(history[-1], tuple(history[:-1]))
    notice_page, notices_page = notice_pages.pages(context)
    text = rendered(notice_page.markdown)
    assert "Diese Version enthält keine mitteilungspflichtigen Änderungen" in text
    assert "Gegenüber Version 2024-01-10 ändert sie weder" in text
    assert "nur Redaktionelles" in text
    assert notice_pages.downloads(context) == []
    # mitteilungen/ still lists the three earlier notices.
    assert len(re.findall(r"Version \S+, Mitteilung vom", rendered(notices_page.markdown))) == 3
