"""The printable redline of versions whose tables fall on a page break: WeasyPrint's tagged PDF
(PDF/UA) fails on a table whose caption ends one page while its rows begin the next ("Table
wrapper without a table"), so a caption stays with its table."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pypdf

from avv.changes.redline import redline
from avv.content.load import load_folder
from avv.documents.printable import redline_pdf
from avv.model import Agreement
from tests.support import copy_project, replace, set_meta


def with_measures(folder: Path, count: int) -> Agreement:
    """The AVV of 2021-02-19 with `count` measures added, a month apart, as a history would."""
    for number in range(1, count + 1):
        replace(
            folder / "annexes" / "anlage-1.yaml",
            "      - Einsatz von Firewalls\n",
            f"      - Einsatz von Firewalls\n      - Maßnahme {number} (Beispiel)\n",
        )
    published = date(2021, 3, 1) + timedelta(days=30 * count)
    effective = published + timedelta(days=35)
    set_meta(
        folder,
        version=published.isoformat(),
        published=published.isoformat(),
        effective=effective.isoformat(),
    )
    return load_folder(folder)


def test_a_redline_whose_table_caption_ends_a_page_prints(tmp_path: Path) -> None:
    older = with_measures(copy_project(tmp_path / "older"), 2)
    newer = with_measures(copy_project(tmp_path / "newer"), 3)
    assert redline_pdf(redline(older, newer)).startswith(b"%PDF-")


def test_an_unchanged_annex_is_named_once_in_the_printed_redline(tmp_path: Path) -> None:
    """Anlage 2 unchanged: its heading says so, and no "Keine Änderungen" repeats it."""
    older = with_measures(copy_project(tmp_path / "older"), 2)
    newer = with_measures(copy_project(tmp_path / "newer"), 3)
    text = " ".join(
        pypdf.PdfReader(io.BytesIO(redline_pdf(redline(older, newer))))
        .pages[-1]
        .extract_text()
        .split()
    )
    assert f"{newer.subprocessors_annex.title} (unverändert)" in text
    assert "Keine Änderungen" not in text
