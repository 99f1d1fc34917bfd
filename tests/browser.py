"""Debian's Chromium through Playwright, against a site served from the test on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from avv.publish.site_branch import BRANCH

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
WIDTHS = (1280, 390)  # a desktop's and a phone's window, at which the pages are looked at
SCREENSHOTS = Path("/tmp/avv-screenshots")  # where a reader looks at the published demo
# Without these, Chromium as root on a machine without network fails its connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> None:
    """Skips without Chromium on a developer's machine; in CI the browser tests must run."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serves `directory` on a free port of 127.0.0.1; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def site_branch_files(repo: Path, tree: Path, branch: str = BRANCH) -> Path:
    """The site branch written out as files into `tree`, as a web server would serve it."""
    tree.mkdir()
    archive = subprocess.run(
        ["git", "archive", branch], cwd=repo, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


@contextmanager
def chromium_page(**options: Any) -> Iterator[Page]:
    """A fresh page of a headless Chromium; `options` as for Playwright's `new_page`
    (e.g. `java_script_enabled=False`)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser.new_page(**options)
        finally:
            browser.close()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations of the page as loaded."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    results = Axe().run(page, options=options)
    return list(results.response["violations"])


def visit(page: Page, url: str, width: int, now: str) -> Page:
    """`url` in a window `width` px wide, the browser's clock at `now`, once version-state.js has
    set the version's state."""
    page.set_viewport_size({"width": width, "height": 800})
    page.clock.set_fixed_time(now)
    page.goto(url)
    page.wait_for_selector("html[data-avv-state]")
    return page


def shot(page: Page, name: str, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)
