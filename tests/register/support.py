"""Helpers of the register's tests (fixtures are in conftest.py): the SMTP server's handler and
what it received, the PostgreSQL server's address, a CSV of customers, `avv` run in this process
or as its own."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    sender: str
    recipients: list[str]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Inbox:
    """The SMTP server's handler: what it received, and how it answers.

    `refuse` maps an address to the reply to its RCPT (a 5xx or 4xx line); `temporary` answers
    DATA with a 451 that many times; `delay` waits before answering DATA."""

    received: list[Received] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    temporary: int = 0
    delay: float = 0.0
    attempts: int = 0

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.attempts += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.temporary > 0:
            self.temporary -= 1
            return "451 4.3.0 Versuchen Sie es später"
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content))
        )
        return f"250 2.0.0 Ok: queued as Q{len(self.received)}"

    def by_id(self) -> dict[str, list[Received]]:
        found: dict[str, list[Received]] = {}
        for item in self.received:
            found.setdefault(str(item.message["Message-ID"]), []).append(item)
        return found


@dataclass
class SmtpServer:
    inbox: Inbox
    port: int

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"


def pg_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return versions[-1].parent if versions else None


def as_postgres(command: list[str]) -> list[str]:
    """initdb refuses to run as root: then it runs as the `postgres` user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@dataclass(frozen=True)
class Postgres:
    host: str
    port: int
    user: str

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg

        name = f"register_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def write_csv(
    path: Path, rows: list[str], header: str = "customer,name,email,signed,signed_on"
) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@dataclass
class Avv:
    """`avv` run in this process against one repository, register and SMTP server."""

    repo: Path
    register: str
    capsys: pytest.CaptureFixture[str]
    monkeypatch: pytest.MonkeyPatch

    def __call__(self, *args: str) -> tuple[int, str, str]:
        from avv import cli

        self.capsys.readouterr()
        code = cli.main([*args, "--repo", str(self.repo), "--register", self.register])
        out, err = self.capsys.readouterr()
        return code, out, err

    def smtp(self, url: str) -> None:
        self.monkeypatch.setenv("AVV_SMTP", url)


def run_avv(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`avv` as its own process (for a run that is killed)."""
    return subprocess.run(
        [sys.executable, "-m", "avv.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


def wait_for(condition: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)
