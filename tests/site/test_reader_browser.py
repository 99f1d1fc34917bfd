"""The reader always knows which version they read, on a phone too: the published demo history in
Debian's Chromium at 1280 and 390 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser import WIDTHS, axe_violations, shot, visit
from tests.golden import NOW

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", WIDTHS)
def test_a_deep_link_into_a_superseded_version_keeps_its_state_in_view(
    demo_site: tuple[str, Path], page: Page, width: int
) -> None:
    url, _ = demo_site
    visit(page, f"{url}/2022-03-01/avv/#vi-c", width, NOW)
    bar = page.locator(".avv-version-bar")
    page.mouse.wheel(0, 2500)
    page.wait_for_timeout(300)
    box = bar.bounding_box()
    assert box is not None and 0 <= box["y"] < 160, "the bar stays below the header"
    assert bar.is_visible()
    text = bar.inner_text()
    if width > 390:
        assert "Version 2022-03-01" in text and "nicht mehr gültig (ersetzt)" in text
        assert "gültig vom 1. April 2022 bis 4. Juni 2023" in text
    else:  # one line on a phone: the short words
        assert text == "2022-03-01 · Angebot · gültig 1.4.2022–4.6.2023 · ersetzt"
    clause = page.locator("#vi-c")
    assert clause.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    page.goto(f"{url}/2022-03-01/avv/#vi-c")
    page.wait_for_selector("html[data-avv-state]")
    shot(page, f"deep-link-superseded-{width}")
    box = clause.bounding_box()
    bar_box = bar.bounding_box()
    assert box is not None and bar_box is not None
    assert box["y"] >= bar_box["y"] + bar_box["height"] - 1, "the target is not under the bar"


def test_the_version_in_effect_says_so_and_an_announced_one_too(
    demo_site: tuple[str, Path], page: Page
) -> None:
    url, _ = demo_site
    visit(page, f"{url}/2023-05-02/avv/", 1280, NOW)
    assert "· gültig" in page.locator(".avv-version-bar").inner_text()
    assert "ersetzt" not in page.locator(".avv-version-bar").inner_text()
    visit(page, f"{url}/2024-05-27/avv/", 1280, NOW)
    assert "angekündigt, noch nicht in Kraft" in page.locator(".avv-version-bar").inner_text()


def pages_of(tree: Path) -> list[str]:
    """Every page of every version folder (the alias `latest` is a copy of one of them)."""
    return sorted(
        path.relative_to(tree).as_posix()
        for path in tree.glob("20*/**/index.html")
        if "/search/" not in path.as_posix()
    )


def test_no_page_of_the_demo_is_wider_than_a_phone(demo_site: tuple[str, Path], page: Page) -> None:
    url, tree = demo_site
    wide = []
    for name in pages_of(tree):
        visit(page, f"{url}/{name}", 390, NOW)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide.append(f"{name}: {width} px")
    assert not wide, wide
    assert len(pages_of(tree)) > 30


@pytest.mark.parametrize("width", WIDTHS)
def test_the_redline_is_readable_and_axe_finds_nothing(
    demo_site: tuple[str, Path], page: Page, width: int
) -> None:
    url, _ = demo_site
    visit(page, f"{url}/2024-05-27/vergleich/2021-02-19/", width, NOW)
    shot(page, f"redline-{width}", full_page=True)
    table = page.locator(".avv-redline-rows").first
    bordered = "td" if width > 390 else "tr"
    assert table.evaluate(
        f"t => getComputedStyle(t.querySelector('{bordered}')).borderTopStyle"
    ) == ("solid")
    # Nothing of a changed row lies beyond the screen's right edge: on a phone each row is a card.
    right = table.evaluate(
        "t => Math.max(...[...t.querySelectorAll('th, td')]"
        ".map(c => c.getBoundingClientRect().right))"
    )
    assert right <= width
    unchanged = page.locator("details.avv-redline-unchanged").first
    assert unchanged.evaluate("d => getComputedStyle(d).borderTopWidth") == "0px"
    changed = page.locator("#rl-vi-c .avv-redline-where a")
    assert [a.get_attribute("href") for a in changed.all()] == [
        "../../avv/#vi-c",
        "../../../2021-02-19/avv/#vi-c",
    ]
    assert axe_violations(page) == []


def test_the_overview_hides_the_hash_behind_a_disclosure(
    demo_site: tuple[str, Path], page: Page
) -> None:
    url, _ = demo_site
    visit(page, f"{url}/2023-05-02/", 390, NOW)
    shot(page, "overview-390")
    assert not page.locator("code.avv-hash").is_visible()
    page.locator("details.avv-checksum summary").click()
    assert page.locator("code.avv-hash").is_visible()
    assert axe_violations(page) == []
