"""unterzeichnen/: the form of the customer's blanks, filled and printed in Debian's Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import Page

from avv.content import canonical
from avv.content.load import load_folder
from avv.documents.blanks import blanks
from avv.site import sign_page
from avv.site.context import BuildContext
from tests.browser import axe_violations, chromium_page, serve
from tests.present import present
from tests.support import ROOT, copy_project, replace

pytestmark = pytest.mark.browser

MARKUP = '<img src="/eingeschleust.png"><script>window.avvRan = 1</script>'


@pytest.fixture
def signing(built_site: Path) -> Iterator[tuple[Page, list[str]]]:
    with serve(built_site) as url, chromium_page() as page:
        requests: list[str] = []
        page.goto(f"{url}/unterzeichnen/", wait_until="networkidle")
        page.on("request", lambda request: requests.append(request.url))
        # the browser's print dialog, which a headless browser has not, counts instead
        page.evaluate(
            "() => { window.print = () => { window.avvPrinted = (window.avvPrinted || 0) + 1; }; }"
        )
        yield page, requests


def form_of(markdown: str) -> Tag:
    return present(BeautifulSoup(markdown, "html.parser").select_one("form.avv-sign-form"))


def test_the_form_holds_exactly_the_blanks_of_the_model(built_site: Path) -> None:
    agreement = load_folder(ROOT)
    html = (built_site / "unterzeichnen" / "index.html").read_text(encoding="utf-8")
    form = form_of(html)
    assert form.has_attr("hidden") and not form.has_attr("action")
    groups = form.select("fieldset[data-blank]")
    assert [g["data-blank"] for g in groups] == [b.id for b in blanks(agreement)]
    for group, blank in zip(groups, blanks(agreement), strict=True):
        # a repeated blank's fields are in the template of one entry
        template = group.select_one("template")
        scope = BeautifulSoup(template.decode_contents(), "html.parser") if template else group
        assert bool(template) == blank.repeated
        inputs = scope.select("[data-key]")
        assert [i["data-key"] for i in inputs] == [f.key for f in blank.fields]
        for element, field in zip(inputs, blank.fields, strict=True):
            assert element.has_attr("required") == field.required
            expected = {"email": "email", "tel": "tel", "date": "date"}.get(field.kind, "text")
            assert element["type"] == expected
            assert not element.has_attr("name")  # a submitted form would carry nothing
            assert (
                present(scope.select_one(f'label[for="{element["id"]}"]'))
                .get_text()
                .startswith(field.label)
            )
    without_script = present(BeautifulSoup(html, "html.parser").select_one(".avv-sign-nojs"))
    assert without_script.select_one('a[href="../avv.pdf"]') is not None
    for blank in blanks(agreement):
        assert blank.title in without_script.get_text()


def test_a_field_a_later_version_adds_appears_in_the_form(tmp_path: Path) -> None:
    repo = copy_project(tmp_path)
    replace(
        repo / "annexes" / "weisungen.yaml",
        "Telefonnummer]",
        "Telefonnummer, Abteilung]",
    )
    (page,) = sign_page.pages(BuildContext(load_folder(repo)))
    form = form_of(page.markdown)
    field = present(form.select_one('[data-blank="weisungsberechtigte"] template'))
    assert 'data-key="abteilung"' in field.decode_contents()


def test_the_filled_form_prints_the_agreement_with_the_entries_and_nothing_leaves(
    signing: tuple[Page, list[str]], tmp_path: Path
) -> None:
    page, requests = signing
    assert page.locator(".avv-sign-nojs").is_hidden()
    page.fill("#avv-auftraggeber-firma", "Muster Handel GmbH")
    page.fill("#avv-auftraggeber-strasse", "Musterstraße 1")
    page.fill("#avv-auftraggeber-postleitzahl", "1010")
    page.fill("#avv-auftraggeber-ort", "Wien")
    page.fill("#avv-auftraggeber-land", "Österreich")
    page.fill("#avv-weisungsberechtigte-1-vorname", "Maria")
    page.fill("#avv-weisungsberechtigte-1-nachname", "Musterfrau")
    page.fill("#avv-weisungsberechtigte-1-funktion", "Geschäftsführerin")
    page.fill("#avv-weisungsberechtigte-1-e_mail_adresse", "maria@example.com")
    page.get_by_role("button", name="Weitere Person hinzufügen").click()
    page.fill("#avv-weisungsberechtigte-2-vorname", MARKUP)
    page.fill("#avv-weisungsberechtigte-2-nachname", "Beispielmann")
    page.fill("#avv-weisungsberechtigte-2-funktion", "IT")
    page.fill("#avv-weisungsberechtigte-2-e_mail_adresse", "it@example.com")
    page.fill("#avv-unterschrift-ort", "Linz")
    page.fill("#avv-unterschrift-datum", "2026-12-01")
    page.fill("#avv-unterschrift-name", "Maria Musterfrau")
    page.fill("#avv-unterschrift-funktion", "Geschäftsführerin")
    page.get_by_role("button", name="Vereinbarung drucken oder als PDF speichern").click()
    assert page.evaluate("window.avvPrinted") == 1
    assert page.evaluate("window.avvRan") is None
    document = page.locator(".avv-sign-document")
    assert document.locator("script, img").count() == 0
    assert MARKUP in document.inner_text()

    out = tmp_path / "unterzeichnen.pdf"
    page.pdf(path=str(out), format="A4")
    pages = [p.extract_text() for p in pypdf.PdfReader(out).pages]
    digest = canonical.content_hash(load_folder(ROOT))
    for number, text in enumerate(pages, start=1):
        assert "Version 2021-02-19 · gültig ab 19. Februar 2021 · SHA-256" in text, number
        assert digest in text.replace("\n", ""), number
        assert f"Seite {number} von {len(pages)}" in text
    squeezed = re.sub(r"\s+", "", " ".join(pages))
    assert "MusterHandelGmbHMusterstraße11010WienÖsterreich" in squeezed
    assert "MariaMusterfrauGeschäftsführerinmaria@example.com" in squeezed
    assert re.sub(r"\s+", "", MARKUP) + "BeispielmannITit@example.com" in squeezed
    assert "Linz,am1.Dezember2026" in squeezed
    assert "NameundFunktion:MariaMusterfrau,Geschäftsführerin" in squeezed
    assert "Felder mit *" not in " ".join(pages)  # the form is not printed
    assert requests == []
    assert page.evaluate("window.localStorage.length") == 0


def test_required_fields_and_e_mail_are_checked_before_printing(
    signing: tuple[Page, list[str]],
) -> None:
    page, requests = signing
    page.fill("#avv-weisungsberechtigte-1-e_mail_adresse", "maria(at)example.com")
    page.get_by_role("button", name="Vereinbarung drucken oder als PDF speichern").click()
    assert page.evaluate("window.avvPrinted") is None
    assert "Bitte ergänzen Sie" in page.locator(".avv-sign-status").inner_text()
    invalid = page.eval_on_selector_all(
        ".avv-sign-form [data-key]:invalid", "nodes => nodes.map(n => n.id)"
    )
    assert "avv-auftraggeber-firma" in invalid
    assert "avv-weisungsberechtigte-1-e_mail_adresse" in invalid
    assert "avv-auftraggeber-firmenbuchnummer" not in invalid
    marked = page.eval_on_selector_all(
        '.avv-sign-form [aria-invalid="true"]', "nodes => nodes.map(n => n.id)"
    )
    assert marked == invalid
    page.fill("#avv-weisungsberechtigte-1-e_mail_adresse", "maria@example.com")
    assert page.get_attribute("#avv-weisungsberechtigte-1-e_mail_adresse", "aria-invalid") is None
    assert requests == []


def test_entries_are_kept_in_the_browser_only_when_asked(signing: tuple[Page, list[str]]) -> None:
    page, requests = signing
    page.fill("#avv-auftraggeber-firma", "Erst ohne Häkchen")
    assert page.evaluate("window.localStorage.length") == 0
    page.check("#avv-sign-remember")
    page.fill("#avv-auftraggeber-firma", "Gemerkt GmbH")
    page.fill("#avv-weisungsberechtigte-1-vorname", "Maria")
    assert "Gemerkt GmbH" in page.evaluate("window.localStorage.getItem('avv-unterzeichnen')")
    page.reload(wait_until="networkidle")
    assert page.input_value("#avv-auftraggeber-firma") == "Gemerkt GmbH"
    assert page.input_value("#avv-weisungsberechtigte-1-vorname") == "Maria"
    assert page.is_checked("#avv-sign-remember")
    assert "Gemerkt GmbH" in page.locator(".avv-auftraggeber").inner_text()
    page.uncheck("#avv-sign-remember")
    assert page.evaluate("window.localStorage.length") == 0
    requests.clear()  # the reload loaded the page again
    page.fill("#avv-auftraggeber-firma", "Wieder vergessen")
    assert page.evaluate("window.localStorage.length") == 0
    assert requests == []


def test_without_javascript_the_page_explains_the_blank_pdf(built_site: Path) -> None:
    with serve(built_site) as url, chromium_page(java_script_enabled=False) as page:
        page.goto(f"{url}/unterzeichnen/")
        assert page.locator("form.avv-sign-form").is_hidden()
        explanation = page.locator(".avv-sign-nojs")
        assert explanation.is_visible()
        assert "Ohne JavaScript" in explanation.inner_text()
        href = explanation.get_by_role("link", name="PDF-Dokument (avv.pdf)").get_attribute("href")
        assert href == "../avv.pdf"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_form_and_the_filled_document_pass_axe(
    signing: tuple[Page, list[str]], width: int
) -> None:
    page, _ = signing
    page.set_viewport_size({"width": width, "height": 900})
    page.fill("#avv-auftraggeber-firma", "Muster Handel GmbH")
    page.fill("#avv-weisungsberechtigte-1-vorname", "Maria")
    page.get_by_role("button", name="Vereinbarung drucken oder als PDF speichern").click()
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in axe_violations(page)] == []
