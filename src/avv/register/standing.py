"""Where each customer stands with a version: what binds them, whether the notice reached them,
their own last day, their declarations. Pure: made from the history and the ledger's entries.

- **Bound to**: the newest version they agreed to, by signing it or by consenting to it; the
  text of that version binds them (XIII.b), with every change by notice since.
- **Concerned**: a version's notice concerns every customer bound to an older version.
- **Status** of a version's notice: `delivered` once a mail server accepted it for at least one
  of their addresses that has not bounced since; `bounced` once every address it was accepted
  for (or refused at sending) reported it undeliverable; `pending` before.
- **Last day**: from the day of receipt (`avv.law.receipt`), with the period of the VI.c that binds
  them, or the longer one the version grants (`objection_period`); the later day where the
  e-mail stated one and the server accepted it a day later.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from avv.law.deadline import ObjectionPeriod, last_day
from avv.law.objection import period_of, stated_period
from avv.model import Agreement
from avv.register.customers import Customer
from avv.register.ledger import Entry

__all__ = ["Standing", "Status", "bound_to", "objection_period", "standing"]

Status = Literal["delivered", "bounced", "pending"]


def bound_to(order: Sequence[str], customer: Customer, consents: Iterable[Entry]) -> str:
    """The newest version the customer agreed to: the one they signed, or a later one they
    consented to (`order`: the version ids of the history, oldest first)."""
    agreed = [customer.signed, *(e.version for e in consents if e.customer == customer.id)]
    known = [version for version in agreed if version in order]
    return max(known, key=order.index) if known else customer.signed


def objection_period(bound: Agreement, notified: Agreement) -> ObjectionPeriod:
    """The period a customer bound to `bound` has to object to the notice of `notified`: that of
    their own VI.c, or the longer one `notified` grants in `objection_period`."""
    own = period_of(bound)
    granted = stated_period(notified)
    if granted is None:
        return own
    # The longer of the two, measured from one day: the choice does not depend on the day.
    probe = notified.meta.published
    return granted if last_day(probe, granted) > last_day(probe, own) else own


@dataclass(frozen=True)
class Standing:
    """One customer and one version's notice."""

    customer: str
    status: Status
    message_id: str | None
    delivered_at: str | None
    received: date | None
    last_day: date | None
    objection: date | None
    objection_late: bool
    consent: date | None
    bounces: tuple[str, ...]
    # The addresses (keyed hashes) the notice was accepted for or refused at.
    tried: frozenset[str] = frozenset()


def standing(customer: str, entries: Iterable[Entry]) -> Standing:
    """The standing of one customer from their ledger entries of one version, in order. A
    notice sent again after a bounce (to a corrected address) counts from the sending that
    reached an address which has not bounced."""
    sent: list[Entry] = []
    refused: set[str] = set()
    bounced: dict[str, str] = {}
    objection: Entry | None = None
    consent: Entry | None = None
    for entry in entries:
        if entry.kind == "sent":
            sent.append(entry)
            refused |= set(entry.data.get("refused", {}))
        elif entry.kind == "bounced":
            bounced.setdefault(entry.data["recipient"], entry.data.get("status", ""))
        elif entry.kind == "objection" and objection is None:
            objection = entry
        elif entry.kind == "consent" and consent is None:
            consent = entry
    reached = next((e for e in sent if set(e.data.get("recipients", ())) - set(bounced)), None)
    status: Status = "pending"
    if reached is not None:
        status = "delivered"
    elif sent or refused or bounced:
        status = "bounced"
    shown = reached or (sent[-1] if sent else None)
    return Standing(
        customer=customer,
        status=status,
        message_id=shown.data.get("message_id") if shown else None,
        delivered_at=reached.data.get("accepted_at") if reached else None,
        received=_day(reached.data.get("receipt")) if reached else None,
        last_day=_day(reached.data.get("last_day")) if reached else None,
        objection=_day(objection.data.get("received")) if objection else None,
        objection_late=bool(objection.data.get("late")) if objection else False,
        consent=_day(consent.data.get("received")) if consent else None,
        bounces=tuple(sorted(bounced.values())),
        tried=frozenset({h for e in sent for h in e.data.get("recipients", ())} | refused),
    )


def _day(text: object) -> date | None:
    return date.fromisoformat(text) if isinstance(text, str) and text else None
