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
from pathlib import Path

import pytest

from avv.content.load import load_folder
from avv.documents.cache import FileCache
from avv.site import derived
from tests.support import AgreementRepo, replace

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


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[AgreementRepo, str]]:
    repo = AgreementRepo.create(tmp_path / "repo")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("AVV_CACHE_DIR", None)
    command = ["serve", "--repo", str(repo.path), "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [sys.executable, "-m", "avv.cli", *command],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # A test run in the background ignores Ctrl-C; the server must not, to stop cleanly.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        yield repo, f"http://127.0.0.1:{port}/"
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_an_edit_reloads_the_page_and_the_pdf_of_the_edit_follows(
    served: tuple[AgreementRepo, str],
) -> None:
    repo, url = served
    cache = FileCache(repo.path / ".git" / "avv-cache")

    def served_pdf_of(content_dir: Path) -> Callable[[], bytes | None]:
        expected = derived.PDF.key(load_folder(content_dir))

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
