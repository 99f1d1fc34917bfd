"""No traceback and no hang for any argument: addresses to serve on are checked before MkDocs
sees them, `:0` serves on a real free port and says which, and Ctrl-C stops `avv serve` even
where the shell started it with Ctrl-C ignored. The server runs as a process, as a user runs
it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from avv.cli import main
from tests.support import AgreementRepo


@pytest.mark.parametrize(
    "address", ["127.0.0.1:99999", "127.0.0.1:-1", "127.0.0.1", "localhost:80x", ":8000", "x:0"]
)
def test_an_address_that_is_none_is_a_message_not_a_traceback(
    address: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--repo", str(tmp_path), "--dev-addr", address])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "ist keine Adresse HOST:PORT" in err and "Traceback" not in err


def test_port_0_serves_on_a_real_port_and_ctrl_c_stops_the_server(tmp_path: Path) -> None:
    repo = AgreementRepo.create(tmp_path / "repo")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "avv.cli",
                "serve",
                "--repo",
                str(repo.path),
                "--dev-addr",
                "127.0.0.1:0",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            # As a shell starts a command in the background: with Ctrl-C ignored.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
        )
    try:
        deadline = time.monotonic() + 180
        found = None
        while found is None and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.2)
            found = re.search(r"Serving on http://127\.0\.0\.1:(\d+)/", log.read_text())
        assert found is not None, log.read_text()
        port = int(found.group(1))
        assert port != 0
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/avv/", timeout=30) as answer:
            assert b"Auftragsverarbeitung" in answer.read()
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=60) is not None
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert "Traceback" not in log.read_text()
