"""What each change is legally (avv.changes.kinds): a table of cases, each a small real edit of the
agreement of 19 February 2021.

Every row edits a copy of the project's content with the test helpers, reads it back as the
package reads a version, and names every change it expects: kind, the clause that makes it
that kind, the subject as a reader names it, and its status.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from avv.changes.kinds import (
    ApplicablePeriod,
    Classification,
    applicable_period,
    classify,
    needs_stated_period,
    period_problems,
)
from avv.content.load import load, read_folder
from avv.law.deadline import ObjectionPeriod as P
from avv.law.objection import parse_stated
from avv.model import Agreement, Source
from tests.present import present
from tests.support import add_measure, copy_project, replace, replace_subprocessor, set_meta

Edit = Callable[[Path], None]
META = ("editorial", "", "Version und Daten", "changed")

AVV = "contract/avv.md"
ANLAGE_2 = "annexes/anlage-2.yaml"
VI_C = "binnen eines Monats ab Bekanntgabe der Änderungen schriftlich zu widersprechen."
MESSENGER = """  - name: MessengerPeople GmbH
    address: Herzog-Heinrich-Str. 9 80336 München Deutschland
    country: DE
    purpose: Nachrichtenversand via Messenger
"""
US_SUBPROCESSOR = """  - name: Example Cloud Inc.
    address: 1 Example Way, Seattle, WA 98101, USA
    country: US
    purpose: Versand von Benachrichtigungen
    safeguard:
      kind: standardvertragsklauseln
      reference: Durchführungsbeschluss (EU) 2021/914, Modul 3
"""


def edit(path: str, old: str, new: str) -> Edit:
    return lambda root: replace(root / path, old, new)


def edits(*steps: Edit) -> Edit:
    def run(root: Path) -> None:
        for step in steps:
            step(root)

    return run


def nothing(root: Path) -> None:
    """Only the version's id and dates change."""


# (id, edit, expected changes besides the new version id and dates)
CASES: list[tuple[str, Edit, list[tuple[str, str, str, str]]]] = [
    ("only the version's id and dates", nothing, []),
    (
        "subprocessor replaced in its row in the EU: a new one",
        replace_subprocessor,
        [
            (
                "notice",
                "VI.c",
                "Anlage 2: Beispiel Messaging GmbH (ersetzt MessengerPeople GmbH)",
                "added",
            ),
        ],
    ),
    (
        "subprocessor removed and another added for another purpose",
        edits(
            replace_subprocessor,
            edit(ANLAGE_2, "Nachrichtenversand via Messenger", "Versand von Umfragen"),
        ),
        [
            ("notice", "VI.c", "Anlage 2: Beispiel Messaging GmbH", "added"),
            ("notice", "VI.c", "Anlage 2: MessengerPeople GmbH", "removed"),
        ],
    ),
    (
        "subprocessor's purpose changed",
        edit(ANLAGE_2, "purpose: Newsletterversand", "purpose: Newsletter- und Umfrageversand"),
        [("notice", "VI.c", "Anlage 2: rapidmail GmbH", "changed")],
    ),
    (
        "subprocessor added in a third country",
        edit(ANLAGE_2, MESSENGER, MESSENGER + US_SUBPROCESSOR),
        [
            ("notice", "VI.c", "Anlage 2: Example Cloud Inc.", "added"),
            ("consent", "V.b", "Anlage 2: Example Cloud Inc., Verarbeitung in US", "added"),
        ],
    ),
    (
        "processing location moved to a third country",
        edit(
            ANLAGE_2,
            "      address: Louis-Häflinger-Gasse, 1210 Wien\n      country: AT\n",
            "      address: 1 Example Way, Ashburn, VA, USA\n      country: US\n"
            "    safeguard:\n      kind: angemessenheitsbeschluss\n"
            "      reference: Durchführungsbeschluss (EU) 2023/1795\n"
            "      dpf_certified: true\n",
        ),
        [
            ("notice", "VI.c", "Anlage 2: InterXion", "changed"),
            ("consent", "V.b", "Anlage 2: InterXion, Verarbeitung in US", "changed"),
        ],
    ),
    (
        "processing location moved back into the EU",
        edits(
            edit(
                ANLAGE_2,
                "      address: Louis-Häflinger-Gasse, 1210 Wien\n      country: AT\n",
                "      address: Rue Example 1, 1000 Bruxelles\n      country: BE\n",
            ),
        ),
        [("notice", "VI.c", "Anlage 2: InterXion", "changed")],
    ),
    (
        "measure added to Anlage 1",
        add_measure,
        [("notice", "VII.c", "Anlage 1: 2. Zugangskontrolle", "changed")],
    ),
    (
        "instruction recipient's e-mail changed",
        edit(
            "annexes/weisungen.yaml",
            "martin.mrvka@linkmobility.com",
            "martin.mrvka@websms.example",
        ),
        [("notice", "VIII", "VIII, Weisungsempfänger: Martin MRVKA", "changed")],
    ),
    (
        "VI.c reworded",
        edit(AVV, VI_C, "binnen eines Monats ab Bekanntgabe per E-Mail zu widersprechen."),
        [("amendment", "XIII.b", "VI.c", "changed")],
    ),
    (
        "VI.c's period shortened",
        edit(AVV, "binnen eines Monats ab", "binnen drei Tagen ab"),
        [("amendment", "XIII.b", "VI.c", "changed")],
    ),
    (
        "V.b reworded",
        edit(
            AVV, "nur nach schriftlicher Zustimmung", "nur nach vorheriger schriftlicher Zustimmung"
        ),
        [("amendment", "XIII.b", "V.b", "changed")],
    ),
    (
        "liability cap in XII.b raised",
        edit(AVV, "EUR 1.000,00", "EUR 5.000,00"),
        [("amendment", "XIII.b", "XII.b", "changed")],
    ),
    (
        "a row of III's table changed",
        edit(
            "annexes/datenkategorien.yaml",
            "purpose: Detailinhalte über die Bestellung",
            "purpose: Detailinhalte und Verlauf der Bestellung",
        ),
        [("amendment", "XIII.b", "III, Datenkategorie: Bestelldaten", "changed")],
    ),
    (
        "section title changed",
        edit(AVV, "## XII. Haftung", "## XII. Haftung und Freistellung"),
        [("amendment", "XIII.b", "Überschrift von Punkt XII", "changed")],
    ),
    (
        "clause added to XIII",
        edit(
            AVV,
            "sind ausschließlich die örtlich und sachlich zuständigen Grazer Gerichte zuständig.\n",
            "sind ausschließlich die örtlich und sachlich zuständigen Grazer Gerichte zuständig.\n"
            "- f. Ein Verzicht auf die Schriftform bedarf ebenfalls der Schriftform.\n",
        ),
        [("amendment", "XIII.b", "XIII.f", "added")],
    ),
    (
        "clause inserted before VI.c: the later clauses are relabelled",
        edits(
            edit(AVV, "- e. Kommt", "- f. Kommt"),
            edit(AVV, "- d. Der AUFTRAGNEHMER schließt", "- e. Der AUFTRAGNEHMER schließt"),
            edit(
                AVV,
                "- c. Änderungen sowie",
                "- c. Subunternehmer werden sorgfältig ausgewählt.\n- d. Änderungen sowie",
            ),
        ),
        [
            ("amendment", "XIII.b", "VI.c", "added"),
            ("amendment", "XIII.b", "VI.d (bisher VI.c)", "relabelled"),
            ("amendment", "XIII.b", "VI.e (bisher VI.d)", "relabelled"),
            ("amendment", "XIII.b", "VI.f (bisher VI.e)", "relabelled"),
        ],
    ),
    (
        "preamble reworded",
        edit(AVV, "nachfolgend einzeln oder gemeinsam", "nachfolgend einzeln oder zusammen"),
        [("amendment", "XIII.b", "Präambel, Absatz 5", "changed")],
    ),
    (
        "a bullet of IV made a paragraph: no clause's words change, the content does",
        edit(AVV, "- Eine vorzeitige Kündigung", "Eine vorzeitige Kündigung"),
        [("amendment", "XIII.b", "sonstige Änderung des Inhalts", "changed")],
    ),
    (
        "processor's address changed",
        edit("contract/meta.yaml", "street: Brauquartier 5/13", "street: Brauquartier 7"),
        [("amendment", "XIII.b", "Präambel, Auftragnehmer", "changed")],
    ),
    (
        "signature block's signatory changed",
        edit("contract/meta.yaml", "signatory: Christian Waldheim, CEO", "signatory: N. N., CEO"),
        [("editorial", "", "Unterschriftenblock", "changed")],
    ),
    (
        "only white space in XII.b",
        edit(AVV, "mit EUR 1.000,00 begrenzt", "mit  EUR 1.000,00   begrenzt"),
        [("editorial", "", "XII.b: nur Leerraum", "changed")],
    ),
    (
        "subprocessors reordered",
        edits(
            edit(ANLAGE_2, MESSENGER, ""),
            edit(ANLAGE_2, "  - name: InterXion\n", MESSENGER + "  - name: InterXion\n"),
        ),
        [("editorial", "", "Anlage 2: Reihenfolge der Zeilen", "moved")],
    ),
    (
        "Anlage 2's title changed",
        edit(ANLAGE_2, "title: Anlage 2 – Subunternehmer", "title: Anlage 2 – Subauftragnehmer"),
        [("amendment", "XIII.b", "Titel der Anlage 2", "changed")],
    ),
    (
        "a measure added and VI.c reworded",
        edits(
            add_measure,
            edit(AVV, VI_C, "binnen eines Monats ab Bekanntgabe per E-Mail zu widersprechen."),
        ),
        [
            ("amendment", "XIII.b", "VI.c", "changed"),
            ("notice", "VII.c", "Anlage 1: 2. Zugangskontrolle", "changed"),
        ],
    ),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("seed"))


@pytest.fixture(scope="module")
def seed(project: Path) -> Agreement:
    return load(read_folder(project))


def version_after(project: Path, dest: Path, change: Edit) -> Agreement:
    shutil.copytree(project, dest)
    change(dest)
    set_meta(dest, version="2026-03-02", published="2026-03-02", effective="2026-04-15")
    return load(read_folder(dest))


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_change_has_its_kind(
    project: Path,
    seed: Agreement,
    tmp_path: Path,
    change: Edit,
    expected: list[tuple[str, str, str, str]],
) -> None:
    new = version_after(project, tmp_path / "new", change)
    found = [(c.kind, c.clause, c.subject, c.status) for c in classify(seed, new).changes]
    assert found == [*expected, META]


# Which objection period applies, and when the version must say so.

THREE_DAYS = edit(AVV, "binnen eines Monats ab", "binnen drei Tagen ab")
V_B = edit(AVV, "nur nach schriftlicher Zustimmung", "nur nach vorheriger schriftlicher Zustimmung")
AT_META = Source("contract/meta.yaml", 3)


def classified(project: Path, tmp_path: Path, *steps: Edit) -> Classification:
    return classify(
        load(read_folder(project)), version_after(project, tmp_path / "v", edits(*steps))
    )


@pytest.mark.parametrize(
    ("steps", "kinds", "objection", "vi_c", "v"),
    [
        ((replace_subprocessor,), ("notice", "editorial"), True, False, False),
        ((THREE_DAYS,), ("amendment", "editorial"), False, True, False),
        ((V_B, replace_subprocessor), ("notice", "amendment", "editorial"), True, False, True),
        ((add_measure,), ("notice", "editorial"), False, False, False),
        ((nothing,), ("editorial",), False, False, False),
    ],
)
def test_what_a_version_carries(
    project: Path,
    tmp_path: Path,
    steps: tuple[Edit, ...],
    kinds: tuple[str, ...],
    objection: bool,
    vi_c: bool,
    v: bool,
) -> None:
    c = classified(project, tmp_path, *steps)
    assert c.kinds == kinds
    assert (c.objection, c.objection_clause_changed, c.transfer_clause_changed) == (
        objection,
        vi_c,
        v,
    )
    assert c.communicated is (kinds != ("editorial",))


def test_a_subprocessor_change_alone_keeps_the_period_of_vi_c(
    project: Path, tmp_path: Path
) -> None:
    c = classified(project, tmp_path, replace_subprocessor)
    assert not needs_stated_period(c)
    assert period_problems(c, None, AT_META) == []
    applicable = applicable_period(c, None)
    assert (applicable.period, applicable.reason) == (P(1, "months"), "unchanged")


def test_vi_c_changed_with_subprocessors_must_state_the_period(
    project: Path, tmp_path: Path
) -> None:
    c = classified(project, tmp_path, THREE_DAYS, replace_subprocessor)
    assert needs_stated_period(c)
    (problem,) = period_problems(c, None, AT_META)
    assert (problem.path, problem.line) == ("contract/meta.yaml", 3)
    assert "ändert Punkt VI.c und die Subunternehmer" in problem.message
    assert "`objection_period: binnen eines Monats`" in problem.hint
    assert "2021-02-19" in problem.hint
    # Without a statement the period in effect when the notice is given applies, not the new one.
    applicable = applicable_period(c, None)
    assert (applicable.period, applicable.reason) == (P(1, "months"), "in_effect")
    assert applicable.proposed == P(3, "days")


def test_v_changed_with_subprocessors_must_state_the_period(project: Path, tmp_path: Path) -> None:
    c = classified(project, tmp_path, V_B, replace_subprocessor)
    (problem,) = period_problems(c, None, AT_META)
    assert "ändert Punkt V und die Subunternehmer" in problem.message


@pytest.mark.parametrize("stated", ["binnen eines Monats", "zwei Monate", "binnen 31 Tagen"])
def test_the_period_in_effect_or_a_longer_one_may_be_stated(
    project: Path, tmp_path: Path, stated: str
) -> None:
    c = classified(project, tmp_path, THREE_DAYS, replace_subprocessor)
    period = parse_stated(stated)
    assert period_problems(c, period, AT_META) == []
    assert applicable_period(c, period) == ApplicablePeriod(
        present(period), "stated", P(1, "months"), P(3, "days"), "2021-02-19"
    )


@pytest.mark.parametrize("stated", ["binnen drei Tagen", "zwei Wochen"])
def test_a_stated_period_shorter_than_the_one_in_effect_fails(
    project: Path, tmp_path: Path, stated: str
) -> None:
    c = classified(project, tmp_path, THREE_DAYS, replace_subprocessor)
    (problem,) = period_problems(c, parse_stated(stated), AT_META)
    assert (problem.path, problem.line) == ("contract/meta.yaml", 3)
    assert "darf die Frist nicht verkürzen" in problem.message
    assert f"„{stated}“" in problem.message


def test_vi_c_changed_without_subprocessors_needs_no_statement(
    project: Path, tmp_path: Path
) -> None:
    c = classified(project, tmp_path, THREE_DAYS)
    assert not needs_stated_period(c)
    assert period_problems(c, None, AT_META) == []


def test_an_unreadable_period_in_the_new_version_is_a_problem_at_vi_c(
    project: Path, tmp_path: Path
) -> None:
    c = classified(project, tmp_path, edit(AVV, "binnen eines Monats ab", "bald nach"))
    (problem,) = period_problems(c, None, AT_META)
    assert problem.path == "contract/avv.md"
    assert "Widerspruchsfrist" in problem.message
