"""The picker and the redline in Chromium: the builds of three versions served as the site branch
serves them, with and without JavaScript, and checked by axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route

from tests.browser import axe_violations
from tests.present import present

pytestmark = pytest.mark.browser


def pick(page: Page, older: str, newer: str) -> None:
    page.select_option("#avv-compare-old", older)
    page.select_option("#avv-compare-new", newer)
    with page.expect_navigation():
        page.click("form.avv-compare-picker button[type=submit]")


def test_picking_two_versions_leads_to_their_redline_in_the_newer_build(
    page: Page, compare_url: str
) -> None:
    page.goto(f"{compare_url}/2023-05-02/vergleich/")
    assert page.locator("form.avv-compare-picker").is_visible()
    assert page.input_value("#avv-compare-old") == "2022-03-01"
    assert page.input_value("#avv-compare-new") == "2023-05-02"
    pick(page, "2021-02-19", "2022-03-01")
    assert page.url == f"{compare_url}/2022-03-01/vergleich/2021-02-19/"
    replaced = "section[aria-labelledby=rl-anlage-2] tr.avv-redline-replaced"
    added = page.locator(f"{replaced} ins").first
    assert " ".join(added.inner_text().split()) == "eingefügt: Beispiel Messaging GmbH"
    label = added.locator(".visually-hidden").bounding_box()
    assert label is not None and label["width"] <= 1 and label["height"] <= 1
    assert added.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    removed = page.locator(f"{replaced} del").first
    assert " ".join(removed.inner_text().split()) == "gelöscht: MessengerPeople GmbH"
    assert removed.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"


def test_an_older_build_learns_later_versions_from_versions_json(
    page: Page, compare_url: str
) -> None:
    page.goto(f"{compare_url}/2022-03-01/vergleich/")
    page.wait_for_function("document.querySelectorAll('#avv-compare-new option').length === 3")
    # Picked the wrong way round: a redline always reads from the older version to the newer.
    pick(page, "2023-05-02", "2021-02-19")
    assert page.url == f"{compare_url}/2023-05-02/vergleich/2021-02-19/"
    inserted = page.locator("#rl-vi-c ins")
    assert " ".join(inserted.inner_text().split()) == "eingefügt: per E-Mail (Beispiel)"
    assert inserted.locator(".visually-hidden").evaluate("e => e.textContent") == "eingefügt: "


def test_the_same_version_twice_is_refused_with_a_message(page: Page, compare_url: str) -> None:
    page.goto(f"{compare_url}/2023-05-02/vergleich/")
    page.select_option("#avv-compare-old", "2023-05-02")
    page.click("form.avv-compare-picker button[type=submit]")
    message = page.locator(".avv-compare-message")
    assert message.inner_text() == "Bitte wählen Sie zwei verschiedene Versionen."
    assert page.url == f"{compare_url}/2023-05-02/vergleich/"


def test_a_choice_made_before_the_site_answers_is_kept(page: Page, compare_url: str) -> None:
    held: list[Route] = []
    released = False

    def hold(route: Route) -> None:
        # Several scripts read versions.json: each waits until the reader has chosen.
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route("**/versions.json", hold)
    page.goto(f"{compare_url}/2022-03-01/vergleich/")
    page.select_option("#avv-compare-old", "2022-03-01")
    page.select_option("#avv-compare-new", "2021-02-19")
    released = True
    for route in held:
        route.continue_()
    page.wait_for_function("document.querySelectorAll('#avv-compare-new option').length === 3")
    assert page.input_value("#avv-compare-old") == "2022-03-01"
    assert page.input_value("#avv-compare-new") == "2021-02-19"


def test_without_javascript_the_links_lead_to_every_pair(page: Page, compare_url: str) -> None:
    context = present(page.context.browser).new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"{compare_url}/2023-05-02/vergleich/")
    assert not plain.locator("form.avv-compare-picker").is_visible()
    with plain.expect_navigation():
        plain.click("nav.avv-compare-links a:text('2021-02-19 → 2022-03-01')")
    assert plain.url == f"{compare_url}/2022-03-01/vergleich/2021-02-19/"
    collapsed = plain.locator("details#rl-i")
    assert not collapsed.locator("#rl-i-a").is_visible()
    collapsed.locator("summary").click()
    assert collapsed.locator("#rl-i-a").is_visible(), "details open without JavaScript"
    context.close()


@pytest.mark.parametrize(
    "path", ["2023-05-02/vergleich/", "2023-05-02/vergleich/2021-02-19/", "2022-03-01/vergleich/"]
)
def test_axe_finds_no_violations_on_the_compare_pages(
    page: Page, compare_url: str, path: str
) -> None:
    page.goto(f"{compare_url}/{path}")
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []
    # The collapsed sections too, opened as a reader opens them.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert axe_violations(page) == []


def test_a_redline_page_prints_the_redline_its_legend_and_the_version_line_alone(
    page: Page, compare_url: str
) -> None:
    """A pair without files (2021-02-19 → 2023-05-02) prints from the browser: the theme opens
    every <details> to print it, and nothing of the site is printed."""
    page.goto(f"{compare_url}/2023-05-02/vergleich/2021-02-19/")
    page.emulate_media(media="print")
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    for gone in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-sidebar--secondary",
        ".md-footer",
        ".avv-compare-downloads",
        ".avv-compare-other",
        "#rl-vi-c .avv-redline-where",
        "#rl-i .avv-redline-clause",
    ):
        assert page.locator(gone).first.count() == 1, gone
        assert not page.locator(gone).first.is_visible(), gone
    bar = page.locator(".avv-version-bar")
    assert bar.is_visible() and bar.evaluate("e => getComputedStyle(e).position") == "static"
    assert "Version 2023-05-02" in bar.inner_text()
    heading = page.locator("article h1")
    assert heading.inner_text() == "Vergleich von Version 2021-02-19 mit Version 2023-05-02"
    bar_box, heading_box = bar.bounding_box(), heading.bounding_box()
    assert bar_box and heading_box and bar_box["y"] + bar_box["height"] <= heading_box["y"]
    legend = page.get_by_text("eingefügte Wörter sind unterstrichen", exact=False)
    assert legend.is_visible()
    assert page.locator("#rl-i summary").is_visible()
    assert page.locator("#rl-vi-c ins").first.is_visible()
