"""`avv serve`: an edit of the text reloads the pages without waiting for the PDF, which follows
into the served site once it is made, always the PDF of the latest edit."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from avv.content.load import load_folder
from avv.documents import derived_files
from avv.documents.cache import FileCache
from tests.support import AgreementRepo, replace, set_meta, three_versions

if TYPE_CHECKING:
    from playwright.sync_api import Page

CLAUSE_END = "gemäß dieser Auftragsverarbeitungsvereinbarung."


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return bytes(answer.read())
    except (urllib.error.URLError, ConnectionError):
        return None


def wait_for(what: str, found: Callable[[], bytes | None], seconds: float = 120) -> bytes:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = found()
        if data is not None:
            return data
        time.sleep(0.1)
    pytest.fail(f"{what}: not within {seconds} s")


def page_with(url: str, text: str) -> bytes | None:
    page = fetch(url + "avv/")
    return page if page is not None and text.encode() in page else None


@contextmanager
def serving(repo: AgreementRepo, log: Path | None = None) -> Iterator[str]:
    """`avv serve` of the repository's work tree on a free port; yields its address. `log`:
    a file for what the server prints."""
    port = free_port()
    output = log.open("w") if log is not None else subprocess.DEVNULL
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("AVV_CACHE_DIR", None)
    command = ["serve", "--repo", str(repo.path), "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [sys.executable, "-m", "avv.cli", *command],
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
        # A test run in the background ignores Ctrl-C; the server must not, to stop cleanly.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if not isinstance(output, int):
            output.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[AgreementRepo, str]]:
    repo = AgreementRepo.create(tmp_path / "repo")
    with serving(repo) as url:
        yield repo, url


def test_an_edit_reloads_the_page_and_the_pdf_of_the_edit_follows(
    served: tuple[AgreementRepo, str],
) -> None:
    repo, url = served
    cache = FileCache(repo.path / ".git" / "avv-cache")

    def served_pdf_of(content_dir: Path) -> Callable[[], bytes | None]:
        expected = derived_files.PDF.key(load_folder(content_dir))

        def check() -> bytes | None:
            made = cache.get(expected)
            return made if made is not None and fetch(url + "avv.pdf") == made else None

        return check

    first = wait_for("the first PDF", served_pdf_of(repo.path))
    assert first.startswith(b"%PDF-")

    text = repo.path / "contract" / "avv.md"
    replace(text, CLAUSE_END, f"gemäß Erste Probe {CLAUSE_END.removeprefix('gemäß ')}")
    wait_for("the page of the first edit", lambda: page_with(url, "Erste Probe"))
    replace(text, "Erste Probe", "Zweite Probe")
    wait_for("the page of the second edit", lambda: page_with(url, "Zweite Probe"))
    latest = wait_for("the PDF of the latest edit", served_pdf_of(repo.path))
    assert latest.startswith(b"%PDF-") and latest != first


def test_a_redline_page_the_preview_lacks_is_built_when_asked_for(tmp_path: Path) -> None:
    """In a history of many versions a reload has the redline against the version before (the
    pair people use) and is not slowed by one for every older version: those are built when
    a reader asks for them, and kept for the next reloads."""
    repo = three_versions(tmp_path / "repo")
    set_meta(repo.path, version="2024-01-10", published="2024-01-10", effective="2024-02-12")
    log = tmp_path / "serve.log"

    def builds() -> int:
        return log.read_text(encoding="utf-8").count("Documentation built")

    with serving(repo, log) as url:
        picker_page = wait_for("the picker", lambda: fetch(url + "vergleich/"))
        picker = BeautifulSoup(picker_page, "html.parser")
        pairs = {
            str(a["data-older"]): str(a["href"])
            for a in picker.select('nav.avv-compare-links a[data-newer="2024-01-10"]')
        }
        # Every pair is listed, and each link leads to its page in the served site.
        assert pairs == {v: f"{v}/" for v in ("2021-02-19", "2022-03-01", "2023-05-02")}
        usual = fetch(url + "vergleich/2023-05-02/")
        assert usual is not None and b"aenderungen.pdf" in usual
        assert builds() == 1, "the first build has the pair people use"
        for number, older in enumerate(("2021-02-19", "2022-03-01"), start=2):
            page = fetch(url + f"vergleich/{older}/")
            assert page is not None, older
            assert builds() == number, "a build with the page, when it is asked for"
            assert fetch(url + f"vergleich/{older}/") is not None
            assert builds() == number, "and it stays in the build"
            heading = f"Vergleich von Version {older} mit Version 2024-01-10"
            assert heading.encode() in page
            synopsis = fetch(url + f"vergleich/{older}/synopse/")
            assert synopsis is not None and f"Synopse {older}".encode() in synopsis
        assert fetch(url + "vergleich/2020-01-01/") is None, "no version, no page"
        replace(repo.path / "contract" / "avv.md", CLAUSE_END, f"gemäß Probe {CLAUSE_END[6:]}")
        wait_for(
            "the asked-for redline with the edit",
            lambda: (
                page
                if (page := fetch(url + "vergleich/2021-02-19/")) and b"Probe" in page
                else None
            ),
        )


def test_the_page_open_in_a_browser_is_built_first_and_the_rest_after_it(
    tmp_path: Path, page: Page
) -> None:
    """With avv/ open in Chromium, an edit reloads it from a build of that page alone: the
    browser has the page of the edit (and asks for the next reload) before the whole site is
    built. A request for another page meanwhile waits for that build, so no page of the edit
    before is served."""
    repo = three_versions(tmp_path / "repo")
    set_meta(repo.path, version="2024-01-10", published="2024-01-10", effective="2024-02-12")
    log = tmp_path / "serve.log"
    with serving(repo, log) as url:
        wait_for("the site", lambda: fetch(url + "avv/"))
        page.goto(url + "avv/")
        page.wait_for_function("document.readyState === 'complete'")
        time.sleep(1)
        start = len(log.read_text(encoding="utf-8"))
        replace(repo.path / "contract" / "avv.md", CLAUSE_END, f"gemäß Probe {CLAUSE_END[6:]}")
        page.wait_for_function("document.body.innerText.includes('gemäß Probe dieser')")
        redline = fetch(url + "vergleich/2023-05-02/")
        assert redline is not None and b"Probe" in redline
        after = log.read_text(encoding="utf-8")[start:]
    assert after.count("Documentation built") == 1, after
    assert 0 <= after.index("Browser connected") < after.index("Documentation built"), after
