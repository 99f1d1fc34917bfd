"""Reading `contract/` and `annexes/` into the model, from a folder or from the files of a commit.

The files come in as a mapping of path to text, so the same code reads a work tree and a git tree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TypeVar, cast, get_args

import pycountry

from avv.contract_text import ContractText, read_contract_text
from avv.errors import InvalidAgreement, Problem
from avv.model import (
    VERSION_ID,
    Agreement,
    Annex,
    Controller,
    ControllerSignature,
    DataCategory,
    InstructionRecipient,
    Instructions,
    Location,
    MeasureCategory,
    Meta,
    Processor,
    ProcessorSignature,
    Safeguard,
    SafeguardKind,
    Source,
    Subprocessor,
)
from avv.objection import parse_stated
from avv.validate import validate
from avv.yamlfields import Fields, compose

CONTRACT = "contract/avv.md"
META = "contract/meta.yaml"
DATA_CATEGORIES = "annexes/datenkategorien.yaml"
INSTRUCTIONS = "annexes/weisungen.yaml"
MEASURES = "annexes/anlage-1.yaml"
SUBPROCESSORS = "annexes/anlage-2.yaml"
CONTENT_FILES = (CONTRACT, META, DATA_CATEGORIES, INSTRUCTIONS, MEASURES, SUBPROCESSORS)
CONTENT_DIRS = ("contract", "annexes")

T = TypeVar("T")

# Stand-ins for what could not be read: the problem is reported, and reading goes on.
_NO_DATE = date.min
_EMPTY_META = Meta(
    version="",
    published=_NO_DATE,
    effective=_NO_DATE,
    processor=Processor("", "", "", "", "", "", "", ""),
    controller=Controller("", "", ""),
    processor_signature=ProcessorSignature("", "", _NO_DATE, ""),
    controller_signature=ControllerSignature("", "", "", ""),
)

SAFEGUARD_KINDS = get_args(SafeguardKind)


def read_folder(root: Path) -> dict[str, str]:
    """The content files below `root`, by path relative to it."""
    files: dict[str, str] = {}
    for folder in CONTENT_DIRS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                files[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
    return files


def load_folder(root: Path) -> Agreement:
    return load(read_folder(root))


def load(files: Mapping[str, str]) -> Agreement:
    """The agreement of these files; raises InvalidAgreement with every problem found."""
    problems: list[Problem] = []
    agreement = _parse(files, problems)
    parse_problems = {p.path for p in problems}
    # A file that does not parse yields stand-in values; the rules would only repeat that.
    problems += [p for p in validate(agreement) if p.path not in parse_problems]
    if problems:
        raise InvalidAgreement(problems)
    return agreement


def _parse(files: Mapping[str, str], problems: list[Problem]) -> Agreement:
    for path in sorted(set(files) - set(CONTENT_FILES)):
        problems.append(
            Problem(
                path, 0, "unknown file in the content", f"the content is {', '.join(CONTENT_FILES)}"
            )
        )
    contract = _file(files, CONTRACT, problems)
    text = read_contract_text(contract, CONTRACT, problems) if CONTRACT in files else ContractText()
    meta = _fields(files, META, "contract/meta.yaml", problems)
    data = _fields(files, DATA_CATEGORIES, "the data categories (III)", problems)
    instructions = _fields(files, INSTRUCTIONS, "the instructions (VIII)", problems)
    measures = _fields(files, MEASURES, "Anlage 1", problems)
    subprocessors = _fields(files, SUBPROCESSORS, "Anlage 2", problems)
    measures_title = measures.text("title") if measures else ""
    subprocessors_title = subprocessors.text("title") if subprocessors else ""
    agreement = Agreement(
        meta=_meta(meta),
        title=text.title,
        preamble=tuple(text.preamble),
        sections=tuple(text.sections),
        data_category_columns=_columns(data, ("category", "purpose", "duration", "persons")),
        data_categories=tuple(_rows(data, "categories", _data_category)),
        instructions=_instructions(instructions),
        measures_annex=Annex("anlage-1", 1, measures_title),
        measures=tuple(_rows(measures, "categories", _measure_category)),
        subprocessors_annex=Annex("anlage-2", 2, subprocessors_title),
        subprocessor_columns=_columns(subprocessors, ("name", "address", "purpose")),
        subprocessors=tuple(_rows(subprocessors, "subprocessors", _subprocessor)),
    )
    for fields in (meta, data, instructions, measures, subprocessors):
        if fields:
            fields.done()
    return agreement


def _file(files: Mapping[str, str], path: str, problems: list[Problem]) -> str:
    if path not in files:
        problems.append(Problem(path, 0, "the file is missing", "restore it from the last version"))
    return files.get(path, "")


def _fields(
    files: Mapping[str, str], path: str, what: str, problems: list[Problem]
) -> Fields | None:
    text = _file(files, path, problems)
    node = compose(text, path, problems) if path in files else None
    return None if node is None else Fields(node, path, problems, what)


def _meta(fields: Fields | None) -> Meta:
    if fields is None:
        return _EMPTY_META
    version = fields.text("version")
    if version and not VERSION_ID.match(version):
        fields.problem(
            fields.line_of("version"),
            f"the version id {version!r} is not a date",
            "write the id as YYYY-MM-DD, e.g. 2021-02-19; a second version of a day adds -2",
        )
    published = fields.date("published")
    effective = fields.date("effective")
    if published and effective and published > effective:
        fields.problem(
            fields.line_of("effective"),
            f"effective ({effective}) is before published ({published})",
            "a version takes effect on or after the day it is announced",
        )
    objection_period = fields.optional_text("objection_period")
    if objection_period is not None and parse_stated(objection_period) is None:
        fields.problem(
            fields.line_of("objection_period"),
            f"objection_period {objection_period!r} ist keine Frist in Tagen, Wochen oder Monaten",
            "schreiben Sie sie wie in Punkt VI.c, z. B. `objection_period: binnen eines Monats`",
        )
    processor = fields.mapping("processor", "the processor (processor)")
    controller = fields.mapping("controller", "the controller (controller)")
    signature = fields.mapping("signature", "the signature block (signature)")
    return Meta(
        version=version,
        published=published or _NO_DATE,
        effective=effective or _NO_DATE,
        processor=_processor(processor) if processor else _EMPTY_META.processor,
        controller=_controller(controller) if controller else _EMPTY_META.controller,
        processor_signature=_processor_signature(signature),
        controller_signature=_controller_signature(signature),
        objection_period=objection_period,
    )


def _processor(fields: Fields) -> Processor:
    processor = Processor(
        role=fields.text("role"),
        basis=fields.text("basis"),
        name=fields.text("name"),
        street=fields.text("street"),
        postal_code=fields.text("postal_code"),
        city=fields.text("city"),
        country=fields.text("country"),
        register_number=fields.text("register_number"),
    )
    fields.done()
    return processor


def _controller(fields: Fields) -> Controller:
    controller = Controller(fields.text("role"), fields.text("basis"), fields.text("blank"))
    fields.done()
    return controller


def _processor_signature(signature: Fields | None) -> ProcessorSignature:
    fields = signature.mapping("processor", "the processor's signature") if signature else None
    if fields is None:
        return _EMPTY_META.processor_signature
    result = ProcessorSignature(
        fields.text("heading"),
        fields.text("place"),
        fields.date("date") or _NO_DATE,
        fields.text("signatory"),
    )
    fields.done()
    return result


def _controller_signature(signature: Fields | None) -> ControllerSignature:
    fields = signature.mapping("controller", "the controller's signature") if signature else None
    if fields is None:
        return _EMPTY_META.controller_signature
    keys = ("heading", "place_and_date_blank", "signatory_blank", "signatory_label")
    result = ControllerSignature(*(fields.text(key) for key in keys))
    fields.done()
    return result


def _columns(fields: Fields | None, keys: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    columns = fields.mapping("columns", "the column headings (columns)") if fields else None
    if columns is None:
        return tuple((key, key) for key in keys)
    result = tuple((key, columns.text(key)) for key in keys)
    columns.done()
    return result


def _rows(fields: Fields | None, key: str, read: Callable[[Fields], T]) -> list[T]:
    if fields is None:
        return []
    rows = []
    for number, node in enumerate(fields.sequence(key), start=1):
        row = Fields(node, fields.path, fields.problems, f"entry {number} of '{key}'")
        rows.append(read(row))
        row.done()
    return rows


def _data_category(fields: Fields) -> DataCategory:
    return DataCategory(
        category=fields.text("category"),
        purpose=fields.lines("purpose"),
        duration=fields.lines("duration"),
        persons=fields.lines("persons"),
        source=Source(fields.path, fields.line),
    )


def _instructions(fields: Fields | None) -> Instructions:
    if fields is None:
        return Instructions("", ())
    return Instructions(
        authorised_persons_blank=fields.text("authorised_persons_blank"),
        recipients=tuple(_rows(fields, "recipients", _recipient)),
    )


def _recipient(fields: Fields) -> InstructionRecipient:
    return InstructionRecipient(
        name=fields.text("name"),
        function=fields.text("function"),
        email=fields.text("email"),
        phone=fields.optional_text("phone"),
        data_protection_contact=fields.boolean("data_protection_contact"),
        source=Source(fields.path, fields.line),
    )


def _measure_category(fields: Fields) -> MeasureCategory:
    return MeasureCategory(
        number=fields.integer("number"),
        title=fields.text("title"),
        description=fields.text("description"),
        measures=fields.texts("measures"),
        source=Source(fields.path, fields.line),
    )


def _subprocessor(fields: Fields) -> Subprocessor:
    return Subprocessor(
        name=fields.text("name"),
        address=fields.text("address"),
        country=_country(fields),
        purpose=fields.text("purpose"),
        processing_location=_location(fields.mapping("processing_location", "the location", False)),
        since=fields.date("since", required=False),
        data_categories=fields.texts("data_categories", required=False),
        safeguard=_safeguard(fields.mapping("safeguard", "the safeguard", False)),
        source=Source(fields.path, fields.line),
    )


def _location(fields: Fields | None) -> Location | None:
    if fields is None:
        return None
    location = Location(fields.text("address"), _country(fields))
    fields.done()
    return location


def _country(fields: Fields) -> str:
    code = fields.text("country")
    if code and pycountry.countries.get(alpha_2=code) is None:
        fields.problem(
            fields.line_of("country"),
            f"{code!r} is not an ISO 3166-1 country code",
            "write the two capital letters of the country, e.g. AT, DE, NL",
        )
    return code


def _safeguard(fields: Fields | None) -> Safeguard | None:
    if fields is None:
        return None
    kind = fields.text("kind")
    if kind not in SAFEGUARD_KINDS:
        fields.problem(
            fields.line_of("kind"),
            f"unknown safeguard kind {kind!r}",
            f"write one of: {', '.join(SAFEGUARD_KINDS)}",
        )
    safeguard = Safeguard(cast(SafeguardKind, kind), fields.text("reference"))
    fields.done()
    return safeguard
