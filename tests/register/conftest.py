"""The register's real parts: an SMTP server on 127.0.0.1 (aiosmtpd) that receives, refuses or
answers slowly where a test asks it to, and a PostgreSQL server of Debian's `postgresql` started
for the session in a temp folder (as the `postgres` user when run as root, as initdb demands).

Every register test runs against SQLite and against PostgreSQL (`register_url`). Without
PostgreSQL's programs the PostgreSQL half is skipped on a developer's machine, and fails in CI
(CI=true), where `./scripts/setup` has installed them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.register.support import (
    Avv,
    Inbox,
    Postgres,
    SmtpServer,
    as_postgres,
    free_port,
    pg_bin,
)
from tests.support import AgreementRepo, three_versions


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer(inbox, port)
    finally:
        controller.stop()


# PostgreSQL ---------------------------------------------------------------------------------


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is needed in CI and could not start: {reason}")
    pytest.skip(f"PostgreSQL not available: {reason}")


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    binaries = pg_bin()
    if binaries is None:
        _unavailable("no pg_ctl (Debian: apt-get install postgresql)")
        raise AssertionError("unreachable")
    root = Path(tempfile.mkdtemp(prefix="avv-pg-"))
    root.chmod(0o755)
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    sockets.mkdir()
    user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = free_port()
    started = False
    try:
        subprocess.run(
            as_postgres(
                [
                    str(binaries / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    user,
                    "--auth=trust",
                    "-E",
                    "UTF8",
                ]
            ),
            check=True,
            capture_output=True,
            cwd=root,
        )
        subprocess.run(
            as_postgres(
                [
                    str(binaries / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(log),
                    "-w",
                    "-o",
                    f"-k {sockets} -c listen_addresses=127.0.0.1 -p {port} -c fsync=off",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
            cwd=root,
            timeout=60,
        )
        started = True
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        detail = getattr(error, "stderr", b"") or b""
        tail = log.read_text(errors="replace")[-500:] if log.exists() else ""
        _unavailable(f"{error}: {detail.decode(errors='replace')} {tail}")
    try:
        yield Postgres("127.0.0.1", port, user)
    finally:
        if started:
            subprocess.run(
                as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
                capture_output=True,
                cwd=root,
                timeout=60,
            )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def register_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty register: an SQLite file outside the repository, or a PostgreSQL database."""
    if request.param == "sqlite":
        folder = tmp_path / "private"
        folder.mkdir()
        return f"sqlite:///{folder / 'register.sqlite'}"
    server: Postgres = request.getfixturevalue("postgres")
    return server.create_database()


@pytest.fixture
def history(tmp_path: Path) -> AgreementRepo:
    """The real AVV of 2021-02-19, a subprocessor replaced (2022-03-01, a notice with objection
    under VI.c), then a measure added and VI.c reworded (2023-05-02, an amendment)."""
    return three_versions(tmp_path / "repo")


@pytest.fixture
def avv(
    history: AgreementRepo,
    register_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Avv:
    monkeypatch.delenv("AVV_SMTP", raising=False)
    monkeypatch.delenv("AVV_REGISTER", raising=False)
    return Avv(history.path, register_url, capsys, monkeypatch)
