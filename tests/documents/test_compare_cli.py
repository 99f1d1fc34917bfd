"""`avv compare OLD NEW`: the redline of two versions of a real git history on the command line."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from avv.changes.redline import redline
from avv.cli import main
from avv.documents.redline_render import to_json
from avv.repo.history import versions
from tests.present import present
from tests.support import ROOT, AgreementRepo, replace, set_meta, three_versions

AVV = ROOT / ".venv" / "bin" / "avv"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> AgreementRepo:
    return three_versions(tmp_path_factory.mktemp("history") / "repo")


def compare(repo: AgreementRepo, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["compare", *args, "--repo", str(repo.path)]) == 0
    return capsys.readouterr().out


def test_markdown_shows_the_changed_clause_and_the_annex_rows(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    text = compare(repo, capsys, "2021-02-19", "2023-05-02")
    assert text.startswith("## Änderungen von 2021-02-19 zu 2023-05-02\n")
    assert "- Subunternehmer (Anlage 2): 0 neu, 0 entfernt, 1 geändert, davon 1 ersetzt" in text
    assert "- Maßnahmen (Anlage 1): 1 neu, 0 entfernt, 0 geändert" in text
    assert "**VI.c** (geändert):" in text
    assert "schriftlich <ins>per E-Mail (Beispiel) </ins>zu widersprechen." in text
    assert (
        "| Beispiel Messaging GmbH | ersetzt (bisher MessengerPeople GmbH) | Firmenname: "
        "<del>MessengerPeople GmbH</del><ins>Beispiel Messaging GmbH</ins><br>Anschrift: " in text
    )
    added = "Zwei-Faktor-Authentifizierung für Administratoren (Beispiel)"
    assert f"Maßnahmen: <ins>{added}</ins>" in text


def test_markdown_of_neighbouring_versions_shows_only_their_changes(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    text = compare(repo, capsys, "2021-02-19", "2022-03-01")
    assert "Klauseln: 0 geändert, 0 neu, 0 gestrichen" in text
    assert "VI.c" not in text and "Zwei-Faktor" not in text
    assert "Beispiel Messaging GmbH" in text


def test_json_is_the_redline_as_data(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(compare(repo, capsys, "2022-03-01", "2023-05-02", "--format", "json"))
    history = versions(repo.path)
    assert data == to_json(redline(history[1].agreement, history[2].agreement))
    assert data["summary"]["measures"] == {"added": 1, "removed": 0, "changed": 0}
    assert data["summary"]["tables"]["anlage-2"] == {"added": 0, "removed": 0, "changed": 0}


def test_html_is_a_page_with_the_marked_words_in_their_clause(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    page = BeautifulSoup(
        compare(repo, capsys, "2021-02-19", "2023-05-02", "--format", "html"), "html.parser"
    )
    assert present(page.html)["lang"] == "de"
    assert present(page.title).get_text() == "Vergleich 2021-02-19 → 2023-05-02"
    assert (
        present(page.select_one("#rl-vi-c ins")).get_text() == "eingefügt: per E-Mail (Beispiel) "
    )
    replaced = present(
        page.select_one("section[aria-labelledby=rl-anlage-2] tr.avv-redline-replaced")
    )
    assert present(replaced.th).get_text() == "Beispiel Messaging GmbH"
    assert present(replaced.td).get_text() == "ersetzt (bisher MessengerPeople GmbH)"
    name = present(replaced.select_one("dd"))
    assert [m.get_text() for m in name.select("del, ins")] == [
        "gelöscht: MessengerPeople GmbH",
        "eingefügt: Beispiel Messaging GmbH",
    ]
    assert page.select_one("#rl-vi-c a") is None, "no links to pages that are not there"


def test_the_work_tree_can_be_the_newer_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = three_versions(tmp_path / "repo")
    set_meta(repo.path, version="2024-01-10", published="2024-01-10", effective="2024-02-15")
    replace(
        repo.path / "contract" / "avv.md", "mit EUR 1.000,00 begrenzt", "mit EUR 5.000,00 begrenzt"
    )
    text = compare(repo, capsys, "2023-05-02", "2024-01-10")
    assert "**XII.b** (geändert):" in text
    assert "EUR <del>1.000,00</del><ins>5.000,00</ins> begrenzt" in text


def test_an_unknown_version_names_the_known_ones(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", "2021-02-19", "2030-01-01", "--repo", str(repo.path)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("avv: keine Version 2030-01-01 in ")
    assert "vorhanden: 2021-02-19, 2022-03-01, 2023-05-02" in error


def test_the_console_script_prints_the_same(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = compare(repo, capsys, "2022-03-01", "2023-05-02")
    done = subprocess.run(
        [str(AVV), "compare", "2022-03-01", "2023-05-02", "--repo", str(repo.path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == expected


def test_pdf_is_the_printable_redline_of_any_pair(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The site keeps the files only for the pairs people use; any other pair's PDF comes
    from the command, the same document the site would have."""
    import pypdf

    from avv.documents.printable import redline_pdf

    out = tmp_path / "aenderungen.pdf"
    args = ["2021-02-19", "2023-05-02", "--format", "pdf", "-o", str(out)]
    assert "von 2021-02-19 zu 2023-05-02 zum Drucken (PDF)" in compare(repo, capsys, *args)
    known = {v.id: v.agreement for v in versions(repo.path)}
    expected = redline_pdf(redline(known["2021-02-19"], known["2023-05-02"]))

    def text(data: bytes) -> str:
        pages = pypdf.PdfReader(io.BytesIO(data)).pages
        return " ".join(" ".join(p.extract_text() for p in pages).split())

    printed = text(out.read_bytes())
    assert printed == text(expected)
    assert "Beispiel Messaging GmbH" in printed and "MessengerPeople GmbH" in printed
    assert "per E-Mail (Beispiel)" in printed


def test_pdf_needs_a_file(repo: AgreementRepo, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compare", "2021-02-19", "2022-03-01", "--repo", str(repo.path), "--format", "pdf"]
    assert main(args) == 1
    assert "-o DATEI.pdf" in capsys.readouterr().err
