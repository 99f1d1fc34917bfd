"""The sign-ready copy as a Word document: the entries in place, the version in every footer."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pypdf
import pytest

from avv.cli import main
from avv.content import canonical
from avv.content.load import load_folder
from tests.support import CONTROLLER_YAML, AgreementRepo


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("docx")
    repo = AgreementRepo.create(root / "repo")
    (root / "kunde.yaml").write_text(CONTROLLER_YAML, encoding="utf-8")
    out = root / "avv-muster.docx"
    argv = ["sign-copy", "--repo", str(repo.path), "--version", "2021-02-19"]
    assert main([*argv, "--controller", str(root / "kunde.yaml"), "-o", str(out)]) == 0
    return repo.path, out


def test_the_word_copy_holds_the_entries_as_text(written: tuple[Path, Path]) -> None:
    _, out = written
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("Muster <b>Handel</b> & Söhne GmbH")
    assert texts[start : start + 4] == [
        "Muster <b>Handel</b> & Söhne GmbH",
        "Musterstraße 1",
        "0110 Wien",
        "Österreich",
    ]
    assert not any("auszufüllen" in text or "[Vorname" in text for text in texts)
    persons = next(t for t in document.tables if t.rows[0].cells[0].text == "Vorname")
    assert [c.text for c in persons.rows[0].cells] == [
        "Vorname",
        "Nachname",
        "Funktion",
        "E-Mail-Adresse",
        "Telefonnummer",
    ]
    assert [c.text for c in persons.rows[2].cells][:2] == [
        "<script>alert(1)</script>",
        "Beispielmann",
    ]
    signature = [p.text for t in document.tables for cell in t._cells for p in cell.paragraphs]
    assert "Linz, am 1. Dezember 2026" in signature
    assert "Name und Funktion: Maria Musterfrau, Geschäftsführerin" in signature


def test_libreoffice_prints_the_version_on_every_page_of_the_word_copy(
    written: tuple[Path, Path], tmp_path: Path
) -> None:
    repo, out = written
    office = shutil.which("soffice")
    if office is None:
        pytest.fail("soffice is missing: ./scripts/setup installs libreoffice-writer-nogui")
    subprocess.run(
        [
            office,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pages = [p.extract_text() for p in pypdf.PdfReader(tmp_path / "avv-muster.pdf").pages]
    digest = canonical.content_hash(load_folder(repo))
    assert len(pages) > 5
    for number, text in enumerate(pages, start=1):
        flat = re.sub(r"\s+", " ", text)
        assert "Version 2021-02-19 · gültig ab 19. Februar 2021 · SHA-256" in flat, number
        assert digest in re.sub(r"\s+", "", text), number
    assert "MariaMusterfrau" in re.sub(r"\s+", "", " ".join(pages))
