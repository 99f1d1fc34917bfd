"""What binds whom, on real histories: an amended VI.c binds only those who agreed, so the next
notice to everyone counts with the period before it; a notice counts from the day it went out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from avv.changes.kinds import classify
from avv.cli import main
from avv.content.load import load_folder
from avv.documents import notice_render
from avv.documents.blanks import Entries
from avv.documents.sign_copy import sign_copy_html
from avv.errors import InvalidAgreement
from avv.notices import notice
from avv.publish.deploy import publish
from avv.publish.site_branch import BRANCH
from avv.repo import history
from tests.support import (
    AgreementRepo,
    copy_project,
    courts_in_graz,
    git,
    identify,
    line_of,
    replace,
    replace_subprocessor,
)

AVV = "contract/avv.md"


def fourteen_days(root: Path) -> None:
    """VI.c amended: "binnen 14 Tagen" instead of "binnen eines Monats" (XIII.b)."""
    replace(root / AVV, "binnen eines Monats ab", "binnen 14 Tagen ab")


@pytest.fixture
def shortened(tmp_path: Path) -> AgreementRepo:
    """main: the AVV of 2021, then VI.c shortened to 14 days (an offer); a pull request branch."""
    repo = AgreementRepo.create(tmp_path / "avv")
    repo.commit_version("2026-01-05", "2026-01-05", "2026-02-09", fourteen_days)
    git(repo.path, "checkout", "-q", "-b", "aenderung")
    return repo


def check(repo: AgreementRepo, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["check", "--repo", str(repo.path), "--base", "main", "--today", "2026-03-01"])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_a_subprocessor_after_a_shortened_vi_c_counts_the_month_that_binds_everyone(
    shortened: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    # Wednesday 4 March 2026; 14 days end on 18 March, the month on Saturday 4 April, moved
    # past Easter (Sunday 5, Monday 6 April) to Tuesday 7 April.
    shortened.commit_version("2026-03-04", "2026-03-04", "2026-03-20", replace_subprocessor)
    status, out = check(shortened, capsys)
    assert status == 1
    assert "tritt am 2026-03-20 in Kraft, vor oder am letzten Tag der Widerspruchsfrist " in out
    assert "(2026-04-07, ein Monat ab Bekanntgabe am 2026-03-04)" in out

    shortened.commit_version("2026-03-04", "2026-03-04", "2026-04-08")
    status, out = check(shortened, capsys)
    assert status == 0, out
    *earlier, new = (v.agreement for v in history.versions(shortened.path))
    drafted = notice.notice_for(earlier[-1], new, earlier=earlier)
    assert drafted is not None and drafted.period is not None
    assert drafted.period.reason == "held" and drafted.period.held_by == "2021-02-19"
    text = notice_render.render_text(drafted)
    assert "binnen eines Monats ab Bekanntgabe schriftlich zu widersprechen, also" in text
    assert "bis einschließlich 7. April 2026" in text
    assert "Punkt VI.c in der Fassung der Version 2021-02-19, die alle Kunden bindet" in text
    assert "14 Tagen" not in text.split("Ihr Recht auf Widerspruch")[1]


def test_a_stated_period_shorter_than_the_month_that_binds_everyone_fails(
    shortened: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    def with_stated(root: Path) -> None:
        replace_subprocessor(root)
        meta = root / "contract" / "meta.yaml"
        meta.write_text(meta.read_text() + "objection_period: binnen 14 Tagen\n")

    shortened.commit_version("2026-03-04", "2026-03-04", "2026-05-04", with_stated)
    status, out = check(shortened, capsys)
    assert status == 1
    assert (
        "`objection_period` „binnen 14 Tagen“ endet am 2026-03-18, vor der Frist von Punkt VI.c "
        "der Version 2021-02-19, die alle Kunden bindet"
    ) in out


def test_a_notice_announced_on_a_saturday_counts_from_monday(
    shortened: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    # Saturday 7 March 2026: given on Monday 9 March, the month ends on Thursday 9 April.
    shortened.commit_version("2026-03-07", "2026-03-07", "2026-04-09", replace_subprocessor)
    status, out = check(shortened, capsys)
    assert status == 1
    assert "(2026-04-09, ein Monat ab Bekanntgabe am 2026-03-07, die als am 2026-03-09 " in out
    assert "published 2026-03-07 ist kein Werktag: 7. März 2026 (Samstag) und 8. März 2026 " in out
    assert "die Mitteilung gilt als am Montag, 9. März 2026 gegeben" in out
    assert (
        "**Datum der Mitteilung:** 7. März 2026 (gilt als am Montag, 9. März 2026 gegeben, dem "
        "nächsten Werktag; ab dann zählen die Fristen)"
    ) in out


def test_avv_notice_of_a_deployed_version_is_dated_as_its_published_page(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """Announced for Wednesday 4 March 2026, deployed on Friday 6 March: `avv notice` reads the
    day from the publication record on the site branch, as the published notice does."""
    repo = AgreementRepo.create(tmp_path / "avv")
    repo.commit_version("2026-03-04", "2026-03-04", "2026-04-08", replace_subprocessor)
    identify(repo.path)
    args = ["notice", "--repo", str(repo.path), "--to", "2026-03-04", "--format", "txt"]

    def notice_text() -> tuple[str, str]:
        assert main(args) == 0
        captured = capsysbinary.readouterr()
        return captured.out.decode(), captured.err.decode()

    draft, _ = notice_text()
    assert "Datum der Mitteilung: 4. März 2026\n" in draft
    assert "ab der Bekanntgabe am 4. März 2026 endet am" in draft
    publish(repo.path, date(2026, 3, 6))
    sent, said = notice_text()
    assert (
        "Datum der Mitteilung: 6. März 2026 (angekündigt für den 4. März 2026, versandt erst an "
        "diesem Tag)"
    ) in sent
    assert "ab der Bekanntgabe am 6. März 2026 endet am Dienstag, 7. April 2026" in sent
    assert "Version 2026-03-04 wurde am 6. März 2026 veröffentlicht" in said
    page = git(repo.path, "show", f"{BRANCH}:2026-03-04/mitteilung/mitteilung-2026-03-04.txt")
    assert sent.strip() == page.strip()


def test_an_offer_signed_in_2021_prints_the_processors_blank_and_the_check_says_so(
    shortened: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    shortened.commit_version("2026-03-02", "2026-03-02", "2026-04-06", courts_in_graz)
    _, out = check(shortened, capsys)
    meta = shortened.path / "contract" / "meta.yaml"
    assert (
        f"Hinweis: contract/meta.yaml:{line_of(meta, 'signature:')}: die Unterschrift des "
        "AUFTRAGNEHMERS ist vom 19. Februar 2021, älter als die Bekanntgabe dieser Fassung "
        "(2. März 2026): diese Fassung ist ein Angebot"
    ) in out
    assert "Ort (`place`), Datum (`date`, frühestens 2026-03-02)" in out
    copy = sign_copy_html(load_folder(shortened.path), Entries({}), offer=True)
    signatures = BeautifulSoup(copy, "html.parser").select("#unterschriften .avv-signature")
    processor = " ".join(signatures[0].get_text().split())
    assert "19. Februar 2021" not in processor and "Christian Waldheim" not in processor


def test_an_offer_signed_anew_carries_its_own_signature_and_no_note(
    shortened: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    def signed_anew(root: Path) -> None:
        courts_in_graz(root)
        replace(root / "contract" / "meta.yaml", "    date: 2021-02-19\n", "    date: 2026-03-03\n")

    shortened.commit_version("2026-03-02", "2026-03-02", "2026-04-06", signed_anew)
    _, out = check(shortened, capsys)
    assert "die Unterschrift des AUFTRAGNEHMERS" not in out
    copy = sign_copy_html(load_folder(shortened.path), Entries({}), offer=True)
    signatures = BeautifulSoup(copy, "html.parser").select("#unterschriften .avv-signature")
    assert "Graz, am 3. März 2026" in " ".join(signatures[0].get_text().split())


ANLAGE_1 = "annexes/anlage-1.yaml"


def lower_protection(root: Path) -> None:
    """Anlage 1: the alarm system and the video surveillance go, nothing named in their place."""
    replace(root / ANLAGE_1, "      - Alarmanlage\n", "")
    replace(root / ANLAGE_1, "      - Videoüberwachung\n", "")


def replace_alarm(root: Path) -> None:
    """Anlage 1: the alarm system replaced by one connected to a security centre, named so."""
    replace(
        root / ANLAGE_1,
        "      - Alarmanlage\n",
        "      - Alarmanlage mit Aufschaltung auf eine Sicherheitszentrale\n",
    )
    replace(
        root / ANLAGE_1,
        "      - Tragepflicht von Berechtigungsausweisen\n",
        "      - Tragepflicht von Berechtigungsausweisen\n"
        "    replacements:\n"
        "      - measure: Alarmanlage mit Aufschaltung auf eine Sicherheitszentrale\n"
        "        replaces: Alarmanlage\n",
    )


def test_a_measure_removed_without_replacement_is_an_amendment(tmp_path: Path) -> None:
    repo = AgreementRepo.create(tmp_path / "avv")
    repo.commit_version("2026-03-04", "2026-03-04", "2026-04-01", lower_protection)
    *earlier, new = (v.agreement for v in history.versions(repo.path))
    c = classify(earlier[-1], new)
    assert [(k.kind, k.clause, k.subject) for k in c.changes if k.kind != "editorial"] == [
        (
            "amendment",
            "XIII.b",
            "Anlage 1: 1. Zutrittskontrolle: Maßnahme „Alarmanlage“ entfernt, ohne Ersatz",
        ),
        (
            "amendment",
            "XIII.b",
            "Anlage 1: 1. Zutrittskontrolle: Maßnahme „Videoüberwachung“ entfernt, ohne Ersatz",
        ),
    ]
    drafted = notice.notice_for(earlier[-1], new, earlier=earlier)
    assert drafted is not None and drafted.offer
    text = notice_render.render_text(drafted)
    assert "Maßnahmen, entfernt: „Alarmanlage“ (nur mit Ihrer schriftlichen Zustimmung" in text
    assert "Angebot, gilt mit Ihrer schriftlichen Zustimmung, frühestens ab 1. April 2026" in (
        drafted.subject
    )


def test_a_named_replacement_keeps_it_a_notice(tmp_path: Path) -> None:
    repo = AgreementRepo.create(tmp_path / "avv")
    repo.commit_version("2026-03-04", "2026-03-04", "2026-04-01", replace_alarm)
    *earlier, new = (v.agreement for v in history.versions(repo.path))
    c = classify(earlier[-1], new)
    assert [(k.kind, k.clause) for k in c.changes if k.kind != "editorial"] == [("notice", "VII.c")]
    drafted = notice.notice_for(earlier[-1], new, earlier=earlier)
    assert drafted is not None and not drafted.offer
    text = notice_render.render_text(drafted)
    assert (
        "Maßnahmen, entfernt: „Alarmanlage“, ersetzt durch „Alarmanlage mit Aufschaltung auf "
        "eine Sicherheitszentrale“"
    ) in text
    # The replacement is content: the version's data names it, and its hash covers it.
    assert new.measures[0].replacements[0].replaces == "Alarmanlage"


def test_a_replacement_must_name_a_measure_of_its_category(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "avv")
    replace_alarm(root)
    replace(
        root / ANLAGE_1, "        replaces: Alarmanlage\n", "        replaces: Videoüberwachung\n"
    )
    with pytest.raises(InvalidAgreement) as error:
        load_folder(root)
    assert "ersetzt „Videoüberwachung“, führt diese Maßnahme aber weiter unter `measures`" in str(
        error.value
    )


def us_subprocessor(safeguard: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        with (root / "annexes" / "anlage-2.yaml").open("a", encoding="utf-8") as annex:
            annex.write(
                "  - name: Example Cloud Inc.\n"
                "    address: 1 Example Way, Seattle, WA 98101, USA\n"
                "    country: US\n"
                "    purpose: Versand von E-Mail-Benachrichtigungen\n"
                f"    safeguard:\n{safeguard}"
            )

    return edit


@pytest.mark.parametrize(
    ("safeguard", "problem"),
    [
        (
            "      kind: angemessenheitsbeschluss\n      reference: Beschluss 2099/1\n",
            "nicht den Angemessenheitsbeschluss für US (Vereinigte Staaten)",
        ),
        (
            "      kind: angemessenheitsbeschluss\n"
            "      reference: Durchführungsbeschluss (EU) 2023/1795\n",
            "gilt nur für Organisationen, die nach dem EU-US Data Privacy Framework zertifiziert",
        ),
        (
            "      kind: bcr\n      reference: BCR der Example-Gruppe\n",
            "verbindliche interne Datenschutzvorschriften (Art. 47 DSGVO) ohne die "
            "Aufsichtsbehörde",
        ),
        (
            "      kind: standardvertragsklauseln\n"
            "      reference: Durchführungsbeschluss (EU) 2021/914, Modul 3\n"
            "      dpf_certified: true\n",
            "`dpf_certified` gehört nur zu einem Angemessenheitsbeschluss für die USA",
        ),
    ],
)
def test_a_safeguard_must_exist_for_its_country(
    tmp_path: Path, safeguard: str, problem: str
) -> None:
    root = copy_project(tmp_path / "avv")
    us_subprocessor(safeguard)(root)
    with pytest.raises(InvalidAgreement) as error:
        load_folder(root)
    assert problem in str(error.value)


def test_an_adequacy_decision_for_china_is_an_error(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "avv")
    replace(
        root / "annexes" / "anlage-2.yaml",
        "      address: Louis-Häflinger-Gasse, 1210 Wien\n      country: AT\n",
        "      address: 1 Example Road, Shanghai\n      country: CN\n"
        "    safeguard:\n      kind: angemessenheitsbeschluss\n"
        "      reference: Angemessenheitsbeschluss China\n",
    )
    with pytest.raises(InvalidAgreement) as error:
        load_folder(root)
    assert (
        "für CN (China) besteht kein Angemessenheitsbeschluss der Kommission (Art. 45 DSGVO)"
        in (str(error.value))
    )


@pytest.mark.parametrize(
    ("safeguard", "shown"),
    [
        (
            "      kind: angemessenheitsbeschluss\n"
            "      reference: Durchführungsbeschluss (EU) 2023/1795 der Kommission\n"
            "      dpf_certified: true\n",
            "Garantie: Angemessenheitsbeschluss (Art. 45 DSGVO): Durchführungsbeschluss (EU) "
            "2023/1795 der Kommission; zertifiziert nach dem EU-US Data Privacy Framework",
        ),
        (
            "      kind: bcr\n      reference: BCR der Example-Gruppe\n"
            "      authority: Irish Data Protection Commission\n",
            "Garantie: verbindliche interne Datenschutzvorschriften (Art. 47 DSGVO): BCR der "
            "Example-Gruppe, genehmigt von Irish Data Protection Commission",
        ),
    ],
)
def test_the_notice_names_the_safeguard_that_exists(
    tmp_path: Path, safeguard: str, shown: str
) -> None:
    repo = AgreementRepo.create(tmp_path / "avv")
    repo.commit_version("2026-03-04", "2026-03-04", "2026-04-08", us_subprocessor(safeguard))
    *earlier, new = (v.agreement for v in history.versions(repo.path))
    drafted = notice.notice_for(earlier[-1], new, earlier=earlier)
    assert drafted is not None and drafted.offer
    text = notice_render.render_text(drafted)
    assert shown in text
    assert (
        "außerhalb der EU und des EWR für Ihre Daten erst mit Ihrer schriftlichen Zustimmung"
        in text
    )
    assert "Example Cloud Inc. (wirksam ab 8. April 2026)" not in text
