"""What a customer sees of the published demo in Debian's Chromium: nothing of the text wider
than its column at 1280 and 1920 px, every data table a card list on a phone, the heading and the
text on a phone's first screen below one line of the version, the printed page without the web
page around it, one entry for notices, the version selector keeping the page and the clause, and
search landing on clauses."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import Page

from tests.browser import axe_violations
from tests.golden import TODAY

pytestmark = pytest.mark.browser

NOW = f"{TODAY.isoformat()}T12:00:00"
# The demo published on TODAY: 2023-05-02 in effect, 2024-05-27 announced, its period running.
IN_EFFECT, ANNOUNCED = "2023-05-02", "2024-05-27"
SUPERSEDED = "2022-03-01"
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path("/tmp/avv-screenshots")
# Every kind of page of a version.
PAGES = (
    "",
    "avv/",
    "anlage-1/",
    "anlage-2/",
    "vergleich/",
    f"vergleich/{SUPERSEDED}/",
    "mitteilung/",
    "mitteilungen/",
    "unterzeichnen/",
    "hilfe/",
)


@pytest.fixture
def site(demo_site: tuple[str, Path]) -> tuple[str, Path]:
    """The demo's site branch as published on TODAY, served (tests/site/conftest.py)."""
    return demo_site


def visit(page: Page, url: str, width: int, height: int = 900) -> Page:
    page.set_viewport_size({"width": width, "height": height})
    page.clock.set_fixed_time(NOW)
    page.goto(url)
    page.wait_for_selector("html[data-avv-state]")
    page.wait_for_load_state("networkidle")
    return page


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"customer-{name}.png"))


# Everything of the article within the article's column, by its laid-out box.
WIDER_THAN_COLUMN = """() => {
  const column = document.querySelector("article.md-content__inner").getBoundingClientRect();
  return [...document.querySelectorAll("article.md-content__inner *")]
    .filter(e => { const r = e.getBoundingClientRect();
      return r.width > 0 && (r.right > column.right + 0.5 || r.left < column.left - 0.5); })
    .map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right)
      + " > " + Math.round(column.right));
}"""


@pytest.mark.parametrize("width", [1280, 1920])
def test_no_element_of_the_text_is_wider_than_its_column(
    site: tuple[str, Path], page: Page, width: int
) -> None:
    url, _ = site
    wide = {}
    for path in PAGES:
        visit(page, f"{url}/{IN_EFFECT}/{path}", width)
        if found := page.evaluate(WIDER_THAN_COLUMN):
            wide[path] = found[:3]
    assert not wide, wide
    # III's table wraps its long words rather than cut its last column.
    visit(page, f"{url}/{IN_EFFECT}/avv/", width)
    table = page.locator("table.avv-data-categories")
    assert table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")


def test_every_data_table_is_a_card_list_on_a_phone(site: tuple[str, Path], page: Page) -> None:
    url, _ = site
    for path, table in [
        ("avv/", "table.avv-data-categories"),
        ("anlage-2/", "table.avv-subprocessors"),
        ("", "table.avv-periods"),
    ]:
        visit(page, f"{url}/{IN_EFFECT}/{path}", PHONE["width"], PHONE["height"])
        rows = page.locator(f"{table} tbody tr")
        assert rows.count() >= 2, path
        row = rows.first
        assert row.evaluate("r => getComputedStyle(r).display") == "block", path
        cells = row.locator("td").all()
        labels = [c.evaluate("c => getComputedStyle(c, '::before').content") for c in cells]
        headings = page.locator(f"{table} thead th").all_text_contents()
        assert labels == [json.dumps(h.replace("\xad", ""), ensure_ascii=False) for h in headings]
        right = page.locator(table).evaluate(
            "t => Math.max(...[...t.querySelectorAll('td')]"
            ".map(c => c.getBoundingClientRect().right))"
        )
        assert right <= PHONE["width"], path
    shot(page, "overview-cards-390")
    assert axe_violations(page) == []


def test_the_first_screen_of_a_phone_shows_the_heading_and_the_text(
    site: tuple[str, Path], page: Page
) -> None:
    url, _ = site
    for version in (IN_EFFECT, SUPERSEDED, ANNOUNCED):
        visit(page, f"{url}/{version}/avv/", PHONE["width"], PHONE["height"])
        bar = page.locator(".avv-version-bar")
        line = bar.evaluate("b => parseFloat(getComputedStyle(b).lineHeight)")
        box = bar.bounding_box()
        text = bar.inner_text()
        if version != SUPERSEDED:  # an offer's bar may take a second line for "Angebot"
            assert box is not None and box["height"] < 2 * line, f"{version}: one line: {text}"
        assert bar.evaluate("b => b.scrollWidth <= b.clientWidth"), f"{version}: {text}"
        assert text.count("gültig") == 1, text
        # The boxes are there, closed to their titles.
        boxes = page.locator(".avv-page-state details")
        assert boxes.count() >= 1
        assert not any(d.evaluate("d => d.open") for d in boxes.all())
        heading = page.locator("article h1").bounding_box()
        first = page.locator("article .avv-clause").first.bounding_box()
        assert heading is not None and first is not None
        assert first["y"] + first["height"] <= PHONE["height"], f"{version}: text on screen"
    visit(page, f"{url}/{IN_EFFECT}/avv/", PHONE["width"], PHONE["height"])
    shot(page, "first-screen-390")
    assert "Gültig vom" not in page.locator("article").inner_text(), "the bar alone says it"
    page.locator(".avv-version-state summary").click()
    assert "bekanntgegeben und gilt ab" in page.locator(".avv-version-state").inner_text()
    assert axe_violations(page) == []


def test_the_boxes_stand_in_one_order_open_on_a_wide_screen(
    site: tuple[str, Path], page: Page
) -> None:
    url, _ = site
    for _ in range(3):
        visit(page, f"{url}/{IN_EFFECT}/anlage-2/", 1280)
        page.locator(".avv-objection-period").wait_for()
        kinds = page.locator(".avv-page-state details").evaluate_all(
            "boxes => boxes.map(b => b.classList.contains('avv-version-state') ? 'version' :"
            " 'objection')"
        )
        assert kinds == ["version", "objection"]
        assert all(d.evaluate("d => d.open") for d in page.locator(".avv-page-state details").all())


@pytest.mark.parametrize("path", ["avv/", "unterzeichnen/"])
def test_the_printed_page_holds_the_agreement_and_nothing_of_the_web_page(
    site: tuple[str, Path], page: Page, path: str, tmp_path: Path
) -> None:
    url, _ = site
    visit(page, f"{url}/{IN_EFFECT}/{path}", 1280)
    page.locator(".avv-objection-period").wait_for()
    page.emulate_media(media="print")
    for web in (".avv-version-bar", ".avv-page-state", ".md-header", ".md-sidebar", ".md-footer"):
        assert not page.locator(web).first.is_visible(), web
    pdf = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf), format="A4")
    first = pypdf.PdfReader(pdf).pages[0].extract_text()
    # The agreement from the top of the first page; beside it only the page's footer (its
    # number, on the sign page the version, its hash and its first day).
    for banner in ("angekündigt", "Widerspruchsfrist", "gültig vom", "ersetzt", "Suche"):
        assert banner not in first, banner
    assert "Vereinbarung über die Auftragsverarbeitung" in " ".join(first.split())[:200]


def test_one_navigation_entry_for_notices_and_the_full_title(
    site: tuple[str, Path], page: Page
) -> None:
    url, _ = site
    visit(page, f"{url}/{IN_EFFECT}/mitteilungen/", 1280)
    entries = page.locator(
        ".md-nav--primary > .md-nav__list > .md-nav__item > a.md-nav__link"
    ).all_inner_texts()
    assert [e.strip() for e in entries if "Mitteilung" in e] == ["Mitteilungen"]
    title = page.locator(".md-header__topic:first-child .md-ellipsis")
    assert title.inner_text() == "websms – Auftragsverarbeitungsvereinbarung (AVV)"
    assert title.evaluate("t => t.scrollWidth <= t.clientWidth"), "not cut"
    # The notices index at the root is linked from the page, not from the navigation.
    index = page.locator(".avv-notices-index a")
    assert index.evaluate("a => a.href") == f"{url}/mitteilungen/"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_version_selector_keeps_the_page_and_the_clause(
    site: tuple[str, Path], page: Page, width: int
) -> None:
    url, _ = site
    visit(page, f"{url}/{IN_EFFECT}/avv/#vi-c", width)
    page.wait_for_selector(".md-version__link .avv-version-selector-state", state="attached")
    page.focus(".md-version__current")
    link = page.locator(".md-version__link", has_text=SUPERSEDED)
    # The choice as the page receives it (a click event on the link), without the pointer's
    # way through the opening list, which a busy machine can outrun.
    with page.expect_navigation():
        link.dispatch_event("click")
    assert page.url == f"{url}/{SUPERSEDED}/avv/#vi-c"
    visit(page, f"{url}/{IN_EFFECT}/anlage-2/", width)
    page.wait_for_selector(".md-version__link .avv-version-selector-state", state="attached")
    page.focus(".md-version__current")
    with page.expect_navigation():
        page.locator(".md-version__link", has_text=ANNOUNCED).dispatch_event("click")
    assert page.url == f"{url}/{ANNOUNCED}/anlage-2/"


def test_search_finds_clauses_and_not_the_sign_page(site: tuple[str, Path], page: Page) -> None:
    url, tree = site
    index = json.loads((tree / IN_EFFECT / "search" / "search_index.json").read_text("utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert not [loc for loc in locations if loc.startswith(("unterzeichnen/", "vergleich/20"))]
    clause = next(doc for doc in index["docs"] if doc["location"] == "avv/#vi-c")
    assert clause["title"] == "Punkt VI.c · VI. Subaufträge"
    assert "Subauftragsverhältnissen" in clause["text"]
    section = next(doc for doc in index["docs"] if doc["location"] == "avv/#vi")
    assert section["text"] == "", "the section's words are its clauses'"
    visit(page, f"{url}/{IN_EFFECT}/", 1280)
    page.locator(".md-search__input").click()
    page.keyboard.type("Subauftragsverhältnissen", delay=20)
    page.wait_for_function(
        "() => /Suchergebnis/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    hrefs = page.locator(".md-search-result__link").evaluate_all("a => a.map(l => l.href)")
    found = [h.split("?")[0] + "#" + h.split("#")[1] for h in hrefs if "#" in h]
    assert f"{url}/{IN_EFFECT}/avv/#vi-c" in found, hrefs
    assert not [h for h in hrefs if "/unterzeichnen/" in h]


def test_without_javascript_every_version_links_the_list_of_versions(
    site: tuple[str, Path], page: Page
) -> None:
    url, _ = site
    browser = page.context.browser
    assert browser is not None
    plain = browser.new_context(java_script_enabled=False).new_page()
    plain.set_viewport_size({"width": PHONE["width"], "height": PHONE["height"]})
    plain.goto(f"{url}/2021-02-19/anlage-2/")
    link = plain.locator(".avv-version-bar a")
    assert "Ob diese Version noch gilt:" in plain.locator(".avv-version-bar").inner_text()
    assert link.evaluate("a => a.href") == f"{url}/"
    link.click()
    plain.wait_for_url(f"{url}/")
    rows = plain.locator("tbody tr")
    assert [r.get_attribute("data-version") for r in rows.all()] == [
        ANNOUNCED,
        IN_EFFECT,
        SUPERSEDED,
        "2021-02-19",
    ]
    states = plain.locator("td.avv-index-state").all_inner_texts()
    # The text of 2021-02-19 binds on for everyone who did not agree to the offer of 2022-03-01.
    assert states == [
        "angekündigt",
        "gültig (gilt heute)",
        "ersetzt",
        "ersetzt, Text gilt weiter ohne Zustimmung",
    ]
    assert plain.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    plain.screenshot(path=str(SCREENSHOTS / "customer-root-nojs-390.png"))
    # With JavaScript the site's address leads to the version in effect; the list stays a link.
    page.clock.set_fixed_time(NOW)
    page.goto(f"{url}/")
    page.wait_for_url(f"{url}/{IN_EFFECT}/")
    page.goto(f"{url}/#versionen")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{url}/#versionen"
    assert page.locator("td.avv-index-state").all_inner_texts() == [
        "angekündigt",
        "gültig",
        "ersetzt",
        "ersetzt, Text gilt weiter ohne Zustimmung",
    ]
    assert axe_violations(page) == []
