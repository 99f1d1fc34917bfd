"""The synopsis in Chromium without JavaScript: two columns side by side on a wide screen, one
under the other on a phone, and the print of the redline without the theme's navigation."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import FloatRect, Page

from tests.browser import axe_violations, chromium_page
from tests.present import present

pytestmark = pytest.mark.browser
SYNOPSIS = "2023-05-02/vergleich/2022-03-01/synopse/"
# Where the screenshots go for a reader to look at (default: the test's temp folder).
SHOTS = os.environ.get("AVV_SCREENSHOTS")


@pytest.fixture
def plain(tmp_path: Path) -> Iterator[Page]:
    """A page without JavaScript."""
    with chromium_page() as page:
        context = present(page.context.browser).new_context(java_script_enabled=False)
        yield context.new_page()
        context.close()


def boxes(page: Page, pair: str) -> tuple[FloatRect, FloatRect]:
    old = present(page.locator(f"#sy-{pair} .avv-synopsis-old").bounding_box())
    new = present(page.locator(f"#sy-{pair} .avv-synopsis-new").bounding_box())
    return old, new


def shoot(page: Page, tmp_path: Path, name: str) -> None:
    folder = Path(SHOTS) if SHOTS else tmp_path
    page.screenshot(path=str(folder / f"{name}.png"), full_page=False)


def test_wide_the_old_and_the_new_wording_stand_side_by_side(
    plain: Page, compare_url: str, tmp_path: Path
) -> None:
    plain.set_viewport_size({"width": 1280, "height": 900})
    plain.goto(f"{compare_url}/{SYNOPSIS}")
    old, new = boxes(plain, "vi-c")
    assert old["x"] + old["width"] <= new["x"]
    assert abs(old["y"] - new["y"]) < 2
    assert old["width"] > 200 and abs(old["width"] - new["width"]) < 2
    assert plain.locator("#sy-vi-c .avv-synopsis-new ins").first.is_visible()
    shoot(plain, tmp_path, "synopse-1280")


def test_narrow_the_columns_stand_one_under_the_other(
    plain: Page, compare_url: str, tmp_path: Path
) -> None:
    plain.set_viewport_size({"width": 390, "height": 844})
    plain.goto(f"{compare_url}/{SYNOPSIS}")
    old, new = boxes(plain, "vi-c")
    assert new["y"] >= old["y"] + old["height"]
    assert old["width"] > 300 and abs(old["x"] - new["x"]) < 2
    widest = plain.evaluate(
        "Math.max(...[...document.querySelectorAll('.avv-synopsis *')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= 390, "no word of the synopsis sticks out sideways"
    plain.locator("#sy-vi-c").scroll_into_view_if_needed()
    shoot(plain, tmp_path, "synopse-390")


def test_marks_read_as_words_and_lines_not_colour_alone(plain: Page, compare_url: str) -> None:
    plain.goto(f"{compare_url}/{SYNOPSIS}")
    inserted = plain.locator("#sy-vi-c .avv-synopsis-new ins").first
    assert "underline" in inserted.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert present(inserted.text_content()).startswith("eingefügt: ")


def test_printed_the_redline_keeps_its_marks_and_drops_the_navigation(
    plain: Page, compare_url: str
) -> None:
    plain.goto(f"{compare_url}/2023-05-02/vergleich/2022-03-01/")
    plain.emulate_media(media="print")
    assert not plain.locator(".md-header").is_visible()
    assert not plain.locator(".md-sidebar--primary").is_visible()
    inserted = plain.locator(".avv-redline ins").first
    style = inserted.evaluate(
        "e => [getComputedStyle(e).textDecorationLine, getComputedStyle(e).backgroundColor]"
    )
    assert "underline" in style[0] and style[1] in ("rgba(0, 0, 0, 0)", "transparent")
    assert not plain.locator(".avv-compare-downloads").is_visible()


def test_axe_finds_no_violations_on_the_synopsis(compare_url: str) -> None:
    with chromium_page() as page:
        page.goto(f"{compare_url}/{SYNOPSIS}")
        page.wait_for_load_state("networkidle")
        assert axe_violations(page) == []
