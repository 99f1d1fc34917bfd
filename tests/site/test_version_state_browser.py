"""The state of a frozen version in a real browser: docs/javascripts/version-state.js reads
versions.json of the published site branch and decides by the browser's today."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page

from avv.publish.deploy import publish
from tests.browser import serve, site_branch_files
from tests.present import present
from tests.support import identify, three_versions

pytestmark = pytest.mark.browser

# 2023-05-02 is announced on 2023-05-02 and takes effect on 2023-06-05; 2022-03-01 is in effect
# from 2022-04-15 until then.
ANNOUNCED = "2023-05-10T12:00:00"
LATER = "2023-07-01T12:00:00"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site branch of three published versions, exported as files and served."""
    folder = tmp_path_factory.mktemp("state")
    repo = three_versions(folder / "repo").path
    identify(repo)
    publish(repo, date(2023, 5, 10))
    tree = site_branch_files(repo, folder / "site")
    with serve(tree) as url:
        yield url


def visit(page: Page, url: str, now: str) -> Page:
    page.clock.set_fixed_time(now)
    page.goto(url)
    page.wait_for_selector("html[data-avv-state]")
    return page


def test_a_superseded_version_links_to_the_version_in_effect(site: str, page: Page) -> None:
    visit(page, f"{site}/2021-02-19/avv/", LATER)
    banner = page.locator(".avv-version-state")
    assert "nicht mehr gültig" in banner.inner_text()
    # Replaced by the version that actually replaced it, not by the newest.
    assert "am 15. April 2022 ersetzt durch die Version 2022-03-01" in banner.inner_text()
    assert "Gültig ist heute die Version 2023-05-02, seit 5. Juni 2023" in banner.inner_text()
    # The banner names the successor; the bar names the period, and the page does not again.
    period = page.locator(".avv-version-bar__period")
    assert period.inner_text() == "gültig vom 19. Februar 2021 bis 14. April 2022"
    assert period.get_attribute("data-successor") == "2022-03-01"
    assert "Gültig vom" not in page.locator("article").inner_text()
    link, changes = banner.locator("a").all()
    assert changes.text_content() == "Was sich geändert hat"
    assert changes.get_attribute("href") == f"{site}/2023-05-02/vergleich/2021-02-19/"
    assert page.request.get(present(changes.get_attribute("href"))).status == 200
    assert link.get_attribute("href") == f"{site}/2023-05-02/avv/"
    link.click()
    page.wait_for_selector("html[data-avv-state='gültig']")
    assert page.url == f"{site}/2023-05-02/avv/"
    # 2023-05-02 rewords VI.c: an offer, whose banner names the text of those who have not agreed.
    offer = page.locator(".avv-version-state")
    assert offer.locator("summary").inner_text() == "Diese Version ist ein Angebot"
    assert "Für alle anderen gilt der Text der Version 2022-03-01." in offer.inner_text()


def test_the_same_frozen_page_is_in_effect_on_an_earlier_day(site: str, page: Page) -> None:
    visit(page, f"{site}/2022-03-01/", ANNOUNCED)
    period = page.locator(".avv-version-bar__period")
    assert period.inner_text() == "gültig vom 15. April 2022 bis 4. Juni 2023"
    assert page.locator("html").get_attribute("data-avv-state") == "gültig"
    notice = page.locator(".avv-version-state")
    text = notice.inner_text()
    # 2023-05-02 rewords VI.c: it is offered, binding with consent, not before 5 June 2023.
    assert "Eine neue Version ist angeboten" in text
    assert "2023-05-02" in text and "frühestens ab 5. Juni 2023" in text
    assert "Ohne Ihre Zustimmung gilt der Text dieser Version weiter." in text
    assert [a.get_attribute("href") for a in notice.locator("a").all()] == [
        f"{site}/2023-05-02/",
        f"{site}/2023-05-02/vergleich/2022-03-01/",
    ]
    state = page.locator("tr.avv-state")
    assert state.locator(".avv-state-today").get_attribute("data-state") == "gültig"
    assert " ".join(state.inner_text().split()) == "Stand gültig (am 10. Mai 2023)"
    # What is announced the banner says; the row does not say it again.
    assert "2023-05-02" not in state.inner_text()


def test_an_announced_version_says_when_it_takes_effect(site: str, page: Page) -> None:
    visit(page, f"{site}/2023-05-02/", ANNOUNCED)
    banner = page.locator(".avv-version-state")
    text = banner.inner_text()
    assert "Diese Version ist angekündigt, als Angebot" in text
    assert (
        "bekanntgegeben und gilt mit Ihrer schriftlichen Zustimmung, frühestens ab 5. Juni 2023"
    ) in text
    assert [a.get_attribute("href") for a in banner.locator("a").all()] == [
        f"{site}/2022-03-01/",
        f"{site}/2023-05-02/vergleich/2022-03-01/",
    ]
    assert "angekündigt" in page.locator("tr.avv-state").inner_text()


def test_latest_shows_the_state_of_the_version_it_copies(site: str, page: Page) -> None:
    visit(page, f"{site}/latest/anlage-2/", LATER)
    # latest was copied from 2022-03-01, in effect when it was published; later it is superseded.
    assert page.locator("html").get_attribute("data-avv-state") == "ersetzt"
    link = page.locator(".avv-version-state a").first
    assert link.get_attribute("href") == f"{site}/2023-05-02/anlage-2/"


def test_the_version_selector_lists_each_version_with_its_state(site: str, page: Page) -> None:
    visit(page, f"{site}/2022-03-01/", ANNOUNCED)
    page.wait_for_selector(".md-version__link .avv-version-selector-state", state="attached")
    labels = {
        Path(present(link.get_attribute("href")).rstrip("/")).name: (
            link.locator(".avv-version-selector-state").text_content(),
            link.locator(".avv-version-selector-dates").text_content(),
            link.get_attribute("aria-current"),
        )
        for link in page.locator(".md-version__link").all()
    }
    assert labels == {
        "2023-05-02": (
            " · angekündigt, Angebot",
            "Bekanntgabe 2. Mai 2023 · mit Ihrer schriftlichen Zustimmung, frühestens ab "
            "5. Juni 2023",
            None,
        ),
        "2022-03-01": (" · gültig", "Bekanntgabe 1. März 2022 · gültig ab 15. April 2022", "page"),
        "2021-02-19": (
            " · ersetzt",
            "Bekanntgabe 19. Februar 2021 · gültig ab 19. Februar 2021",
            None,
        ),
    }
    assert page.locator(".md-version__current").text_content() == "2022-03-01 · gültig"
