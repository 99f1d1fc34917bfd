"""The rules a single version of the agreement must keep; each broken rule is one `Problem`.

Every rule that can be judged from one version lives here, so that plain `avv check` applies it;
`avv.pull_request.check` adds only the rules that need the base version of a pull request.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from avv.content.adequacy import DATA_PRIVACY_FRAMEWORK, decision_for
from avv.content.references import find_references
from avv.errors import Problem
from avv.german import country_name
from avv.model import BLOCKS, EU_EEA, ROMAN, Agreement, Clause, Section, Source, Subprocessor

# An address as the e-mail headers take it (RFC 5322 dot-atom, ASCII): the data protection
# contact's becomes the notice's From. No spaces, brackets, commas or line breaks.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}", re.ASCII)
EMAIL_LENGTH = 254
INSTRUCTIONS_FILE = "annexes/weisungen.yaml"


def validate(agreement: Agreement) -> list[Problem]:
    rules: tuple[Callable[[Agreement], Iterable[Problem]], ...] = (
        _sections,
        _clause_letters,
        _blocks,
        _references,
        _data_categories,
        _instructions,
        _measures,
        _subprocessors,
        _third_countries,
    )
    return [problem for rule in rules for problem in rule(agreement)]


def is_email(text: str) -> bool:
    return len(text) <= EMAIL_LENGTH and EMAIL.fullmatch(text) is not None


def _at(source: Source, message: str, hint: str) -> Problem:
    return Problem(source.path, source.line, message, hint)


def _sections(agreement: Agreement) -> Iterator[Problem]:
    if not agreement.sections:
        yield Problem(
            "contract/avv.md", 1, "der Vertrag hat keine Abschnitte", "`## I. …` ergänzen"
        )
    for position, section in enumerate(agreement.sections):
        expected = ROMAN[position] if position < len(ROMAN) else "?"
        if section.number != expected:
            seen = [s.number for s in agreement.sections[:position]]
            what = (
                "steht zweimal da"
                if section.number in seen
                else "ist außer der Reihe, oder ein Abschnitt fehlt"
            )
            yield _at(
                section.source,
                f"Abschnitt {section.number} {what}: erwartet ist Abschnitt {expected}",
                f"die Abschnitte der Reihe nach I, II, III, … nummerieren; dieser wäre {expected}",
            )


def _clause_letters(agreement: Agreement) -> Iterator[Problem]:
    for section in agreement.sections:
        lettered = [c for c in section.clauses if c.kind == "lettered"]
        first_line: dict[str, int] = {}
        for position, clause in enumerate(lettered):
            expected = f"{chr(ord('a') + position)}."
            if clause.label in first_line:
                yield _at(
                    clause.source,
                    f"Klausel {section.number}.{clause.label[:-1]} steht zweimal da "
                    f"(zuerst in Zeile {first_line[clause.label]})",
                    f"die Klauseln von {section.number} je einmal mit a., b., c., … bezeichnen",
                )
            elif clause.label != expected:
                yield _at(
                    clause.source,
                    f"Klausel {clause.label!r} in Abschnitt {section.number} ist außer der "
                    f"Reihe: erwartet ist {expected!r}",
                    f"die Klauseln von {section.number} der Reihe nach mit a., b., c., … "
                    "bezeichnen",
                )
            first_line.setdefault(clause.label, clause.source.line)


def _all_clauses(agreement: Agreement) -> Iterator[Clause]:
    yield from agreement.preamble
    for section in agreement.sections:
        yield from section.clauses


def _blocks(agreement: Agreement) -> Iterator[Problem]:
    placed: dict[str, Clause] = {}
    for clause in _all_clauses(agreement):
        if clause.block in placed:
            first = placed[clause.block].source.line
            yield _at(
                clause.source,
                f"{{{{ {clause.block} }}}} steht zweimal im Text (zuerst in Zeile {first})",
                "eines davon löschen",
            )
        if clause.block:
            placed.setdefault(clause.block, clause)
    for block in BLOCKS[:-1]:
        if block not in placed:
            yield Problem(
                "contract/avv.md",
                1,
                f"{{{{ {block} }}}} fehlt im Text",
                f"eine Zeile `{{{{ {block} }}}}` an der richtigen Stelle ergänzen",
            )


def _references(agreement: Agreement) -> Iterator[Problem]:
    targets = {section.id for section in agreement.sections}
    targets |= set(agreement.clauses())
    targets |= {annex.id for annex in agreement.annexes}
    for clause in _all_clauses(agreement):
        for text in (clause.text, *clause.items):
            for reference in find_references(text, agreement.annexes):
                if reference.target not in targets:
                    yield _at(
                        clause.source,
                        f"'{reference.label}' verweist auf etwas, das die Vereinbarung nicht hat",
                        _reference_hint(reference.target, agreement.sections),
                    )


def _reference_hint(target: str, sections: Iterable[Section]) -> str:
    if target.startswith("anlage-"):
        return "die Anlagen sind Anlage 1 und Anlage 2"
    numbers = ", ".join(s.number for s in sections)
    return f"die Abschnitte sind {numbers}; Nummer und Buchstaben prüfen"


def _duplicates(entries: Iterable[tuple[str, Source]], what: str, hint: str) -> Iterator[Problem]:
    first: dict[str, Source] = {}
    for key, source in entries:
        folded = key.casefold().strip()
        if folded in first:
            yield _at(
                source,
                f"{what} {key!r} steht zweimal da (zuerst in Zeile {first[folded].line})",
                hint,
            )
        first.setdefault(folded, source)


def _data_categories(agreement: Agreement) -> Iterator[Problem]:
    rows = ((row.category, row.source) for row in agreement.data_categories)
    yield from _duplicates(rows, "die Datenkategorie", "die beiden Zeilen zusammenführen")


def _instructions(agreement: Agreement) -> Iterator[Problem]:
    recipients = agreement.instructions.recipients
    yield from _duplicates(
        ((r.name, r.source) for r in recipients), "der Weisungsempfänger", "einen Eintrag löschen"
    )
    for recipient in recipients:
        if recipient.email and not is_email(recipient.email):
            yield _at(
                recipient.source,
                f"{recipient.email!r} ist keine E-Mail-Adresse",
                "als name@beispiel.at schreiben: ohne Leerzeichen, Klammern, Kommas oder "
                "Umlaute, nur eine Adresse",
            )
    contacts = [r for r in recipients if r.data_protection_contact]
    if len(contacts) != 1:
        where = recipients[0].source if recipients else Source(INSTRUCTIONS_FILE, 1)
        yield _at(
            where,
            f"{len(contacts)} Weisungsempfänger sind als data_protection_contact markiert, "
            "nötig ist genau einer",
            "genau einen mit `data_protection_contact: true` markieren: an diese Person richten "
            "die Kunden ihren Widerspruch (VI.c)",
        )


def _measures(agreement: Agreement) -> Iterator[Problem]:
    for position, category in enumerate(agreement.measures, start=1):
        if category.number != position:
            yield _at(
                category.source,
                f"die Maßnahmenkategorie {category.number} ist außer der Reihe: "
                f"erwartet ist {position}",
                "die Kategorien der Anlage 1 der Reihe nach 1, 2, 3, … nummerieren",
            )
        entries = ((measure, category.source) for measure in category.measures)
        yield from _duplicates(
            entries, f"die Maßnahme der Kategorie {category.number}", "eine davon löschen"
        )
        for replacement in category.replacements:
            if replacement.measure not in category.measures:
                yield _at(
                    category.source,
                    f"die Kategorie {category.number} nennt „{replacement.measure}“ als Ersatz, "
                    "führt diese Maßnahme aber nicht unter `measures`",
                    "unter `replacements` genau den Wortlaut einer Maßnahme der Kategorie als "
                    "`measure` schreiben",
                )
            if replacement.replaces in category.measures:
                yield _at(
                    category.source,
                    f"die Kategorie {category.number} ersetzt „{replacement.replaces}“, führt "
                    "diese Maßnahme aber weiter unter `measures`",
                    "die ersetzte Maßnahme aus `measures` streichen, oder den Eintrag unter "
                    "`replacements` löschen",
                )


def _subprocessors(agreement: Agreement) -> Iterator[Problem]:
    entries = ((s.name, s.source) for s in agreement.subprocessors)
    yield from _duplicates(
        entries, "der Subunternehmer", "jeden Subunternehmer nur einmal in Anlage 2 aufführen"
    )


def _third_countries(agreement: Agreement) -> Iterator[Problem]:
    """V.a keeps all processing in the EU/EEA; outside it only under a safeguard (V.b) that
    exists: an adequacy decision only for a country that has one (Art. 45), for the USA only
    for an organisation certified under the Data Privacy Framework; binding corporate rules
    (Art. 47) with the authority that approved them."""
    for subprocessor in agreement.subprocessors:
        yield from _safeguard_problems(subprocessor)
        if subprocessor.outside_eu_eea and subprocessor.safeguard is None:
            countries = ", ".join(
                dict.fromkeys(c for c in subprocessor.countries if c not in EU_EEA)
            )
            yield _at(
                subprocessor.source,
                f"der Subunternehmer {subprocessor.name!r} verarbeitet außerhalb der EU bzw. des "
                f"EWR ({countries}) ohne Garantie (V.a)",
                "in der EU bzw. im EWR bleiben, oder `safeguard:` mit `kind: "
                "angemessenheitsbeschluss`, `kind: standardvertragsklauseln` oder `kind: bcr` "
                "und einer `reference` ergänzen; die Kunden müssen dann schriftlich zustimmen "
                "(V.b)",
            )


def _safeguard_problems(subprocessor: Subprocessor) -> Iterator[Problem]:
    safeguard = subprocessor.safeguard
    if safeguard is None:
        return
    name = subprocessor.name
    abroad = list(dict.fromkeys(c for c in subprocessor.countries if c not in EU_EEA))
    if safeguard.kind == "angemessenheitsbeschluss":
        for country in abroad:
            decision = decision_for(country)
            if decision is None:
                yield _at(
                    subprocessor.source,
                    f"der Subunternehmer {name!r}: für {country} ({country_name(country)}) "
                    "besteht kein Angemessenheitsbeschluss der Kommission (Art. 45 DSGVO)",
                    "`kind: standardvertragsklauseln` (Art. 46 Abs. 2 lit. c DSGVO) oder "
                    "`kind: bcr` (Art. 47 DSGVO) mit ihrer Fundstelle angeben",
                )
            elif decision.number not in safeguard.reference:
                yield _at(
                    subprocessor.source,
                    f"der Subunternehmer {name!r}: die `reference` „{safeguard.reference}“ nennt "
                    f"nicht den Angemessenheitsbeschluss für {country} ({country_name(country)})",
                    f"`reference: {decision.decision}` schreiben",
                )
            elif country == "US" and not safeguard.dpf_certified:
                yield _at(
                    subprocessor.source,
                    f"der Subunternehmer {name!r}: der Angemessenheitsbeschluss für die USA gilt "
                    f"nur für Organisationen, die nach dem {DATA_PRIVACY_FRAMEWORK} zertifiziert "
                    "sind",
                    "`dpf_certified: true` setzen, wenn er auf der Data Privacy Framework List "
                    "steht, sonst `kind: standardvertragsklauseln`",
                )
    elif safeguard.dpf_certified:
        yield _at(
            subprocessor.source,
            f"der Subunternehmer {name!r}: `dpf_certified` gehört nur zu einem "
            "Angemessenheitsbeschluss für die USA",
            "`dpf_certified` löschen, oder `kind: angemessenheitsbeschluss` angeben",
        )
    if safeguard.kind == "bcr" and not safeguard.authority:
        yield _at(
            subprocessor.source,
            f"der Subunternehmer {name!r}: verbindliche interne Datenschutzvorschriften "
            "(Art. 47 DSGVO) ohne die Aufsichtsbehörde, die sie genehmigt hat",
            "`authority:` mit der genehmigenden Aufsichtsbehörde ergänzen",
        )
    elif safeguard.kind != "bcr" and safeguard.authority:
        yield _at(
            subprocessor.source,
            f"der Subunternehmer {name!r}: `authority` gehört nur zu `kind: bcr`",
            "`authority` löschen, oder `kind: bcr` angeben",
        )
