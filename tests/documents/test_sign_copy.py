"""The sign-ready copy: the blanks from the model, the entries as YAML, the filled PDF."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pypdf
import pytest
from bs4 import BeautifulSoup

from avv.cli import main
from avv.content import canonical
from avv.content.load import load_folder
from avv.documents.blanks import Blank, blanks, example_yaml, read_entries
from avv.documents.sign_copy import sign_copy_html
from avv.errors import InvalidAgreement
from avv.model import Agreement
from tests.present import present
from tests.support import (
    CONTROLLER_YAML,
    ROOT,
    AgreementRepo,
    copy_project,
    courts_in_graz,
    replace,
)


@pytest.fixture(scope="module")
def agreement() -> Agreement:
    return load_folder(ROOT)


def by_id(agreement: Agreement) -> dict[str, Blank]:
    return {blank.id: blank for blank in blanks(agreement)}


def test_the_blanks_of_2021_02_19_are_the_controller_its_authorised_persons_and_its_signature(
    agreement: Agreement,
) -> None:
    found = by_id(agreement)
    assert list(found) == ["auftraggeber", "weisungsberechtigte", "unterschrift"]
    persons = found["weisungsberechtigte"]
    assert persons.repeated
    assert [(f.label, f.kind, f.required) for f in persons.fields] == [
        ("Vorname", "text", True),
        ("Nachname", "text", True),
        ("Funktion", "text", True),
        ("E-Mail-Adresse", "email", True),
        ("Telefonnummer", "tel", False),
    ]
    controller = found["auftraggeber"]
    assert [f.key for f in controller.fields if f.required] == [
        "firma",
        "strasse",
        "postleitzahl",
        "ort",
        "land",
    ]
    signature = found["unterschrift"]
    assert [(f.key, f.kind, f.required) for f in signature.fields] == [
        ("ort", "text", False),
        ("datum", "date", False),
        ("name", "text", True),
        ("funktion", "text", True),
    ]


def test_a_field_a_later_version_lists_appears_by_itself(tmp_path: Path) -> None:
    repo = copy_project(tmp_path)
    replace(
        repo / "annexes" / "weisungen.yaml",
        "E-Mail-Adresse, Telefonnummer]",
        "E-Mail-Adresse, Telefonnummer, Abteilung (optional), Zustelldatum]",
    )
    replace(
        repo / "contract" / "meta.yaml",
        "blank: vom **AUFTRAGGEBER** auszufüllen",
        'blank: "vom **AUFTRAGGEBER** auszufüllen: [Firma, Anschrift, UID-Nummer]"',
    )
    replace(
        repo / "contract" / "meta.yaml",
        "signatory_label: Name und Funktion",
        "signatory_label: Name, Funktion und Abteilung",
    )
    later = load_folder(repo)
    found = by_id(later)
    persons = {f.key: f for f in found["weisungsberechtigte"].fields}
    assert persons["abteilung"].label == "Abteilung" and not persons["abteilung"].required
    assert persons["zustelldatum"].kind == "date" and persons["zustelldatum"].required
    assert [f.key for f in found["auftraggeber"].fields] == ["firma", "anschrift", "uid_nummer"]
    assert [f.key for f in found["unterschrift"].fields][2:] == ["name", "funktion", "abteilung"]
    assert '    zustelldatum: ""  # Zustelldatum, JJJJ-MM-TT\n' in example_yaml(
        blanks(later), later.version
    )
    with pytest.raises(InvalidAgreement) as raised:
        read_entries(CONTROLLER_YAML, "kunde.yaml", blanks(later))
    messages = [str(p) for p in raised.value.problems]
    assert "kunde.yaml:8: Eintrag 1 von „weisungsberechtigte“ hat kein „zustelldatum“" in "\n".join(
        messages
    )
    assert any(m.startswith("kunde.yaml:3: unbekanntes Feld „strasse“") for m in messages)


def test_every_problem_of_the_entries_is_reported_at_once_with_its_line(
    agreement: Agreement,
) -> None:
    text = """\
auftraggeber:
  firma: ""
  strase: Musterstraße 1
  postleitzahl: "1010"
  ort: [Wien]
  land: Österreich
weisungsberechtigte:
  - vorname: Maria
    nachname: Muster
    funktion: Geschäftsführerin
    e_mail_adresse: maria.muster(at)example.com
    telefonnummer: bitte anrufen
  - vorname: "Max\\nMuster"
unterschrift:
  datum: 1.12.2026
  name: Maria Muster
  funktion: Geschäftsführerin
  firma: x
"""
    with pytest.raises(InvalidAgreement) as raised:
        read_entries(text, "kunde.yaml", blanks(agreement))
    found = {(p.line, p.message.split(" (in ")[0]) for p in raised.value.problems}
    assert found == {
        (2, "„Firma“ ist leer"),
        (2, "„auftraggeber“ hat kein „strasse“ (Straße und Hausnummer)"),
        (3, "unbekanntes Feld „strase“ in „auftraggeber“"),
        (5, "„ort“ in „auftraggeber“ muss ein Text sein"),
        (11, "„E-Mail-Adresse“ ist keine E-Mail-Adresse: 'maria.muster(at)example.com'"),
        (12, "„Telefonnummer“ ist keine Telefonnummer: 'bitte anrufen'"),
        (13, "„Vorname“ muss eine Zeile ohne Steuerzeichen sein"),
        (13, "Eintrag 2 von „weisungsberechtigte“ hat kein „nachname“ (Nachname)"),
        (13, "Eintrag 2 von „weisungsberechtigte“ hat kein „funktion“ (Funktion)"),
        (13, "Eintrag 2 von „weisungsberechtigte“ hat kein „e_mail_adresse“ (E-Mail-Adresse)"),
        (15, "„Datum“ ist kein Datum: '1.12.2026'"),
        (18, "unbekanntes Feld „firma“ in „unterschrift“"),
    }
    hints = {p.line: p.hint for p in raised.value.problems}
    assert hints[3] == "meinten Sie „strasse“?"
    assert hints[15] == "schreiben Sie `datum: 2026-12-01`"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("auftraggeber: [", 1, "YAML"),
        ("- a\n- b\n", 1, "der Datei muss eine Zuordnung sein"),
        ("weisungsberechtigte: []\n", 1, "„auftraggeber“ fehlt"),
        ("weisungsberechtigte: keine\n", 1, "„weisungsberechtigte“ muss eine Liste von Personen"),
        ("auftraggeber: {}\nauftraggeber: {}\n", 2, "„auftraggeber“ steht zweimal"),
    ],
)
def test_entries_that_are_no_entries_are_problems(
    agreement: Agreement, text: str, line: int, message: str
) -> None:
    with pytest.raises(InvalidAgreement) as raised:
        read_entries(text, "kunde.yaml", blanks(agreement))
    assert any(p.line == line and message in p.message for p in raised.value.problems)


def test_the_example_file_names_every_field_and_reads_back_once_filled(
    agreement: Agreement,
) -> None:
    example = example_yaml(blanks(agreement), agreement.version)
    for blank in blanks(agreement):
        for field in blank.fields:
            assert f'{field.key}: ""  # {field.label}' in example
    filled = example
    for key, value in {
        "firma": "A GmbH",
        "strasse": "Weg 1",
        "postleitzahl": "8010",
        "ort": "Graz",
        "land": "Österreich",
        "vorname": "Eva",
        "nachname": "Berg",
        "funktion": "CEO",
        "e_mail_adresse": "eva@example.com",
        "name": "Eva Berg",
    }.items():
        filled = re.sub(rf'(?m)^(\s*-? ?{key}: )""', rf'\g<1>"{value}"', filled)
    entries = read_entries(filled, "kunde.yaml", blanks(agreement))
    assert entries.of("weisungsberechtigte") == (
        {
            "vorname": "Eva",
            "nachname": "Berg",
            "funktion": "CEO",
            "e_mail_adresse": "eva@example.com",
        },
    )
    assert entries.of("unterschrift") == ({"ort": "Graz", "name": "Eva Berg", "funktion": "CEO"},)


def test_markup_in_an_entry_is_text_in_the_document(agreement: Agreement) -> None:
    entries = read_entries(CONTROLLER_YAML, "kunde.yaml", blanks(agreement))
    document = BeautifulSoup(sign_copy_html(agreement, entries), "html.parser")
    assert document.find("script") is None
    assert document.find("b") is None
    controller = present(document.select_one(".avv-auftraggeber .avv-filled"))
    assert controller.get_text("\n").split("\n") == [
        "Muster <b>Handel</b> & Söhne GmbH",
        "Musterstraße 1",
        "0110 Wien",
        "Österreich",
    ]
    rows = document.select(".avv-weisungsberechtigte .avv-filled-table tbody tr")
    assert [td.get_text() for td in rows[1].find_all("td")][:2] == [
        "<script>alert(1)</script>",
        "Beispielmann",
    ]


# The command line ------------------------------------------------------------------------------


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_sign_copy_writes_the_pdf_with_the_entries_and_the_version_on_every_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = AgreementRepo.create(tmp_path / "repo")
    (tmp_path / "kunde.yaml").write_text(CONTROLLER_YAML, encoding="utf-8")
    out = tmp_path / "avv-muster.pdf"
    argv = ["sign-copy", "--repo", str(repo.path), "--version", "2021-02-19"]
    code = main([*argv, "--controller", str(tmp_path / "kunde.yaml"), "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    pages = pdf_pages(out)
    assert len(pages) > 5
    agreement = load_folder(repo.path)
    digest = canonical.content_hash(agreement)
    for number, page in enumerate(pages, start=1):
        assert "Version 2021-02-19 · gültig ab 19. Februar 2021 · SHA-256" in page, number
        assert digest in page.replace("\n", ""), number
    text = flat(" ".join(pages))
    assert "Muster <b>Handel</b> & Söhne GmbH Musterstraße 1 0110 Wien Österreich" in text
    # a table cell may break a long entry anywhere
    squeezed = re.sub(r"\s+", "", text)
    for person in (
        "MariaMusterfrauGeschäftsführerinmaria.musterfrau@example.com+4312345678",
        "<script>alert(1)</script>BeispielmannIT-Leitungit@example.com",
    ):
        assert person in squeezed
    assert "Linz, am 1. Dezember 2026" in text
    assert "Name und Funktion: Maria Musterfrau, Geschäftsführerin" in text
    # the complete agreement: the last subprocessor of Anlage 2 is in it
    assert flat(agreement.subprocessors[-1].name) in text
    assert "vom AUFTRAGGEBER auszufüllen" not in text


def test_the_work_trees_version_is_signed_when_it_is_not_in_the_history_yet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = AgreementRepo.create(tmp_path / "repo")
    meta = repo.path / "contract" / "meta.yaml"
    replace(meta, "version: 2021-02-19", "version: 2027-01-04")
    replace(meta, "published: 2021-02-19", "published: 2027-01-04")
    replace(meta, "effective: 2021-02-19", "effective: 2027-02-08")
    (tmp_path / "kunde.yaml").write_text(CONTROLLER_YAML, encoding="utf-8")
    out = tmp_path / "neu.pdf"
    code = main(
        [
            "sign-copy",
            "--repo",
            str(repo.path),
            "--version",
            "2027-01-04",
            "--controller",
            str(tmp_path / "kunde.yaml"),
            "-o",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert all("Version 2027-01-04 · gültig ab 8. Februar 2027" in p for p in pdf_pages(out))


def test_an_offers_copy_says_it_binds_from_written_consent_in_pdf_and_word(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = AgreementRepo.create(tmp_path / "repo")
    root = repo.path
    courts_in_graz(root)
    meta = root / "contract" / "meta.yaml"
    replace(meta, "version: 2021-02-19", "version: 2027-01-04")
    replace(meta, "published: 2021-02-19", "published: 2027-01-04")
    replace(meta, "effective: 2021-02-19", "effective: 2027-02-08")
    (tmp_path / "kunde.yaml").write_text(CONTROLLER_YAML, encoding="utf-8")
    argv = ["sign-copy", "--repo", str(root), "--version", "2027-01-04"]
    controller = ["--controller", str(tmp_path / "kunde.yaml")]
    said = "Version 2027-01-04 · gilt mit Ihrer schriftlichen Zustimmung, frühestens ab 8. Februar"
    assert main([*argv, *controller, "-o", str(tmp_path / "neu.pdf")]) == 0, capsys.readouterr()
    pages = pdf_pages(tmp_path / "neu.pdf")
    assert all(said in flat(page) for page in pages)
    assert not any("gültig ab" in page for page in pages)
    assert main([*argv, *controller, "-o", str(tmp_path / "neu.docx")]) == 0, capsys.readouterr()
    word = docx.Document(str(tmp_path / "neu.docx"))
    footer = " ".join(p.text for p in word.sections[0].footer.paragraphs)
    assert said in footer and "gültig ab" not in footer


def test_bad_entries_fail_with_every_problem_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = AgreementRepo.create(tmp_path / "repo")
    bad = CONTROLLER_YAML.replace("maria.musterfrau@example.com", "maria").replace(
        "  ort: Linz\n", "  ort: Linz\n  datum: morgen\n"
    )
    (tmp_path / "kunde.yaml").write_text(bad, encoding="utf-8")
    out = tmp_path / "avv.pdf"
    code = main(
        [
            "sign-copy",
            "--repo",
            str(repo.path),
            "--version",
            "2021-02-19",
            "--controller",
            str(tmp_path / "kunde.yaml"),
            "-o",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert f"{tmp_path / 'kunde.yaml'}:11: „E-Mail-Adresse“ ist keine E-Mail-Adresse" in err
    assert f"{tmp_path / 'kunde.yaml'}:20: „datum“ steht zweimal" in err
    assert "Probleme gefunden." in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kunde.yaml", "repo"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["-o", "x.txt"], "unbekanntes Format"),
        (["-o", "fehlt/x.pdf"], "den Ordner gibt es nicht"),
        ([], "braucht --controller FILE.yaml und -o FILE.pdf"),
        (["-o", "x.pdf", "--controller", "riesig.yaml"], "größer als 256 KB"),
        (["-o", "x.pdf", "--controller", "latin1.yaml"], "nicht lesbar (UnicodeDecodeError)"),
    ],
)
def test_sign_copy_refuses_what_it_cannot_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    repo = AgreementRepo.create(tmp_path / "repo")
    inputs = tmp_path / "eingaben"
    inputs.mkdir()
    (inputs / "kunde.yaml").write_text(CONTROLLER_YAML, encoding="utf-8")
    (inputs / "riesig.yaml").write_text("# " + "x" * 300_000 + "\n", encoding="utf-8")
    (inputs / "latin1.yaml").write_bytes(CONTROLLER_YAML.encode("latin-1"))
    args = ["sign-copy", "--repo", str(repo.path), "--version", "2021-02-19"]
    if extra:
        controller = extra[3] if len(extra) > 2 else "kunde.yaml"
        extra = [extra[0], str(tmp_path / extra[1]), "--controller", str(inputs / controller)]
    assert main([*args, *extra]) == 1
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eingaben", "repo"]
