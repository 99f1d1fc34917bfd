"""`avv check --base`: the rules of a pull request against its base, on real git repositories.

Each test makes a repository whose `main` holds the published versions, branches a pull request
off it, commits the change there and runs the command as CI does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from avv.changes import redline
from avv.cli import main
from avv.content.load import load, load_folder
from avv.documents import notice_render, redline_render
from avv.law.deadline import last_day_to_object
from avv.law.timeline import is_later, version_key
from avv.notices import notice
from avv.pull_request.check import free_id
from avv.repo.history import files_at
from avv.templating import markdown_escape
from tests.support import (
    AgreementRepo,
    add_measure,
    courts_in_graz,
    git,
    line_in,
    line_of,
    replace,
    replace_subprocessor,
    reword_clause,
    set_meta,
    three_versions,
)

ANLAGE_2 = "annexes/anlage-2.yaml"
US_SUBPROCESSOR = """  - name: Example Cloud Inc.
    address: 1 Example Way, Seattle, WA 98101, USA
    country: US
    purpose: Versand von E-Mail-Benachrichtigungen
"""
SAFEGUARD = """    safeguard:
      kind: standardvertragsklauseln
      reference: Durchführungsbeschluss (EU) 2021/914, Modul 3
"""


@dataclass
class Run:
    status: int
    out: str
    err: str


def pull_request(repo: AgreementRepo, name: str = "aenderung") -> AgreementRepo:
    git(repo.path, "checkout", "-q", "-b", name)
    return repo


# The day of the checks below: before every version they propose is announced.
CHECK_DAY = "2021-12-01"


def avv_check(repo: AgreementRepo, capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    day = ["--today", CHECK_DAY] if "--base" in args and "--today" not in args else []
    status = main(["check", "--repo", str(repo.path), *args, *day])
    captured = capsys.readouterr()
    return Run(status, captured.out, captured.err)


def base_line(repo: AgreementRepo, path: str, text: str) -> int:
    return line_in(git(repo.path, "show", f"main:{path}"), text)


def add_subprocessor(entry: str) -> Callable[[Path], None]:
    def edit(repo: Path) -> None:
        with (repo / ANLAGE_2).open("a", encoding="utf-8") as annex:
            annex.write(entry)

    return edit


@pytest.fixture
def repo(tmp_path: Path) -> AgreementRepo:
    """main holds the AVV of 2021-02-19; the pull request branch starts from it."""
    return pull_request(AgreementRepo.create(tmp_path / "avv"))


def test_text_change_without_new_version_fails(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    reword_clause(repo.path)
    repo.commit("VI.c: per E-Mail")

    run = avv_check(repo, capsys, "--base", "main")

    assert run.status == 1
    version_line = line_of(repo.path / "contract" / "meta.yaml", "version:")
    assert (
        f"contract/meta.yaml:{version_line}: geändert: contract/avv.md, aber die Version ist noch "
        "2021-02-19: jede Änderung ist eine neue Fassung (XIII.b) — `version: "
    ) in run.out
    assert "1 Fehler gegenüber main." in run.err


def test_proper_change_passes_and_shows_redline_and_notice(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit_version("2022-03-01", "2022-03-01", "2022-04-15", replace_subprocessor)

    run = avv_check(repo, capsys, "--base", "main")

    assert run.status == 0, run.out + run.err
    old = load(files_at(repo.path, "main"))
    new = load_folder(repo.path)
    # The draft links as the notice page will, from 2022-03-01/mitteilung/.
    drafted = notice.notice_for(old, new, "", "2022-03-01/mitteilung/")
    assert drafted is not None
    assert "## AVV-Prüfung: 2021-02-19 → 2022-03-01" in run.out
    assert "| Neu | 2022-03-01 | 2022-03-01 | 2022-04-15 |" in run.out
    assert "✅ Keine Fehler." in run.out
    # The redline is `avv compare --format md`'s, one heading level down.
    assert main(["compare", "--repo", str(repo.path), "2021-02-19", "2022-03-01"]) == 0
    compared = capsys.readouterr().out
    assert compared.startswith("## Änderungen von 2021-02-19 zu 2022-03-01")
    demoted = "\n".join(
        "#" + line if line.startswith("#") else line for line in compared.split("\n")
    )
    assert demoted.strip() in run.out
    assert redline_render.render_markdown(redline.redline(old, new), level=3).strip() in run.out
    assert notice_render.render_markdown(drafted, heading_level=4).strip() in run.out
    last_day = last_day_to_object(date(2022, 3, 1))
    line = line_of(repo.path / ANLAGE_2, "name: Beispiel Messaging GmbH")
    assert (
        f'ℹ️ Hinweis: {ANLAGE_2}:{line}: der Subunternehmer "Beispiel Messaging GmbH" (ersetzt '
        '"MessengerPeople GmbH" in derselben Zeile): '
        f"mitteilungspflichtig, die Kunden können bis {last_day} widersprechen; tritt am "
        "2022-04-15 in Kraft (VI.c) — nichts zu beheben"
    ) in run.out


def test_comment_only_change_needs_no_new_version(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    replace(repo.path / ANLAGE_2, "# Anlage 2:", "# Anlage 2 (see CONTRIBUTING.md):")
    repo.commit("Comment")

    run = avv_check(repo, capsys, "--base", "main")

    assert run.status == 0, run.out
    assert "Keine Befunde." in run.out
    assert "keine mitteilungspflichtigen Änderungen." in run.out


def test_reused_published_id_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = pull_request(three_versions(tmp_path / "avv"))
    repo.commit_version("2022-03-01", "2024-01-10", "2024-03-01", courts_in_graz)

    run = avv_check(repo, capsys, "--base", "main")

    assert run.status == 1
    line = line_of(repo.path / "contract" / "meta.yaml", "version:")
    assert (
        f"contract/meta.yaml:{line}: die Version 2022-03-01 ist schon veröffentlicht: eine "
        "veröffentlichte Fassung ändert sich nie, auch ein Revert nimmt sie nicht zurück "
        "(XIII.b) — stattdessen eine neue Version veröffentlichen: `version: 2024-01-10` setzen"
    ) in run.out


def test_id_not_later_than_base_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = pull_request(three_versions(tmp_path / "avv"))
    repo.commit_version("2023-01-01", "2023-01-01", "2023-01-01", courts_in_graz)

    run = avv_check(repo, capsys, "--base", "main")

    assert run.status == 1
    assert (
        "die Version 2023-01-01 ist nicht später als die Version 2023-05-02 der Basis (XIII.b)"
    ) in run.out
    # The hint offers an id that is later and free.
    assert "`version: 2023-05-02-2` setzen" in run.out


def test_version_ids_order_by_date_then_suffix() -> None:
    ordered = ["2021-02-19", "2021-02-19-2", "2021-02-19-10", "2021-03-01", "2022-01-01.a"]
    assert sorted(reversed(ordered), key=version_key) == ordered
    assert is_later("2021-02-19-2", "2021-02-19")
    assert not is_later("2021-02-19", "2021-02-19")
    assert free_id(date(2021, 2, 19), "2021-02-19", {"2021-02-19", "2021-02-19-2"}) == (
        "2021-02-19-3"
    )


def _added_and_removed(folder: Path) -> None:
    """MessengerPeople removed and another subprocessor added for another purpose: two rows."""
    replace_subprocessor(folder)
    replace(
        folder / ANLAGE_2,
        "purpose: Nachrichtenversand via Messenger",
        "purpose: Versand von Umfragen",
    )


def test_subprocessor_inside_objection_period_fails_after_it_passes(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    published = date(2026, 12, 2)
    last_day = last_day_to_object(published)
    assert last_day > date(2027, 1, 2), "the month ends on a Saturday: the period runs on"
    repo.commit_version(
        "2026-12-02", published.isoformat(), last_day.isoformat(), _added_and_removed
    )

    run = avv_check(repo, capsys, "--base", "main")

    assert run.status == 1
    added = line_of(repo.path / ANLAGE_2, "name: Beispiel Messaging GmbH")
    removed = base_line(repo, ANLAGE_2, "name: MessengerPeople GmbH")
    effective_line = line_of(repo.path / "contract" / "meta.yaml", "effective:")
    day_after = last_day + timedelta(days=1)
    assert (
        f'{ANLAGE_2}:{added}: der Subunternehmer "Beispiel Messaging GmbH" (neu) tritt am '
        f"{last_day} in Kraft, vor oder am letzten Tag der Widerspruchsfrist ({last_day}, ein "
        f"Monat ab Bekanntgabe am {published}): die Kunden könnten nicht rechtzeitig "
        f"widersprechen (VI.c) — `effective` (contract/meta.yaml:{effective_line}) auf "
        f"{day_after} oder später setzen"
    ) in run.out
    assert (
        f'{ANLAGE_2}:{removed}: der Subunternehmer "MessengerPeople GmbH" (entfernt; die Zeile '
        f"ist die der Basis) tritt am {last_day} in Kraft"
    ) in run.out
    assert "2 Fehler gegenüber main." in run.err

    set_meta(repo.path, effective=day_after.isoformat())
    repo.commit("Effective after the objection period")
    run = avv_check(repo, capsys, "--base", "main")

    assert run.status == 0, run.out
    assert f"die Kunden können bis {last_day} widersprechen; tritt am {day_after} in Kraft" in (
        run.out
    )


def test_third_country_subprocessor_fails_until_safeguarded(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit_version("2024-02-01", "2024-02-01", "2024-04-01", add_subprocessor(US_SUBPROCESSOR))
    line = line_of(repo.path / ANLAGE_2, "name: Example Cloud Inc.")
    problem = (
        f"{ANLAGE_2}:{line}: der Subunternehmer 'Example Cloud Inc.' verarbeitet außerhalb der "
        "EU bzw. des EWR (US) ohne Garantie (V.a) — in der EU bzw. im EWR bleiben, oder "
        "`safeguard:`"
    )

    # A rule of the single version: plain `avv check` applies it, and so does the pull request's.
    for args in ((), ("--base", "main")):
        run = avv_check(repo, capsys, *args)
        assert run.status == 1
        assert problem in run.err

    add_subprocessor(SAFEGUARD)(repo.path)
    repo.commit("Standard contractual clauses")
    run = avv_check(repo, capsys, "--base", "main")

    assert run.status == 0, run.out
    assert (
        f'ℹ️ Hinweis: {ANLAGE_2}:{line}: der Subunternehmer "Example Cloud Inc." verarbeitet '
        "außerhalb der EU bzw. des EWR (US) mit standardvertragsklauseln (Durchführungsbeschluss "
        "(EU) 2021/914, Modul 3): der Entwurf der Mitteilung ersucht die Kunden um ihre "
        "schriftliche Zustimmung (V.b)"
    ) in run.out
    draft = run.out.split("### Entwurf der Mitteilung", 1)[1]
    assert "Ersuchen um Ihre Zustimmung (Punkt V.b)" in draft
    assert "Example Cloud Inc." in draft


def test_processing_location_moved_to_third_country_fails(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    def move(path: Path) -> None:
        replace(
            path / ANLAGE_2,
            "      address: Louis-Häflinger-Gasse, 1210 Wien\n      country: AT",
            "      address: 1 Data Centre Road, Zürich\n      country: CH",
        )

    repo.commit_version("2024-02-01", "2024-02-01", "2024-02-15", move)

    run = avv_check(repo, capsys, "--base", "main")

    assert run.status == 1
    line = line_of(repo.path / ANLAGE_2, "name: InterXion")
    assert (
        f"{ANLAGE_2}:{line}: der Subunternehmer 'InterXion' verarbeitet außerhalb der EU bzw. "
        "des EWR (CH) ohne Garantie (V.a)"
    ) in run.err

    replace(
        repo.path / ANLAGE_2,
        "      country: CH\n",
        "      country: CH\n    safeguard:\n      kind: angemessenheitsbeschluss\n"
        "      reference: Entscheidung 2000/518/EG\n",
    )
    repo.commit("Adequacy decision")
    run = avv_check(repo, capsys, "--base", "main")

    assert run.status == 1
    assert (
        markdown_escape(
            f'{ANLAGE_2}:{line}: der Subunternehmer "InterXion" (geändert: processing_location, '
        )
        in run.out
    )
    assert "die Kunden könnten nicht rechtzeitig widersprechen (VI.c)" in run.out
    assert "(V.b)" in run.out


def test_measure_and_recipient_changes_are_notifiable(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    def edit(path: Path) -> None:
        add_measure(path)
        replace(path / "annexes" / "weisungen.yaml", "VP Technology", "CTO")

    repo.commit_version("2024-02-01", "2024-02-01", "2024-02-01", edit)

    run = avv_check(repo, capsys, "--base", "main")

    assert run.status == 0, run.out
    measures = line_of(repo.path / "annexes" / "anlage-1.yaml", "number: 2")
    recipient = line_of(repo.path / "annexes" / "weisungen.yaml", "name: Martin MRVKA")
    assert (
        f"ℹ️ Hinweis: annexes/anlage-1.yaml:{measures}: die technischen und organisatorischen "
        'Maßnahmen der Kategorie 2 "Zugangskontrolle" (geändert: measures): schriftlich '
        "mitzuteilen (VII.c) — nichts zu beheben"
    ) in run.out
    assert (
        f'annexes/weisungen.yaml:{recipient}: der Weisungsempfänger "Martin MRVKA" '
        "(geändert: function): schriftlich mitzuteilen (VIII)"
    ) in run.out
    assert "Technische und organisatorische Maßnahmen" in run.out.split("Entwurf der", 1)[1]


def test_base_that_is_not_an_ancestor_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = AgreementRepo.create(tmp_path / "avv")
    git(repo.path, "checkout", "-q", "-b", "elsewhere")
    repo.commit_version("2022-03-01", "2022-03-01", "2022-04-15", reword_clause)
    git(repo.path, "checkout", "-q", "main")
    pull_request(repo)
    repo.commit_version("2022-03-01", "2022-03-01", "2022-04-15", add_measure)

    summary = tmp_path / "summary.md"
    run = avv_check(repo, capsys, "--base", "elsewhere", "--summary", str(summary))

    assert run.status == 1
    assert run.err.startswith("avv: die Basis 'elsewhere' (")
    # The same words on the console and in the summary: no Markdown marks, shown or escaped.
    assert "(im Pull Request: die Schaltfläche „Update branch“)" in run.err
    written = summary.read_text(encoding="utf-8")
    assert "„Update branch“" in written and "*" not in written and "&#42;" not in written
    assert ") ist kein Vorfahre von HEAD — gegen den Branch prüfen, von dem dieser abzweigt" in (
        run.err
    )
    assert "`git fetch origin elsewhere`" in run.err
    assert len(run.err.strip().splitlines()) == 1


def test_missing_base_fails_clearly(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    run = avv_check(repo, capsys, "--base", "origin/main")

    assert run.status == 1
    assert run.err.startswith("avv: die Basis 'origin/main' ist kein Commit in ")
    assert "zuerst holen: `git fetch origin main`" in run.err


def test_summary_file_gets_the_markdown_and_the_findings_are_printed(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    repo.commit_version("2022-03-01", "2022-03-01", "2022-03-10", replace_subprocessor)
    summary = tmp_path / "step-summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")

    run = avv_check(repo, capsys, "--base", "main", "--summary", str(summary))

    assert run.status == 1
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("# Earlier step\n## AVV-Prüfung: 2021-02-19 → 2022-03-01\n")
    assert "### Befunde\n\n- ❌ **Fehler:** annexes/anlage-2.yaml:" in written
    assert "### Änderungen von 2021-02-19 zu 2022-03-01" in written
    assert "### Entwurf der Mitteilung" in written
    # The log has the findings, one a line, and not the summary.
    assert "### Änderungen von" not in run.out
    errors = [line for line in run.out.splitlines() if "oder später setzen" in line]
    assert len(errors) == 1
    # Each line says what it is: an error or a note.
    assert all(line.startswith(f"Fehler: {ANLAGE_2}:") and "(VI.c)" in line for line in errors)
    assert any(line.startswith("Hinweis: ") for line in run.out.splitlines())
    assert run.out.startswith("2022-03-01: für sich gültig (")


def test_summary_file_names_the_problems_of_an_invalid_version(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    set_meta(repo.path, published="2024-03-01", effective="2024-02-01")
    summary = tmp_path / "step-summary.md"

    run = avv_check(repo, capsys, "--base", "main", "--summary", str(summary))

    assert run.status == 1
    line = line_of(repo.path / "contract" / "meta.yaml", "effective:")
    problem = f"contract/meta.yaml:{line}: effective (2024-02-01) liegt vor published (2024-03-01)"
    assert problem in run.err
    assert f"- ❌ {problem}" in summary.read_text(encoding="utf-8")


def test_summary_escapes_html_from_the_content(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = (US_SUBPROCESSOR + SAFEGUARD).replace("Example Cloud Inc.", "<b>Cloud</b> & Co")
    repo.commit_version("2024-02-01", "2024-02-01", "2024-04-01", add_subprocessor(entry))

    run = avv_check(repo, capsys, "--base", "main")

    findings = run.out.split("### Befunde", 1)[1].split("### Änderungen", 1)[0]
    assert markdown_escape("<b>Cloud</b> & Co") in findings  # as the redline escapes it
    assert "<b>" not in findings


def test_check_without_base_is_unchanged(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    reword_clause(repo.path)

    run = avv_check(repo, capsys)

    assert run.status == 0
    assert run.out.startswith("2021-02-19: in Ordnung (")
    assert "AVV-Prüfung" not in run.out


@pytest.mark.parametrize(
    ("edit", "effective"),
    [
        (replace_subprocessor, "2024-04-01"),
        (
            add_subprocessor(US_SUBPROCESSOR + SAFEGUARD),
            "frühestens 2024-04-01, mit schriftlicher Zustimmung (Angebot)",
        ),
    ],
    ids=["notice", "offer"],
)
def test_the_summary_names_an_offers_day_as_its_earliest(
    repo: AgreementRepo,
    capsys: pytest.CaptureFixture[str],
    edit: Callable[[Path], None],
    effective: str,
) -> None:
    """A move to a third country (V.b) binds from the customer's written consent, not before
    its `effective`; a replaced subprocessor binds everyone from that day."""
    repo.commit_version("2024-02-01", "2024-02-01", "2024-04-01", edit)

    run = avv_check(repo, capsys, "--base", "main")

    assert f"| Neu | 2024-02-01 | 2024-02-01 | {effective} |" in run.out
