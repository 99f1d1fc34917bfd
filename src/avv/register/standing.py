"""Where each customer stands with a version: what binds them, whether the notice reached them,
their own last day, their declarations. Pure: made from the history's terms and the ledger.

- **What binds them** is decided by `avv.law.binding` from the version they signed and their
  consents: a consent counts for a version once it covers every part that needs it (XIII.b
  amendment, V.b third country), so a customer can agree to one part without the other.
- **Concerned**: a version's notice concerns every customer who has agreed only to older
  versions (signed, or consented).
- **Status** of a version's notice: `delivered` once a mail server accepted it for at least one
  of their addresses that has not bounced since; `bounced` once every address it was accepted
  for (or refused at sending) reported it undeliverable; `pending` before.
- **Last day**: from the day of receipt (`avv.law.receipt`), with the period of the VI.c that binds
  them (`avv.law.binding.own_period`), or the longer one the version grants (`objection_period`
  in its meta.yaml); the later day where the e-mail stated one and the server accepted it a day
  later.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from avv.law.binding import Binding, Consent, Terms, binding, own_period
from avv.law.deadline import ObjectionPeriod, last_day
from avv.law.objection import stated_period
from avv.model import Agreement
from avv.register.customers import Customer
from avv.register.ledger import Entry

__all__ = [
    "PARTS",
    "Standing",
    "Status",
    "agreed_to",
    "bound",
    "consents",
    "customer_period",
    "parts_needing_consent",
    "standing",
]

Status = Literal["delivered", "bounced", "pending"]
# The parts of a version that need the customer's written consent, by the clause that says so.
PARTS = {"XIII.b": "Vertragsänderung", "V.b": "Drittstaat"}


def parts_needing_consent(kinds: Iterable[str]) -> tuple[str, ...]:
    """XIII.b where a version amends the text, V.b where it moves processing to a third country."""
    present = set(kinds)
    return tuple(
        part for part, kind in (("XIII.b", "amendment"), ("V.b", "consent")) if kind in present
    )


def consents(terms: Sequence[Terms], entries: Iterable[Entry]) -> list[Consent]:
    """The customer's consents that count: per version, once the recorded parts cover every part
    that needs consent, received on the day the last of them was."""
    needed = {t.id: set(parts_needing_consent(t.kinds)) for t in terms}
    given: dict[str, set[str]] = {}
    received: dict[str, date] = {}
    for entry in entries:
        if entry.kind != "consent" or entry.version not in needed:
            continue
        given.setdefault(entry.version, set()).update(entry.data.get("parts", ()))
        day = date.fromisoformat(entry.data["received"])
        received[entry.version] = max(day, received.get(entry.version, day))
    return [
        Consent(version, received[version])
        for version, parts in given.items()
        if needed[version] and needed[version] <= parts
    ]


def agreed_to(terms: Sequence[Terms], customer: Customer, agreed: Iterable[Consent]) -> int:
    """The position of the newest version the customer agreed to (signed or consented)."""
    order = [t.id for t in terms]
    positions = [order.index(customer.signed)] if customer.signed in order else [0]
    positions += [order.index(c.version) for c in agreed if c.version in order]
    return max(positions)


def bound(
    terms: Sequence[Terms], customer: Customer, agreed: Iterable[Consent], day: date
) -> Binding:
    """What binds the customer on `day` (`avv.law.binding.binding`)."""
    signed = customer.signed if customer.signed in {t.id for t in terms} else None
    return binding(terms, day, signed, agreed)


def customer_period(
    terms: Sequence[Terms],
    customer: Customer,
    agreed: Iterable[Consent],
    day: date,
    notified: Agreement,
) -> ObjectionPeriod:
    """The period the customer has to object to the notice of `notified` received on `day`: that
    of the VI.c that binds them, or the longer one `notified` grants in `objection_period`."""
    signed = customer.signed if customer.signed in {t.id for t in terms} else None
    own = own_period(terms, day, signed, agreed)
    granted = stated_period(notified)
    if granted is None:
        return own
    # The longer of the two, measured from one day: the choice does not depend on the day.
    return granted if last_day(day, granted) > last_day(day, own) else own


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
