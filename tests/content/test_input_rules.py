"""Input refused elsewhere is refused everywhere: the customer's YAML of `sign-copy` holds only
what the content may hold (no bidi control reverses a name), a word of a name or address never
mixes scripts (a Cyrillic "а" in "rapidmail" is another company that reads the same), and every
text of the content that enters the pull request's summary is escaped as the redline and the
notice escape it: no image, link or HTML from a subprocessor's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from avv.cli import main
from avv.content.load import load_folder
from avv.documents.blanks import blanks, read_entries
from avv.errors import InvalidAgreement
from tests.support import ROOT, AgreementRepo, copy_project, replace

ENTRIES = """\
auftraggeber:
  firma: {firma}
  strasse: Musterstraße 1
  postleitzahl: "1010"
  ort: Wien
  land: Österreich
weisungsberechtigte:
  - vorname: Maria
    nachname: Muster
    funktion: Geschäftsführerin
    e_mail_adresse: maria.muster@example.com
unterschrift:
  datum: 2026-12-01
  name: Maria Muster
  funktion: Geschäftsführerin
"""


@pytest.mark.parametrize(
    ("firma", "message"),
    [
        ("Muster\u202eHbmG", "„Firma“ enthält ein unsichtbares Zeichen (RIGHT-TO-LEFT OVERRIDE"),
        ("Muster\u200bGmbH", "„Firma“ enthält ein unsichtbares Zeichen (ZERO WIDTH SPACE"),
        ("r\u0430pidmail GmbH", "„Firma“: das Wort „rаpidmail“ mischt Schriften"),
    ],
)
def test_the_customers_entries_keep_the_character_rules_of_the_content(
    firma: str, message: str
) -> None:
    agreement = load_folder(ROOT)
    with pytest.raises(InvalidAgreement) as raised:
        read_entries(ENTRIES.format(firma=firma), "kunde.yaml", blanks(agreement))
    assert [p.line for p in raised.value.problems] == [2]
    assert message in raised.value.problems[0].message


def test_plain_greek_and_cyrillic_names_stay_allowed() -> None:
    agreement = load_folder(ROOT)
    for firma in ("Ελληνική Εταιρεία", "ООО Ромашка", "Müller & Söhne"):
        read_entries(ENTRIES.format(firma=firma), "kunde.yaml", blanks(agreement))


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("name: rapidmail GmbH", "name: r\u0430pidmail GmbH", 19),
        ("address: Nordstraße 4", "address: Nordstr\u0430ße 4", 24),
    ],
)
def test_a_name_or_address_that_mixes_scripts_is_a_check_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, line: int
) -> None:
    repo = copy_project(tmp_path / "repo")
    replace(repo / "annexes" / "anlage-2.yaml", old, new)
    assert (
        main(
            [
                "check",
                "--repo",
                str(repo),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "mischt Schriften" in err
    assert "CYRILLIC SMALL LETTER A (U+0430)" in err
    assert f"annexes/anlage-2.yaml:{line}:" in err


def test_a_name_with_markdown_is_text_in_every_part_of_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = AgreementRepo.create(tmp_path / "repo")
    hostile = "Bild ![x](https://evil.example/x.png) [Link](https://evil.example/) <b>fett</b>"

    def rename(path: Path) -> None:
        replace(path / "annexes" / "anlage-2.yaml", "name: rapidmail GmbH", f"name: {hostile}")

    repo.commit_version("2030-03-01", "2030-03-01", "2030-05-15", rename)
    summary = tmp_path / "summary.md"
    main(
        [
            "check",
            "--repo",
            str(repo.path),
            "--base",
            "HEAD~1",
            "--today",
            "2030-03-01",
            "--summary",
            str(summary),
        ]
    )
    capsys.readouterr()
    text = summary.read_text(encoding="utf-8")
    # The name is in the findings, the kinds of change, the redline and the draft notice.
    assert text.count("evil.example") >= 4
    for live in ("![", "](https://evil", "<b>", "[Link]"):
        assert live not in text, live


def test_a_name_in_the_form_of_an_encoded_word_is_a_check_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The processor's name is the display name of the notice's From: an encoded word in it
    would be decoded by the customer's mail program into another name."""
    repo = copy_project(tmp_path / "repo")
    meta = repo / "contract" / "meta.yaml"
    text = meta.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.strip().startswith("name:"))
    replace(meta, name, name.split(":")[0] + ": =?utf-8?q?Andere_Firma?= GmbH")
    assert main(["check", "--repo", str(repo)]) == 1
    assert "die Form eines kodierten Worts (RFC 2047)" in capsys.readouterr().err
