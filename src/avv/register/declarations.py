"""Recording what customers declare and what mail servers report: consents, objections, bounces.

Each is one ledger entry in the caller's transaction. An objection is recorded with the day it
was received and the customer's own last day (from their delivery); one received after that day
is recorded all the same and flagged `late`. A consent names the parts of the version it agrees
to (XIII.b amendment, V.b third country; all of them by default), so that a customer can agree to
one part and not to another. A declaration or bounce already recorded is not recorded again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import sqlalchemy as sa

from avv.changes.kinds import Classification, classify
from avv.errors import AvvError
from avv.register import ledger
from avv.register.bounces import Failure
from avv.register.customers import customer
from avv.register.standing import PARTS, parts_needing_consent, standing
from avv.repo.history import Version

__all__ = ["Recorded", "record_bounces", "record_declaration"]

Declaration = Literal["consent", "objection"]


@dataclass(frozen=True)
class Recorded:
    entry: ledger.Entry | None
    note: str


def _classification(history: Sequence[Version], version: str) -> Classification:
    ids = [v.id for v in history]
    if version not in ids:
        raise AvvError(
            f"Version {version} gibt es in der Geschichte nicht — bekannt: {', '.join(ids)}"
        )
    position = ids.index(version)
    if position == 0:
        raise AvvError(f"{version} ist die erste Version: ihr ist nichts mitgeteilt worden")
    return classify(history[position - 1].agreement, history[position].agreement)


def record_declaration(
    connection: sa.Connection,
    history: Sequence[Version],
    kind: Declaration,
    number: str,
    version: str,
    received: date,
    today: date,
    parts: Iterable[str] = (),
) -> Recorded:
    found = customer(connection, number)
    if found is None:
        raise AvvError(
            f"Kunde {number} steht nicht im Register — mit `avv customers import` anlegen"
        )
    c = _classification(history, version)
    published = c.new.meta.published
    if received > today:
        raise AvvError(
            f"--date {received.isoformat()} liegt in der Zukunft — den Tag angeben, an dem die "
            "Erklärung einging"
        )
    if received < published:
        raise AvvError(
            f"--date {received.isoformat()} liegt vor der Bekanntgabe der Version {version} "
            f"({published.isoformat()}) — den Tag des Eingangs prüfen"
        )
    entries = list(ledger.entries(connection, version=version, customer=number))
    data: dict[str, object] = {"received": received.isoformat()}
    if kind == "objection":
        if not c.objection:
            raise AvvError(
                f"Version {version} ändert keine Subunternehmer: ein Widerspruch nach Punkt VI.c "
                "ist nicht vorgesehen — bei einer Vertragsänderung (XIII.b) gilt ohne Zustimmung "
                "die bisherige Fassung weiter"
            )
        now = standing(number, entries)
        late = now.last_day is not None and received > now.last_day
        data |= {"last_day": now.last_day.isoformat() if now.last_day else None, "late": late}
    else:
        needed = parts_needing_consent(c.kinds)
        if not needed:
            raise AvvError(
                f"Version {version} braucht keine Zustimmung: sie ändert nichts, was nur mit "
                "Zustimmung des Kunden gilt (Punkt XIII.b, V.b)"
            )
        chosen = tuple(parts) or needed
        unknown = [part for part in chosen if part not in needed]
        if unknown:
            offered = ", ".join(f"{p} ({PARTS[p]})" for p in needed)
            raise AvvError(
                f"Version {version} hat keinen Teil {', '.join(unknown)}, der Zustimmung "
                f"braucht — --part {' oder '.join(needed)} angeben: {offered}"
            )
        data["parts"] = sorted(chosen)
    for entry in entries:
        if entry.kind == kind and entry.data.get("parts") == data.get("parts"):
            return Recorded(
                None,
                f"schon verzeichnet (Eintrag {entry.seq}, eingegangen {entry.data['received']})",
            )
    return Recorded(ledger.append(connection, kind, number, version, data), "")


def record_bounces(
    connection: sa.Connection, failures: Iterable[Failure]
) -> tuple[list[ledger.Entry], list[str]]:
    """Records each failure as a bounce of the notice it reports; returns the entries and what
    was left (not sent by this register, or recorded before)."""
    key = ledger.address_key(connection)
    recorded: list[ledger.Entry] = []
    left: list[str] = []
    for failure in failures:
        entries = list(
            ledger.entries(connection, version=failure.version, customer=failure.customer)
        )
        sent = [
            e for e in entries if e.kind == "sent" and e.data["message_id"] == failure.message_id
        ]
        if not sent:
            left.append(
                f"{failure.where}: {failure.message_id} ist in diesem Register nicht als "
                "gesendet verzeichnet"
            )
            continue
        recipient = ledger.address_hash(key, failure.recipient) if failure.recipient else ""
        ours = {h for e in sent for h in e.data.get("recipients", ())}
        if recipient not in ours and len(ours) == 1:
            # Forwarded (an alias): the one address the notice was sent to is the one that failed.
            (recipient,) = ours
        seen = any(
            e.kind == "bounced"
            and e.data.get("dsn") == failure.dsn
            and e.data.get("recipient") == recipient
            for e in entries
        )
        if seen:
            left.append(f"{failure.where}: schon verzeichnet")
            continue
        diagnostic = failure.diagnostic
        if failure.recipient:
            diagnostic = ledger.redacted(diagnostic, {failure.recipient: recipient})
        recorded.append(
            ledger.append(
                connection,
                "bounced",
                failure.customer,
                failure.version,
                {
                    "message_id": failure.message_id,
                    "recipient": recipient,
                    "status": failure.status,
                    "source": "dsn",
                    "dsn": failure.dsn,
                    "diagnostic": diagnostic,
                },
            )
        )
    return recorded, left
