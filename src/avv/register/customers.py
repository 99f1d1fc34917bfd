"""The customers, imported from a CSV that a CRM exports, and read back.

The CSV has a header row with the columns `customer` (the customer number), `name` (the
company), `email` (one or more notice addresses, separated by `;`), `signed` (the version id they
signed), `signed_on` (the day, YYYY-MM-DD) and optionally `language`. Commas or semicolons
separate the columns (Excel writes the latter in Austria); UTF-8, a BOM tolerated.

`read_csv` is pure: every problem of the file as `FILE:line: … — …`, all at once. `store` writes
all rows in the caller's one transaction, so a file with a problem imports nothing, and a file
imported again updates the customers it names (and leaves the others as they are).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from avv.content.characters import refused
from avv.content.validate import is_email
from avv.errors import InvalidAgreement, Problem
from avv.model import iso_date
from avv.register.database import addresses, customers

__all__ = [
    "COLUMNS",
    "Customer",
    "InvalidCustomers",
    "all_customers",
    "customer",
    "read_csv",
    "store",
]

REQUIRED = ("customer", "name", "email", "signed", "signed_on")
COLUMNS = (*REQUIRED, "language")
# A customer number names the customer in Message-IDs, mailto subjects and file names.
CUSTOMER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", re.ASCII)
LANGUAGE = re.compile(r"[a-z]{2}(?:-[A-Z]{2})?", re.ASCII)
NAME_LENGTH = 400
MAX_BYTES = 64 * 1024 * 1024


class InvalidCustomers(InvalidAgreement):
    """The CSV has problems; all of them, by line (the CLI prints them as it does the content's)."""


@dataclass(frozen=True)
class Customer:
    id: str
    name: str | None
    emails: tuple[str, ...]
    signed: str
    signed_on: date
    language: str = "de"
    erased_at: str | None = None


def read_csv(path: Path, versions: Mapping[str, date], today: date) -> list[Customer]:
    """The customers of the file; `versions` maps every version id of the history to the day it
    was announced. Raises `InvalidCustomers` with every problem of the file."""
    where = str(path)
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
        text = data.decode("utf-8-sig")
    except OSError as error:
        raise InvalidCustomers(
            [Problem(where, 0, f"nicht lesbar ({error.strerror})", "den Pfad der CSV-Datei prüfen")]
        ) from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidCustomers(
            [Problem(where, line, "kein UTF-8", "die Datei als CSV in UTF-8 exportieren")]
        ) from None
    if len(data) > MAX_BYTES:
        raise InvalidCustomers(
            [Problem(where, 0, "größer als 64 MB", "die Kunden in mehreren Dateien importieren")]
        )
    return parse(text, where, versions, today)


def parse(text: str, where: str, versions: Mapping[str, date], today: date) -> list[Customer]:
    problems: list[Problem] = []
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InvalidCustomers(
            [Problem(where, 1, "keine Kopfzeile", f"die erste Zeile nennt die Spalten: {_cols()}")]
        )
    header = lines[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise InvalidCustomers(
            [
                Problem(
                    where,
                    reader.line_num,
                    f"keine gültige CSV-Zeile ({error})",
                    "Anführungszeichen paarweise setzen",
                )
            ]
        ) from None
    names = [name.strip().casefold() for name in rows[0]]
    missing = [column for column in REQUIRED if column not in names]
    unknown = [name for name in names if name not in COLUMNS]
    twice = sorted({name for name in names if names.count(name) > 1})
    if missing:
        problems.append(
            Problem(where, 1, f"Spalte fehlt: {', '.join(missing)}", f"Spalten: {_cols()}")
        )
    if unknown:
        problems.append(
            Problem(
                where,
                1,
                f"unbekannte Spalte: {', '.join(unknown)}",
                f"nur diese Spalten verwenden: {_cols()}",
            )
        )
    if twice:
        problems.append(
            Problem(where, 1, f"Spalte doppelt: {', '.join(twice)}", "jede Spalte einmal")
        )
    if problems:
        raise InvalidCustomers(problems)
    found: list[Customer] = []
    first_line: dict[str, int] = {}
    # csv counts physical lines; a row's line is where it starts.
    starts = _row_lines(text, delimiter)
    for number, row in zip(starts[1:], rows[1:], strict=True):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            problems.append(
                Problem(
                    where,
                    number,
                    f"{len(row)} Felder statt {len(names)}",
                    f"jede Zeile hat die Spalten der Kopfzeile, getrennt durch {delimiter!r}",
                )
            )
            continue
        record = {name: cell.strip() for name, cell in zip(names, row, strict=True)}
        customer, found_problems = _customer(record, where, number, versions, today)
        problems += found_problems
        if customer is None:
            continue
        if customer.id in first_line:
            problems.append(
                Problem(
                    where,
                    number,
                    f"Kunde {customer.id} steht schon in Zeile {first_line[customer.id]}",
                    "jeden Kunden einmal aufführen, mit allen Adressen in einer Zeile",
                )
            )
            continue
        first_line[customer.id] = number
        found.append(customer)
    if problems:
        raise InvalidCustomers(problems)
    return found


def _cols() -> str:
    return ", ".join(REQUIRED) + " (language freiwillig)"


def _row_lines(text: str, delimiter: str) -> list[int]:
    """The line on which each row of the CSV starts."""
    starts: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    for _ in reader:
        starts.append(line)
        line = reader.line_num + 1
    return starts


def _customer(
    record: dict[str, str], where: str, line: int, versions: Mapping[str, date], today: date
) -> tuple[Customer | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(message: str, hint: str) -> None:
        problems.append(Problem(where, line, message, hint))

    number = record["customer"]
    if not CUSTOMER_ID.fullmatch(number):
        problem(
            f"Kundennummer {number!r} ist leer oder enthält andere Zeichen als Buchstaben, "
            "Ziffern, Punkt, Binde- und Unterstrich",
            "die Kundennummer des CRM angeben, höchstens 64 Zeichen",
        )
    name = record["name"]
    bad = refused(name)
    if not name:
        problem("der Name des Kunden fehlt", "die Firma angeben, wie sie im Vertrag steht")
    elif bad is not None:
        problem(
            f"der Name enthält an Stelle {bad.column} {bad.described}",
            "das Zeichen löschen oder ersetzen; ein Name steht in einer Zeile",
        )
    elif len(name) > NAME_LENGTH:
        problem(f"der Name ist länger als {NAME_LENGTH} Zeichen", "den Namen kürzen")
    emails = tuple(part.strip() for part in record["email"].split(";") if part.strip())
    if not emails:
        problem(
            "keine E-Mail-Adresse für Mitteilungen",
            "mindestens eine Adresse angeben, mehrere durch ; getrennt",
        )
    for email in emails:
        if not is_email(email):
            problem(
                f"{email!r} ist keine E-Mail-Adresse",
                "eine Adresse wie datenschutz@kunde.at angeben, mehrere durch ; getrennt",
            )
    if len({email.casefold() for email in emails}) != len(emails):
        problem("eine E-Mail-Adresse steht zweimal", "jede Adresse einmal angeben")
    signed = record["signed"]
    if signed not in versions:
        known = ", ".join(versions) or "keine"
        problem(
            f"Version {signed!r} gibt es in der Geschichte der AVV nicht",
            f"die unterschriebene Version angeben; bekannt: {known}",
        )
    signed_on = iso_date(record["signed_on"])
    if signed_on is None:
        problem(
            f"signed_on {record['signed_on']!r} ist kein Datum",
            "als JJJJ-MM-TT schreiben, z. B. 2021-03-01",
        )
    elif signed_on > today:
        problem(
            f"signed_on {signed_on.isoformat()} liegt in der Zukunft",
            "den Tag angeben, an dem der Kunde unterschrieben hat",
        )
    elif signed in versions and signed_on < versions[signed]:
        problem(
            f"signed_on {signed_on.isoformat()} liegt vor der Bekanntgabe der Version {signed} "
            f"({versions[signed].isoformat()})",
            "die Version angeben, die der Kunde an diesem Tag unterschrieben hat",
        )
    language = record.get("language") or "de"
    if not LANGUAGE.fullmatch(language):
        problem(
            f"Sprache {language!r} ist kein Sprachcode",
            "einen Code wie de oder en angeben, oder die Spalte leer lassen",
        )
    if problems or signed_on is None:
        return None, problems
    return Customer(number, name, emails, signed, signed_on, language), problems


def store(connection: sa.Connection, found: Iterable[Customer], stamp: str) -> tuple[int, int]:
    """Writes the customers (new ones added, known ones updated); returns (added, updated)."""
    known: set[str] = set(connection.execute(sa.select(customers.c.id)).scalars())
    added = updated = 0
    for c in found:
        values = {
            "name": c.name,
            "language": c.language,
            "signed": c.signed,
            "signed_on": c.signed_on,
            "updated_at": stamp,
            "erased_at": None,
        }
        if c.id in known:
            connection.execute(customers.update().where(customers.c.id == c.id).values(**values))
            connection.execute(addresses.delete().where(addresses.c.customer == c.id))
            updated += 1
        else:
            connection.execute(customers.insert().values(id=c.id, **values))
            added += 1
        connection.execute(
            addresses.insert(),
            [
                {"customer": c.id, "position": position, "email": email}
                for position, email in enumerate(c.emails)
            ],
        )
    return added, updated


def all_customers(connection: sa.Connection) -> list[Customer]:
    """Every customer, by id, with their addresses in order."""
    emails: dict[str, list[str]] = {}
    for row in connection.execute(
        sa.select(addresses).order_by(addresses.c.customer, addresses.c.position)
    ):
        emails.setdefault(row.customer, []).append(row.email)
    return [
        Customer(
            row.id,
            row.name,
            tuple(emails.get(row.id, ())),
            row.signed,
            row.signed_on,
            row.language,
            row.erased_at,
        )
        for row in connection.execute(sa.select(customers).order_by(customers.c.id))
    ]


def customer(connection: sa.Connection, number: str) -> Customer | None:
    row = connection.execute(sa.select(customers).where(customers.c.id == number)).first()
    if row is None:
        return None
    emails: list[str] = list(
        connection.execute(
            sa.select(addresses.c.email)
            .where(addresses.c.customer == number)
            .order_by(addresses.c.position)
        ).scalars()
    )
    return Customer(
        row.id, row.name, tuple(emails), row.signed, row.signed_on, row.language, row.erased_at
    )


def erase(connection: sa.Connection, number: str, stamp: str) -> int:
    """Erases the customer's name and addresses (Art. 17 DSGVO); returns how many addresses."""
    count = connection.execute(addresses.delete().where(addresses.c.customer == number)).rowcount
    connection.execute(
        customers.update()
        .where(customers.c.id == number)
        .values(name=None, erased_at=stamp, updated_at=stamp)
    )
    return int(count)
