"""The root notices index and the running objection period in a real browser: from an old
frozen version, docs/javascripts/objection-periods.js reads mitteilungen.json of the published
site branch, and the index compares the browser's today with its dates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from avv.publish.deploy import publish
from tests.browser import axe_violations, chromium_page, serve, site_branch_files
from tests.support import PENDING, PUBLISHED_ON, four_versions

pytestmark = pytest.mark.browser

# The pending notice went out when it was deployed, on Saturday 10 June 2023, and counts from
# Monday 12 June: its period runs until 12 July 2023.
RUNNING = "2023-06-20T12:00:00"
EXPIRED = "2023-07-13T12:00:00"
WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site branch of four published versions, exported as files and served."""
    folder = tmp_path_factory.mktemp("notices-browser")
    repo = four_versions(folder / "repo").path
    publish(repo, PUBLISHED_ON)
    tree = site_branch_files(repo, folder / "site")
    with serve(tree) as url:
        yield url


def visit(page: Any, url: str, now: str, width: int = 1280) -> Any:
    page.set_viewport_size({"width": width, "height": 900})
    page.clock.set_fixed_time(now)
    page.goto(url)
    return page


def test_an_old_version_shows_the_running_period_and_links_the_index(site: str, page: Any) -> None:
    visit(page, f"{site}/2021-02-19/avv/", RUNNING)
    banner = page.locator(".avv-objection-period")
    banner.wait_for()
    assert banner.locator("summary").inner_text() == (
        "Eine Widerspruchsfrist läuft bis 12. Juli 2023"
    )
    assert "Mitteilung vom 10. Juni 2023 (Version 2023-06-01)" in banner.inner_text()
    notice = banner.locator(".avv-objection-period__notice")
    assert notice.get_attribute("href") == f"{site}/{PENDING}/mitteilung/"
    # The banner links the root index; it lists the pending notice as running.
    banner.locator(".avv-notices-index-link").click()
    page.wait_for_url(f"{site}/mitteilungen/")
    pending = page.locator(f'tr[data-version="{PENDING}"] td.avv-index-state')
    assert pending.inner_text() == "Frist läuft bis 12. Juli 2023"
    assert pending.get_attribute("data-state") == "läuft"
    older = page.locator('tr[data-version="2022-03-01"] td.avv-index-state')
    assert older.inner_text() == "abgelaufen"
    assert page.locator(".avv-index-now").inner_text() == (
        "Stand 20. Juni 2023: Eine Widerspruchsfrist läuft (Version 2023-06-01: bis 12. Juli 2023)."
    )
    page.locator(f'tr[data-version="{PENDING}"] a', has_text="Mitteilung").first.click()
    page.wait_for_url(f"{site}/{PENDING}/mitteilung/")


def test_after_the_last_day_no_banner_and_the_period_is_expired(site: str, page: Any) -> None:
    visit(page, f"{site}/{PENDING}/", EXPIRED)
    page.wait_for_load_state("networkidle")
    assert page.locator(".avv-objection-period").count() == 0
    assert page.locator(".avv-page-state__slot[data-slot='objection']").count() == 1
    visit(page, f"{site}/mitteilungen/", EXPIRED)
    pending = page.locator(f'tr[data-version="{PENDING}"] td.avv-index-state')
    assert pending.inner_text() == "abgelaufen"
    assert page.locator(".avv-index-now").inner_text().endswith("Keine Widerspruchsfrist läuft.")


def test_without_javascript_the_index_shows_the_dates(site: str) -> None:
    with chromium_page(java_script_enabled=False) as page:
        page.goto(f"{site}/mitteilungen/")
        pending = page.locator(f'tr[data-version="{PENDING}"] td.avv-index-state')
        assert pending.inner_text() == "Frist bis einschließlich 12. Juli 2023"
        assert page.locator(".avv-index-now").is_hidden()
        # Each version's own notices page links the index without JavaScript too.
        page.goto(f"{site}/2021-02-19/mitteilungen/")
        page.locator(".avv-notices-index a").click()
        page.wait_for_url(f"{site}/mitteilungen/")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_index_fits_the_screen_and_axe_finds_nothing(
    site: str, page: Any, width: int, tmp_path: Path
) -> None:
    visit(page, f"{site}/mitteilungen/", RUNNING, width)
    page.locator(".avv-index-now").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for cell in page.locator("td, th").all():
        if cell.is_visible():
            box = cell.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
    page.screenshot(path=str(tmp_path / f"mitteilungen-{width}.png"), full_page=True)
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_banner_fits_an_old_page(site: str, page: Any, width: int) -> None:
    visit(page, f"{site}/2021-02-19/", RUNNING, width)
    page.locator(".avv-objection-period").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
