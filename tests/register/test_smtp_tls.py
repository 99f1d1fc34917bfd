"""`AVV_SMTP` with encryption and a login: STARTTLS, TLS from the start (smtps://), the login from
the URL or the environment, a wrong password, a server without the STARTTLS it is required to
offer. A real aiosmtpd server on 127.0.0.1 with a certificate made for the test by openssl."""

from __future__ import annotations

import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.register.support import Avv, Inbox, free_port, write_csv

pytestmark = [
    pytest.mark.parametrize("register_url", ["sqlite"], indirect=True),
    # The smtps:// server: TLS from the start, which aiosmtpd does not count for AUTH.
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning"),
]

CUSTOMERS = ["4711,Muster GmbH,datenschutz@muster.at,2021-02-19,2021-03-01"]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return key, cert


def _login(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    def text(value: str | bytes) -> str:
        return value.decode() if isinstance(value, bytes) else value

    ok = isinstance(data, LoginPassword) and (text(data.login), text(data.password)) == (
        "avv",
        "geheim",
    )
    # handled=False: aiosmtpd answers a refusal itself (535).
    return AuthResult(success=ok, handled=False)


class Server:
    def __init__(self, inbox: Inbox, port: int) -> None:
        self.inbox, self.port = inbox, port


@pytest.fixture(params=["starttls", "smtps"])
def tls_server(
    request: pytest.FixtureRequest,
    certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[str, Server]]:
    key, cert = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    # The client trusts the test's certificate as it would a real one: through the CA file.
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    inbox, port = Inbox(), free_port()
    options: dict[str, Any] = {"authenticator": _login, "auth_required": True}
    if request.param == "starttls":
        options |= {"tls_context": context, "require_starttls": True, "auth_require_tls": True}
    else:
        # TLS from the start: aiosmtpd does not count it as TLS for AUTH, so it may not require it.
        options |= {
            "ssl_context": context,
            "server_hostname": "127.0.0.1",
            "auth_require_tls": False,
        }
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield request.param, Server(inbox, port)
    finally:
        controller.stop()


def test_sending_with_encryption_and_a_login(
    avv: Avv, tls_server: tuple[str, Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    kind, server = tls_server
    avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", CUSTOMERS)))
    if kind == "starttls":
        avv.smtp(f"smtp://avv:falsch@127.0.0.1:{server.port}?starttls=required")
        code, _, err = avv("send", "2022-03-01")
        assert code == 1
        assert "lehnt die Anmeldung als 'avv' ab" in err and "Passwort prüfen" in err
        avv.smtp(f"smtp://avv:geheim@127.0.0.1:{server.port}?starttls=required")
    else:
        avv.smtp(f"smtps://127.0.0.1:{server.port}")
        monkeypatch.setenv("AVV_SMTP_USER", "avv")
        monkeypatch.setenv("AVV_SMTP_PASSWORD", "geheim")
    code, out, err = avv("send", "2022-03-01", "--rate", "0")
    assert code == 0, err
    assert "4711: zugestellt (250 2.0.0 Ok: queued as Q1)" in out
    assert [r.recipients for r in server.inbox.received] == [["datenschutz@muster.at"]]


def test_a_required_starttls_that_is_not_offered_is_refused(avv: Avv) -> None:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", CUSTOMERS)))
        avv.smtp(f"smtp://127.0.0.1:{port}?starttls=required")
        code, _, err = avv("send", "2022-03-01")
        assert code == 1
        assert "bietet kein STARTTLS an" in err
        avv.smtp(f"smtp://127.0.0.1:{port}?tls=ja")
        code, _, err = avv("send", "2022-03-01")
        assert code == 1
        assert "unbekannte Angaben ['tls']" in err
        assert inbox.received == []
    finally:
        controller.stop()
