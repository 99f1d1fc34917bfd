"""Amendments of the real AVV for the redline documents: each a pair of edits (the older and the
newer version's) of the files as `read_folder` gives them."""

from __future__ import annotations

import re

from avv.errors import AvvError
from tests.support import ROOT

Edit = tuple[str, str, str]
"""A file, a text in it and what replaces its first occurrence."""

AVV, META = "contract/avv.md", "contract/meta.yaml"
DATA, RECIPIENTS = "annexes/datenkategorien.yaml", "annexes/weisungen.yaml"
MEASURES, SUBPROCESSORS = "annexes/anlage-1.yaml", "annexes/anlage-2.yaml"

_TEXT = (ROOT / AVV).read_text(encoding="utf-8")
_RECIPIENTS = (ROOT / RECIPIENTS).read_text(encoding="utf-8")


def _line(start: str) -> str:
    return next(line + "\n" for line in _TEXT.splitlines() if line.startswith(start))


NEW_CLAUSE = "Der AUFTRAGNEHMER führt eine öffentliche Liste seiner Subauftragsverarbeiter."
MOVED = "Weicht diese Vereinbarung vom websms Nutzungsvertrag ab, geht diese Vereinbarung vor."
SINCE = (
    "    purpose: Newsletterversand\n",
    "    purpose: Newsletterversand\n    since: 2022-03-01\n",
)
# rapidmail processes in a data centre of its own: Ort and Land der Verarbeitung are new.
DATA_CENTRE = (
    "    country: DE\n    purpose: Newsletterversand\n",
    "    country: DE\n    processing_location:\n      address: Kärntner Straße 1, 1010 Wien\n"
    "      country: AT\n    purpose: Newsletterversand\n",
)
_FOURTH = _line("- Eine vorzeitige Kündigung")
_HAFTUNG = _TEXT[_TEXT.index("## XII. Haftung") : _TEXT.index("## XIII. Schlussbestimmungen")]

SCENARIOS: dict[str, tuple[list[Edit], list[Edit]]] = {
    "reworded": (
        [],
        [
            (
                AVV,
                "binnen eines Monats ab Bekanntgabe der Änderungen schriftlich zu widersprechen.",
                "binnen eines Monats ab Bekanntgabe der Änderungen schriftlich per E-Mail "
                "(Beispiel) zu widersprechen.",
            ),
            (AVV, "binnen eines Monats", "binnen vier Wochen"),
        ],
    ),
    "clause-added": (
        [],
        [
            (AVV, "- e. Kommt der Subauftragnehmer", "- f. Kommt der Subauftragnehmer"),
            (AVV, "- d. Der AUFTRAGNEHMER schließt", "- e. Der AUFTRAGNEHMER schließt"),
            (
                AVV,
                "- c. Änderungen sowie geplante Änderungen",
                f"- c. {NEW_CLAUSE}\n- d. Änderungen sowie geplante Änderungen",
            ),
        ],
    ),
    "clause-deleted": (
        [],
        [
            (AVV, _line("- b. Subaufträge sind nur jene Services"), ""),
            (
                AVV,
                "- c. Änderungen sowie geplante Änderungen",
                "- b. Änderungen sowie geplante Änderungen",
            ),
            (AVV, "- d. Der AUFTRAGNEHMER schließt", "- c. Der AUFTRAGNEHMER schließt"),
            (AVV, "- e. Kommt der Subauftragnehmer", "- d. Kommt der Subauftragnehmer"),
        ],
    ),
    "moved-within": (
        [],
        [
            (AVV, _FOURTH, ""),
            (
                AVV,
                "- Dieser Vertrag wird auf unbestimmte Zeit",
                _FOURTH + "- Dieser Vertrag wird auf unbestimmte Zeit",
            ),
        ],
    ),
    "moved-across": (
        [],
        [
            (AVV, f"- c. {MOVED}\n", ""),
            (AVV, "- d. Diese Vereinbarung unterliegt", "- c. Diese Vereinbarung unterliegt"),
            (AVV, "- e. Zur Entscheidung aller", "- d. Zur Entscheidung aller"),
            (AVV, "verantwortlich ist.\n", f"verantwortlich ist.\n- d. {MOVED}\n"),
        ],
    ),
    "section-removed": (
        [],
        [
            (AVV, _HAFTUNG, ""),
            (AVV, "## XIII. Schlussbestimmungen", "## XII. Schlussbestimmungen"),
        ],
    ),
    "section-added": (
        [],
        [
            (
                AVV,
                "\n{{ unterschriften }}",
                "\n## XIV. Sonstiges\n\n- a. Es gilt die Schriftform.\n\n{{ unterschriften }}",
            )
        ],
    ),
    "items": (
        [],
        [
            (
                AVV,
                "    - Löschung von personenbezogenen Daten\n",
                "    - Löschung und Sperre von personenbezogenen Daten\n"
                "    - Einschränkung der Verarbeitung\n",
            ),
            (AVV, "    - und die Weiterentwicklung der Services notwendig sind.\n", ""),
            (
                AVV,
                "die Herausgabe der gespeicherten personenbezogenen Daten\n",
                "die Herausgabe der gespeicherten personenbezogenen Daten\n"
                "    - Übertragung der Daten an einen anderen Verantwortlichen\n",
            ),
        ],
    ),
    "label-dropped": (
        [],
        [(AVV, "- f. Der AUFTRAGGEBER ist vor Beginn", "Der AUFTRAGGEBER ist vor Beginn")],
    ),
    "emphasis": (
        [],
        [
            (AVV, "im Folgenden kurz „**AUFTRAGNEHMER**“", "im Folgenden kurz „AUFTRAGNEHMER“"),
            (AVV, "- a. Die PARTEIEN haben", "- a. Die **PARTEIEN** haben"),
        ],
    ),
    "tables": (
        [],
        [
            (
                DATA,
                "  - category: Userdaten\n    purpose: Zugangsverwaltung zum websms System\n"
                "    duration: Dauer des Vertragsverhältnisses\n"
                "    persons: Mitarbeiter des AUFTRAGGEBERS\n",
                "",
            ),
            (DATA, "Detailinhalte über die Bestellung", "Detailinhalte der Bestellung"),
            (
                DATA,
                "      - Betroffene Endkunden\n  - category: Inhaltsdaten",
                "      - Betroffene Endkunden\n  - category: Testdaten\n"
                "    purpose: Qualitätssicherung\n    duration: Dauer des Tests\n"
                "    persons: Mitarbeiter des AUFTRAGGEBERS\n  - category: Inhaltsdaten",
            ),
            (RECIPIENTS, "function: VP Technology", "function: CTO"),
            (RECIPIENTS, _RECIPIENTS[_RECIPIENTS.index("  - name: Hermann GSTETTNER") :], ""),
            (
                MEASURES,
                "      - Einsatz von Firewalls\n",
                "      - Einsatz von Firewalls\n      - Zwei-Faktor-Authentifizierung\n",
            ),
            (MEASURES, "      - Schriftliche Weisungen\n", ""),
            (
                SUBPROCESSORS,
                "  - name: MessengerPeople GmbH\n"
                "    address: Herzog-Heinrich-Str. 9 80336 München Deutschland\n",
                "  - name: Beispiel Messaging GmbH\n"
                "    address: Beispielstraße 1, 10115 Berlin, Deutschland\n",
            ),
            (SUBPROCESSORS, *SINCE),
        ],
    ),
    "column-removed": ([(SUBPROCESSORS, *SINCE)], []),
    "fields": (
        [],
        [
            (SUBPROCESSORS, "    country: NL\n", "    country: BE\n"),
            (SUBPROCESSORS, *DATA_CENTRE),
        ],
    ),
    "meta": (
        [],
        [
            (META, "    date: 2021-02-19", "    date: 2024-03-01"),
            (META, "street: Brauquartier 5/13", "street: Brauquartier 5/14"),
            (AVV, "Auftragsverarbeitung gemäß Art. 28", "Auftragsverarbeitung nach Art. 28"),
            (DATA, "purpose: Zweck der Verarbeitung", "purpose: Zweck"),
            (
                MEASURES,
                "title: Anlage 1 - technisch, organisatorische Maßnahmen",
                "title: Anlage 1 - technische und organisatorische Maßnahmen",
            ),
        ],
    ),
}


def apply(
    files: dict[str, str], edits: list[Edit], version: str, strict: bool = True
) -> dict[str, str]:
    """The files with the edits and the version id, announced and in effect on its own day."""
    result = dict(files)
    for path, old, new in edits:
        if old not in result[path]:
            if strict:
                raise AvvError(f"{path}: {old[:40]!r} not found")
            continue
        result[path] = result[path].replace(old, new, 1)
    for key in ("version", "published", "effective"):
        result[META] = re.sub(rf"(?m)^{key}:.*$", f"{key}: {version}", result[META])
    return result
