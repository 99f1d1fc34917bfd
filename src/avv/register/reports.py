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
from avv.register import ledger
from avv.register.customers import Customer, all_customers, customer
from avv.register.standing import Standing, bound_to, standing
from avv.repo.history import Version

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


def deliveries(connection: sa.Connection, order: Sequence[str], version: str) -> dict[str, Any]:
    """Every customer the notice of `version` concerns (signed an older version) or that the
    ledger names for it, with their standing and the totals."""
    if version not in order:
        raise AvvError(
            f"Version {version} gibt es in der Geschichte nicht — bekannt: {', '.join(order)}"
        )
    entries: dict[str, list[ledger.Entry]] = {}
    for entry in ledger.entries(connection, version=version):
        entries.setdefault(entry.customer, []).append(entry)
    position = order.index(version)
    rows = [
        _row(c, standing(c.id, entries.get(c.id, ())))
        for c in all_customers(connection)
        if c.id in entries or (c.signed in order and order.index(c.signed) < position)
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
    connection: sa.Connection, history: Sequence[Version], number: str
) -> dict[str, Any]:
    """The customer, the version whose text binds them, and every notice since the one they
    signed, with its standing."""
    found = customer(connection, number)
    if found is None:
        raise AvvError(
            f"Kunde {number} steht nicht im Register — mit `avv customers import` anlegen"
        )
    order = [v.id for v in history]
    consents = list(ledger.entries(connection, customer=number, kinds=("consent",)))
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
        "bound_to": bound_to(order, found, consents),
        "erased_at": found.erased_at,
        "notices": [
            {key: value for key, value in notice.items() if key not in ("customer", "name")}
            for notice in notices
        ],
    }
