"""The `avv` command's own behaviour: usage errors, the deadline subcommand."""

from __future__ import annotations

import subprocess
import sys


def avv(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "avv.cli", *args], capture_output=True, text=True, check=False
    )


def test_deadline_prints_the_last_day_in_iso_format() -> None:
    done = avv("deadline", "2026-12-04")
    assert (done.returncode, done.stdout) == (0, "2027-01-04\n")


def test_deadline_with_months_moves_past_christmas() -> None:
    done = avv("deadline", "2026-10-24", "--months", "2")
    assert (done.returncode, done.stdout) == (0, "2026-12-28\n")


def test_deadline_rejects_a_date_that_is_not_one() -> None:
    done = avv("deadline", "2026-02-30")
    assert done.returncode == 2
    assert "'2026-02-30' ist kein Datum — als JJJJ-MM-TT schreiben" in done.stderr
    assert "Traceback" not in done.stderr


def test_deadline_rejects_zero_months() -> None:
    done = avv("deadline", "2026-01-01", "--months", "0")
    assert done.returncode == 2
    assert "'0' ist keine ganze Zahl von Monaten ≥ 1" in done.stderr


def test_a_command_is_required() -> None:
    done = avv()
    assert done.returncode == 2
    assert "COMMAND" in done.stderr


def test_the_help_and_the_usage_errors_are_german() -> None:
    shown = avv("--help")
    assert shown.returncode == 0
    assert shown.stdout.startswith("Aufruf: avv")
    assert "diese Hilfe zeigen und beenden" in shown.stdout and "options" not in shown.stdout
    done = avv("notice")
    assert done.returncode == 2
    assert "avv notice: Fehler: es fehlen die Argumente: --to" in done.stderr
    wrong = avv("compare", "a", "b", "--format", "odt")
    assert "ungültige Wahl: 'odt'" in wrong.stderr
