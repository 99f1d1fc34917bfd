"""The ledger: what happened to each customer's notices, append-only and hash-chained.

Each entry names the customer by id and the version, and carries its facts as canonical JSON;
its hash is SHA-256 over the hash of the entry before it and its own content, so that changing,
removing or reordering any entry breaks every hash after it (`verify`). An address appears only
as its keyed hash (HMAC-SHA256 with the register's own key): an erased address (Art. 17 DSGVO)
leaves the proof that a notice reached "customer 4711" intact, and whoever still knows the
address can show that it was the one.

Entries (`kind`):

- `sent`: the mail server accepted the notice (`message_id`, the server's `reply`, the hashes of
  the `recipients` it accepted and of those it `refused`, `accepted_at`, the day of `receipt` and
  the customer's `last_day`);
- `bounced`: a recipient's server reported the notice undeliverable (from a DSN, RFC 3464, or a
  refusal of every recipient at sending);
- `consent`, `objection`: a declaration received on `received` (an objection with `last_day`
  and `late`);
- `erased`: the customer's name and addresses were erased.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import sqlalchemy as sa

from avv.register.database import ledger, settings

__all__ = [
    "GENESIS",
    "Entry",
    "Kind",
    "address_hash",
    "append",
    "entries",
    "now",
    "redacted",
    "verify",
]

Kind = Literal["sent", "bounced", "consent", "objection", "erased"]
GENESIS = "0" * 64
_KEY = "address_key"
# Two writers (a team's PostgreSQL) may race for the next number: the loser tries again.
_ATTEMPTS = 20


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    kind: Kind
    customer: str
    version: str
    data: Mapping[str, Any]
    prev: str
    hash: str

    @property
    def time(self) -> datetime:
        return datetime.fromisoformat(self.at)


def now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _canonical(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(
    prev: str, seq: int, at: str, kind: str, customer: str, version: str, data: str
) -> str:
    content = _canonical(
        {"seq": seq, "at": at, "kind": kind, "customer": customer, "version": version, "data": data}
    )
    return hashlib.sha256(f"{prev}\n{content}".encode()).hexdigest()


def append(
    connection: sa.Connection,
    kind: Kind,
    customer: str,
    version: str,
    data: Mapping[str, Any],
    at: datetime | None = None,
) -> Entry:
    """Appends one entry after the last one, inside the caller's transaction."""
    stamp = _stamp(at or now())
    text = _canonical(data)
    for _ in range(_ATTEMPTS):
        last = connection.execute(
            sa.select(ledger.c.seq, ledger.c.hash).order_by(ledger.c.seq.desc()).limit(1)
        ).first()
        seq, prev = (last.seq + 1, last.hash) if last else (1, GENESIS)
        digest = entry_hash(prev, seq, stamp, kind, customer, version, text)
        row = {
            "seq": seq,
            "at": stamp,
            "kind": kind,
            "customer": customer,
            "version": version,
            "data": text,
            "prev": prev,
            "hash": digest,
        }
        try:
            with connection.begin_nested():
                connection.execute(ledger.insert().values(**row))
        except sa.exc.IntegrityError:
            continue
        return Entry(seq, stamp, kind, customer, version, dict(data), prev, digest)
    raise RuntimeError("the ledger's next entry could not be written")  # pragma: no cover


def entries(
    connection: sa.Connection,
    version: str | None = None,
    customer: str | None = None,
    kinds: Iterable[Kind] = (),
) -> Iterator[Entry]:
    """The entries in order, of one version or customer and of some kinds where given."""
    query = sa.select(ledger).order_by(ledger.c.seq)
    if version is not None:
        query = query.where(ledger.c.version == version)
    if customer is not None:
        query = query.where(ledger.c.customer == customer)
    wanted = list(kinds)
    if wanted:
        query = query.where(ledger.c.kind.in_(wanted))
    for row in connection.execute(query):
        yield Entry(
            row.seq,
            row.at,
            row.kind,
            row.customer,
            row.version,
            json.loads(row.data),
            row.prev,
            row.hash,
        )


@dataclass(frozen=True)
class Verified:
    """The chain checked: how many entries, the last one's hash, and what is broken."""

    count: int
    head: str
    problems: tuple[str, ...]


def verify(connection: sa.Connection) -> Verified:
    """Every entry's number, link and hash recomputed from the first one on."""
    problems: list[str] = []
    prev, expected, count = GENESIS, 1, 0
    for row in connection.execute(sa.select(ledger).order_by(ledger.c.seq)):
        count += 1
        if row.seq != expected:
            problems.append(
                f"Eintrag {expected}: fehlt (nach Eintrag {expected - 1} folgt {row.seq}) — "
                "das Protokoll wurde gekürzt"
            )
        if row.prev != prev:
            problems.append(
                f"Eintrag {row.seq}: verweist nicht auf den Eintrag davor — ein Eintrag davor "
                "wurde geändert, entfernt oder eingefügt"
            )
        digest = entry_hash(
            row.prev, row.seq, row.at, row.kind, row.customer, row.version, row.data
        )
        if digest != row.hash:
            problems.append(
                f"Eintrag {row.seq}: die Prüfsumme stimmt nicht mit dem Inhalt überein — der "
                "Eintrag wurde nachträglich geändert"
            )
        prev, expected = row.hash, row.seq + 1
    return Verified(count, prev, tuple(problems))


def address_key(connection: sa.Connection) -> bytes:
    """The register's key of the addresses' hashes, made once when first needed."""
    found = connection.execute(
        sa.select(settings.c.value).where(settings.c.name == _KEY)
    ).scalar_one_or_none()
    if found is None:
        found = secrets.token_hex(32)
        try:
            with connection.begin_nested():
                connection.execute(settings.insert().values(name=_KEY, value=found))
        except sa.exc.IntegrityError:  # another writer made it first
            found = connection.execute(
                sa.select(settings.c.value).where(settings.c.name == _KEY)
            ).scalar_one()
    return bytes.fromhex(found)


def redacted(text: str, hashes: Mapping[str, str]) -> str:
    """`text` (a server's reply) with each address replaced by the start of its keyed hash: the
    evidence keeps no address."""
    for address, digest in hashes.items():
        text = re.sub(re.escape(address), f"Adresse {digest[:12]}", text, flags=re.IGNORECASE)
    return text


def address_hash(key: bytes, address: str) -> str:
    """The keyed hash that names an address in the evidence (case of the domain ignored)."""
    local, _, domain = address.strip().rpartition("@")
    normal = f"{local}@{domain.casefold()}"
    return hmac.new(key, normal.encode("utf-8"), hashlib.sha256).hexdigest()
