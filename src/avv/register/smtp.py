"""The mail server the notices go through, named by `AVV_SMTP`, and one message handed to it.

`smtp://[USER[:PASSWORD]@]HOST[:PORT][?starttls=auto|required|off]` (port 25; STARTTLS when
the server offers it, by default) or `smtps://…` (TLS from the start, port 465). USER and PASSWORD
may come from `AVV_SMTP_USER` and `AVV_SMTP_PASSWORD` instead of the URL (percent-encoded there).
A login is never sent unencrypted, except to a server on this machine.

`deliver` runs one SMTP transaction step by step (MAIL, RCPT for each address, DATA) so that the
server's own reply to DATA, its evidence of acceptance, is kept. A temporary refusal (4xx), a
dropped connection or a timeout is `Temporary` (try again later); a permanent one (5xx) of the
message is `Permanent`; addresses refused one by one are in the result.
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

from avv.errors import AvvError

__all__ = [
    "SMTP_VARIABLE",
    "Accepted",
    "Mailer",
    "Permanent",
    "Server",
    "SmtpError",
    "Temporary",
    "server_from",
]

SMTP_VARIABLE = "AVV_SMTP"
TIMEOUT = 60.0
StartTls = Literal["auto", "required", "off"]
_LOCAL = ("127.0.0.1", "::1", "localhost")


class SmtpError(AvvError):
    """The mail server is not set, cannot be reached, or refuses the login."""


class Temporary(Exception):
    """The server refused for now (4xx), or the connection failed: try again later."""


class Permanent(Exception):
    """The server refused the message for good (5xx); `refused`: each address and its reply,
    where the addresses were refused one by one."""

    def __init__(self, reply: str, refused: Mapping[str, str]) -> None:
        super().__init__(reply)
        self.reply = reply
        self.refused = dict(refused)


@dataclass(frozen=True)
class Server:
    scheme: Literal["smtp", "smtps"]
    host: str
    port: int
    user: str = ""
    password: str = field(default="", repr=False)
    starttls: StartTls = "auto"

    @property
    def where(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


def server_from(url: str | None, environment: Mapping[str, str] = os.environ) -> Server:
    """The server of `url` (or AVV_SMTP), with the login from the environment where the URL
    names none."""
    given = url or environment.get(SMTP_VARIABLE, "")
    hint = (
        f"{SMTP_VARIABLE} setzen, z. B. smtp://mail.example.at:587 oder "
        "smtps://BENUTZER@mail.example.at"
    )
    if not given:
        raise SmtpError(f"kein Mailserver angegeben — {hint}")
    parts = urlsplit(given)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise SmtpError(f"{_hide(given)!r} ist keine Adresse eines Mailservers — {hint}")
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
    except ValueError:
        raise SmtpError(f"{_hide(given)!r}: der Port ist keine Zahl — {hint}") from None
    options = parse_qs(parts.query)
    unknown = set(options) - {"starttls"}
    if unknown or parts.path not in ("", "/") or parts.fragment:
        raise SmtpError(f"{_hide(given)!r}: unbekannte Angaben {sorted(unknown)} — {hint}")
    starttls = options.get("starttls", ["auto"])[-1]
    if starttls not in ("auto", "required", "off"):
        raise SmtpError(f"starttls={starttls!r}: nur auto, required oder off — {hint}")
    user = unquote(parts.username or "") or environment.get("AVV_SMTP_USER", "")
    password = unquote(parts.password or "") or environment.get("AVV_SMTP_PASSWORD", "")
    if user and not password:
        raise SmtpError(f"für den Benutzer {user!r} fehlt das Passwort — AVV_SMTP_PASSWORD setzen")
    scheme: Literal["smtp", "smtps"] = "smtps" if parts.scheme == "smtps" else "smtp"
    return Server(scheme, parts.hostname, port, user, password, starttls)  # type: ignore[arg-type]


def _hide(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


@dataclass(frozen=True)
class Accepted:
    """The server took the message: its reply to DATA, and the addresses it refused."""

    reply: str
    refused: Mapping[str, str]


class Mailer:
    """One connection to the server, opened when first needed and again after it drops."""

    def __init__(self, server: Server, sender: str, timeout: float = TIMEOUT) -> None:
        self.server = server
        self.sender = sender
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def connect(self) -> None:
        """Opens the connection; `SmtpError` where the server cannot be reached or refuses
        the login or encryption (nothing to retry: the setting is wrong)."""
        if self._smtp is not None:
            return
        s = self.server
        context = ssl.create_default_context()
        try:
            smtp: smtplib.SMTP
            if s.scheme == "smtps":
                smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=self.timeout, context=context)
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=self.timeout)
            smtp.ehlo()
            encrypted = s.scheme == "smtps"
            if s.scheme == "smtp" and s.starttls != "off":
                if smtp.has_extn("starttls"):
                    smtp.starttls(context=context)
                    smtp.ehlo()
                    encrypted = True
                elif s.starttls == "required":
                    smtp.close()
                    raise SmtpError(
                        f"{s.where} bietet kein STARTTLS an — den Server prüfen oder "
                        "smtps:// verwenden"
                    )
            if s.user:
                if not encrypted and s.host not in _LOCAL:
                    smtp.close()
                    raise SmtpError(
                        f"{s.where}: die Anmeldung ginge unverschlüsselt über das Netz — "
                        "smtps:// oder einen Server mit STARTTLS verwenden"
                    )
                smtp.login(s.user, s.password)
        except smtplib.SMTPAuthenticationError as error:
            raise SmtpError(
                f"{s.where} lehnt die Anmeldung als {s.user!r} ab ({_reply(error)}) — "
                "Benutzer und Passwort prüfen"
            ) from None
        except (OSError, smtplib.SMTPException) as error:
            raise SmtpError(
                f"Mailserver {s.where} nicht erreichbar: {_reason(error)} — {SMTP_VARIABLE} "
                "und die Verbindung prüfen"
            ) from None
        self._smtp = smtp

    def deliver(self, message: bytes, recipients: Sequence[str]) -> Accepted:
        """Hands `message` to the server for `recipients`."""
        try:
            self.connect()
        except SmtpError as error:
            raise Temporary(str(error)) from None
        smtp = self._smtp
        assert smtp is not None
        try:
            code, text = smtp.mail(self.sender)
            if code != 250:
                self._abort(smtp)
                raise _refusal(code, text)
            refused: dict[str, str] = {}
            temporary: dict[str, str] = {}
            for address in recipients:
                code, text = smtp.rcpt(address)
                if code not in (250, 251):
                    (temporary if 400 <= code < 500 else refused)[address] = _text(code, text)
            if len(refused) + len(temporary) == len(recipients):
                self._abort(smtp)
                if temporary:
                    raise Temporary("; ".join(temporary.values()))
                raise Permanent("; ".join(refused.values()), refused)
            if temporary:  # some later: the whole message later, so it goes once to all
                self._abort(smtp)
                raise Temporary("; ".join(temporary.values()))
            code, text = smtp.data(message)
            if code != 250:
                raise _refusal(code, text)
            return Accepted(_text(code, text), refused)
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            self._drop()
            raise Temporary(f"Verbindung unterbrochen: {_reason(error)}") from None
        except smtplib.SMTPResponseException as error:
            self._drop()
            raise _refusal(error.smtp_code, error.smtp_error) from None

    def _abort(self, smtp: smtplib.SMTP) -> None:
        try:
            smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def _drop(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None


def _text(code: int, text: bytes | str) -> str:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(said.split())}"


def _refusal(code: int, text: bytes | str) -> Exception:
    reply = _text(code, text)
    return Temporary(reply) if 400 <= code < 500 else Permanent(reply, {})


def _reply(error: smtplib.SMTPResponseException) -> str:
    return _text(error.smtp_code, error.smtp_error)


def _reason(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        return _reply(error)
    if isinstance(error, ConnectionRefusedError):
        return "Verbindung abgelehnt"
    if isinstance(error, TimeoutError):
        return "keine Antwort"
    if isinstance(error, socket.gaierror):
        return "Rechnername unbekannt"
    if isinstance(error, ssl.SSLError):
        return f"TLS-Fehler ({error.reason or error})"
    return getattr(error, "strerror", None) or str(error) or error.__class__.__name__
