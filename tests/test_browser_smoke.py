"""The browser harness itself: Chromium starts, loads a served page, and axe-core runs."""

from pathlib import Path

import pytest

from tests.browser import axe_violations, chromium_page, serve

pytestmark = pytest.mark.browser


def test_chromium_loads_a_served_page_and_axe_finds_a_missing_alt(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="de"><head><title>Probe</title></head>'
        '<body><main><h1 id="x">Probe</h1><img src="a.png"></main></body></html>',
        encoding="utf-8",
    )
    with serve(tmp_path) as url, chromium_page() as page:
        page.goto(f"{url}/index.html")
        assert page.locator("#x").inner_text() == "Probe"
        rules = {violation["id"] for violation in axe_violations(page)}
    assert "image-alt" in rules
