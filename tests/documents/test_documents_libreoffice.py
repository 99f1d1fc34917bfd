"""The redline as LibreOffice reads it: every change tracked by websms, and "accept all" and
"reject all" give the newer and the older version word for word. One LibreOffice run for all."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from avv.content.load import load, read_folder
from avv.documents.docx import redline_docx, version_docx
from tests.lines import word_lines
from tests.support import ROOT
from tests.word_scenarios import SCENARIOS, apply

pytestmark = pytest.mark.libreoffice

REAL = read_folder(ROOT)
SCRIPT = Path(__file__).resolve().parent / "libreoffice_uno.py"
# Debian's python3 carries LibreOffice's UNO bridge (python3-uno); the project's Python does not.
SYSTEM_PYTHON = "/usr/bin/python3"


def normalised(text: str) -> str:
    """The words in order: white space and the bullets LibreOffice writes for list items folded."""
    return " ".join(text.replace("\ufeff", "").replace("•", " ").replace("–", " – ").split())


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict[str, Any]]:
    """(scenario or "version", document/action) → the text LibreOffice saved and the tracked
    changes it found."""
    folder = tmp_path_factory.mktemp("libreoffice")
    jobs: list[dict[str, str]] = []
    keys: list[tuple[str, str]] = []

    def job(name: str, kind: str, data: bytes, action: str) -> None:
        path = folder / f"{name}-{kind}.docx"
        if not path.exists():
            path.write_bytes(data)
        jobs.append(
            {
                "docx": str(path),
                "action": action,
                "text": str(folder / f"{name}-{kind}-{action}.txt"),
            }
        )
        keys.append((name, f"{kind}/{action}"))

    job("version", "new", version_docx(load(REAL)), "none")
    for name, (old_edits, new_edits) in SCENARIOS.items():
        old = load(apply(REAL, old_edits, "2021-02-19"))
        new = load(apply(REAL, new_edits, "2024-03-01"))
        tracked = redline_docx(old, new)
        job(name, "old", version_docx(old), "none")
        job(name, "new", version_docx(new), "none")
        for action in ("accept", "reject", "none"):
            job(name, "redline", tracked, action)
    (folder / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
    subprocess.run(
        [SYSTEM_PYTHON, str(SCRIPT), str(folder / "profile"), str(folder / "jobs.json")],
        check=True,
        timeout=600,
        capture_output=True,
    )
    results = json.loads((folder / "jobs.out.json").read_text(encoding="utf-8"))
    return {
        key: {**result, "text": Path(entry["text"]).read_text(encoding="utf-8-sig")}
        for key, entry, result in zip(keys, jobs, results, strict=True)
    }


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_accept_all_gives_the_new_version_and_reject_all_the_old(
    office: dict[tuple[str, str], dict[str, Any]], name: str
) -> None:
    accepted, rejected = office[name, "redline/accept"], office[name, "redline/reject"]
    assert normalised(accepted["text"]) == normalised(office[name, "new/none"]["text"])
    assert normalised(rejected["text"]) == normalised(office[name, "old/none"]["text"])
    assert not accepted["left"] and not rejected["left"]


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_libreoffice_sees_the_changes_as_websms_on_the_new_versions_day(
    office: dict[tuple[str, str], dict[str, Any]], name: str
) -> None:
    seen = office[name, "redline/none"]
    assert seen["left"] and seen["changes"]
    assert {(c["author"], c["date"]) for c in seen["changes"]} == {("websms", "2024-03-01")}
    assert office[name, "new/none"]["changes"] == [] == office[name, "old/none"]["changes"]


def test_rows_are_tracked_as_rows_and_emphasis_as_formatting(
    office: dict[tuple[str, str], dict[str, Any]],
) -> None:
    kinds = {c["type"] for c in office["tables", "redline/none"]["changes"]}
    assert {"Insert", "Delete"} <= kinds
    assert "Format" in {c["type"] for c in office["emphasis", "redline/none"]["changes"]}
    # The redline without any action still shows the removed and the added row of III, and
    # both names of the subprocessor replaced in its row.
    text = office["tables", "redline/none"]["text"]
    assert "Userdaten" in text and "Testdaten" in text
    assert "MessengerPeople GmbH" in text and "Beispiel Messaging GmbH" in text
    accepted = office["tables", "redline/accept"]["text"]
    assert "MessengerPeople GmbH" not in accepted and "Beispiel Messaging GmbH" in accepted
    rejected = office["tables", "redline/reject"]["text"]
    assert "MessengerPeople GmbH" in rejected and "Beispiel Messaging GmbH" not in rejected


def test_the_version_as_libreoffice_reads_it_has_every_line_of_the_model_in_order(
    office: dict[tuple[str, str], dict[str, Any]],
) -> None:
    agreement = load(REAL)
    text = normalised(office["version", "new/none"]["text"])
    signed, blank = agreement.meta.processor_signature, agreement.meta.controller_signature
    # The signature block is a table of two columns, read cell by cell; the model lists it as
    # the seed does, row by row.
    signature = {signed.heading, signed.signatory, blank.heading, blank.place_and_date_blank}
    signature |= {blank.signatory_blank, blank.signatory_label, "Graz, am 19. Februar 2021"}
    position, missing = 0, []
    for line in word_lines(agreement):
        if "\t" in line:
            continue  # a table row: its cells are lines of their own, each of them checked
        found = text.find(normalised(line), 0 if line in signature else position)
        if found < 0:
            missing.append(line)
        elif line not in signature:
            position = found
    assert missing == []
    assert position > len(text) // 2


def test_fields_without_a_column_of_their_own_are_tracked_and_resolve_both_ways(
    office: dict[tuple[str, str], dict[str, Any]],
) -> None:
    """The countries (issue: the web redline showed them, Word did not) are words in LibreOffice:
    shown as changes, gone or kept by accepting and rejecting them."""
    seen = office["fields", "redline/none"]
    assert {"Insert", "Delete"} <= {c["type"] for c in seen["changes"]}
    accepted = normalised(office["fields", "redline/accept"]["text"])
    rejected = normalised(office["fields", "redline/reject"]["text"])
    assert "Land: Belgien (BE)" in accepted and "Land: Niederlande (NL)" not in accepted
    assert "Land: Niederlande (NL)" in rejected and "Land: Belgien (BE)" not in rejected
    assert "Land der Verarbeitung: Österreich (AT)" in accepted
    assert accepted.count("Land der Verarbeitung") == rejected.count("Land der Verarbeitung") + 1
    assert "Kärntner Straße 1, 1010 Wien" in accepted and "Kärntner Straße" not in rejected
