"""The agreement as typed data: everything the project shows is made from these classes."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, Literal, TypeVar

ClauseKind = Literal["lettered", "bullet", "paragraph", "block"]
# A field that the canonical data leaves out while it is empty, so that the hash of a version
# written before the field existed stays what it was.
OMIT_EMPTY = "omit_empty"

SafeguardKind = Literal["angemessenheitsbeschluss", "standardvertragsklauseln", "bcr"]

# A version id is the date of the version, with a suffix for a second version of one day. Ids
# become folder names, URLs and e-mail headers: ASCII only, matched whole, and short.
VERSION_ID = re.compile(r"(\d{4}-\d{2}-\d{2})(?:-[0-9a-z]+)*", re.ASCII)
VERSION_ID_LENGTH = 32
# A date is written YYYY-MM-DD, nothing else (no week dates, no times, no 20210219); the years
# keep every date and the periods counted from it within what the calendar functions handle.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
YEARS = range(1900, 3000)

ROMAN = tuple("I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split())

# Blocks of data that the contract text places with `{{ name }}`.
BLOCKS = (
    "auftragnehmer",
    "auftraggeber",
    "datenkategorien",
    "weisungsberechtigte",
    "weisungsempfaenger",
    "unterschriften",
)

# EU member states and the other EEA states (Iceland, Liechtenstein, Norway), ISO 3166-1 alpha-2.
EU = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
EU_EEA = frozenset([*EU.split(), "IS", "LI", "NO"])


@dataclass(frozen=True)
class Source:
    """Where a piece of the agreement was read from, for error messages and review findings."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


UNKNOWN = Source("", 0)


def iso_date(text: str) -> date | None:
    """The date written as `YYYY-MM-DD`, a real day of the years 1900 to 2999; else None."""
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day.year in YEARS else None


def is_version_id(text: str) -> bool:
    """Whether `text` is a version id: a real date, optionally a short suffix such as `-2`."""
    match = VERSION_ID.fullmatch(text)
    return match is not None and len(text) <= VERSION_ID_LENGTH and iso_date(match[1]) is not None


@dataclass(frozen=True)
class Span:
    """A run of rich text, bold or not, that may refer to a section, clause or annex by its id."""

    text: str
    bold: bool = False
    target: str | None = None


RichText = tuple[Span, ...]


@dataclass(frozen=True)
class Clause:
    """A lettered clause (`vi-c`), an unlettered bullet or paragraph, or a block of data."""

    id: str
    label: str
    text: str
    kind: ClauseKind
    items: tuple[str, ...] = ()
    block: str | None = None
    source: Source = field(default=UNKNOWN, compare=False)


@dataclass(frozen=True)
class Section:
    id: str
    number: str
    title: str
    clauses: tuple[Clause, ...]
    source: Source = field(default=UNKNOWN, compare=False)

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass(frozen=True)
class Processor:
    role: str
    basis: str
    name: str
    street: str
    postal_code: str
    city: str
    country: str
    register_number: str

    @property
    def address_lines(self) -> tuple[str, ...]:
        return (self.street, f"{self.postal_code} {self.city}", self.country)


@dataclass(frozen=True)
class Controller:
    """The customer: the agreement leaves its identity as a blank to fill in."""

    role: str
    basis: str
    blank: str


@dataclass(frozen=True)
class ProcessorSignature:
    heading: str
    place: str
    date: date
    signatory: str


@dataclass(frozen=True)
class ControllerSignature:
    heading: str
    place_and_date_blank: str
    signatory_blank: str
    signatory_label: str


@dataclass(frozen=True)
class Meta:
    version: str
    published: date
    effective: date
    processor: Processor
    controller: Controller
    processor_signature: ProcessorSignature
    controller_signature: ControllerSignature
    # The objection period that applies to this version's notice, as written in meta.yaml
    # ("binnen eines Monats"); needed where VI.c or V changes together with subprocessors.
    objection_period: str | None = None

    @property
    def processor_signed(self) -> bool:
        """Whether the processor's signature block is this version's: dated on or after its
        `published`. An older one (the text of 2021, signed in 2021) never stands under a later
        version; its copies print the processor's blank to sign instead."""
        return self.processor_signature.date >= self.published


@dataclass(frozen=True)
class DataCategory:
    """A row of the table in III; a cell of several lines is a tuple of lines."""

    category: str
    purpose: tuple[str, ...]
    duration: tuple[str, ...]
    persons: tuple[str, ...]
    source: Source = field(default=UNKNOWN, compare=False)


@dataclass(frozen=True)
class InstructionRecipient:
    """A person of the processor who receives the customer's instructions (VIII)."""

    name: str
    function: str
    email: str
    phone: str | None = None
    data_protection_contact: bool = False
    source: Source = field(default=UNKNOWN, compare=False)

    @property
    def line(self) -> str:
        """The entry as VIII writes it: the data protection contact's function in brackets."""
        head = (
            f"{self.name} ({self.function})"
            if self.data_protection_contact
            else f"{self.name}, {self.function}"
        )
        return ", ".join(part for part in (head, self.email, self.phone) if part)


@dataclass(frozen=True)
class Instructions:
    authorised_persons_blank: str
    recipients: tuple[InstructionRecipient, ...]

    @property
    def data_protection_contact(self) -> InstructionRecipient:
        marked = [r for r in self.recipients if r.data_protection_contact]
        return marked[0] if marked else self.recipients[0]


@dataclass(frozen=True)
class Replacement:
    """A measure of Anlage 1 named as taking the place of one this version removes: the
    protection is adapted (VII.b), not lowered, so the change stays a notice (VII.c)."""

    measure: str
    replaces: str


@dataclass(frozen=True)
class MeasureCategory:
    """A numbered category of Anlage 1 with its technical and organisational measures, and the
    measures named as replacing removed ones (`replacements`)."""

    number: int
    title: str
    description: str
    measures: tuple[str, ...]
    replacements: tuple[Replacement, ...] = field(default=(), metadata={OMIT_EMPTY: True})
    source: Source = field(default=UNKNOWN, compare=False)

    def replacement_of(self, removed: str) -> str | None:
        """The measure of this category named as replacing `removed`, where it has one."""
        return next(
            (
                r.measure
                for r in self.replacements
                if r.replaces == removed and r.measure in self.measures
            ),
            None,
        )

    @property
    def key(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass(frozen=True)
class Location:
    address: str
    country: str


@dataclass(frozen=True)
class Safeguard:
    """Why a transfer outside the EU/EEA is lawful: an adequacy decision (Art. 45 DSGVO; for the
    USA only with a certification under the EU-US Data Privacy Framework, `dpf_certified`),
    standard contractual clauses (Art. 46 Abs. 2 lit. c DSGVO), or binding corporate rules
    (Art. 47 DSGVO, approved by the supervisory authority named in `authority`)."""

    kind: SafeguardKind
    reference: str
    authority: str = field(default="", metadata={OMIT_EMPTY: True})
    dpf_certified: bool = field(default=False, metadata={OMIT_EMPTY: True})


@dataclass(frozen=True)
class Subprocessor:
    name: str
    address: str
    country: str
    purpose: str
    processing_location: Location | None = None
    since: date | None = None
    data_categories: tuple[str, ...] = ()
    safeguard: Safeguard | None = None
    source: Source = field(default=UNKNOWN, compare=False)

    @property
    def address_cell(self) -> str:
        """The Anschrift cell as Anlage 2 prints it: the data centre first where it differs."""
        if self.processing_location is None:
            return self.address
        return (
            f"Sitz unseres Rechenzentrums ist {self.processing_location.address}; "
            f"Hauptsitz von {self.name} ist {self.address}"
        )

    @property
    def countries(self) -> tuple[str, ...]:
        located = (self.processing_location.country,) if self.processing_location else ()
        return (self.country, *located)

    @property
    def outside_eu_eea(self) -> bool:
        return any(code not in EU_EEA for code in self.countries)


@dataclass(frozen=True)
class Annex:
    id: str
    number: int
    title: str


@dataclass(frozen=True)
class Agreement:
    meta: Meta
    title: str
    preamble: tuple[Clause, ...]
    sections: tuple[Section, ...]
    data_category_columns: tuple[tuple[str, str], ...]
    data_categories: tuple[DataCategory, ...]
    instructions: Instructions
    measures_annex: Annex
    measures: tuple[MeasureCategory, ...]
    subprocessors_annex: Annex
    subprocessor_columns: tuple[tuple[str, str], ...]
    subprocessors: tuple[Subprocessor, ...]
    # Every text that the pages show as rich text, parsed once when the agreement is read.
    rich: Mapping[str, RichText] = field(default_factory=dict, compare=False, repr=False)

    @property
    def version(self) -> str:
        return self.meta.version

    @property
    def annexes(self) -> tuple[Annex, ...]:
        return (self.measures_annex, self.subprocessors_annex)

    def clauses(self) -> dict[str, Clause]:
        return {clause.id: clause for section in self.sections for clause in section.clauses}

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)


T = TypeVar("T")


class ByIdentity(Generic[T]):
    """Values computed of versions, kept by the identity of the Agreement objects (with a
    label) for as long as they are among the latest `size`: a history's versions are read once
    a process (avv.repo.history) and the work tree's while its files are the same, and a value
    by value would hash every version of the history at every look-up."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._known: OrderedDict[tuple[object, ...], tuple[tuple[Agreement, ...], T]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()

    def get(self, label: Hashable, versions: tuple[Agreement, ...], make: Callable[[], T]) -> T:
        key = (label, *map(id, versions))
        with self._lock:
            known = self._known.get(key)
            if known is not None and all(a is b for a, b in zip(known[0], versions, strict=True)):
                self._known.move_to_end(key)
                return known[1]
        value = make()
        with self._lock:
            self._known[key] = (versions, value)
            while len(self._known) > self._size:
                self._known.popitem(last=False)
        return value
