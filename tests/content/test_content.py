"""The repository's content as a model: faithful to the seed, complete, exported by its schema."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from avv.content.canonical import content_hash, export
from avv.content.load import load, load_folder, read_folder
from avv.model import Agreement
from tests.lines import model_lines, seed_lines
from tests.present import present
from tests.support import ROOT


@pytest.fixture(scope="module")
def agreement() -> Agreement:
    return load_folder(ROOT)


def test_every_line_sentence_and_cell_of_the_seed_is_in_the_model(agreement: Agreement) -> None:
    model = model_lines(agreement)
    missing = [line for line in seed_lines() if line not in model]
    assert missing == []


def test_the_model_holds_nothing_the_seed_does_not(agreement: Agreement) -> None:
    seed = set(seed_lines())
    extra = [line for line in model_lines(agreement) if line not in seed]
    assert extra == []


def test_table_cells_of_the_seed_each_match_one_model_cell(agreement: Agreement) -> None:
    cells = {cell for line in model_lines(agreement) for cell in line.split("\t")}
    seed_cells = [cell for line in seed_lines() if "\t" in line for cell in line.split("\t")]
    assert len(seed_cells) == 4 * 9 + 3 * 5
    assert [cell for cell in seed_cells if cell not in cells] == []


def test_structure_of_the_agreement_of_2021(agreement: Agreement) -> None:
    assert agreement.version == "2021-02-19"
    assert [
        s.id for s in agreement.sections
    ] == "i ii iii iv v vi vii viii ix x xi xii xiii".split()
    vi_c = agreement.clauses()["vi-c"]
    assert vi_c.label == "c." and vi_c.text.startswith("Änderungen sowie geplante Änderungen")
    assert [c.id for c in present(agreement.section("iv")).clauses] == [
        "iv-1",
        "iv-2",
        "iv-3",
        "iv-4",
    ]
    assert len(agreement.clauses()["i-c"].items) == 4
    assert len(agreement.data_categories) == 8
    assert len(agreement.instructions.recipients) == 4
    assert agreement.instructions.data_protection_contact.email == "datenschutz.at@linkmobility.com"
    assert [m.number for m in agreement.measures] == list(range(1, 13))
    assert len(agreement.subprocessors) == 4


def test_interxion_keeps_its_data_centre_and_its_seat_as_data(agreement: Agreement) -> None:
    interxion = agreement.subprocessors[0]
    assert interxion.name == "InterXion"
    assert (interxion.country, interxion.address) == (
        "NL",
        "Tupolevlaan 24, 1119 NX Schiphol-Rijk, Niederlande",
    )
    assert interxion.processing_location is not None
    assert interxion.processing_location.country == "AT"
    assert "1210 Wien" in interxion.processing_location.address
    assert not interxion.outside_eu_eea


def test_export_validates_against_the_schema_in_the_package(agreement: Agreement) -> None:
    schema = json.loads(
        resources.files("avv.content").joinpath("avv.schema.json").read_text("utf-8")
    )
    validator = jsonschema.Draft202012Validator(schema)
    data = export(agreement)
    assert list(validator.iter_errors(data)) == []
    del data["sections"][5]["clauses"][2]["text"]
    data["annexes"]["subprocessors"][0]["country"] = "Niederlande"
    assert len(list(validator.iter_errors(data))) == 2


def test_export_has_the_whole_agreement(agreement: Agreement) -> None:
    data = export(agreement)
    assert [data[k] for k in ("version", "published", "effective")] == ["2021-02-19"] * 3
    vi = data["sections"][5]
    assert vi["id"] == "vi" and vi["number"] == "VI" and vi["title"] == "Subaufträge"
    assert {"id": "vi-c", "label": "c."}.items() <= vi["clauses"][2].items()
    assert "binnen eines Monats" in vi["clauses"][2]["text"]
    assert len(data["annexes"]["measures"]) == 12
    assert [s["name"] for s in data["annexes"]["subprocessors"]] == [
        "InterXion",
        "rapidmail GmbH",
        "mtms solutions GmbH",
        "MessengerPeople GmbH",
    ]
    assert len(data["data_categories"]["rows"]) == 8
    assert len(data["instructions"]["recipients"]) == 4


def _hash_in_fresh_process(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-m", "avv.cli", "export", "--repo", str(ROOT)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return str(json.loads(done.stdout)["hash"])


def test_hash_is_stable_across_processes_and_matches_the_model(agreement: Agreement) -> None:
    hashes = {_hash_in_fresh_process(seed) for seed in ("1", "2")}
    assert hashes == {content_hash(agreement)}
    assert re.fullmatch(r"[0-9a-f]{64}", hashes.pop())


CHANGES = [
    ("contract/avv.md", "versenden kann.", "versenden kann!"),
    ("contract/avv.md", "## XII. Haftung", "## XII. Haftungen"),
    ("contract/meta.yaml", "effective: 2021-02-19", "effective: 2021-02-20"),
    ("contract/meta.yaml", "signatory: Christian Waldheim, CEO", "signatory: Christian Waldheim"),
    ("annexes/datenkategorien.yaml", "Korrekte Fakturierung", "Korrekte  Fakturierung"),
    ("annexes/weisungen.yaml", "VP Technology", "VP Engineering"),
    ("annexes/anlage-1.yaml", "- Backups\n", "- Backup\n"),
    ("annexes/anlage-2.yaml", "country: DE", "country: AT"),
]


@pytest.mark.parametrize(("path", "old", "new"), CHANGES, ids=[c[0] + ":" + c[2] for c in CHANGES])
def test_hash_changes_with_any_content(agreement: Agreement, path: str, old: str, new: str) -> None:
    files = read_folder(ROOT)
    assert old in files[path]
    files[path] = files[path].replace(old, new, 1)
    assert content_hash(load(files)) != content_hash(agreement)


def test_hash_ignores_comments_and_layout_of_the_yaml(agreement: Agreement) -> None:
    files = read_folder(ROOT)
    files["annexes/anlage-2.yaml"] = "# a new comment\n" + files["annexes/anlage-2.yaml"].replace(
        "country: NL", "country: 'NL'"
    )
    files["contract/meta.yaml"] = files["contract/meta.yaml"].replace(
        "published: 2021-02-19", 'published: "2021-02-19"'
    )
    assert content_hash(load(files)) == content_hash(agreement)


def test_check_passes_on_the_repository() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "avv.cli", "check", "--repo", str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "2021-02-19" in done.stdout and "13 Abschnitte" in done.stdout


def test_a_folder_without_content_reports_every_missing_file(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "avv.cli", "check", "--repo", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert done.stderr.count("die Datei fehlt") == 6
    assert "Traceback" not in done.stderr
