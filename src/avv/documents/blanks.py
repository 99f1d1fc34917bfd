"""The customer's blanks: what the controller fills in before signing, as data from the model.

The agreement marks its blanks in the content: the controller's identity (`controller.blank` in
`contract/meta.yaml`), the customer's authorised persons (`authorised_persons_blank` in
`annexes/weisungen.yaml`) and the controller's part of the signature block. A blank's text names
its fields where it lists them in brackets (`[Vorname, Nachname, Funktion, …]`), so a field that a
later version adds to the list appears in the form and in the CLI's YAML by itself; a label that
ends in "(optional)" may stay empty. The controller's identity without such a list has the fields
of a party as the processor's block shows them; the signature's name fields come from its label
("Name und Funktion").

The entries of a customer (the CLI's `--controller FILE.yaml`) are read here too, every problem at
once as `file:line: was falsch ist — wie man es behebt`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import yaml

from avv.content import canonical, characters
from avv.content.yamlfields import compose
from avv.errors import InvalidAgreement, Problem
from avv.german import format_date
from avv.model import Agreement, Clause

FieldKind = Literal["text", "email", "tel", "date"]

CONTROLLER = "auftraggeber"
AUTHORISED_PERSONS = "weisungsberechtigte"
SIGNATURE = "unterschrift"

MAX_LENGTH = 200
MAX_PERSONS = 20

_LIST = re.compile(r"\[([^\]]+)\]")
_OPTIONAL = re.compile(r"\s*\(optional\)\s*$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_TEL = re.compile(r"^\+?[0-9 ()/.-]{3,}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_GERMAN_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True)
class BlankField:
    """One field of a blank: `key` in the YAML and the form, `label` as the customer reads it.

    `joins_previous` prints the value on the line of the field before (postcode and town)."""

    key: str
    label: str
    kind: FieldKind = "text"
    required: bool = True
    joins_previous: bool = False


@dataclass(frozen=True)
class Blank:
    """A blank of the agreement: its fields, and whether it takes several entries (persons)."""

    id: str
    title: str
    hint: str
    fields: tuple[BlankField, ...]
    repeated: bool = False

    def field(self, key: str) -> BlankField | None:
        return next((f for f in self.fields if f.key == key), None)


# The controller is a party like the processor: the fields its block in the preamble shows.
PARTY_FIELDS = (
    BlankField("firma", "Firma"),
    BlankField("strasse", "Straße und Hausnummer"),
    BlankField("postleitzahl", "Postleitzahl"),
    BlankField("ort", "Ort", joins_previous=True),
    BlankField("land", "Land"),
    BlankField("firmenbuchnummer", "Firmenbuchnummer", required=False),
)
PLACE_AND_DATE = (
    BlankField("ort", "Ort", required=False),
    BlankField("datum", "Datum", kind="date", required=False),
)


def key_of(label: str) -> str:
    """The YAML and form key of a label: `E-Mail-Adresse` → `e_mail_adresse`."""
    text = label.lower().translate(_GERMAN_LETTERS)
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def kind_of(label: str) -> FieldKind:
    lowered = label.lower()
    if "e-mail" in lowered or "email" in lowered:
        return "email"
    if "telefon" in lowered:
        return "tel"
    if "datum" in lowered:
        return "date"
    return "text"


def listed_fields(text: str) -> tuple[BlankField, ...]:
    """The fields a blank's text lists in brackets; none when it lists none.

    A phone number may stay empty, as it may for the processor's own recipients in VIII."""
    found = _LIST.search(text)
    if found is None:
        return ()
    result: list[BlankField] = []
    for part in found.group(1).split(","):
        optional = bool(_OPTIONAL.search(part))
        label = " ".join(_OPTIONAL.sub("", part).split())
        if not label or any(f.key == key_of(label) for f in result) or not key_of(label):
            continue
        kind = kind_of(label)
        result.append(BlankField(key_of(label), label, kind, not optional and kind != "tel"))
    return tuple(result)


def _named_fields(label: str) -> tuple[BlankField, ...]:
    """`Name und Funktion` → the fields Name and Funktion."""
    parts = [p.strip() for p in re.split(r",| und ", label) if p.strip()]
    return tuple(BlankField(key_of(p), p, kind_of(p)) for p in parts if key_of(p))


def blanks(agreement: Agreement) -> tuple[Blank, ...]:
    """The customer's blanks of this version, in the order the agreement shows them."""
    meta = agreement.meta
    controller = meta.controller
    persons = agreement.instructions.authorised_persons_blank
    signature = meta.controller_signature
    placed = {c.block for c in (*agreement.preamble, *_clauses(agreement)) if c.block}
    found: list[Blank] = []
    if CONTROLLER in placed:
        found.append(
            Blank(
                CONTROLLER,
                f"Auftraggeber ({controller.role})" if controller.role else "Auftraggeber",
                _plain(controller.blank),
                listed_fields(controller.blank) or PARTY_FIELDS,
            )
        )
    if AUTHORISED_PERSONS in placed and listed_fields(persons):
        found.append(
            Blank(
                AUTHORISED_PERSONS,
                "Weisungsberechtigte Personen des Auftraggebers (Punkt VIII)",
                _plain(persons),
                listed_fields(persons),
                repeated=True,
            )
        )
    names = listed_fields(signature.signatory_label) or _named_fields(signature.signatory_label)
    found.append(
        Blank(
            SIGNATURE,
            f"Unterschrift – {_plain(signature.heading)}" if signature.heading else "Unterschrift",
            _plain(signature.signatory_label),
            (*PLACE_AND_DATE, *(f for f in names if f.key not in {"ort", "datum"})),
        )
    )
    return tuple(found)


def _clauses(agreement: Agreement) -> list[Clause]:
    return [clause for section in agreement.sections for clause in section.clauses]


def _plain(text: str) -> str:
    return text.replace("**", "")


# The customer's entries -----------------------------------------------------------------------


Record = Mapping[str, str]
Records = tuple[Record, ...]


@dataclass(frozen=True)
class Entries:
    """What the customer wrote into each blank: one record per entry, by blank id."""

    values: Mapping[str, tuple[Record, ...]]

    def of(self, blank_id: str) -> tuple[Record, ...]:
        return self.values.get(blank_id, ())


def check_value(field: BlankField, value: str) -> str | None:
    """What is wrong with a value, in German, or None; shared by the CLI and the page's rules."""
    if not value.strip():
        return None if not field.required else f"„{field.label}“ ist leer"
    if "\n" in value.strip() or _CONTROL.search(value):
        return f"„{field.label}“ muss eine Zeile ohne Steuerzeichen sein"
    if found := characters.refused(value):
        return f"„{field.label}“ enthält {found.described} in Spalte {found.column}"
    if word := characters.mixed_word(value):
        return f"„{field.label}“: {characters.mixed_described(word)}"
    if len(value) > MAX_LENGTH:
        return f"„{field.label}“ ist länger als {MAX_LENGTH} Zeichen"
    if field.kind == "email" and not _EMAIL.match(value.strip()):
        return f"„{field.label}“ ist keine E-Mail-Adresse: {value.strip()!r}"
    if field.kind == "tel" and not _TEL.match(value.strip()):
        return f"„{field.label}“ ist keine Telefonnummer: {value.strip()!r}"
    if field.kind == "date":
        try:
            date.fromisoformat(value.strip())
        except ValueError:
            return f"„{field.label}“ ist kein Datum: {value.strip()!r}"
    return None


def read_entries(text: str, path: str, found: Sequence[Blank]) -> Entries:
    """The entries of a YAML file for these blanks; raises InvalidAgreement with every problem."""
    problems: list[Problem] = []
    node = compose(text, path, problems)
    values: dict[str, tuple[Record, ...]] = {}
    if node is not None:
        values = _Reader(path, problems).document(node, {b.id: b for b in found})
    if problems:
        raise InvalidAgreement(problems)
    return Entries(values)


class _Reader:
    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems

    def problem(self, node: yaml.Node, message: str, hint: str) -> None:
        self.problems.append(Problem(self.path, node.start_mark.line + 1, message, hint))

    def mapping(self, node: yaml.Node, what: str, known: Sequence[str]) -> dict[str, yaml.Node]:
        """The mapping's values by key; duplicate and unknown keys are problems."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} muss eine Zuordnung sein", "schreiben Sie `feld: Wert`")
            return {}
        result: dict[str, yaml.Node] = {}
        for key_node, value in node.value:
            key = str(key_node.value)
            if key in result:
                self.problem(key_node, f"„{key}“ steht zweimal in {what}", "behalten Sie eines")
            elif key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = (
                    f"meinten Sie „{close[0]}“?" if close else f"bekannt sind: {', '.join(known)}"
                )
                self.problem(key_node, f"unbekanntes Feld „{key}“ in {what}", hint)
            else:
                result[key] = value
        return result

    def document(
        self, node: yaml.Node, known: Mapping[str, Blank]
    ) -> dict[str, tuple[Record, ...]]:
        top = self.mapping(node, "der Datei", list(known))
        values: dict[str, tuple[Record, ...]] = {}
        for blank in known.values():
            value = top.get(blank.id)
            if value is None:
                if any(f.required for f in blank.fields):
                    self.problems.append(
                        Problem(
                            self.path,
                            node.start_mark.line + 1,
                            f"„{blank.id}“ fehlt ({blank.title})",
                            f"ergänzen Sie `{blank.id}:` mit {_keys(blank)}",
                        )
                    )
                continue
            values[blank.id] = self.blank(blank, value)
        return values

    def blank(self, blank: Blank, node: yaml.Node) -> tuple[Record, ...]:
        if not blank.repeated:
            return (self.record(blank, node, f"„{blank.id}“"),)
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.problem(
                node,
                f"„{blank.id}“ muss eine Liste von Personen sein",
                f"schreiben Sie je Person `- {blank.fields[0].key}: …` und die weiteren Felder",
            )
            return ()
        if len(node.value) > MAX_PERSONS:
            self.problem(
                node, f"„{blank.id}“ hat mehr als {MAX_PERSONS} Einträge", "kürzen Sie die Liste"
            )
        return tuple(
            self.record(blank, item, f"Eintrag {number} von „{blank.id}“")
            for number, item in enumerate(node.value[:MAX_PERSONS], start=1)
        )

    def record(self, blank: Blank, node: yaml.Node, what: str) -> Record:
        given = self.mapping(node, what, [f.key for f in blank.fields])
        record: dict[str, str] = {}
        for field in blank.fields:
            value = given.get(field.key)
            if value is None:
                if field.required and isinstance(node, yaml.MappingNode):
                    self.problem(
                        node, f"{what} hat kein „{field.key}“ ({field.label})", _add(field)
                    )
                continue
            if not isinstance(value, yaml.ScalarNode):
                self.problem(value, f"„{field.key}“ in {what} muss ein Text sein", _add(field))
                continue
            text = "" if value.tag == "tag:yaml.org,2002:null" else str(value.value)
            wrong = check_value(field, text)
            if wrong is not None:
                self.problem(value, f"{wrong} (in {what})", _add(field))
            elif text.strip():
                record[field.key] = text.strip()
        return record


def _keys(blank: Blank) -> str:
    return ", ".join(f.key for f in blank.fields)


def _add(field: BlankField) -> str:
    example = {
        "email": "name@example.com",
        "tel": "+43 316 123456",
        "date": "2026-12-01",
    }.get(field.kind, "…")
    return f"schreiben Sie `{field.key}: {example}`"


def example_yaml(found: Sequence[Blank], version: str) -> str:
    """A controller file to fill in: every blank and field, each with its label."""
    lines = [f"# Eingaben des Auftraggebers zur AVV, Version {version} (avv sign-copy)."]
    for blank in found:
        lines.append(f"{blank.id}:  # {blank.title}")
        for number, field in enumerate(blank.fields):
            lead = ("  - " if number == 0 else "    ") if blank.repeated else "  "
            notes = [field.label]
            if field.kind == "date":
                notes.append("JJJJ-MM-TT")
            if not field.required:
                notes.append("optional")
            lines.append(f'{lead}{field.key}: ""  # {", ".join(notes)}')
        if blank.repeated:
            lines.append("  # weitere Personen: je ein Eintrag, beginnend mit `- `")
    return "\n".join(lines) + "\n"


BLANK_LINE = "....."
"""What a copy prints where a blank was left empty, to be filled in by hand."""


def footer_text(agreement: Agreement) -> str:
    meta = agreement.meta
    return (
        f"Version {meta.version} · gültig ab {format_date(meta.effective)} · "
        f"SHA-256 {canonical.content_hash(agreement)}"
    )


def lines_of(blank: Blank, record: Record) -> list[str]:
    """The entries of a blank written as lines: one a field, postcode and town on one."""
    lines: list[str] = []
    for field in blank.fields:
        value = record.get(field.key, "")
        if not value:
            continue
        if field.joins_previous and lines:
            lines[-1] += f" {value}"
        else:
            lines.append(value)
    return lines
