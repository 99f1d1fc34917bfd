"""The Word documents: a version read back by python-docx, and the redline whose tracked changes,
accepted or rejected, give the newer or the older version's document."""

from __future__ import annotations

import dataclasses
import io
import re
from collections import Counter
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from avv.changes import redline
from avv.cli import main
from avv.content.load import load, load_folder, read_folder
from avv.documents.docx import redline_docx, version_docx
from avv.errors import AvvError
from avv.model import Agreement
from tests.lines import word_lines
from tests.present import present
from tests.support import ROOT, three_versions
from tests.word_scenarios import SCENARIOS, Edit, apply
from tests.wordml import W, document_xml, resolved, text_of

REAL = read_folder(ROOT)


@pytest.fixture(scope="module")
def agreement() -> Agreement:
    return load(REAL)


@pytest.fixture(scope="module")
def document(agreement: Agreement) -> docx.document.Document:
    return docx.Document(io.BytesIO(version_docx(agreement)))


def lines_of(document: docx.document.Document) -> list[str]:
    """Each paragraph (a label's tab read as a space) and each table row as tab-separated cells
    of space-joined lines, as `model_lines` writes them."""
    lines = [p.text.replace("\t", " ") for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = [" ".join(p.text for p in cell.paragraphs) for cell in row.cells]
            lines.append("\t".join(cells))
            lines += [p.text for cell in row.cells for p in cell.paragraphs]
    return [line for line in lines if line]


def test_the_version_holds_every_line_cell_and_table_row_of_the_model(
    agreement: Agreement, document: docx.document.Document
) -> None:
    found = set(lines_of(document))
    assert [line for line in word_lines(agreement) if line not in found] == []


def test_the_version_holds_nothing_the_model_does_not(
    agreement: Agreement, document: docx.document.Document
) -> None:
    model = set(word_lines(agreement))
    cells = {cell for line in model for cell in line.split("\t")}
    lines = {v for d in agreement.data_categories for v in (*d.purpose, *d.duration, *d.persons)}
    allowed = model | cells | lines | {"Kategorie", "Maßnahmen"}
    extra = [line for line in lines_of(document) if "\t" not in line and line not in allowed]
    assert extra == [f"Version 2021-02-19 · Inhalts-Hash (SHA-256) {_hash(agreement)}"]


def _hash(agreement: Agreement) -> str:
    from avv.content.canonical import content_hash

    return content_hash(agreement)


def test_sections_are_headings_in_order_and_clauses_keep_their_letters(
    agreement: Agreement, document: docx.document.Document
) -> None:
    headings = [p.text for p in document.paragraphs if present(p.style).name == "Heading 1"]
    assert headings == [s.heading for s in agreement.sections]
    body = [p.text for p in document.paragraphs]
    vi = body[
        body.index("VI. Subaufträge") + 1 : body.index("VII. Technisch organisatorische Maßnahmen")
    ]
    assert [line.split("\t")[0] for line in vi] == ["a.", "b.", "c.", "d.", "e."]
    assert vi[2].startswith("c.\tÄnderungen sowie geplante Änderungen")
    annexes = [p.text for p in document.paragraphs if present(p.style).name == "AVV Anlage"]
    assert annexes == [a.title for a in agreement.annexes]
    title = next(p for p in document.paragraphs if present(p.style).name == "Title")
    assert title.text == agreement.title
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert bold.count("AUFTRAGNEHMER") == 1 and "PARTEI/EN" in bold
    assert not any("**" in p.text for p in document.paragraphs)


def test_the_tables_of_iii_anlage_1_and_anlage_2_have_a_row_each(
    agreement: Agreement, document: docx.document.Document
) -> None:
    data, _, measures, subprocessors = document.tables
    assert [c.text for c in data.rows[0].cells] == [t for _, t in agreement.data_category_columns]
    assert len(data.rows) == 1 + len(agreement.data_categories)
    assert data.rows[4].cells[3].text.splitlines() == list(agreement.data_categories[3].persons)
    assert len(measures.rows) == 1 + len(agreement.measures) == 13
    second = measures.rows[2].cells
    assert second[0].text.splitlines()[0] == "2. Zugangskontrolle"
    assert second[1].text.splitlines() == list(agreement.measures[1].measures)
    assert [c.text.splitlines() for c in subprocessors.rows[1].cells] == [
        ["InterXion"],
        [
            agreement.subprocessors[0].address_cell,
            "Land: Niederlande (NL)",
            "Land der Verarbeitung: Österreich (AT)",
        ],
        [agreement.subprocessors[0].purpose],
    ]
    assert len(subprocessors.rows) == 1 + len(agreement.subprocessors)
    for table in (data, measures, subprocessors):
        assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None


def test_the_signature_block_leaves_the_customers_blanks(
    agreement: Agreement, document: docx.document.Document
) -> None:
    _, signatures, *_ = document.tables
    processor, controller = (cell.text.splitlines() for cell in signatures.rows[0].cells)
    assert processor == [
        "Für den AUFTRAGNEHMER",
        "Graz, am 19. Februar 2021",
        "Christian Waldheim, CEO",
    ]
    blank = agreement.meta.controller_signature
    assert controller == [
        blank.heading,
        blank.place_and_date_blank,
        blank.signatory_blank,
        blank.signatory_label,
    ]
    fills = [p.text for p in document.paragraphs if present(p.style).name == "AVV Ausfüllfeld"]
    assert fills == [
        "vom AUFTRAGGEBER auszufüllen",
        agreement.instructions.authorised_persons_blank,
    ]


def test_the_document_is_a4_german_and_says_its_version(
    agreement: Agreement, document: docx.document.Document
) -> None:
    section = document.sections[0]
    assert (
        round(present(section.page_width).cm, 1),
        round(present(section.page_height).cm, 1),
    ) == (
        21.0,
        29.7,
    )
    assert "Version 2021-02-19" in section.header.paragraphs[0].text
    assert document.core_properties.title == agreement.title
    assert document.core_properties.language == "de-AT"


def test_the_same_model_gives_the_same_bytes_and_other_content_other_bytes(
    agreement: Agreement,
) -> None:
    first = version_docx(agreement)
    assert version_docx(load(REAL)) == first
    changed = dict(REAL)
    changed["annexes/anlage-2.yaml"] = changed["annexes/anlage-2.yaml"].replace(
        "Newsletterversand", "Versand von Newslettern"
    )
    assert version_docx(load(changed)) != first
    assert document_xml(first).find(f".//{W}ins") is None
    assert document_xml(first).find(f".//{W}del") is None


# -- the redline -------------------------------------------------------------------------------


def pair(name: str) -> tuple[Agreement, Agreement]:
    old_edits, new_edits = SCENARIOS[name]
    return load(apply(REAL, old_edits, "2021-02-19")), load(apply(REAL, new_edits, "2024-03-01"))


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_accepting_every_change_gives_the_new_version_and_rejecting_the_old(name: str) -> None:
    old, new = pair(name)
    tracked = redline_docx(old, new)
    assert resolved(tracked, "accept") == resolved(version_docx(new), "accept")
    assert resolved(tracked, "reject") == resolved(version_docx(old), "accept")
    assert document_xml(tracked).find(f".//{W}ins") is not None or name == "emphasis"


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_mark_is_by_websms_on_the_new_versions_day_with_an_id_of_its_own(name: str) -> None:
    root = document_xml(redline_docx(*pair(name)))
    marks = [e for tag in ("ins", "del", "rPrChange") for e in root.iter(f"{W}{tag}")]
    assert marks
    assert {(e.get(f"{W}author"), e.get(f"{W}date")) for e in marks} == {
        ("websms", "2024-03-01T00:00:00Z")
    }
    ids = Counter(e.get(f"{W}id") for e in marks)
    assert [i for i, n in ids.items() if n > 1] == []
    for deleted in root.iter(f"{W}del"):
        assert deleted.find(f".//{W}t") is None
    for text in root.iter(f"{W}delText"):
        assert any(a.tag == f"{W}del" for a in text.iterancestors())


def marked(data: bytes, tag: str) -> list[str]:
    """The text inside each w:ins or w:del run container."""
    return [
        "".join(t.text or "" for t in e.iter(f"{W}t", f"{W}delText"))
        for e in document_xml(data).iter(f"{W}{tag}")
        if e.getparent().tag == f"{W}p"
    ]


def test_the_words_the_redline_marks_are_the_words_tracked() -> None:
    old, new = pair("reworded")
    tracked = redline_docx(old, new)
    vi_c = next(c for s in redline.redline(old, new).sections for c in s.clauses if c.ref == "VI.c")
    inserted = [s.text for s in vi_c.text if s.kind == "insert"]
    deleted = [s.text for s in vi_c.text if s.kind == "delete"]
    assert (inserted, deleted) == (["vier Wochen", "per E-Mail (Beispiel) "], ["eines Monats"])
    assert set(inserted) <= set(marked(tracked, "ins"))
    assert set(deleted) <= set(marked(tracked, "del"))


def test_annex_rows_are_inserted_and_deleted_as_rows_and_cells_word_by_word() -> None:
    tracked = redline_docx(*pair("tables"))
    root = document_xml(tracked)
    rows = {
        kind: [
            " | ".join(
                "".join(t.text or "" for t in cell.iter(f"{W}t", f"{W}delText"))
                for cell in row.iter(f"{W}tc")
            )
            for row in root.iter(f"{W}tr")
            if row.find(f"{W}trPr/{W}{kind}") is not None
        ]
        for kind in ("ins", "del")
    }
    assert rows["ins"] == [
        "Testdaten | Qualitätssicherung | Dauer des Tests | Mitarbeiter des AUFTRAGGEBERS",
    ]
    assert rows["del"] == [
        "Userdaten | Zugangsverwaltung zum websms System | Dauer des Vertragsverhältnisses | "
        "Mitarbeiter des AUFTRAGGEBERS",
    ]
    inserted, deleted = marked(tracked, "ins"), marked(tracked, "del")
    # MessengerPeople replaced in its row (same purpose): one row, the name deleted and inserted
    # whole, the address word by word.
    assert "Beispiel Messaging GmbH" in inserted and "MessengerPeople GmbH" in deleted
    assert "CTO" in inserted and "VP Technology" in deleted
    assert "Zwei-Faktor-Authentifizierung" in inserted and "Schriftliche Weisungen" in deleted
    assert "Seit" in inserted and "1. März 2022" in inserted


def test_a_moved_clause_is_deleted_where_it_stood_and_inserted_where_it_stands() -> None:
    old, new = pair("moved-across")
    tracked = redline_docx(old, new)
    moved = "Weicht diese Vereinbarung vom websms Nutzungsvertrag ab, geht diese Vereinbarung vor."
    assert moved in marked(tracked, "ins") and moved in marked(tracked, "del")
    accepted = text_of(resolved(tracked, "accept"))
    assert accepted.index(f"d.\t{moved}") < accepted.index("XIII. Schlussbestimmungen")


def test_emphasis_alone_is_a_formatting_change() -> None:
    old, new = pair("emphasis")
    root = document_xml(redline_docx(old, new))
    changed = [
        "".join(t.text or "" for t in r.iter(f"{W}t"))
        for r in root.iter(f"{W}r")
        if r.find(f"{W}rPr/{W}rPrChange") is not None
    ]
    assert changed == ["AUFTRAGNEHMER", "PARTEIEN"]


def test_the_redline_of_a_version_with_itself_tracks_nothing(agreement: Agreement) -> None:
    root = document_xml(redline_docx(agreement, agreement))
    assert root.find(f".//{W}ins") is None and root.find(f".//{W}del") is None


def test_a_text_xml_cannot_hold_is_an_error_not_a_broken_file(agreement: Agreement) -> None:
    # avv check refuses control characters in the files; a model made otherwise meets this.
    broken = dataclasses.replace(agreement, title=agreement.title + "\x07")
    with pytest.raises(AvvError, match="Steuerzeichen"):
        redline_docx(agreement, broken)


_CLAUSE_LINES = [
    line for line in REAL["contract/avv.md"].splitlines() if re.match(r"- [a-z]\. ", line)
]
_WORDS = st.lists(
    st.sampled_from(["a", "ä", "ß", " ", ".", ",", "-", "Ö", "**", "Wort "]), min_size=1, max_size=8
).map("".join)


@settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    names=st.lists(st.sampled_from(sorted(SCENARIOS)), min_size=1, max_size=3, unique=True),
    words=st.lists(
        st.tuples(st.sampled_from(_CLAUSE_LINES), st.integers(0, 200), _WORDS), max_size=3
    ),
)
def test_accept_and_reject_give_both_versions_whatever_the_edits(
    names: list[str], words: list[tuple[str, int, str]]
) -> None:
    edits: list[Edit] = [e for name in names for e in SCENARIOS[name][1]]
    for line, at, text in words:
        cut = min(at, len(line))
        edits.append(("contract/avv.md", line, line[:cut] + text + line[cut:]))
    try:
        new = load(apply(REAL, edits, "2024-03-01", strict=False))
    except AvvError:
        return  # the edits made an invalid agreement: avv check reports it, nothing is built
    old = load(REAL)
    tracked = redline_docx(old, new)
    assert resolved(tracked, "accept") == resolved(version_docx(new), "accept")
    assert resolved(tracked, "reject") == resolved(version_docx(old), "accept")


def test_avv_compare_writes_the_redline_as_word(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = three_versions(tmp_path / "repo")
    out = tmp_path / "aenderungen.docx"
    code = main(
        [
            "compare",
            "2021-02-19",
            "2023-05-02",
            "--repo",
            str(repo.path),
            "--format",
            "docx",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    assert "2021-02-19 zu 2023-05-02" in capsys.readouterr().out
    tracked = out.read_bytes()
    assert docx.Document(io.BytesIO(tracked)).paragraphs
    new = load_folder(repo.path)
    assert resolved(tracked, "accept") == resolved(version_docx(new), "accept")
    assert "Beispiel Messaging GmbH" in marked(tracked, "ins")


def test_avv_compare_docx_needs_a_file_and_a_folder_that_exists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = three_versions(tmp_path / "repo")
    args = ["compare", "2021-02-19", "2023-05-02", "--repo", str(repo.path), "--format", "docx"]
    assert main(args) == 1
    assert "-o DATEI.docx" in capsys.readouterr().err
    assert main([*args, "-o", str(tmp_path / "fehlt" / "a.docx")]) == 1
    assert "bestehenden Ordner" in capsys.readouterr().err
    assert not (tmp_path / "fehlt").exists()
