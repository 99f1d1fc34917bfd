"""Broken content: every problem named with its file and line, all at once, never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from avv.cli import main
from avv.content.load import load, read_folder
from avv.errors import InvalidAgreement
from tests.support import ROOT, AgreementRepo, copy_project

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
        "eine Klammer ([ oder {) wird geöffnet, aber nicht geschlossen",
        "version:",
    ),
    Case(
        "yaml-colon-in-text",
        SUBPROCESSORS,
        "purpose: Newsletterversand",
        "purpose: Newsletter: Versand",
        "ein Doppelpunkt mit Leerzeichen (`: `) mitten im Text",
        "Newsletter: Versand",
    ),
    Case(
        "missing-field", META, "effective: 2021-02-19", "", "das Feld 'effective' fehlt", "version:"
    ),
    Case(
        "unknown-field", META, "effective:", "efective:", "unbekanntes Feld 'efective'", "efective:"
    ),
    Case(
        "field-twice",
        MEASURES,
        "    title: Zutrittskontrolle\n",
        "    title: Zutrittskontrolle\n    title: Zutritt\n",
        "das Feld 'title' steht zweimal da",
        "title: Zutritt\n",
    ),
    Case(
        "impossible-date",
        META,
        "published: 2021-02-19",
        "published: 2021-02-30",
        "'published' ist kein Datum: '2021-02-30'",
        "published:",
    ),
    Case(
        "word-for-date",
        SUBPROCESSORS,
        "    country: DE\n    purpose: Newsletterversand",
        "    country: DE\n    since: gestern\n    purpose: Newsletterversand",
        "'since' ist kein Datum: 'gestern' (Eintrag 2 von 'subprocessors')",
        "since:",
    ),
    Case(
        "signature-date",
        META,
        "    date: 2021-02-19",
        "    date: 19.02.2021",
        "'date' ist kein Datum: '19.02.2021' (Unterschrift des Auftragnehmers)",
        "date: 19.02.2021",
    ),
    Case(
        "version-not-a-date",
        META,
        "version: 2021-02-19",
        "version: v2",
        "die Version 'v2' ist kein Datum",
        "version:",
    ),
    Case(
        "effective-before-published",
        META,
        "effective: 2021-02-19",
        "effective: 2021-02-01",
        "effective (2021-02-01) liegt vor published (2021-02-19)",
        "effective:",
    ),
    Case(
        "mistyped-list",
        MEASURES,
        "    measures:\n      - Alarmanlage",
        "    measures: Alarmanlage\n    x:\n      - Alarmanlage",
        "'measures' muss eine Liste sein (Eintrag 1 von 'categories')",
        "measures: Alarmanlage",
    ),
    Case(
        "mistyped-number",
        MEASURES,
        "  - number: 3",
        "  - number: drei",
        "'number' muss eine ganze Zahl sein: 'drei'",
        "number: drei",
    ),
    Case(
        "mistyped-boolean",
        INSTRUCTIONS,
        "data_protection_contact: true",
        "data_protection_contact: vielleicht",
        "muss true oder false sein",
        "vielleicht",
    ),
    Case(
        "mistyped-mapping",
        SUBPROCESSORS,
        "subprocessors:\n",
        "subprocessors: keine\nx:\n",
        "'subprocessors' muss eine Liste sein",
        "subprocessors:",
    ),
    Case(
        "duplicate-subprocessor",
        SUBPROCESSORS,
        "  - name: MessengerPeople GmbH",
        "  - name: rapidmail GmbH",
        "der Subunternehmer 'rapidmail GmbH' steht zweimal da (zuerst in Zeile",
        "- name: rapidmail GmbH",
        2,
    ),
    Case(
        "country-not-iso",
        SUBPROCESSORS,
        "    country: NL",
        "    country: Niederlande",
        "'Niederlande' ist kein Ländercode nach ISO 3166-1",
        "country: Niederlande",
    ),
    Case(
        "country-unknown-code",
        SUBPROCESSORS,
        "      country: AT",
        "      country: XA",
        "'XA' ist kein Ländercode nach ISO 3166-1",
        "country: XA",
    ),
    Case(
        "missing-purpose",
        SUBPROCESSORS,
        "    purpose: Newsletterversand\n",
        "",
        "das Feld 'purpose' fehlt (Eintrag 2 von 'subprocessors')",
        "- name: rapidmail GmbH",
    ),
    Case(
        "unknown-safeguard",
        SUBPROCESSORS,
        "    purpose: Newsletterversand",
        "    purpose: Newsletterversand\n    safeguard:\n      kind: vertrauen\n"
        "      reference: Handschlag",
        "unbekannte Art der Garantie 'vertrauen'",
        "kind: vertrauen",
    ),
    Case(
        "measure-out-of-order",
        MEASURES,
        "  - number: 5",
        "  - number: 6",
        "die Maßnahmenkategorie 6 ist außer der Reihe: erwartet ist 5",
        "- number: 6",
    ),
    Case(
        "duplicate-data-category",
        DATA,
        "  - category: Kontodaten",
        "  - category: Stammdaten",
        "die Datenkategorie 'Stammdaten' steht zweimal da",
        "- category: Stammdaten",
        2,
    ),
    Case(
        "missing-column",
        DATA,
        "  persons: Personenkategorie\n",
        "",
        "das Feld 'persons' fehlt (Spaltenüberschriften, columns)",
        "columns:",
    ),
    Case(
        "bad-email",
        INSTRUCTIONS,
        "email: martin.mrvka@linkmobility.com",
        "email: martin.mrvka(at)linkmobility.com",
        "ist keine E-Mail-Adresse",
        "- name: Martin",
    ),
    Case(
        "two-contacts",
        INSTRUCTIONS,
        "    function: VP Technology",
        "    function: VP Technology\n    data_protection_contact: true",
        "2 Weisungsempfänger sind als data_protection_contact markiert",
        "- name: Christian",
    ),
    Case(
        "clause-letter-repeated",
        CONTRACT,
        "- d. Dazu erhebt",
        "- c. Dazu erhebt",
        "Klausel I.c steht zweimal da (zuerst in Zeile",
        "- c. Dazu erhebt",
    ),
    Case(
        "clause-letter-out-of-order",
        CONTRACT,
        "- d. Der AUFTRAGNEHMER schließt",
        "- e. Der AUFTRAGNEHMER schließt",
        "Klausel 'e.' in Abschnitt VI ist außer der Reihe",
        "- e. Der AUFTRAGNEHMER schließt",
    ),
    Case(
        "section-missing",
        CONTRACT,
        "## V. Ort und Durchführung der Datenverarbeitung\n\n",
        "",
        "Abschnitt VI ist außer der Reihe, oder ein Abschnitt fehlt: erwartet ist Abschnitt V",
        "## VI.",
    ),
    Case(
        "section-out-of-order",
        CONTRACT,
        "## XII. Haftung",
        "## XIV. Haftung",
        "Abschnitt XIV ist außer der Reihe, oder ein Abschnitt fehlt: erwartet ist Abschnitt XII",
        "## XIV.",
    ),
    Case(
        "section-repeated",
        CONTRACT,
        "## XII. Haftung",
        "## XI. Haftung",
        "Abschnitt XI steht zweimal da",
        "## XI. Haftung",
    ),
    Case(
        "reference-to-missing-annex",
        CONTRACT,
        "gem. Anlage 1 werden",
        "gem. Anlage 3 werden",
        "'Anlage 3' verweist auf etwas, das die Vereinbarung nicht hat",
        "gem. Anlage 3",
    ),
    Case(
        "reference-to-missing-clause",
        CONTRACT,
        "Die PARTEIEN haben",
        "Gemäß Punkt VI.z haben die PARTEIEN",
        "'Punkt VI.z' verweist auf etwas",
        "Punkt VI.z",
    ),
    Case(
        "raw-html",
        CONTRACT,
        "Haftung des AUFTRAGNEHMERS für jegliche",
        "Haftung des <b>AUFTRAGNEHMERS</b> für jegliche",
        "HTML im Vertragstext",
        "<b>",
    ),
    Case(
        "asterisks-in-a-row",
        CONTRACT,
        "Haftung des AUFTRAGNEHMERS für jegliche",
        "Haftung des ******AUFTRAGNEHMERS für jegliche",
        "6 Sternchen in Folge",
        "******",
    ),
    Case(
        "unknown-block",
        CONTRACT,
        "{{ datenkategorien }}",
        "{{ datentabelle }}",
        "unbekannter Block {{ datentabelle }}",
        "{{ datentabelle }}",
    ),
    Case(
        "unexpected-heading",
        CONTRACT,
        "## IV. Dauer der Verarbeitung",
        "### IV. Dauer der Verarbeitung",
        "unerwartete Überschrift",
        "### IV.",
    ),
    Case(
        "text-after-signature",
        CONTRACT,
        "{{ unterschriften }}\n",
        "{{ unterschriften }}\n\nNachtrag\n",
        "Text nach {{ unterschriften }}",
        "Nachtrag",
    ),
    Case(
        "block-twice",
        CONTRACT,
        "{{ weisungsberechtigte }}",
        "{{ weisungsberechtigte }}\n\n{{ weisungsberechtigte }}",
        "steht zweimal im Text",
        "{{ weisungsberechtigte }}",
        2,
    ),
    Case(
        "item-without-clause",
        CONTRACT,
        "## IV. Dauer der Verarbeitung\n",
        "## IV. Dauer der Verarbeitung\n\n    - verwaist\n",
        "ein eingerückter Punkt ohne Klausel darüber",
        "- verwaist",
    ),
]


def _line_of(text: str, needle: str, occurrence: int) -> int:
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return text.count("\n", 0, start) + 1


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_reported_with_file_line_and_hint(case: Case) -> None:
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


def test_there_are_at_least_25_cases() -> None:
    assert len(CASES) >= 25


def test_unknown_field_suggests_the_known_one() -> None:
    files = read_folder(ROOT)
    files[SUBPROCESSORS] = files[SUBPROCESSORS].replace(
        "    address: Augustinerplatz", "    adress: Augustinerplatz"
    )
    with pytest.raises(InvalidAgreement) as raised:
        load(files)
    hints = [p.hint for p in raised.value.problems if "unbekanntes Feld 'adress'" in p.message]
    assert hints == ["gemeint ist wohl 'address'"]


def test_unknown_and_missing_files_are_problems() -> None:
    files = read_folder(ROOT)
    del files[MEASURES]
    files["annexes/anlage-3.yaml"] = "title: Anlage 3\n"
    with pytest.raises(InvalidAgreement) as raised:
        load(files)
    messages = {(p.path, p.message) for p in raised.value.problems}
    assert (MEASURES, "die Datei fehlt") in messages
    assert ("annexes/anlage-3.yaml", "unbekannte Datei im Inhalt") in messages


def test_the_cli_prints_every_problem_of_several_files_and_exits_1(tmp_path: Path) -> None:
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


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    repo = copy_project(tmp_path / "repo")
    (repo / META).write_text("version: [", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "avv.cli", "--debug", "check", "--repo", str(repo)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "InvalidAgreement" in done.stderr


# The cases of issue 11: each one `avv check` passed before, and then a build, a notice or a
# publish failed with a traceback, or the content silently meant something else. Now `avv check`
# reports each with its file and line, so nothing it accepts can break a later command.


@dataclass(frozen=True)
class Edit:
    """`old` becomes `new` in `path` (as bytes when `encoding` is given); the problem is
    reported on the line holding `at`, or on no line when `at` is empty."""

    id: str
    path: str
    old: str
    new: str
    message: str
    at: str
    encoding: str = "utf-8"


VERSION = "version: 2021-02-19"
EMAIL = "email: datenschutz.at@linkmobility.com"
NOT_A_VERSION = "ist kein Datum mit höchstens einem kurzen Zusatz"
NOT_IN_FONT = "'version' enthält ein Zeichen, das die Schrift der PDF-Fassung nicht hat"
ISSUE_CASES = [
    Edit("version-arabic-digits", META, VERSION, "version: ٢٠٢١-٠٢-١٩", NOT_IN_FONT, "version:"),
    Edit(
        "version-fullwidth-digits",
        META,
        VERSION,
        "version: ２０２１-02-19",
        NOT_IN_FONT,
        "version:",
    ),
    Edit(
        "version-trailing-newline",
        META,
        VERSION,
        'version: "2021-02-19\\n"',
        "'version' enthält ein Steuerzeichen (Zeilenumbruch, U+000A)",
        "version:",
    ),
    Edit("version-february-30", META, VERSION, "version: 2022-02-30", NOT_A_VERSION, "version:"),
    Edit("version-9999-99-99", META, VERSION, "version: 9999-99-99", NOT_A_VERSION, "version:"),
    Edit(
        "version-300-characters",
        META,
        VERSION,
        "version: 2021-02-19-" + "a" * 289,
        NOT_A_VERSION,
        "version:",
    ),
    Edit(
        "sender-name-with-newline",
        META,
        "name: sms.at mobile internet services gmbh",
        'name: "sms.at\\nBcc: alle@example.com"',
        "'name' enthält ein Steuerzeichen (Zeilenumbruch, U+000A) (Auftragnehmer, processor)",
        'name: "sms.at',
    ),
    Edit(
        "contact-email-with-bcc",
        INSTRUCTIONS,
        EMAIL,
        'email: "datenschutz>,Bcc:alle@example.com"',
        "'datenschutz>,Bcc:alle@example.com' ist keine E-Mail-Adresse",
        "- name: Jan",
    ),
    Edit(
        "contact-email-with-newline",
        INSTRUCTIONS,
        EMAIL,
        'email: "datenschutz.at@linkmobility.com\\n"',
        "'email' enthält ein Steuerzeichen (Zeilenumbruch, U+000A) (Eintrag 3 von 'recipients')",
        'email: "datenschutz',
    ),
    Edit(
        "name-in-a-script-the-pdf-font-lacks",
        SUBPROCESSORS,
        "  - name: rapidmail GmbH",
        "  - name: rapidmail 株式会社",
        "'name' enthält ein Zeichen, das die Schrift der PDF-Fassung nicht hat (CJK UNIFIED "
        "IDEOGRAPH-682A, U+682A)",
        "- name: rapidmail",
    ),
    Edit(
        "name-with-a-zero-width-space",
        SUBPROCESSORS,
        "  - name: rapidmail GmbH",
        "  - name: rapid\u200bmail GmbH",
        "'name' enthält ein unsichtbares Zeichen (ZERO WIDTH SPACE, U+200B)",
        "- name: rapid",
    ),
    Edit(
        "clause-with-a-bidi-override",
        CONTRACT,
        "- b. Änderungen und Ergänzungen",
        "- b. \u202eÄnderungen und Ergänzungen",
        "ein unsichtbares Zeichen (RIGHT-TO-LEFT OVERRIDE, U+202E) in Spalte 6",
        "- b. \u202eÄnderungen",
    ),
    Edit(
        "annex-not-utf8",
        SUBPROCESSORS,
        "Häflinger",
        "Häflinger",
        "die Datei ist nicht als UTF-8 gespeichert",
        "Anlage 2 –",
        encoding="cp1252",
    ),
    Edit(
        "contract-not-utf8",
        CONTRACT,
        "Die PARTEIEN haben",
        "Die PARTEIEN haben",
        "die Datei ist nicht als UTF-8 gespeichert",
        "# Vereinbarung über",
        encoding="cp1252",
    ),
    Edit(
        "annex-too-large",
        MEASURES,
        "categories:\n",
        "categories:\n" + "# Füllzeile einer eingefügten Tabelle\n" * 8000,
        "die Datei ist größer als 256 KB",
        "",
    ),
    Edit(
        "tab-before-a-clause-letter",
        CONTRACT,
        "- e. Kommt der Subauftragnehmer",
        "\t- e. Kommt der Subauftragnehmer",
        "ein Tabulator in Spalte 1",
        "- e. Kommt der Subauftragnehmer",
    ),
    Edit(
        "tab-before-an-item",
        CONTRACT,
        "    - Löschung von personenbezogenen Daten",
        "\t- Löschung von personenbezogenen Daten",
        "ein Tabulator in Spalte 1",
        "- Löschung von personenbezogenen Daten",
    ),
    Edit(
        "unknown-key-under-signature",
        META,
        "signature:\n",
        "signature:\n  zeuge: Max Muster\n",
        "unbekanntes Feld 'zeuge' (Unterschriften, signature)",
        "zeuge:",
    ),
    Edit(
        "recipients-empty",
        INSTRUCTIONS,
        "recipients:\n"
        + (ROOT / INSTRUCTIONS).read_text(encoding="utf-8").split("recipients:\n")[1],
        "recipients: []\n",
        "die Liste 'recipients' ist leer",
        "recipients: []",
    ),
    Edit(
        "week-date",
        SUBPROCESSORS,
        "    purpose: Newsletterversand",
        "    purpose: Newsletterversand\n    since: 2022-W01-1",
        "'since' ist kein Datum: '2022-W01-1'",
        "since:",
    ),
    Edit(
        "date-without-dashes",
        META,
        "published: 2021-02-19",
        "published: 20210219",
        "'published' ist kein Datum: '20210219'",
        "published:",
    ),
    Edit(
        "published-in-year-9999",
        META,
        "published: 2021-02-19   # Bekanntgabe: the day customers are notified\n"
        "effective: 2021-02-19",
        "published: 9999-12-01\neffective: 9999-12-31",
        "'published' ist kein Datum: '9999-12-01'",
        "published:",
    ),
    Edit(
        "hexadecimal-number",
        MEASURES,
        "  - number: 3",
        "  - number: 0x3",
        "'number' muss eine ganze Zahl sein: '0x3'",
        "number: 0x3",
    ),
    Edit(
        "third-country-without-safeguard",
        SUBPROCESSORS,
        "    country: DE\n    purpose: Newsletterversand",
        "    country: US\n    purpose: Newsletterversand",
        "der Subunternehmer 'rapidmail GmbH' verarbeitet außerhalb der EU bzw. des EWR (US) "
        "ohne Garantie (V.a)",
        "- name: rapidmail GmbH",
    ),
]


def _content_copy(dest: Path) -> Path:
    for folder in ("contract", "annexes"):
        shutil.copytree(ROOT / folder, dest / folder)
    return dest


@pytest.mark.parametrize("case", ISSUE_CASES, ids=[case.id for case in ISSUE_CASES])
def test_what_broke_later_commands_is_reported_by_avv_check(
    case: Edit, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _content_copy(tmp_path)
    file = repo / case.path
    text = file.read_text(encoding="utf-8")
    assert case.old in text, "the case no longer matches the content"
    broken = text.replace(case.old, case.new, 1)
    file.write_bytes(broken.encode(case.encoding))

    assert main(["check", "--repo", str(repo)]) == 1
    errors = capsys.readouterr().err.splitlines()
    where = f"{case.path}:{_line_of(broken, case.at, 1)}: " if case.at else f"{case.path}: "
    matching = [line for line in errors if line.startswith(where) and case.message in line]
    assert matching, errors
    assert " — " in matching[0], "every problem says how to fix it"


def test_a_bom_before_the_title_is_tolerated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _content_copy(tmp_path)
    for path in (CONTRACT, META, SUBPROCESSORS):
        file = repo / path
        file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes())
    assert main(["check", "--repo", str(repo)]) == 0, capsys.readouterr().err
    agreement = load(read_folder(repo))
    assert agreement.title == load(read_folder(ROOT)).title


@pytest.mark.parametrize(
    "args",
    [("9999-12-31",), ("2022-01-01", "--months", "99999999999")],
    ids=["last-day-of-the-calendar", "months-beyond-the-calendar"],
)
def test_a_deadline_beyond_the_calendar_is_a_clear_error(
    args: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deadline", *args]) == 1
    error = capsys.readouterr().err
    assert error.startswith("avv: eine Frist von ")
    assert "endete nach dem 9999-12-31" in error and " — " in error


def test_the_bad_input_cases_are_counted() -> None:
    """The table of bad input grows with every kind found; the issue counted 37 before it."""
    assert len(CASES) + len(ISSUE_CASES) >= 37 + len(ISSUE_CASES)


def test_a_committed_file_that_is_not_utf8_is_reported_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = AgreementRepo.create(tmp_path / "repo")
    annex = repo.path / SUBPROCESSORS
    annex.write_bytes(annex.read_text(encoding="utf-8").encode("cp1252"))
    repo.commit_version("2022-03-01", "2022-03-01", "2022-04-15")
    # Never published, so it is skipped with a warning (the publication record's rule), and
    # the warning names the file and line, not a traceback.
    assert main(["history", "--repo", str(repo.path)]) == 0
    output = capsys.readouterr()
    error = output.err
    assert "2022-03-01" not in output.out
    assert "Version 2022-03-01" in error
    assert f"{SUBPROCESSORS}:4: die Datei ist nicht als UTF-8 gespeichert" in error
