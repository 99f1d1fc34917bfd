"""What the legal team reads from the register: per version, every customer's standing with its
notice (`deliveries`); per customer, what binds them and each notice since (`customer_report`).
Data only: the command prints it as a table, JSON or CSV."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from avv.errors import AvvError
from avv.law.binding import Terms
from avv.register import ledger
from avv.register.customers import Customer, all_customers, customer
from avv.register.standing import Standing, agreed_to, bound, consents, standing

__all__ = ["COLUMNS", "customer_report", "deliveries"]

# The columns of `avv deliveries`, in order (CSV and JSON keys).
COLUMNS = (
    "customer",
    "name",
    "status",
    "delivered_at",
    "received",
    "last_day",
    "objection",
    "objection_late",
    "consent",
)


def _row(c: Customer, s: Standing) -> dict[str, Any]:
    return {
        "customer": c.id,
        "name": c.name or "",
        "status": s.status,
        "delivered_at": s.delivered_at,
        "received": _iso(s.received),
        "last_day": _iso(s.last_day),
        "objection": _iso(s.objection),
        "objection_late": s.objection_late,
        "consent": _iso(s.consent),
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def deliveries(connection: sa.Connection, terms: Sequence[Terms], version: str) -> dict[str, Any]:
    """Every customer the notice of `version` concerns (agreed only to older versions when it was
    announced: signed, or consented) or that the ledger names for it, with their standing and
    the totals."""
    order = [t.id for t in terms]
    if version not in order:
        raise AvvError(
            f"Version {version} gibt es in der Geschichte nicht — bekannt: {', '.join(order)}"
        )
    entries: dict[str, list[ledger.Entry]] = {}
    for entry in ledger.entries(connection, version=version):
        entries.setdefault(entry.customer, []).append(entry)
    given: dict[str, list[ledger.Entry]] = {}
    for entry in ledger.entries(connection, kinds=("consent",)):
        if entry.version in order and order.index(entry.version) < order.index(version):
            given.setdefault(entry.customer, []).append(entry)
    position = order.index(version)
    rows = [
        _row(c, standing(c.id, entries.get(c.id, ())))
        for c in all_customers(connection)
        if c.id in entries or agreed_to(terms, c, consents(terms, given.get(c.id, ()))) < position
    ]
    statuses = Counter(row["status"] for row in rows)
    totals = {
        "customers": len(rows),
        **{status: statuses[status] for status in ("delivered", "bounced", "pending")},
        "objections": sum(1 for row in rows if row["objection"]),
        "late_objections": sum(1 for row in rows if row["objection_late"]),
        "consents": sum(1 for row in rows if row["consent"]),
    }
    return {"version": version, "customers": rows, "totals": totals}


def customer_report(
    connection: sa.Connection, terms: Sequence[Terms], number: str, day: date
) -> dict[str, Any]:
    """The customer, what binds them on `day` (`bound_to`: the version whose text binds them;
    `notices_of`: the version whose changes by notice apply), and every notice since the one
    they signed, with its standing."""
    found = customer(connection, number)
    if found is None:
        raise AvvError(
            f"Kunde {number} steht nicht im Register — mit `avv customers import` anlegen"
        )
    order = [t.id for t in terms]
    agreed = consents(terms, ledger.entries(connection, customer=number, kinds=("consent",)))
    binds = bound(terms, found, agreed, day)
    entries: dict[str, list[ledger.Entry]] = {}
    for entry in ledger.entries(connection, customer=number):
        entries.setdefault(entry.version, []).append(entry)
    start = order.index(found.signed) if found.signed in order else len(order)
    notices = []
    for version in order[start + 1 :]:
        s = standing(number, entries.get(version, ()))
        notices.append({"version": version, **_row(found, s)})
    return {
        "customer": found.id,
        "name": found.name,
        "emails": list(found.emails),
        "language": found.language,
        "signed": found.signed,
        "signed_on": found.signed_on.isoformat(),
        "bound_to": binds.text,
        "notices_of": binds.notices,
        "erased_at": found.erased_at,
        "notices": [
            {key: value for key, value in notice.items() if key not in ("customer", "name")}
            for notice in notices
        ],
    }
