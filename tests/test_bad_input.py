"""Broken content: every problem named with its file and line, all at once, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from avv.content import load, read_folder
from avv.errors import InvalidAgreement
from tests.support import ROOT, copy_project

CONTRACT = "contract/avv.md"
META = "contract/meta.yaml"
DATA = "annexes/datenkategorien.yaml"
INSTRUCTIONS = "annexes/weisungen.yaml"
MEASURES = "annexes/anlage-1.yaml"
SUBPROCESSORS = "annexes/anlage-2.yaml"


@dataclass(frozen=True)
class Case:
    """`old` becomes `new` in `path`; the problem is reported on the line holding `at` (its
    `occurrence`-th appearance in the broken file), with `message` in its text."""

    id: str
    path: str
    old: str
    new: str
    message: str
    at: str
    occurrence: int = 1


CASES = [
    Case(
        "yaml-does-not-parse",
        META,
        "version: 2021-02-19",
        "version: [2021-02-19",
        "YAML does not parse",
        "published:",
    ),
    Case(
        "yaml-colon-in-text",
        SUBPROCESSORS,
        "purpose: Newsletterversand",
        "purpose: Newsletter: Versand",
        "YAML does not parse",
        "Newsletter: Versand",
    ),
    Case("missing-field", META, "effective: 2021-02-19", "", "has no 'effective'", "version:"),
    Case("unknown-field", META, "effective:", "efective:", "unknown field 'efective'", "efective:"),
    Case(
        "field-twice",
        MEASURES,
        "    title: Zutrittskontrolle\n",
        "    title: Zutrittskontrolle\n    title: Zutritt\n",
        "appears twice",
        "title: Zutritt\n",
    ),
    Case(
        "impossible-date",
        META,
        "published: 2021-02-19",
        "published: 2021-02-30",
        "'published' of contract/meta.yaml is not a date",
        "published:",
    ),
    Case(
        "word-for-date",
        SUBPROCESSORS,
        "    country: DE\n    purpose: Newsletterversand",
        "    country: DE\n    since: gestern\n    purpose: Newsletterversand",
        "'since' of entry 2 of 'subprocessors' is not a date",
        "since:",
    ),
    Case(
        "signature-date",
        META,
        "    date: 2021-02-19",
        "    date: 19.02.2021",
        "'date' of the processor's signature is not a date",
        "date: 19.02.2021",
    ),
    Case(
        "version-not-a-date",
        META,
        "version: 2021-02-19",
        "version: v2",
        "the version id 'v2' is not a date",
        "version:",
    ),
    Case(
        "effective-before-published",
        META,
        "effective: 2021-02-19",
        "effective: 2021-02-01",
        "effective (2021-02-01) is before published (2021-02-19)",
        "effective:",
    ),
    Case(
        "mistyped-list",
        MEASURES,
        "    measures:\n      - Alarmanlage",
        "    measures: Alarmanlage\n    x:\n      - Alarmanlage",
        "'measures' of entry 1 of 'categories' must be a list",
        "measures: Alarmanlage",
    ),
    Case(
        "mistyped-number",
        MEASURES,
        "  - number: 3",
        "  - number: drei",
        "must be a whole number",
        "number: drei",
    ),
    Case(
        "mistyped-boolean",
        INSTRUCTIONS,
        "data_protection_contact: true",
        "data_protection_contact: vielleicht",
        "must be true or false",
        "vielleicht",
    ),
    Case(
        "mistyped-mapping",
        SUBPROCESSORS,
        "subprocessors:\n",
        "subprocessors: keine\nx:\n",
        "'subprocessors' of Anlage 2 must be a list",
        "subprocessors:",
    ),
    Case(
        "duplicate-subprocessor",
        SUBPROCESSORS,
        "  - name: MessengerPeople GmbH",
        "  - name: rapidmail GmbH",
        "subprocessor 'rapidmail GmbH' appears twice (first at line",
        "- name: rapidmail GmbH",
        2,
    ),
    Case(
        "country-not-iso",
        SUBPROCESSORS,
        "    country: NL",
        "    country: Niederlande",
        "'Niederlande' is not an ISO 3166-1 country code",
        "country: Niederlande",
    ),
    Case(
        "country-unknown-code",
        SUBPROCESSORS,
        "      country: AT",
        "      country: XA",
        "'XA' is not an ISO 3166-1 country code",
        "country: XA",
    ),
    Case(
        "missing-purpose",
        SUBPROCESSORS,
        "    purpose: Newsletterversand\n",
        "",
        "entry 2 of 'subprocessors' has no 'purpose'",
        "- name: rapidmail GmbH",
    ),
    Case(
        "unknown-safeguard",
        SUBPROCESSORS,
        "    purpose: Newsletterversand",
        "    purpose: Newsletterversand\n    safeguard:\n      kind: vertrauen\n"
        "      reference: Handschlag",
        "unknown safeguard kind 'vertrauen'",
        "kind: vertrauen",
    ),
    Case(
        "measure-out-of-order",
        MEASURES,
        "  - number: 5",
        "  - number: 6",
        "measure category 6 out of order: expected 5",
        "- number: 6",
    ),
    Case(
        "duplicate-data-category",
        DATA,
        "  - category: Kontodaten",
        "  - category: Stammdaten",
        "data category 'Stammdaten' appears twice",
        "- category: Stammdaten",
        2,
    ),
    Case(
        "missing-column",
        DATA,
        "  persons: Personenkategorie\n",
        "",
        "the column headings (columns) has no 'persons'",
        "columns:",
    ),
    Case(
        "bad-email",
        INSTRUCTIONS,
        "email: martin.mrvka@linkmobility.com",
        "email: martin.mrvka(at)linkmobility.com",
        "is not an e-mail address",
        "- name: Martin",
    ),
    Case(
        "two-contacts",
        INSTRUCTIONS,
        "    function: VP Technology",
        "    function: VP Technology\n    data_protection_contact: true",
        "2 recipients are marked data_protection_contact",
        "- name: Christian",
    ),
    Case(
        "clause-letter-repeated",
        CONTRACT,
        "- d. Dazu erhebt",
        "- c. Dazu erhebt",
        "clause I.c repeated (first at line",
        "- c. Dazu erhebt",
    ),
    Case(
        "clause-letter-out-of-order",
        CONTRACT,
        "- d. Der AUFTRAGNEHMER schließt",
        "- e. Der AUFTRAGNEHMER schließt",
        "clause letter 'e.' out of order in section VI",
        "- e. Der AUFTRAGNEHMER schließt",
    ),
    Case(
        "section-missing",
        CONTRACT,
        "## V. Ort und Durchführung der Datenverarbeitung\n\n",
        "",
        "section VI out of order or a section is missing: expected section V",
        "## VI.",
    ),
    Case(
        "section-out-of-order",
        CONTRACT,
        "## XII. Haftung",
        "## XIV. Haftung",
        "section XIV out of order or a section is missing: expected section XII",
        "## XIV.",
    ),
    Case(
        "section-repeated",
        CONTRACT,
        "## XII. Haftung",
        "## XI. Haftung",
        "section XI repeated",
        "## XI. Haftung",
    ),
    Case(
        "reference-to-missing-annex",
        CONTRACT,
        "gem. Anlage 1 werden",
        "gem. Anlage 3 werden",
        "'Anlage 3' refers to something the agreement does not have",
        "gem. Anlage 3",
    ),
    Case(
        "reference-to-missing-clause",
        CONTRACT,
        "Die PARTEIEN haben",
        "Gemäß Punkt VI.z haben die PARTEIEN",
        "'Punkt VI.z' refers to something",
        "Punkt VI.z",
    ),
    Case(
        "raw-html",
        CONTRACT,
        "Haftung des AUFTRAGNEHMERS für jegliche",
        "Haftung des <b>AUFTRAGNEHMERS</b> für jegliche",
        "raw HTML in the contract text",
        "<b>",
    ),
    Case(
        "unknown-block",
        CONTRACT,
        "{{ datenkategorien }}",
        "{{ datentabelle }}",
        "unknown block {{ datentabelle }}",
        "{{ datentabelle }}",
    ),
    Case(
        "unexpected-heading",
        CONTRACT,
        "## IV. Dauer der Verarbeitung",
        "### IV. Dauer der Verarbeitung",
        "unexpected heading",
        "### IV.",
    ),
    Case(
        "text-after-signature",
        CONTRACT,
        "{{ unterschriften }}\n",
        "{{ unterschriften }}\n\nNachtrag\n",
        "text after {{ unterschriften }}",
        "Nachtrag",
    ),
    Case(
        "block-twice",
        CONTRACT,
        "{{ weisungsberechtigte }}",
        "{{ weisungsberechtigte }}\n\n{{ weisungsberechtigte }}",
        "appears twice",
        "{{ weisungsberechtigte }}",
        2,
    ),
    Case(
        "item-without-clause",
        CONTRACT,
        "## IV. Dauer der Verarbeitung\n",
        "## IV. Dauer der Verarbeitung\n\n    - verwaist\n",
        "an indented item without a clause above it",
        "- verwaist",
    ),
]


def _line_of(text: str, needle: str, occurrence: int) -> int:
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return text.count("\n", 0, start) + 1


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_reported_with_file_line_and_hint(case: Case):
    files = read_folder(ROOT)
    assert case.old in files[case.path], "the case no longer matches the content"
    files[case.path] = files[case.path].replace(case.old, case.new, 1)
    with pytest.raises(InvalidAgreement) as raised:
        load(files)
    expected_line = _line_of(files[case.path], case.at, case.occurrence)
    matching = [p for p in raised.value.problems if case.message in p.message]
    assert matching, [str(p) for p in raised.value.problems]
    problem = matching[0]
    assert (problem.path, problem.line) == (case.path, expected_line), str(problem)
    assert problem.hint, "every problem says how to fix it"
    assert str(problem).startswith(f"{case.path}:{expected_line}: ")


def test_there_are_at_least_25_cases():
    assert len(CASES) >= 25


def test_unknown_field_suggests_the_known_one():
    files = read_folder(ROOT)
    files[SUBPROCESSORS] = files[SUBPROCESSORS].replace(
        "    address: Augustinerplatz", "    adress: Augustinerplatz"
    )
    with pytest.raises(InvalidAgreement) as raised:
        load(files)
    hints = [p.hint for p in raised.value.problems if "unknown field 'adress'" in p.message]
    assert hints == ["did you mean 'address'?"]


def test_unknown_and_missing_files_are_problems():
    files = read_folder(ROOT)
    del files[MEASURES]
    files["annexes/anlage-3.yaml"] = "title: Anlage 3\n"
    with pytest.raises(InvalidAgreement) as raised:
        load(files)
    messages = {(p.path, p.message) for p in raised.value.problems}
    assert (MEASURES, "the file is missing") in messages
    assert ("annexes/anlage-3.yaml", "unknown file in the content") in messages


def test_the_cli_prints_every_problem_of_several_files_and_exits_1(tmp_path: Path):
    repo = copy_project(tmp_path / "repo")
    for path, old, new in (
        (SUBPROCESSORS, "country: NL", "country: Holland"),
        (CONTRACT, "- d. Der AUFTRAGNEHMER schließt", "- f. Der AUFTRAGNEHMER schließt"),
        (META, "published: 2021-02-19", "published: 2021-13-01"),
    ):
        file = repo / path
        file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "avv.cli", "check", "--repo", str(repo)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines[-1] == "3 Probleme gefunden."
    assert [line.split(":")[0] for line in lines[:-1]] == [SUBPROCESSORS, CONTRACT, META]
    assert all(" — " in line for line in lines[:-1])
    assert "Traceback" not in done.stderr


def test_debug_shows_the_traceback(tmp_path: Path):
    repo = copy_project(tmp_path / "repo")
    (repo / META).write_text("version: [", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "avv.cli", "--debug", "check", "--repo", str(repo)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "InvalidAgreement" in done.stderr
