"""`avv customers show ID --pdf FILE`: the customer's agreement as it binds them today — the text
they agreed to, with every change by notice since — with customer, versions and hash in every
page's footer."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.register.support import Avv, write_csv

CUSTOMERS = [
    "4711,Muster GmbH,datenschutz@muster.at,2021-02-19,2021-03-01",
    "4712,Beispiel AG,office@beispiel.at,2021-02-19,2021-05-10",
]


def _pages(path: object) -> list[str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))  # type: ignore[attr-defined]
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


@pytest.mark.parametrize("register_url", ["sqlite"], indirect=True)
def test_the_pdf_holds_their_text_with_the_annexes_notified_since(avv: Avv) -> None:
    avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", CUSTOMERS)))
    assert avv("consent", "4712", "2023-05-02", "--date", "2023-05-10")[0] == 0
    pages = {}
    for number in ("4711", "4712"):
        out = avv.repo.parent / f"{number}.pdf"
        code, _, err = avv("customers", "show", number, "--pdf", str(out))
        assert code == 0, err
        pages[number] = _pages(out)
    agreed, offered = " ".join(pages["4711"]), " ".join(pages["4712"])
    # Both carry the subprocessor and the measure that came by notice (VI.c, VII.c)…
    for text in (agreed, offered):
        assert "Beispiel Messaging GmbH" in text and "MessengerPeople" not in text
        assert "Zwei-Faktor-Authentifizierung für Administratoren (Beispiel)" in text
    # …but only the customer who consented holds the amended VI.c (XIII.b).
    assert "per E-Mail (Beispiel)" not in agreed
    assert "per E-Mail (Beispiel)" in offered
    for number, found in pages.items():
        footers = [
            re.search(r"Kunde \d+ · Version [^·]+· Stand [^·]+· SHA-256 [0-9a-f]{64}", p)
            for p in found
        ]
        assert all(footers), number
        assert all(f"Kunde {number}" in p for p in found)
    assert "Version 2023-05-02 · Stand" in pages["4712"][0]
    assert "mit Anlagen und Weisungsempfängern der Version 2023-05-02" in pages["4711"][0]


@pytest.mark.parametrize("register_url", ["sqlite"], indirect=True)
def test_the_pdf_is_never_written_into_the_repository(avv: Avv) -> None:
    avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", CUSTOMERS)))
    code, _, err = avv("customers", "show", "4711", "--pdf", str(avv.repo / "4711.pdf"))
    assert code == 1
    assert "Kundendaten gehören nicht hinein" in err
    code, _, err = avv("customers", "show", "4711", "--pdf", str(avv.repo.parent / "4711.txt"))
    assert code == 1
    assert "--pdf schreibt eine PDF-Datei" in err
    assert not (avv.repo / "4711.pdf").exists()
