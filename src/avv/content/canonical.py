"""The agreement as JSON data, and its content hash.

The hash is SHA-256 over the data with sorted keys and no whitespace, so it is the same on every
machine and changes with any content; source lines are not content and are left out.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

from avv.model import OMIT_EMPTY, Agreement, Clause, Section

JSON = dict[str, Any]


def to_data(agreement: Agreement) -> JSON:
    """The whole agreement, without its hash."""
    meta = agreement.meta
    # Only where it is set, so that the hash of a version without it stays what it was.
    stated = {"objection_period": meta.objection_period} if meta.objection_period else {}
    return {
        "version": meta.version,
        "published": meta.published.isoformat(),
        "effective": meta.effective.isoformat(),
        **stated,
        "title": agreement.title,
        "parties": {
            "processor": _plain(meta.processor),
            "controller": _plain(meta.controller),
        },
        "preamble": [_clause(clause) for clause in agreement.preamble],
        "sections": [_section(section) for section in agreement.sections],
        "signature": {
            "processor": _plain(meta.processor_signature),
            "controller": _plain(meta.controller_signature),
        },
        "data_categories": {
            "columns": dict(agreement.data_category_columns),
            "rows": [_plain(row) for row in agreement.data_categories],
        },
        "instructions": {
            "authorised_persons_blank": agreement.instructions.authorised_persons_blank,
            "recipients": [_plain(r) for r in agreement.instructions.recipients],
        },
        "annexes": {
            "list": [_plain(annex) for annex in agreement.annexes],
            "measures": [_plain(category) for category in agreement.measures],
            "subprocessor_columns": dict(agreement.subprocessor_columns),
            "subprocessors": [_plain(s) for s in agreement.subprocessors],
        },
    }


def content_hash(agreement: Agreement) -> str:
    return hash_of(to_data(agreement))


def hash_of(data: JSON) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def export(agreement: Agreement) -> JSON:
    """What `avv export` prints and `avv.json` holds: the data with its hash after the dates."""
    data = to_data(agreement)
    head = {key: data.pop(key) for key in ("version", "published", "effective")}
    return {**head, "hash": hash_of({**head, **data}), **data}


def dumps(data: JSON) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _section(section: Section) -> JSON:
    return {
        "id": section.id,
        "number": section.number,
        "title": section.title,
        "clauses": [_clause(clause) for clause in section.clauses],
    }


def _clause(clause: Clause) -> JSON:
    data: JSON = {"id": clause.id, "label": clause.label, "kind": clause.kind, "text": clause.text}
    if clause.items:
        data["items"] = list(clause.items)
    if clause.block:
        data["block"] = clause.block
    return data


def _plain(value: Any) -> Any:
    """Dataclasses as dicts, tuples as lists, dates as ISO text; `source` left out."""
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in fields(value)
            if f.name != "source"
            and not (f.metadata.get(OMIT_EMPTY) and not getattr(value, f.name))
        }
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
