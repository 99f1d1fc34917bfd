"""An offer on a real published site, in Chromium: a version that amends the text (XIII.b) and
replaces a subprocessor (VI.c) binds a customer only with their written consent; its notice went
out when it was deployed, two days after its `published`; the version before it stays the text
of everyone who has not agreed."""

from __future__ import annotations

import email
import email.policy
import json
from collections.abc import Iterator
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import feedparser
import pypdf
import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from playwright.sync_api import Page

from avv.publish.deploy import publish
from tests.browser import serve, site_branch_files
from tests.present import attribute, present
from tests.support import AgreementRepo, courts_in_graz, identify, replace_subprocessor

pytestmark = pytest.mark.browser

OFFER = "2026-03-04"
FIRST = "2021-02-19"
# Announced for Wednesday 4 March 2026, deployed on Friday 6 March: the month runs from there
# to Monday 6 April, Easter Monday, so to Tuesday 7 April. In effect from 8 April.
DEPLOYED = date(2026, 3, 6)
ANNOUNCED = "2026-03-10T12:00:00"
IN_EFFECT = "2026-04-20T12:00:00"


def courts_and_subprocessor(root: Path) -> None:
    """XIII.e reworded (an amendment) and a subprocessor replaced (a notice under VI.c)."""
    courts_in_graz(root)
    replace_subprocessor(root)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("offer")
    repo = AgreementRepo.create(folder / "repo")
    repo.commit_version(OFFER, OFFER, "2026-04-08", courts_and_subprocessor)
    identify(repo.path)
    publish(repo.path, DEPLOYED)
    return site_branch_files(repo.path, folder / "site")


@pytest.fixture(scope="module")
def site(published: Path) -> Iterator[str]:
    with serve(published) as url:
        yield url


def visit(page: Page, url: str, now: str) -> Page:
    page.clock.set_fixed_time(now)
    page.goto(url)
    page.wait_for_selector("html[data-avv-state]")
    return page


def test_versions_json_says_what_binds_whom(published: Path) -> None:
    entries = json.loads((published / "versions.json").read_text(encoding="utf-8"))
    properties = {entry["version"]: entry["properties"] for entry in entries}
    offer = properties[OFFER]
    assert offer["offer"] == "true"
    assert offer["text_for_all"] == FIRST
    assert (offer["notice_sent"], offer["notice_given"]) == ("2026-03-06", "2026-03-06")
    assert "amendment" in offer["kinds"].split(",") and "notice" in offer["kinds"].split(",")
    # The first version was already in effect when first deployed: it keeps its dates.
    assert "notice_sent" not in properties[FIRST] and "offer" not in properties[FIRST]


def test_the_notice_counts_from_the_day_it_went_out(published: Path) -> None:
    folder = published / OFFER / "mitteilung"
    message = email.message_from_bytes(
        (folder / f"mitteilung-{OFFER}.eml").read_bytes(), policy=email.policy.default
    )
    assert isinstance(message, EmailMessage)
    assert message["Date"] == "Fri, 06 Mar 2026 00:00:00 +0000"
    assert message["Subject"] == (
        "Mitteilung über Änderungen der Auftragsverarbeitungsvereinbarung, Version 2026-03-04: "
        "Angebot, gilt mit Ihrer schriftlichen Zustimmung, frühestens ab 8. April 2026; "
        "mitgeteilte Änderungen wirksam ab 8. April 2026; Widerspruch bis einschließlich "
        "7. April 2026"
    )
    text = (folder / f"mitteilung-{OFFER}.txt").read_text(encoding="utf-8")
    assert (
        "Datum der Mitteilung: 6. März 2026 (angekündigt für den 4. März 2026, versandt erst an "
        "diesem Tag)"
    ) in text
    assert (
        "Die Frist von einem Monat ab der Bekanntgabe am 6. März 2026 endet am Dienstag, " in text
    )
    calendar = Calendar.from_ical((folder / f"widerspruchsfrist-{OFFER}.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == date(2026, 4, 7)
    feed = feedparser.parse((published / "feed.xml").read_bytes())
    (entry,) = feed.entries
    assert entry.title == "Version 2026-03-04: Angebot und Mitteilung vom 6. März 2026"
    assert entry.published.startswith("2026-03-06")
    # The parts, each with its own declaration.
    for part in (
        "Subunternehmer (Anlage 2, Punkt VI.c)",
        "Änderungen der Vereinbarung (Punkt XIII.b)",
    ):
        assert f"- {part}" in text
    assert "Zustimmung zur Änderung der AVV (Version 2026-03-04, Punkt XIII.b) <mailto:" in text
    assert (
        "Widerspruch gegen die Mitteilung vom 6. März 2026 (AVV, Version 2026-03-04) <mailto:"
        in (text)
    )


CONDITION = "gilt mit Ihrer schriftlichen Zustimmung, frühestens ab 8. April 2026"


def test_the_offers_pdf_sign_page_and_comparisons_name_its_condition(published: Path) -> None:
    pages = pypdf.PdfReader(published / OFFER / "avv.pdf").pages
    footers = [" ".join(page.extract_text().split()) for page in pages]
    assert all(f"Version {OFFER} · Bekanntgabe 4. März 2026 · {CONDITION}" in f for f in footers)
    assert not any("gültig ab" in f for f in footers)
    first = pypdf.PdfReader(published / FIRST / "avv.pdf").pages[0].extract_text()
    assert "gültig ab 19. Februar 2021" in " ".join(first.split())

    def page(path: str) -> BeautifulSoup:
        html = (published / OFFER / path / "index.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser")

    sign = present(page("unterzeichnen").select_one(".avv-sign"))
    assert attribute(sign, "data-footer").startswith(f"Version {OFFER} · {CONDITION} · SHA-256")
    picker = page("vergleich")
    options = [option.get_text() for option in picker.select("#avv-compare-new option")]
    assert options[0] == f"{OFFER} (diese Version) · {CONDITION}"
    assert options[1] == f"{FIRST} · gültig ab 19. Februar 2021"
    pair = present(picker.select_one(".avv-compare-links li")).get_text()
    assert f"(gültig ab 19. Februar 2021 → {CONDITION})" in pair
    intro = present(page(f"vergleich/{FIRST}").select_one(".md-content p")).get_text()
    intro = " ".join(intro.split())
    assert intro.startswith(
        f"Was sich von Version {FIRST} (gültig ab 19. Februar 2021) zu Version {OFFER} "
        f"({CONDITION}) geändert hat"
    )


def test_the_offer_in_effect_names_its_condition(site: str, page: Page) -> None:
    visit(page, f"{site}/{OFFER}/", IN_EFFECT)
    bar = page.locator(".avv-version-bar").inner_text()
    assert " ".join(bar.split()) == (
        "Version 2026-03-04 · Angebot · gilt mit Ihrer schriftlichen Zustimmung, frühestens ab "
        "8. April 2026 · Änderungen durch Mitteilung für alle in Kraft"
    )
    assert "· gültig" not in bar
    banner = page.locator(".avv-version-state")
    assert banner.locator("summary").inner_text() == "Diese Version ist ein Angebot"
    assert "Für alle anderen gilt der Text der Version 2021-02-19." in banner.inner_text()
    first, changes = banner.locator("a").all()
    assert first.get_attribute("href") == f"{site}/{FIRST}/"
    assert changes.get_attribute("href") == f"{site}/{OFFER}/vergleich/{FIRST}/"
    state = page.locator(".avv-state-today").inner_text()
    assert state == "Angebot, gilt mit Zustimmung"
    # Its row of the overview: the condition, and the parts by notice for everyone.
    row = page.locator("tr.avv-offer td").inner_text()
    assert row.startswith("Gilt mit Ihrer schriftlichen Zustimmung, frühestens ab 8. April 2026")
    # Its own sign-ready text: no signature of 2021 under a text of 2026.
    page.goto(f"{site}/{OFFER}/avv/")
    processor = page.locator("#unterschriften .avv-signature").first.inner_text()
    assert "19. Februar 2021" not in processor and "....." in processor


def test_the_text_before_the_offer_still_binds_who_has_not_agreed(site: str, page: Page) -> None:
    visit(page, f"{site}/{FIRST}/avv/", IN_EFFECT)
    assert page.locator("html").get_attribute("data-avv-text") == "gilt-weiter"
    banner = page.locator(".avv-version-state")
    assert banner.locator("summary").inner_text() == "Der Text dieser Version gilt weiter"
    bar = page.locator(".avv-version-bar")
    assert "Text gilt weiter" in bar.inner_text()
    assert "nicht mehr gültig" not in bar.inner_text()


def test_before_it_takes_effect_the_version_in_effect_announces_an_offer(
    site: str, page: Page
) -> None:
    visit(page, f"{site}/{FIRST}/", ANNOUNCED)
    banner = page.locator(".avv-version-state").inner_text()
    assert "Eine neue Version ist angeboten" in banner
    assert "Ohne Ihre Zustimmung gilt der Text dieser Version weiter." in banner
    page.wait_for_selector(".md-version__link .avv-version-selector-state", state="attached")
    offered = page.locator(f".md-version__link[href$='/{OFFER}/']")
    assert (
        offered.locator(".avv-version-selector-state").text_content() == " · angekündigt, Angebot"
    )
    assert offered.locator(".avv-version-selector-dates").text_content() == (
        "Bekanntgabe 4. März 2026 · gilt mit Ihrer schriftlichen Zustimmung, "
        "frühestens ab 8. April 2026"
    )


def test_the_version_on_a_day_names_both_texts(site: str, page: Page) -> None:
    visit(page, f"{site}/{OFFER}/", IN_EFFECT)
    page.fill("#avv-on-day-date", "2026-04-20")
    page.click("form.avv-on-day button")
    message = page.locator(".avv-on-day-message")
    assert "Am 20. April 2026 galt die Version 2026-03-04 (ein Angebot)" in message.inner_text()
    assert "Für alle anderen galt der Text der Version 2021-02-19." in message.inner_text()
    assert page.url == f"{site}/{OFFER}/"
