"""Finding a version, as a customer does in the published demo, in Debian's Chromium at 1280 and
390 px: the version selector and the compare picker name each version's dates and state and mark
the one read, the pair "in effect → announced" comes first, the form "Fassung an einem Tag" names
and links the version in effect on a day (and, without JavaScript, the table of periods answers
it), the sidebars stay clear of the version bar, and headings break only between words or at a
hyphen."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser import WIDTHS, axe_violations, shot, visit
from tests.golden import NOW, TODAY

pytestmark = pytest.mark.browser

# The demo published on TODAY: 2023-05-02 in effect, 2024-05-27 announced.
IN_EFFECT, ANNOUNCED = "2023-05-02", "2024-05-27"
VERSIONS = ("2021-02-19", "2022-03-01", IN_EFFECT, ANNOUNCED)


def words(text: str) -> str:
    return " ".join(text.split())


def folder_of(href: str) -> str:
    return Path(href.rstrip("/")).name


@pytest.mark.parametrize("width", WIDTHS)
def test_the_version_selector_names_dates_and_states_and_marks_this_version(
    demo_site: tuple[str, Path], page: Page, width: int
) -> None:
    url, _ = demo_site
    visit(page, f"{url}/2022-03-01/avv/", width, NOW)
    page.wait_for_selector(".md-version__link .avv-version-selector-dates", state="attached")
    entries = {
        folder_of(link.get_attribute("href") or ""): link
        for link in page.locator(".md-version__link").all()
    }
    assert sorted(entries) == sorted(VERSIONS)
    states = {
        name: words(link.locator(".avv-version-selector-state").inner_text())
        for name, link in entries.items()
    }
    assert states == {
        "2021-02-19": "· ersetzt, Text gilt weiter ohne Zustimmung",
        "2022-03-01": "· ersetzt",
        IN_EFFECT: "· gültig",
        ANNOUNCED: "· angekündigt",
    }
    assert entries["2022-03-01"].locator(".avv-version-selector-dates").text_content() == (
        "Bekanntgabe 1. März 2022 · mit Ihrer schriftlichen Zustimmung, frühestens ab 1. April 2022"
    ), "2022-03-01 amends the text: an offer"
    marked = [
        name for name, link in entries.items() if link.get_attribute("aria-current") == "page"
    ]
    assert marked == ["2022-03-01"]
    assert [link.locator(".avv-version-selector-here").count() for link in entries.values()].count(
        1
    ) == 1
    page.focus(".md-version__current")  # opens the list, as a keyboard user does
    page.wait_for_timeout(400)
    here = entries["2022-03-01"]
    assert here.locator(".avv-version-selector-here").is_visible()
    assert here.locator(".avv-version-selector-here").inner_text() == "diese Version"
    assert here.evaluate("a => getComputedStyle(a).fontWeight") == "700"
    box = page.locator(".md-version__list").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    for link in entries.values():
        assert link.is_visible(), "every version fits the open list without scrolling"
    shot(page, f"version-selector-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_picker_of_the_version_in_effect_offers_the_announced_change_first(
    demo_site: tuple[str, Path], page: Page, width: int
) -> None:
    url, _ = demo_site
    visit(page, f"{url}/{IN_EFFECT}/vergleich/", width, NOW)
    page.wait_for_selector("nav.avv-compare-links li.avv-compare-featured")
    first = page.locator("nav.avv-compare-links li").first
    assert "avv-compare-featured" in (first.get_attribute("class") or "")
    assert words(first.inner_text()).startswith(
        f"Gültige → angekündigte Version: {IN_EFFECT} → {ANNOUNCED} (gültig ab 5. Juni 2023 → "
    )
    assert words(first.inner_text()).endswith("· gültig → angekündigt")
    link = first.locator("a")
    assert link.evaluate("a => a.href") == f"{url}/{ANNOUNCED}/vergleich/{IN_EFFECT}/"
    assert page.request.get(link.evaluate("a => a.href")).status == 200
    others = page.locator("nav.avv-compare-links li").all()[1:]
    # The states after the dates, the pair's files (it is the pair people use) after them.
    assert words(others[0].inner_text()).endswith("· ersetzt → gültig · PDF · Word")
    # The form proposes the same pair; each option names its version's state and dates.
    assert page.input_value("#avv-compare-old") == IN_EFFECT
    assert page.input_value("#avv-compare-new") == ANNOUNCED
    options = page.locator("#avv-compare-old option").all_inner_texts()
    assert options[0].startswith(f"{ANNOUNCED} · angekündigt · gültig ab ")
    assert options[1] == f"{IN_EFFECT} (diese Version) · gültig ab 5. Juni 2023"
    shot(page, f"compare-picker-{width}", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    with page.expect_navigation():
        page.click("form.avv-compare-picker button[type=submit]")
    assert page.url == f"{url}/{ANNOUNCED}/vergleich/{IN_EFFECT}/"


def test_the_announced_build_lists_its_own_change_first_and_once(
    demo_site: tuple[str, Path], page: Page
) -> None:
    url, _ = demo_site
    visit(page, f"{url}/{ANNOUNCED}/vergleich/", 1280, NOW)
    page.wait_for_selector("nav.avv-compare-links li.avv-compare-featured")
    pair = f'a[data-older="{IN_EFFECT}"][data-newer="{ANNOUNCED}"]'
    assert page.locator(f"nav.avv-compare-links {pair}").count() == 1
    assert page.locator("nav.avv-compare-links li").first.locator(pair).count() == 1
    assert axe_violations(page) == []
    plain = page.context.browser.new_context(java_script_enabled=False).new_page()  # type: ignore[union-attr]
    plain.goto(f"{url}/{ANNOUNCED}/vergleich/")
    assert (
        plain.locator("nav.avv-compare-links a").first.inner_text() == f"{IN_EFFECT} → {ANNOUNCED}"
    )
    plain.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_form_leads_to_the_version_in_effect_on_a_day(
    demo_site: tuple[str, Path], page: Page, width: int
) -> None:
    url, tree = demo_site
    visit(page, f"{url}/{IN_EFFECT}/", width, NOW)
    form = page.locator("form.avv-on-day")
    assert form.is_visible()
    assert page.input_value("#avv-on-day-date") == TODAY.isoformat()
    # The table gains the version announced after this build, first, as versions.json lists it.
    rows = page.locator("table.avv-periods tbody tr")
    assert [row.get_attribute("data-version") for row in rows.all()] == list(reversed(VERSIONS))
    assert words(rows.first.locator("td").first.inner_text()) == f"{ANNOUNCED} · angekündigt"
    listed = json.loads((tree / "versions.json").read_text(encoding="utf-8"))
    until = date.fromisoformat(
        next(e for e in listed if e["version"] == IN_EFFECT)["properties"]["valid_until"]
    )
    current = page.locator(f'table.avv-periods tr[data-version="{IN_EFFECT}"] td')
    assert [words(cell) for cell in current.all_inner_texts()][1:] == [
        "02.05.2023",
        "05.06.2023",
        until.strftime("%d.%m.%Y"),
    ], "the period's end, which this frozen build did not know, from versions.json"
    wrapper = page.locator(".avv-table-wrapper:has(table.avv-periods)")
    assert wrapper.evaluate("w => w.scrollWidth <= w.clientWidth"), "four columns fit"
    shot(page, f"on-day-{width}", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []

    page.fill("#avv-on-day-date", "2020-12-31")
    page.click("form.avv-on-day button[type=submit]")
    assert page.locator(".avv-on-day-message").inner_text() == (
        "Am 31. Dezember 2020 galt noch keine Version dieser Vereinbarung: "
        "Die erste gilt ab 19. Februar 2021."
    )
    assert page.url == f"{url}/{IN_EFFECT}/"
    # Since the offer of 2022-03-01, two texts bind: the newest for those who agreed to it, the
    # text of 2021-02-19 (with every change by notice) for the rest; the form names both.
    for day, version, start in [
        (
            "2022-04-01",
            "2022-03-01",
            "Am 1. April 2022 galt die Version 2022-03-01 (ein Angebot): ",
        ),
        ("2030-01-01", ANNOUNCED, f"Am 1. Jänner 2030 galt die Version {ANNOUNCED}: "),
    ]:
        visit(page, f"{url}/{IN_EFFECT}/", width, NOW)
        page.fill("#avv-on-day-date", day)
        page.click("form.avv-on-day button[type=submit]")
        assert page.locator(".avv-on-day-message").inner_text().startswith(start), day
        assert page.url == f"{url}/{IN_EFFECT}/"
        links = page.locator(".avv-on-day-message a")
        assert [folder_of(link.get_attribute("href") or "") for link in links.all()] == [
            version,
            "2021-02-19",
        ]
    # One text bound that day: the answer says what it found, and its link leads there.
    visit(page, f"{url}/{IN_EFFECT}/", width, NOW)
    page.fill("#avv-on-day-date", "2022-03-31")
    page.click("form.avv-on-day button[type=submit]")
    message = page.locator(".avv-on-day-message")
    assert message.inner_text().startswith(
        "Am 31. März 2022 galt die Version 2021-02-19 (gültig vom 19. Februar 2021 bis "
    )
    assert message.inner_text().endswith("): Zur Version 2021-02-19")
    with page.expect_navigation():
        message.locator("a").click()
    assert page.url == f"{url}/2021-02-19/"


def test_without_javascript_the_table_of_periods_answers_the_question(
    demo_site: tuple[str, Path], page: Page
) -> None:
    url, _ = demo_site
    plain = page.context.browser.new_context(java_script_enabled=False).new_page()  # type: ignore[union-attr]
    plain.set_viewport_size({"width": 390, "height": 800})
    plain.goto(f"{url}/{IN_EFFECT}/")
    assert not plain.locator("form.avv-on-day").is_visible()
    assert not plain.locator("tr.avv-state").is_visible()
    rows = [
        [words(cell) for cell in row.locator("td").all_inner_texts()]
        for row in plain.locator("table.avv-periods tbody tr").all()
    ]
    assert rows == [
        [f"{IN_EFFECT} (diese Version)", "02.05.2023", "05.06.2023", ""],
        ["2022-03-01 (Angebot: mit Zustimmung)", "01.03.2022", "01.04.2022", "04.06.2023"],
        ["2021-02-19", "19.02.2021", "19.02.2021", "31.03.2022"],
    ]
    assert plain.locator("table.avv-periods [aria-current=page]").inner_text() == IN_EFFECT
    with plain.expect_navigation():
        plain.click("table.avv-periods a:text-is('2022-03-01')")
    assert plain.url == f"{url}/2022-03-01/"
    assert plain.evaluate("document.documentElement.scrollWidth") <= 390
    plain.context.close()


def test_the_overview_states_the_state_without_repeating_the_banner(
    demo_site: tuple[str, Path], page: Page
) -> None:
    url, _ = demo_site
    visit(page, f"{url}/{IN_EFFECT}/", 1280, NOW)
    assert ANNOUNCED in page.locator(".avv-version-state").inner_text()
    state = page.locator("tr.avv-state")
    assert words(state.inner_text()) == "Stand gültig (am 3. Juni 2024)"
    text = words(page.locator("article").inner_text())
    assert text.count("bekanntgegeben und gilt ab") == 1, "the banner alone says it"
    assert "Bekanntgegeben am" not in text, "the dates are in the table, not in a sentence too"
    period = page.locator(".avv-version-bar__period")
    assert period.inner_text() == "gültig vom 5. Juni 2023 bis 27. Juni 2024"
    assert "Gültig vom" not in text, "the bar alone names the period"


def test_the_sidebars_stay_clear_of_the_version_bar(
    demo_site: tuple[str, Path], page: Page
) -> None:
    url, _ = demo_site
    visit(page, f"{url}/2022-03-01/avv/", 1280, NOW)
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(400)
    bar = page.locator(".avv-version-bar").bounding_box()
    assert bar is not None
    bottom = bar["y"] + bar["height"]
    # The primary sidebar's first entry (its title, the site's name, is the header's on a wide
    # screen), the secondary's title.
    for sidebar, top in (("primary", ".md-nav__link"), ("secondary", ".md-nav__title")):
        title = page.locator(f".md-sidebar--{sidebar} {top}").first.bounding_box()
        wrap = page.locator(f".md-sidebar--{sidebar} .md-sidebar__scrollwrap").bounding_box()
        assert title is not None and wrap is not None
        assert title["y"] >= bottom, f"the {sidebar} sidebar's title is under the bar"
        assert wrap["y"] >= bottom and wrap["y"] + wrap["height"] <= 800, sidebar
    toc = page.locator(".md-sidebar--secondary .md-nav__link").last
    toc.scroll_into_view_if_needed()
    box = toc.bounding_box()
    assert box is not None and bottom <= box["y"] and box["y"] + box["height"] <= 800
    shot(page, "sidebars-scrolled-1280")


def test_the_phone_header_names_the_site_beside_the_version(
    demo_site: tuple[str, Path], page: Page
) -> None:
    url, _ = demo_site
    visit(page, f"{url}/{IN_EFFECT}/", 390, NOW)
    topic = page.locator(".md-header__topic").first
    assert topic.evaluate("t => getComputedStyle(t, '::before').content") == '"websms AVV"'
    button = page.locator(".md-version__current")
    page.wait_for_selector(".md-version__current .avv-version-selector-state", state="attached")
    assert button.inner_text().strip() == IN_EFFECT, "the bar below names the state"
    search = page.locator("label.md-header__button[for=__search]").bounding_box()
    box = button.bounding_box()
    assert box is not None and search is not None and box["x"] + box["width"] <= search["x"]
    shot(page, "header-390")


# A line of a heading that ends inside a word without a hyphen: the browser broke the word.
BROKEN_WORDS = """() => {
  const found = [];
  for (const heading of document.querySelectorAll("article h1, article h2")) {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let top = null, before = " ";
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (let i = 0; i < node.length; i++) {
        const ch = node.data[i];
        if (/[\\s\\u00ad]/.test(ch)) { before = ch; continue; }
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        const rect = rects[rects.length - 1];
        if (!rect) continue;
        const between = /[\\s\\u00ad\\-–\\/]/.test(before) || ch === "¶";
        if (top !== null && rect.top > top + 2 && !between) {
          found.push(heading.textContent.trim() + " @ " + node.data.slice(i - 8, i + 4));
        }
        top = rect.top;
        before = ch;
      }
    }
  }
  return found;
}"""


def test_headings_break_between_words_or_at_a_hyphen_on_a_phone(
    demo_site: tuple[str, Path], page: Page
) -> None:
    url, tree = demo_site
    names = sorted(
        path.relative_to(tree).as_posix()
        for path in (tree / ANNOUNCED).glob("**/index.html")
        if "/search/" not in path.as_posix()
    )
    assert len(names) > 10
    broken: list[Any] = []
    for name in names:
        visit(page, f"{url}/{name}", 390, NOW)
        broken += page.evaluate(BROKEN_WORDS)
    assert broken == []
