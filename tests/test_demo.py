"""`avv demo --serve`: a sample repository built, published and served, as a newcomer runs it."""

from __future__ import annotations

import json
import os
import selectors
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import feedparser
import pytest

from avv import german
from avv.cli import main
from avv.law.timeline import Timeline
from avv.publish.serve import free_address
from avv.repo import history
from tests.browser import chromium_page
from tests.support import ROOT, git


@dataclass(frozen=True)
class Demo:
    repo: Path
    url: str
    output: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def read_until(process: subprocess.Popen[str], marker: str, seconds: float) -> str:
    """The process's output up to the line with `marker`; fails if it ends or takes too long."""
    assert process.stdout is not None
    lines: list[str] = []
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + seconds
    while not any(marker in line for line in lines):
        if not selector.select(max(0.0, deadline - time.monotonic())):
            pytest.fail(f"no {marker!r} after {seconds} s: {''.join(lines)}")
        line = process.stdout.readline()
        if not line:
            pytest.fail(f"avv demo ended ({process.wait()}): {''.join(lines)}")
        lines.append(line)
    return "".join(lines)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    repo = tmp_path_factory.mktemp("demo") / "beispiel"
    address = f"127.0.0.1:{free_port()}"
    process = subprocess.Popen(
        [sys.executable, "-m", "avv.cli", "demo", "--serve", "--dir", str(repo), "--addr", address],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        output = read_until(process, f"http://{address}/", seconds=600)
        yield Demo(repo, f"http://{address}", output)
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        body: bytes = response.read()
    return body.decode("utf-8")


def test_the_first_version_is_the_real_avv_and_the_rest_are_labelled_examples(demo: Demo) -> None:
    versions = history.versions(demo.repo)
    real = next(v for v in history.versions(ROOT) if v.id == "2021-02-19")
    assert versions[0].id == "2021-02-19"
    assert versions[0].hash == real.hash
    assert versions[0].files == real.files
    for older, newer in pairwise(versions):
        message = git(demo.repo, "log", "-1", "--format=%s", newer.commit)
        assert message.startswith("Beispiel:")
        added = [
            line
            for line in git(
                demo.repo, "diff", older.commit, newer.commit, "--", "contract", "annexes"
            ).splitlines()
            if line.startswith("+")
            and not line.startswith(("+++", "+version", "+published", "+effective"))
        ]
        assert added and all("Beispiel" in line for line in added), added


def test_past_amendments_are_published_and_the_last_is_announced(demo: Demo) -> None:
    versions = history.versions(demo.repo)
    today = german.today()
    timeline = Timeline.of(versions)
    states = [entry.state_on(today) for entry in timeline.entries]
    assert states == ["ersetzt", "ersetzt", "gültig", "angekündigt"]
    announced = versions[-1]
    assert announced.published <= today < announced.effective
    entries = json.loads(git(demo.repo, "show", "gh-pages:versions.json"))
    assert [e["version"] for e in entries] == [v.id for v in reversed(versions)]
    assert {e["version"]: e["aliases"] for e in entries}[versions[2].id] == ["latest"]
    assert f"Veröffentlicht: {', '.join(v.id for v in versions)}" in demo.output


def test_the_server_shows_the_version_in_effect_and_the_feed(demo: Demo) -> None:
    versions = history.versions(demo.repo)
    assert f'href="{versions[2].id}/"' in get(f"{demo.url}/")
    assert "Beispiel Messaging GmbH" in get(f"{demo.url}/{versions[-1].id}/anlage-2/")
    feed = feedparser.parse(get(f"{demo.url}/feed.xml"))
    assert any(versions[-1].id in entry.link for entry in feed.entries)


@pytest.mark.browser
def test_a_newcomer_sees_the_announced_successor_in_the_browser(demo: Demo) -> None:
    versions = history.versions(demo.repo)
    with chromium_page() as page:
        page.goto(f"{demo.url}/")
        page.wait_for_selector("html[data-avv-state]")
        assert page.url == f"{demo.url}/{versions[2].id}/"
        notice = page.locator(".avv-version-state").inner_text()
        assert "Eine neue Version ist angekündigt" in notice
        assert versions[-1].id in notice


def test_a_folder_that_is_not_empty_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "note.txt").write_text("mine\n", encoding="utf-8")
    assert main(["demo", "--dir", str(tmp_path)]) == 1
    assert "ist nicht leer" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note.txt"]


def test_the_server_answers_as_a_web_host(demo: Demo) -> None:
    """A missing address gets the German 404.html with status 404; a text names its charset;
    the root lists every version, without JavaScript."""
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{demo.url}/2023-05-02/gibt-es-nicht/", timeout=30)
    assert missing.value.code == 404
    assert "Diese Seite gibt es nicht" in missing.value.read().decode("utf-8")
    versions = history.versions(demo.repo)
    notice = f"{demo.url}/{versions[-1].id}/mitteilung/mitteilung-{versions[-1].id}.txt"
    with urllib.request.urlopen(notice, timeout=30) as response:
        assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    root = get(f"{demo.url}/")
    for version in versions:
        assert f'<a href="{version.id}/">{version.id}</a>' in root
    assert "Versionen der Vereinbarung" in root


def test_a_taken_address_is_said_in_german_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        address = f"127.0.0.1:{holder.getsockname()[1]}"
        assert main(["demo", "--serve", "--addr", address]) == 1
    error = capsys.readouterr().err
    assert f"avv: {address} ist schon belegt" in error and "--addr 127.0.0.1:" in error
    assert list(tmp_path.iterdir()) == [], "no temporary folder left"


def test_the_default_address_taken_the_demo_takes_the_next_free_port() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        chosen = free_address(f"127.0.0.1:{port}", chosen=False)
    assert chosen.startswith("127.0.0.1:") and int(chosen.rsplit(":", 1)[1]) > port
