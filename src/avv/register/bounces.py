"""Delivery status notifications (RFC 3464) read from a mailbox, each recorded as a bounce of the
notice it reports.

A DSN is a `multipart/report; report-type=delivery-status` message: a text for people, a
`message/delivery-status` part with one block of fields per recipient (`Final-Recipient`,
`Original-Recipient`, `Action`, `Status`, `Diagnostic-Code`), and the reported message or its
headers. Only `Action: failed` is a bounce (`delayed` is a server still trying). The reported
message is found by its Message-ID, which `avv send` derives from (customer, version), and must be
one the ledger shows as sent. The mailbox is an mbox file or a Maildir folder (stdlib `mailbox`).

`read` is pure apart from reading the mailbox: what is wrong with a DSN is a problem (`MAILBOX:line`
for an mbox, the message's file for a Maildir), all at once; what is no DSN of ours is counted
and named, never recorded.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage, Message
from email.parser import BytesHeaderParser
from pathlib import Path

from avv.errors import Problem

__all__ = ["Failure", "Reading", "message_key", "read"]

# The Message-ID `avv send` gives a customer's notice (avv.documents.notice_render.message_id).
_OURS = re.compile(r"<avv-(?P<version>[0-9a-z.-]+?)\+(?P<customer>[A-Za-z0-9._-]+)\.mitteilung@")


@dataclass(frozen=True)
class Failure:
    """One recipient a DSN reports as failed."""

    where: str
    dsn: str
    message_id: str
    customer: str
    version: str
    recipient: str
    status: str
    diagnostic: str


@dataclass(frozen=True)
class Reading:
    failures: tuple[Failure, ...]
    problems: tuple[Problem, ...]
    ignored: tuple[str, ...]
    count: int


def message_key(message_id: str) -> tuple[str, str] | None:
    """(customer, version) of a Message-ID `avv send` made, else None."""
    found = _OURS.match(message_id.strip())
    return (found["customer"], found["version"]) if found else None


def read(path: Path) -> Reading:
    """Every failure reported by the DSNs in the mailbox at `path`."""
    failures: list[Failure] = []
    problems: list[Problem] = []
    ignored: list[str] = []
    count = 0
    for where, raw in _messages(path, problems):
        count += 1
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        report = _delivery_status(message)
        if report is None:
            ignored.append(f"{where}: kein Zustellbericht ({message['Subject'] or 'ohne Betreff'})")
            continue
        dsn = str(message["Message-ID"] or "").strip() or hashlib.sha256(raw).hexdigest()
        original = _original_id(message)
        if original is None:
            problems.append(
                Problem(
                    where.rsplit(":", 1)[0],
                    _line(where),
                    "der Zustellbericht nennt die Message-ID der Nachricht nicht",
                    "die Mitteilung von Hand zuordnen; der Bericht wird nicht verzeichnet",
                )
            )
            continue
        key = message_key(original)
        if key is None:
            ignored.append(f"{where}: Zustellbericht zu {original}, keiner Mitteilung von avv send")
            continue
        recipients = report[1:]
        if not recipients:
            problems.append(
                Problem(
                    where.rsplit(":", 1)[0],
                    _line(where),
                    "der Zustellbericht hat keine Angaben zu einem Empfänger (RFC 3464)",
                    "die Mitteilung von Hand zuordnen",
                )
            )
            continue
        for fields in recipients:
            action = str(fields.get("Action", "")).strip().lower()
            recipient = _address(fields.get("Original-Recipient")) or _address(
                fields.get("Final-Recipient")
            )
            if action != "failed":
                ignored.append(f"{where}: {recipient or 'Empfänger'}: Action {action or '–'}")
                continue
            failures.append(
                Failure(
                    where=where,
                    dsn=dsn,
                    message_id=original,
                    customer=key[0],
                    version=key[1],
                    recipient=recipient,
                    status=str(fields.get("Status", "")).strip(),
                    diagnostic=" ".join(str(fields.get("Diagnostic-Code", "")).split()),
                )
            )
    return Reading(tuple(failures), tuple(problems), tuple(ignored), count)


def _line(where: str) -> int:
    tail = where.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _messages(path: Path, problems: list[Problem]) -> Iterator[tuple[str, bytes]]:
    """Each message's place (`FILE:line` of an mbox, the file of a Maildir) and its bytes."""
    if path.is_dir():
        if not (path / "cur").is_dir() or not (path / "new").is_dir():
            problems.append(Problem(str(path), 0, "kein Maildir (cur/ und new/ fehlen)", _HINT))
            return
        maildir = mailbox.Maildir(path, factory=None, create=False)
        for key in sorted(maildir.keys()):
            subdir = maildir.get_message(key).get_subdir()
            yield str(path / subdir / key), maildir.get_bytes(key)
        return
    if not path.is_file():
        problems.append(Problem(str(path), 0, "gibt es nicht", _HINT))
        return
    lines = _from_lines(path)
    box = mailbox.mbox(path, factory=None, create=False)
    keys = list(box.keys())
    if not keys and path.stat().st_size:
        problems.append(Problem(str(path), 1, "keine mbox (keine Zeile „From “)", _HINT))
        return
    for number, key in enumerate(keys):
        line = lines[number] if number < len(lines) else 0
        yield f"{path}:{line}", box.get_bytes(key)


_HINT = "ein Postfach als mbox-Datei oder Maildir-Ordner angeben"


def _from_lines(path: Path) -> list[int]:
    """The line of each message's `From ` line in an mbox, as `mailbox.mbox` splits it."""
    found: list[int] = []
    previous_blank = True
    with path.open("rb") as file:
        for number, line in enumerate(file, 1):
            if line.startswith(b"From ") and previous_blank:
                found.append(number)
            previous_blank = line.strip() == b""
    return found


def _delivery_status(message: EmailMessage) -> list[Message] | None:
    """The blocks of fields of a DSN (per message, then per recipient), None where the message
    is no DSN."""
    if message.get_content_type() != "multipart/report":
        return None
    if str(message.get_param("report-type", "")).lower() != "delivery-status":
        return None
    for part in message.iter_parts():
        if part.get_content_type() == "message/delivery-status":
            blocks = part.get_payload()
            if isinstance(blocks, list):
                return [block for block in blocks if isinstance(block, Message)]
            return []
    return []


def _original_id(message: EmailMessage) -> str | None:
    """The Message-ID of the reported message (its part `message/rfc822` or its headers)."""
    for part in message.iter_parts():
        kind = part.get_content_type()
        if kind in ("message/rfc822", "message/global"):
            inner = part.get_payload()
            first = inner[0] if isinstance(inner, list) and inner else None
            if isinstance(first, Message) and first["Message-ID"]:
                return str(first["Message-ID"]).strip()
        if kind in ("text/rfc822-headers", "message/global-headers"):
            data = part.get_payload(decode=True)
            if isinstance(data, bytes):
                headers = BytesHeaderParser(policy=email.policy.default).parsebytes(data)
                if headers["Message-ID"]:
                    return str(headers["Message-ID"]).strip()
    return None


def _address(field: object) -> str:
    """The address of `rfc822; someone@example.at`."""
    if field is None:
        return ""
    kind, _, address = str(field).partition(";")
    return address.strip() if address else kind.strip()
