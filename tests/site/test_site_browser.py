"""The built site in Debian's Chromium: links, anchors in view, print, search, axe-core."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser import axe_violations, chromium_page, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(built_site: Path) -> Iterator[tuple[str, Page]]:
    with serve(built_site) as url, chromium_page() as page:
        yield url, page


def violations(page: Page) -> list[tuple[str, str, str]]:
    """axe-core's violations as (rule, element, why), readable in a failed assertion."""
    return [
        (v["id"], " ".join(map(str, node["target"])), node["failureSummary"].splitlines()[-1])
        for v in axe_violations(page)
        for node in v["nodes"]
    ]


def in_viewport(page: Page, selector: str) -> bool:
    return bool(
        page.eval_on_selector(
            selector,
            """element => {
                const box = element.getBoundingClientRect();
                return box.top >= 0 && box.top < window.innerHeight && box.height > 0;
            }""",
        )
    )


def test_the_annex_link_leads_to_anlage_2_and_back(browser: tuple[str, Page]) -> None:
    url, page = browser
    page.goto(f"{url}/avv/")
    page.locator("#v-b").get_by_role("link", name="Anlage 2 – Subunternehmer").click()
    page.wait_for_url(f"{url}/anlage-2/")
    assert page.locator("h1").inner_text().startswith("Anlage 2 – Subunternehmer")
    assert page.locator("#subunternehmer-interxion").is_visible()
    page.go_back()
    page.wait_for_url(f"{url}/avv/")
    assert page.locator("#v-b").is_visible()


def test_a_clause_anchor_scrolls_the_clause_into_view(browser: tuple[str, Page]) -> None:
    url, page = browser
    page.goto(f"{url}/avv/#vi-c")
    page.wait_for_function("document.readyState === 'complete'")
    assert in_viewport(page, "#vi-c")
    assert not in_viewport(page, "#i-a")
    assert "binnen eines Monats" in page.locator("#vi-c").inner_text()
    # The permalink of the clause is visible and leads to the same place.
    permalink = page.locator("#xiii-e .avv-permalink")
    assert permalink.is_visible()
    permalink.click()
    page.wait_for_url(f"{url}/avv/#xiii-e")
    assert in_viewport(page, "#xiii-e")


def test_the_print_of_the_agreement_shows_the_document_only(browser: tuple[str, Page]) -> None:
    url, page = browser
    page.goto(f"{url}/avv/")
    page.emulate_media(media="print")
    try:
        for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".avv-permalink"):
            assert not page.locator(chrome).first.is_visible(), chrome
        assert page.locator("#vi-c").is_visible()
        assert page.locator(".avv-data-categories").is_visible()
    finally:
        page.emulate_media(media="screen")


def test_axe_finds_no_wcag_21_aa_violation_on_any_page(
    browser: tuple[str, Page], built_site: Path
) -> None:
    url, page = browser
    paths = sorted(
        path.relative_to(built_site).as_posix().removesuffix("index.html")
        for path in built_site.rglob("*.html")
        if path.name != "404.html"
    )
    assert {"", "avv/", "anlage-1/", "anlage-2/"} <= set(paths)
    found: dict[str, list[tuple[str, str, str]]] = {}
    for path in paths:
        page.goto(f"{url}/{path}")
        if problems := violations(page):
            found[path] = problems
    assert found == {}


@pytest.mark.parametrize("width", [1280, 400])
def test_axe_finds_no_violation_with_the_search_open_on_wide_and_narrow_screens(
    browser: tuple[str, Page], width: int
) -> None:
    url, page = browser
    page.set_viewport_size({"width": width, "height": 900})
    try:
        page.goto(f"{url}/avv/")
        page.keyboard.press("s")  # Material opens the search on "s"
        page.locator(".md-search__input").press_sequentially("Anlage")
        page.locator(".md-search-result__item").first.wait_for(timeout=20_000)
        # axe measures colours as drawn: let the overlay's transitions end first.
        page.wait_for_function("document.getAnimations().length === 0")
        assert violations(page) == []
    finally:
        page.set_viewport_size({"width": 1280, "height": 720})


def test_the_search_finds_a_clause_in_german(browser: tuple[str, Page]) -> None:
    url, page = browser
    page.goto(f"{url}/avv/")
    search = page.locator("input.md-search__input")
    results = page.locator(".md-search-result__item")
    search.click()
    # The search worker loads its index after the page: type again until it answers.
    for _ in range(40):
        search.fill("")
        search.press_sequentially("Subunternehmer")
        if results.count():
            break
        page.wait_for_timeout(250)
    assert "Subunternehmer" in results.first.inner_text()
