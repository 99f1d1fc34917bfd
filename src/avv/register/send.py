"""Sending a version's notice to every customer it concerns, one e-mail each, at most once.

Each customer's e-mail is the site's notice (the same blocks and templates), addressed to their
notice addresses and personalised (`avv.notices.notice.Addressee`): their company, the day it
reaches them, the period of the VI.c that binds them and its last day, their own objection and
consent links. Its Message-ID is derived from (customer, version).

Idempotent by (customer, version): before each e-mail the ledger is asked, and each e-mail the
server accepted is recorded in its own transaction right after the server's reply. A run that
is stopped (even by kill -9) and started again sends only what is missing; only the one message
in flight when it stopped may go twice, with the same Message-ID. The rate is steady (`rate`
messages a second); a temporary refusal is tried again after a growing pause, and when a server
keeps refusing the run stops, to be started again later.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import sqlalchemy as sa

from avv.changes.kinds import terms
from avv.documents import notice_render
from avv.errors import AvvError
from avv.law.binding import Consent, Terms
from avv.law.receipt import VIENNA, day_of_receipt
from avv.model import Agreement
from avv.notices.notice import Addressee, Notice, notice_for
from avv.register import ledger
from avv.register.customers import Customer, all_customers
from avv.register.smtp import Accepted, Mailer, Permanent, Temporary
from avv.register.standing import (
    Standing,
    agreed_to,
    bound,
    consents,
    customer_period,
    standing,
)
from avv.repo.history import Version

__all__ = ["Campaign", "Due", "Outcome", "campaign", "due", "send", "write_dry_run"]


class SendError(AvvError):
    """The run stopped; what was sent is recorded, the rest is sent by running it again."""


@dataclass(frozen=True)
class Campaign:
    """One version's notice and what is needed to address it: the history in order."""

    notice: Notice
    terms: tuple[Terms, ...]
    notified: Agreement

    @property
    def version(self) -> str:
        return self.notice.version


def campaign(history: Sequence[Version], version: str, site_url: str, today: date) -> Campaign:
    """The notice of `version` against the version before it, linked absolutely where the site's
    address is known (an e-mail cannot follow a relative link: without it, no links)."""
    ids = [v.id for v in history]
    if version not in ids:
        raise AvvError(
            f"Version {version} gibt es in der Geschichte nicht — bekannt: {', '.join(ids)}"
        )
    position = ids.index(version)
    if position == 0:
        raise AvvError(f"{version} ist die erste Version: zu ihr gibt es keine Mitteilung")
    new = history[position]
    if new.published > today:
        raise AvvError(
            f"Version {version} wird erst am {new.published.isoformat()} bekanntgegeben — "
            "die Mitteilung ab diesem Tag senden"
        )
    found = notice_for(
        history[position - 1].agreement,
        new.agreement,
        site_url,
        "" if site_url else None,
    )
    if found is None:
        raise AvvError(
            f"Version {version} ändert nichts, was den Kunden mitzuteilen ist — keine Mitteilung"
        )
    return Campaign(found, terms([v.agreement for v in history]), new.agreement)


@dataclass(frozen=True)
class Due:
    """A customer the notice still has to reach, and their consents that count."""

    customer: Customer
    consents: tuple[Consent, ...]
    standing: Standing


def due(connection: sa.Connection, c: Campaign) -> tuple[list[Due], list[Customer]]:
    """The customers the notice concerns and has not reached yet (never sent, or bounced and
    with an address not tried), and those it concerns who have no address (erased)."""
    given: dict[str, list[ledger.Entry]] = {}
    for entry in ledger.entries(connection, kinds=("consent",)):
        given.setdefault(entry.customer, []).append(entry)
    of_version: dict[str, list[ledger.Entry]] = {}
    for entry in ledger.entries(connection, version=c.version):
        of_version.setdefault(entry.customer, []).append(entry)
    key = ledger.address_key(connection)
    waiting: list[Due] = []
    unreachable: list[Customer] = []
    position = [t.id for t in c.terms].index(c.version)
    for customer in all_customers(connection):
        agreed = tuple(consents(c.terms, given.get(customer.id, ())))
        if agreed_to(c.terms, customer, agreed) >= position:
            continue
        now = standing(customer.id, of_version.get(customer.id, ()))
        if now.status == "delivered":
            continue
        if not customer.emails:
            unreachable.append(customer)
            continue
        untried = {ledger.address_hash(key, e) for e in customer.emails} - now.tried
        if now.status == "pending" or untried:
            waiting.append(Due(customer, agreed, now))
    return waiting, unreachable


def addressed(c: Campaign, due: Due, at: datetime) -> Notice:
    """The notice as it reaches this customer when sent at `at`."""
    received = day_of_receipt(at)
    return dataclasses.replace(
        c.notice,
        addressee=Addressee(
            customer=due.customer.id,
            name=due.customer.name or due.customer.id,
            sent=at.astimezone(VIENNA).date(),
            received=received,
            bound_to=bound(c.terms, due.customer, due.consents, received).text,
            period=customer_period(c.terms, due.customer, due.consents, received, c.notified),
        ),
    )


def message(c: Campaign, due: Due, at: datetime) -> tuple[Notice, EmailMessage]:
    notice = addressed(c, due, at)
    name = due.customer.name or ""
    to = [Address(name, addr_spec=email) for email in due.customer.emails]
    mail = notice_render.message(notice, to, notice_render.message_id(notice, due.customer.id), at)
    return notice, mail


def write_dry_run(c: Campaign, waiting: Sequence[Due], folder: Path, at: datetime) -> int:
    """The e-mails as `.eml` files (one per customer, named by their number); sends nothing."""
    folder.mkdir(parents=True, exist_ok=True)
    for item in waiting:
        _, mail = message(c, item, at)
        (folder / f"{item.customer.id}.eml").write_bytes(mail.as_bytes(policy=SMTP))
    return len(waiting)


@dataclass(frozen=True)
class Outcome:
    """One customer's e-mail: `sent` (with the server's reply) or `refused` (for good)."""

    customer: str
    result: str
    reply: str
    last_day: date | None


@dataclass(frozen=True)
class Pacing:
    """A steady `rate` of messages a second; `retries` tries after a temporary refusal, the
    pauses doubling from `backoff` seconds."""

    rate: float = 5.0
    retries: int = 5
    backoff: float = 2.0


Clock = Callable[[], datetime]


def send(
    engine: sa.Engine,
    c: Campaign,
    waiting: Sequence[Due],
    mailer: Mailer,
    pacing: Pacing,
    clock: Clock = ledger.now,
) -> Iterator[Outcome]:
    """Sends to each waiting customer in turn, recording each result at once."""
    with engine.begin() as connection:
        key = ledger.address_key(connection)
    mailer.connect()
    start = time.monotonic()
    for number, item in enumerate(waiting):
        if pacing.rate > 0:
            pause = start + number / pacing.rate - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        yield _one(engine, c, item, mailer, pacing, key, clock)


def _one(
    engine: sa.Engine,
    c: Campaign,
    item: Due,
    mailer: Mailer,
    pacing: Pacing,
    key: bytes,
    clock: Clock,
) -> Outcome:
    emails = item.customer.emails
    hashes = {email: ledger.address_hash(key, email) for email in emails}
    for attempt in range(pacing.retries + 1):
        composed = clock()
        notice, mail = message(c, item, composed)
        try:
            accepted = mailer.deliver(mail.as_bytes(policy=SMTP), emails)
        except Temporary as error:
            if attempt == pacing.retries:
                raise SendError(
                    f"{item.customer.id}: der Mailserver nimmt die Mitteilung auch nach "
                    f"{pacing.retries + 1} Versuchen nicht an ({error}) — später mit "
                    "`avv send` fortsetzen; bisher Zugestelltes ist verzeichnet"
                ) from None
            time.sleep(pacing.backoff * 2**attempt)
            continue
        except Permanent as error:
            refused = error.refused or dict.fromkeys(emails, error.reply)
            with engine.begin() as connection:
                for email, reply in refused.items():
                    ledger.append(
                        connection,
                        "bounced",
                        item.customer.id,
                        c.version,
                        {
                            "message_id": mail["Message-ID"],
                            "recipient": hashes[email],
                            "status": _status(reply),
                            "source": "smtp",
                            "diagnostic": ledger.redacted(reply, hashes),
                        },
                    )
            return Outcome(item.customer.id, "refused", error.reply, None)
        done = clock()
        return _record(engine, c, item, notice, mail, accepted, hashes, done)
    raise AssertionError("unreachable")  # pragma: no cover


def _record(
    engine: sa.Engine,
    c: Campaign,
    item: Due,
    notice: Notice,
    mail: EmailMessage,
    accepted: Accepted,
    hashes: dict[str, str],
    done: datetime,
) -> Outcome:
    addressee = notice.addressee
    assert addressee is not None
    received = day_of_receipt(done)
    stated = notice.last_day_to_object
    # Accepted on a later day than the e-mail was written for: the later last day holds.
    reached = dataclasses.replace(
        notice, addressee=dataclasses.replace(addressee, received=received)
    )
    own = reached.last_day_to_object
    last_day = max(own, stated) if own and stated else None
    emails = item.customer.emails
    data = {
        "message_id": mail["Message-ID"],
        "reply": ledger.redacted(accepted.reply, hashes),
        "recipients": [hashes[e] for e in emails if e not in accepted.refused],
        "refused": {
            hashes[e]: ledger.redacted(reply, hashes) for e, reply in accepted.refused.items()
        },
        "accepted_at": done.isoformat(timespec="seconds"),
        "receipt": received.isoformat(),
        "bound_to": addressee.bound_to,
        "period": addressee.period.wording if notice.period else "",
        "last_day": last_day.isoformat() if last_day else None,
        "stated_last_day": stated.isoformat() if stated else None,
    }
    with engine.begin() as connection:
        ledger.append(connection, "sent", item.customer.id, c.version, data, at=done)
    return Outcome(item.customer.id, "sent", accepted.reply, last_day)


def _status(reply: str) -> str:
    """The enhanced status code of a reply (`5.1.1`), or its basic code as one (`5.0.0`)."""
    parts = reply.split()
    if len(parts) > 1 and parts[1].count(".") == 2 and parts[1][0] in "245":
        return parts[1]
    return f"{parts[0][:1]}.0.0" if parts and parts[0][:1] in "245" else ""
