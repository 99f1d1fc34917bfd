"""Separate declarations on a real published site, in Chromium: a version that amends the text
(XIII.b), replaces a subprocessor (VI.c) and adds one in the USA (V.b) has one printable form
for each part, so that a customer can agree to one part and object to another; each prints
alone, on one page, filled in or, without JavaScript, as a blank."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pypdf
import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page

from avv.demo import replace_subprocessor
from avv.publish.deploy import publish
from tests.browser import WIDTHS, axe_violations, chromium_page, serve, shot, site_branch_files
from tests.present import attribute, present
from tests.support import AgreementRepo, courts_in_graz, identify

pytestmark = pytest.mark.browser

OFFER = "2026-03-04"
NOW = "2026-03-10T12:00:00"
# A name a careless pull request could write: markup and Markdown, shown as text everywhere.
CLOUD = 'Example <img src=x onerror="window.avvInjected=1"> *Cloud* Inc.'
COMPANY = "Muster & <b>Söhne</b> GmbH"


def three_parts(root: Path) -> None:
    """XIII.e reworded (XIII.b), a subprocessor replaced (VI.c), one added in the USA (V.b)."""
    courts_in_graz(root)
    replace_subprocessor(root)
    with (root / "annexes" / "anlage-2.yaml").open("a", encoding="utf-8") as annex:
        annex.write(
            f"  - name: '{CLOUD}'\n"
            "    address: 1 Example Way, Seattle, WA 98101, USA\n"
            "    country: US\n"
            "    purpose: Versand von E-Mail-Benachrichtigungen\n"
            "    safeguard:\n"
            "      kind: angemessenheitsbeschluss\n"
            "      reference: Durchführungsbeschluss (EU) 2023/1795 der Kommission\n"
            "      dpf_certified: true\n"
        )


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("declarations")
    repo = AgreementRepo.create(folder / "repo")
    repo.commit_version(OFFER, OFFER, "2026-04-08", three_parts)
    identify(repo.path)
    publish(repo.path, date(2026, 3, 6))
    return site_branch_files(repo.path, folder / "site")


@pytest.fixture(scope="module")
def site(published: Path) -> Iterator[str]:
    with serve(published) as url:
        yield url


def notice_page(page: Page, site: str, anchor: str = "") -> Page:
    page.clock.set_fixed_time(NOW)
    page.goto(f"{site}/{OFFER}/mitteilung/{anchor}")
    page.wait_for_selector("html[data-avv-state]")
    return page


def printed(page: Page) -> list[str]:
    """The text of each page the browser prints now."""
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(page.pdf())).pages]


def fill(page: Page, anchor: str, **entries: str) -> None:
    for key, value in entries.items():
        page.fill(f"#{anchor}-{key}", value)


def submit(page: Page, anchor: str) -> None:
    """Submits a declaration's form; the browser's print dialog is replaced by a record of what
    was to be printed, and the page stays in its printing state for `printed`."""
    page.evaluate(
        """() => {
            window.print = () => {
                const printing = document.documentElement.getAttribute("data-avv-printing");
                window.avvPrinted = (window.avvPrinted || []).concat([printing]);
            };
        }"""
    )
    page.click(f"#{anchor} button[type=submit]")


def test_each_part_has_its_own_declaration(published: Path) -> None:
    html = (published / OFFER / "mitteilung" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    sections = soup.select("section.avv-declaration")
    assert [s["id"] for s in sections] == [
        "zustimmung-xiii-b",
        "widerspruch-vi-c",
        "zustimmung-v-b",
    ]
    texts = [
        " ".join(present(s.select_one(".avv-declaration-text")).get_text().split())
        for s in sections
    ]
    assert texts[0].startswith(
        "Wir stimmen den mit der Mitteilung vom 6. März 2026 vorgeschlagenen"
    )
    assert "(Version 2026-03-04, Punkt XIII.b)" in texts[0]
    assert texts[1].startswith("Wir widersprechen der mit der Mitteilung vom 6. März 2026")
    assert "Punkt VI.c" in texts[1] and "Beispiel Messaging GmbH" in texts[1]
    assert f"Wir stimmen der Verarbeitung unserer Daten durch {CLOUD} außerhalb" in texts[2]
    # Each names its part only, and none says what another says.
    for section, clause in zip(sections, ("XIII.b", "VI.c", "V.b"), strict=True):
        scope = present(section.select_one(".avv-declaration-only")).get_text()
        assert (
            f"Punkt {clause})" in scope
            and "Zu ihren anderen Teilen erklären wir damit nichts" in scope
        )
    assert "Eingang bei uns bis einschließlich 7. April 2026." in sections[1].get_text()
    assert "Keine Frist; wirksam frühestens ab 8. April 2026." in sections[0].get_text()
    # The name from the YAML is text, not markup.
    assert soup.select_one(".avv-declarations img") is None
    # Each declaration of the notice links to its own form, beside its own e-mail.
    links = {attribute(a, "href") for a in soup.select(".md-content a[href*='#']")}
    assert {"./#zustimmung-xiii-b", "./#widerspruch-vi-c", "./#zustimmung-v-b"} <= links


def test_filling_one_form_prints_that_declaration_only(site: str, page: Page) -> None:
    notice_page(page, site)
    fill(page, "zustimmung-xiii-b", firma=COMPANY, kundennummer="K-4711", ort="Wien")
    fill(page, "zustimmung-xiii-b", datum="2026-03-20")
    submit(page, "zustimmung-xiii-b")
    assert page.evaluate("window.avvPrinted") == ["zustimmung-xiii-b"]
    (consent,) = printed(page)
    text = " ".join(consent.split())
    assert f"Auftraggeber: {COMPANY} Kundennummer: K-4711" in text
    assert "Zustimmung zu den Änderungen der Vereinbarung" in text
    assert "Version 2026-03-04, Punkt XIII.b" in text
    assert "Wien, am 20. März 2026" in text
    assert "Keine Frist; wirksam frühestens ab 8. April 2026." in text
    assert "widersprechen" not in text and "Drittstaat" not in text
    assert "Auf einen Blick" not in text and "Angebot" not in text
    # The entries are text, and stay in their own declaration.
    assert page.locator("#zustimmung-xiii-b [data-fill=firma]").inner_text() == COMPANY
    assert page.evaluate("window.avvInjected") is None
    assert page.locator("#widerspruch-vi-c [data-fill=firma]").inner_text().startswith("....")

    # The objection, filled in on its own, prints on its own.
    fill(page, "widerspruch-vi-c", firma="Andere AG", ort="Linz", datum="2026-03-25")
    submit(page, "widerspruch-vi-c")
    (objection,) = printed(page)
    text = " ".join(objection.split())
    assert "Widerspruch gegen die Änderung der Subunternehmer" in text
    assert "Version 2026-03-04, Punkt VI.c" in text
    assert "Eingang bei uns bis einschließlich 7. April 2026." in text
    assert "Auftraggeber: Andere AG Kundennummer: ...." in text
    assert "Linz, am 25. März 2026" in text
    assert COMPANY not in text and "Wir stimmen" not in text


def test_without_javascript_a_declaration_prints_alone_as_a_blank(site: str) -> None:
    with chromium_page(java_script_enabled=False) as page:
        page.goto(f"{site}/{OFFER}/mitteilung/#zustimmung-v-b")
        assert page.locator("#zustimmung-v-b form").is_hidden()
        assert page.locator(".avv-declaration-nojs").is_visible()
        (blank,) = printed(page)
        text = " ".join(blank.split())
        assert "Zustimmung zur Verarbeitung in einem Drittstaat" in text
        assert "Punkt V.b" in text and "Auftraggeber: ....." in text and ", am ....." in text
        assert "Wir widersprechen" not in text and "Punkt XIII.b)" not in text
        # Printed without a declaration opened: the notice, without any form or blank.
        page.goto(f"{site}/{OFFER}/mitteilung/")
        notice = " ".join(" ".join(printed(page)).split())
        assert "Auf einen Blick" in notice and "Auftraggeber: ....." not in notice


def test_a_missing_field_is_named_in_german_and_nothing_prints(site: str, page: Page) -> None:
    notice_page(page, site)
    fill(page, "widerspruch-vi-c", kundennummer="K-1")
    submit(page, "widerspruch-vi-c")
    assert page.evaluate("window.avvPrinted") is None
    errors = page.locator("#widerspruch-vi-c .avv-declaration-error:visible").all_inner_texts()
    assert errors == [
        "Bitte geben Sie die Firma des Auftraggebers an.",
        "Bitte geben Sie den Ort an, an dem Sie unterschreiben.",
        "Bitte geben Sie das Datum an, an dem Sie unterschreiben (TT.MM.JJJJ).",
    ]
    assert page.locator("#widerspruch-vi-c-firma").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "widerspruch-vi-c-firma"
    status = page.locator("#widerspruch-vi-c .avv-declaration-status").inner_text()
    assert status == "Bitte ergänzen Sie die markierten Felder."
    # The other forms are untouched.
    assert page.locator("#zustimmung-xiii-b [aria-invalid]").count() == 0
    page.fill("#widerspruch-vi-c-firma", "Muster GmbH")
    assert page.locator("#widerspruch-vi-c-firma").get_attribute("aria-invalid") is None
    assert page.locator("#widerspruch-vi-c-firma-fehler").is_hidden()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_forms_have_no_accessibility_violations(site: str, page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    notice_page(page, site, "#zustimmung-xiii-b")
    submit(page, "zustimmung-xiii-b")  # with its messages shown
    assert axe_violations(page) == []
    shot(page, f"declarations-{width}")
