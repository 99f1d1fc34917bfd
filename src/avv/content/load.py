"""Reading `contract/` and `annexes/` into the model, from a folder or from the files of a commit.

The files come in as a mapping of path to text, so the same code reads a work tree and a git tree.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TypeVar, cast, get_args

import pycountry

from avv.content.contract_text import ContractText, read_contract_text
from avv.content.references import rich_texts
from avv.content.validate import validate
from avv.content.yamlfields import Fields, compose
from avv.errors import InvalidAgreement, Problem
from avv.law.objection import parse_stated
from avv.model import (
    VERSION_ID_LENGTH,
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
    Replacement,
    Safeguard,
    SafeguardKind,
    Source,
    Subprocessor,
    is_version_id,
)

CONTRACT = "contract/avv.md"
META = "contract/meta.yaml"
DATA_CATEGORIES = "annexes/datenkategorien.yaml"
INSTRUCTIONS = "annexes/weisungen.yaml"
MEASURES = "annexes/anlage-1.yaml"
SUBPROCESSORS = "annexes/anlage-2.yaml"
CONTENT_FILES = (CONTRACT, META, DATA_CATEGORIES, INSTRUCTIONS, MEASURES, SUBPROCESSORS)
CONTENT_DIRS = ("contract", "annexes")

T = TypeVar("T")

# The largest file the content may hold: the largest today is 14 KB. A larger one is a mistake
# (a pasted export, a binary), and reading it would take minutes and gigabytes.
MAX_BYTES = 256 * 1024
MAX_SIZE = "256 KB"
BOM = "\ufeff"
# What `read_folder` made of bytes that are not UTF-8, so that `load` can say where they are.
_NOT_UTF8 = re.compile("[\udc80-\udcff]")

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


class Unread(str):
    """What stood at a content path instead of a readable file (a symbolic link, a FIFO, a
    device, a folder, a submodule, a file too large), as a problem to report: nothing of it was
    read, so no line of a file outside the repository reaches a message. Empty as text."""

    message: str
    hint: str

    def __new__(cls, message: str, hint: str) -> Unread:
        unread = super().__new__(cls, "")
        unread.message, unread.hint = message, hint
        return unread


NOT_A_FILE_HINT = (
    "an diese Stelle gehört eine gewöhnliche Datei des Repositorys; das Ziel eines Links wird nie "
    "gelesen: den Link (oder was dort steht) durch die Datei selbst ersetzen"
)


def not_a_file(what: str) -> Unread:
    return Unread(f"{what} statt einer gewöhnlichen Datei", NOT_A_FILE_HINT)


def too_large(size: int) -> Unread:
    return Unread(
        f"die Datei ist größer als {MAX_SIZE} ({size:,} Bytes)".replace(",", "."),
        f"höchstens {MAX_SIZE} je Datei: prüfen, ob etwas Falsches hineinkopiert wurde",
    )


_KINDS = (
    (stat.S_ISLNK, "ein symbolischer Link"),
    (stat.S_ISFIFO, "eine FIFO (named pipe)"),
    (stat.S_ISCHR, "ein Gerät"),
    (stat.S_ISBLK, "ein Gerät"),
    (stat.S_ISSOCK, "ein Socket"),
)


def read_folder(root: Path) -> dict[str, str]:
    """The content files below `root`, by path relative to it.

    Only regular files are read, and only as far as one byte past the limit; a symbolic link,
    FIFO, device or folder where a file belongs is kept as `Unread`, so that `load` reports it
    with its path, and nothing outside the repository is ever opened. Bytes that are not UTF-8
    are kept as surrogates, so that `load` reports them with their line.
    """
    files: dict[str, str] = {}
    for folder in CONTENT_DIRS:
        _read_entry(root, folder, files)
    return files


def _read_entry(root: Path, relative: str, files: dict[str, str]) -> None:
    path = root / relative
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return  # missing, or below a file: `load` reports the file as missing
    if stat.S_ISDIR(mode) and relative not in CONTENT_FILES:
        for child in sorted(os.listdir(path)):
            _read_entry(root, f"{relative}/{child}", files)
    elif stat.S_ISDIR(mode):
        files[relative] = not_a_file("ein Ordner")
    elif stat.S_ISREG(mode):
        files[relative] = _read_regular(path)
    else:
        files[relative] = not_a_file(next(what for test, what in _KINDS if test(mode)))


def _read_regular(path: Path) -> str:
    """A regular file, opened so that nothing else can take its place between the look and the
    read (no link followed, no FIFO waited for)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return not_a_file("etwas anderes")
    with os.fdopen(fd, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            return not_a_file("etwas anderes")
        if status.st_size > MAX_BYTES:
            return too_large(status.st_size)
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return too_large(len(data))
    return data.decode("utf-8", "surrogateescape")


def read_named(path: Path, limit: int) -> bytes | None:
    """A file named on the command line (a link to it followed), at most `limit` + 1 bytes;
    None where it is no regular file (a FIFO, a device, a folder), which is never waited on."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            return None
        return file.read(limit + 1)


def load_folder(root: Path) -> Agreement:
    return load(read_folder(root))


def load(files: Mapping[str, str]) -> Agreement:
    """The agreement of these files; raises InvalidAgreement with every problem found."""
    problems: list[Problem] = []
    agreement = _parse(_readable(files, problems), problems)
    parse_problems = {p.path for p in problems}
    # A file that does not parse yields stand-in values; the rules would only repeat that.
    problems += [p for p in validate(agreement) if p.path not in parse_problems]
    if problems:
        raise InvalidAgreement(problems)
    return agreement


def _readable(files: Mapping[str, str], problems: list[Problem]) -> dict[str, str | None]:
    """The files without a leading BOM; None for one that is too large or not UTF-8."""
    readable: dict[str, str | None] = {}
    for path, text in files.items():
        size = len(text.encode("utf-8", "surrogateescape"))
        if size > MAX_BYTES:
            text = too_large(size)
        if isinstance(text, Unread):
            problems.append(Problem(path, 0, text.message, text.hint))
            readable[path] = None
        elif found := _NOT_UTF8.search(text):
            problems.append(
                Problem(
                    path,
                    text.count("\n", 0, found.start()) + 1,
                    "die Datei ist nicht als UTF-8 gespeichert (das erste falsche Zeichen steht "
                    "in dieser Zeile)",
                    "die Datei im Editor mit der Kodierung UTF-8 speichern; der Web-Editor von "
                    "GitHub tut das von selbst",
                )
            )
            readable[path] = None
        else:
            readable[path] = text.removeprefix(BOM)
    return readable


def _parse(files: Mapping[str, str | None], problems: list[Problem]) -> Agreement:
    for path in sorted(set(files) - set(CONTENT_FILES)):
        problems.append(
            Problem(
                path,
                0,
                "unbekannte Datei im Inhalt",
                f"die Datei löschen oder umbenennen; der Inhalt besteht aus "
                f"{', '.join(CONTENT_FILES)}",
            )
        )
    contract = _file(files, CONTRACT, problems)
    text = read_contract_text(contract, CONTRACT, problems) if contract is not None else None
    text = text or ContractText()
    meta = _fields(files, META, problems)
    data = _fields(files, DATA_CATEGORIES, problems)
    instructions = _fields(files, INSTRUCTIONS, problems)
    measures = _fields(files, MEASURES, problems)
    subprocessors = _fields(files, SUBPROCESSORS, problems)
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
    return replace(agreement, rich=rich_texts(agreement))


def _file(files: Mapping[str, str | None], path: str, problems: list[Problem]) -> str | None:
    """The text of a file; None where it is missing (a problem) or unreadable (reported)."""
    if path not in files:
        problems.append(
            Problem(path, 0, "die Datei fehlt", "sie aus der letzten Fassung wiederherstellen")
        )
    return files.get(path)


def _fields(files: Mapping[str, str | None], path: str, problems: list[Problem]) -> Fields | None:
    text = _file(files, path, problems)
    node = compose(text, path, problems) if text is not None else None
    return None if node is None else Fields(node, path, problems)


def _meta(fields: Fields | None) -> Meta:
    if fields is None:
        return _EMPTY_META
    version = fields.text("version")
    if version and not is_version_id(version):
        fields.problem(
            fields.line_of("version"),
            f"die Version {version!r} ist kein Datum mit höchstens einem kurzen Zusatz",
            "als JJJJ-MM-TT schreiben, z. B. 2021-02-19; eine zweite Fassung desselben Tages "
            f"bekommt -2 (nur Ziffern, Kleinbuchstaben und -, höchstens {VERSION_ID_LENGTH} "
            "Zeichen)",
        )
    published = fields.date("published")
    effective = fields.date("effective")
    if published and effective and published > effective:
        fields.problem(
            fields.line_of("effective"),
            f"effective ({effective}) liegt vor published ({published})",
            "eine Fassung tritt frühestens am Tag ihrer Bekanntgabe in Kraft",
        )
    objection_period = fields.optional_text("objection_period")
    if objection_period is not None and parse_stated(objection_period) is None:
        fields.problem(
            fields.line_of("objection_period"),
            f"objection_period {objection_period!r} ist keine Frist in Tagen, Wochen oder Monaten",
            "wie in Punkt VI.c schreiben, z. B. `objection_period: binnen eines Monats`",
        )
    processor = fields.mapping("processor", "Auftragnehmer, processor")
    controller = fields.mapping("controller", "Auftraggeber, controller")
    signature = fields.mapping("signature", "Unterschriften, signature")
    processor_signature = _processor_signature(signature)
    controller_signature = _controller_signature(signature)
    if signature:
        signature.done()
    return Meta(
        version=version,
        published=published or _NO_DATE,
        effective=effective or _NO_DATE,
        processor=_processor(processor) if processor else _EMPTY_META.processor,
        controller=_controller(controller) if controller else _EMPTY_META.controller,
        processor_signature=processor_signature,
        controller_signature=controller_signature,
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
    fields = (
        signature.mapping("processor", "Unterschrift des Auftragnehmers") if signature else None
    )
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
    fields = (
        signature.mapping("controller", "Unterschrift des Auftraggebers") if signature else None
    )
    if fields is None:
        return _EMPTY_META.controller_signature
    keys = ("heading", "place_and_date_blank", "signatory_blank", "signatory_label")
    result = ControllerSignature(*(fields.text(key) for key in keys))
    fields.done()
    return result


def _columns(fields: Fields | None, keys: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    columns = fields.mapping("columns", "Spaltenüberschriften, columns") if fields else None
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
        row = Fields(node, fields.path, fields.problems, f"Eintrag {number} von {key!r}")
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
        replacements=tuple(
            _rows(fields, "replacements", _replacement) if fields.has("replacements") else ()
        ),
        source=Source(fields.path, fields.line),
    )


def _replacement(fields: Fields) -> Replacement:
    return Replacement(measure=fields.text("measure"), replaces=fields.text("replaces"))


def _subprocessor(fields: Fields) -> Subprocessor:
    return Subprocessor(
        name=fields.text("name"),
        address=fields.text("address"),
        country=_country(fields),
        purpose=fields.text("purpose"),
        processing_location=_location(
            fields.mapping("processing_location", "Ort der Verarbeitung", False)
        ),
        since=fields.date("since", required=False),
        data_categories=fields.texts("data_categories", required=False),
        safeguard=_safeguard(fields.mapping("safeguard", "Garantie, safeguard", False)),
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
    if code and (
        not re.fullmatch(r"[A-Z]{2}", code, re.ASCII)
        or pycountry.countries.get(alpha_2=code) is None
    ):
        fields.problem(
            fields.line_of("country"),
            f"{code!r} ist kein Ländercode nach ISO 3166-1",
            "die zwei Großbuchstaben des Landes schreiben, z. B. AT, DE, NL",
        )
    return code


def _safeguard(fields: Fields | None) -> Safeguard | None:
    if fields is None:
        return None
    kind = fields.text("kind")
    if kind not in SAFEGUARD_KINDS:
        fields.problem(
            fields.line_of("kind"),
            f"unbekannte Art der Garantie {kind!r}",
            f"eine davon schreiben: {', '.join(SAFEGUARD_KINDS)}",
        )
    safeguard = Safeguard(
        cast(SafeguardKind, kind),
        fields.text("reference"),
        authority=fields.optional_text("authority") or "",
        dpf_certified=fields.boolean("dpf_certified"),
    )
    fields.done()
    return safeguard
