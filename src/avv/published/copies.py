"""Which published version a copy is: a file downloaded from the site (`avv.pdf`, `avv.docx`,
`avv.json`, a redline) or the agreement's JSON as `avv export` writes it.

Every file of the site stands byte for byte in its version's folder of the site branch, whose
tree the publication record holds: a copy of the same bytes is that file, so its SHA-256 is the
answer, whatever kind of file it is. The agreement's JSON is also recognised by its content: the
SHA-256 of its data without `hash` (avv.content.canonical) is the content hash that the record
holds for its version, so a copy saved again with other spacing keeps its answer, and one
changed in a single character has none. A copy filled in for signing (unterzeichnen/,
`avv sign-copy`) is no file of the site and is named as none.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from avv.content.canonical import hash_of
from avv.german import format_date
from avv.published.record import PublishedVersion, Record


@dataclass(frozen=True)
class Finding:
    """What a copy is: the published files it is byte for byte (path on the site branch, its
    version), the version whose content its JSON holds, and the version its JSON claims."""

    files: tuple[tuple[str, PublishedVersion], ...] = ()
    content: PublishedVersion | None = None
    claimed: str | None = None

    @property
    def matches(self) -> bool:
        return bool(self.files) or self.content is not None


def identify(
    data: bytes, record: Record, files_of: Callable[[PublishedVersion], Mapping[str, bytes]]
) -> Finding:
    """`files_of` gives a published version's folder on the site branch, by path from the top."""
    digest = hashlib.sha256(data).digest()
    same = tuple(
        (path, version)
        for version in record.versions
        for path, published in sorted(files_of(version).items())
        if hashlib.sha256(published).digest() == digest
    )
    agreement = _json(data)
    if agreement is None:
        return Finding(same)
    content = hash_of({key: value for key, value in agreement.items() if key != "hash"})
    found = next((v for v in record.versions if v.hash == content), None)
    claimed = agreement.get("version")
    return Finding(same, found, claimed if isinstance(claimed, str) else None)


def _json(data: bytes) -> dict[str, Any] | None:
    """The agreement's data, where the copy is a JSON object with a version; else None."""
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) and "version" in value else None


def report(name: str, finding: Finding, branch: str) -> str:
    """The answer in German, one line per finding."""
    lines = [
        f"{name} ist die Datei {path} der veröffentlichten {_version(version)}, Byte für Byte."
        for path, version in finding.files
    ]
    if finding.content is not None and not finding.files:
        lines.append(
            f"{name} enthält die veröffentlichte {_version(finding.content)}: Ihr Inhalt hat den "
            f"Inhalts-Hash {finding.content.hash} (die Datei selbst ist anders geschrieben)."
        )
    if lines:
        return "\n".join(lines)
    claim = (
        f" Sie gibt sich als Version {finding.claimed} aus, ihr Inhalt weicht aber von jeder "
        "veröffentlichten Version ab."
        if finding.claimed
        else ""
    )
    return (
        f"{name} entspricht keiner veröffentlichten Version: Sie ist keine Datei des "
        f"Site-Branches {branch} und enthält (als JSON) keinen veröffentlichten Inhalt.{claim} "
        "Ein zum Unterzeichnen ausgefülltes Exemplar ist keine Datei der Website und lässt sich "
        "so nicht prüfen."
    )


def _version(version: PublishedVersion) -> str:
    return (
        f"Version {version.id} (Bekanntgabe {format_date(version.published)}, gültig ab "
        f"{format_date(version.effective)})"
    )
