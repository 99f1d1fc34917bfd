"""The adequacy decisions of the European Commission in force (Art. 45 DSGVO), as data.

A transfer to a third country on the basis of an adequacy decision (`safeguard.kind:
angemessenheitsbeschluss`) is only possible to the countries and territories listed here; for
the United States only to organisations certified under the EU-US Data Privacy Framework, and for
Canada only to commercial organisations subject to PIPEDA. Each entry names its decision, so that
a notice cites the decision that exists, and a safeguard's `reference` must name it.

The list is the Commission's ("Adequacy decisions", Stand Dezember 2026); the legal team keeps it
current here when a decision is adopted, amended, renewed or repealed.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ADEQUACY", "DATA_PRIVACY_FRAMEWORK", "Adequacy", "decision_for"]


@dataclass(frozen=True)
class Adequacy:
    """An adequacy decision: the country or territory (ISO 3166-1 alpha-2), the decision as it
    is cited, the number that a reference must contain, and to whom it applies where not to
    every recipient there (`scope`, empty: all)."""

    country: str
    decision: str
    number: str
    scope: str = ""


DATA_PRIVACY_FRAMEWORK = "EU-US Data Privacy Framework"

ADEQUACY: tuple[Adequacy, ...] = (
    Adequacy("AD", "Beschluss 2010/625/EU der Kommission", "2010/625"),
    Adequacy("AR", "Entscheidung 2003/490/EG der Kommission", "2003/490"),
    Adequacy(
        "CA",
        "Entscheidung 2002/2/EG der Kommission",
        "2002/2",
        "nur Organisationen, die dem Personal Information Protection and Electronic Documents "
        "Act (PIPEDA) unterliegen",
    ),
    Adequacy("CH", "Entscheidung 2000/518/EG der Kommission", "2000/518"),
    Adequacy("FO", "Beschluss 2010/146/EU der Kommission", "2010/146"),
    Adequacy("GB", "Durchführungsbeschluss (EU) 2021/1772 der Kommission", "2021/1772"),
    Adequacy("GG", "Entscheidung 2003/821/EG der Kommission", "2003/821"),
    Adequacy("IL", "Beschluss 2011/61/EU der Kommission", "2011/61"),
    Adequacy("IM", "Entscheidung 2004/411/EG der Kommission", "2004/411"),
    Adequacy("JE", "Entscheidung 2008/393/EG der Kommission", "2008/393"),
    Adequacy("JP", "Durchführungsbeschluss (EU) 2019/419 der Kommission", "2019/419"),
    Adequacy("KR", "Durchführungsbeschluss (EU) 2022/254 der Kommission", "2022/254"),
    Adequacy("NZ", "Durchführungsbeschluss 2013/65/EU der Kommission", "2013/65"),
    Adequacy(
        "US",
        "Durchführungsbeschluss (EU) 2023/1795 der Kommission",
        "2023/1795",
        f"nur Organisationen, die nach dem {DATA_PRIVACY_FRAMEWORK} zertifiziert sind",
    ),
    Adequacy("UY", "Beschluss 2012/484/EU der Kommission", "2012/484"),
)

_BY_COUNTRY = {adequacy.country: adequacy for adequacy in ADEQUACY}


def decision_for(country: str) -> Adequacy | None:
    """The adequacy decision in force for `country`, where there is one."""
    return _BY_COUNTRY.get(country.upper())
