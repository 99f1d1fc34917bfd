"""Test helpers: real git repositories of the agreement in temp folders."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from avv.cli import main

# re-exported: the tests edit content with these
from avv.demo import add_measure as add_measure
from avv.demo import replace as replace
from avv.demo import replace_subprocessor as replace_subprocessor
from avv.demo import reword_clause as reword_clause
from avv.publish.site_branch import BRANCH

ROOT = Path(__file__).resolve().parents[1]
# What a repository of the agreement carries besides its content, as the legal team's clone
# has it: the toolchain, and what git ignores (a build leaves hooks/__pycache__ behind).
PROJECT_FILES = ("mkdocs.yml", "hooks", "docs", ".gitignore")
CONTENT = ("contract", "annexes")
# The agreement of 19 February 2021 as it was handed over: what the content must reproduce.
SEED = Path(__file__).resolve().parent / "data" / "avv-2021-02-19.txt"

# A customer's kunde.yaml for the sign-ready copy, with markup where a careless one might type it.
CONTROLLER_YAML = """\
auftraggeber:
  firma: "Muster <b>Handel</b> & Söhne GmbH"
  strasse: Musterstraße 1
  postleitzahl: "0110"
  ort: Wien
  land: Österreich
weisungsberechtigte:
  - vorname: Maria
    nachname: Musterfrau
    funktion: Geschäftsführerin
    e_mail_adresse: maria.musterfrau@example.com
    telefonnummer: +43 1 2345678
  - vorname: "<script>alert(1)</script>"
    nachname: Beispielmann
    funktion: IT-Leitung
    e_mail_adresse: it@example.com
unterschrift:
  ort: Linz
  datum: 2026-12-01
  name: Maria Musterfrau
  funktion: Geschäftsführerin
"""

SITE_BRANCH = BRANCH  # where `avv publish` puts the site unless told otherwise

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Rechtsabteilung",
    "GIT_AUTHOR_EMAIL": "recht@example.com",
    "GIT_COMMITTER_NAME": "Rechtsabteilung",
    "GIT_COMMITTER_EMAIL": "recht@example.com",
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`avv ARGS` in this process: its exit status, what it printed and what it said on stderr."""
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def site_commit(repo: Path, edit: Callable[[Path], object], message: str = "Hand edit") -> str:
    """A commit on the site branch made by hand, as anyone with push rights could: its id."""
    folder = repo.parent / "site-worktree"
    git(repo, "worktree", "add", "-q", str(folder), SITE_BRANCH)
    edit(folder)
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message)
    git(repo, "worktree", "remove", "--force", str(folder))
    return git(repo, "rev-parse", SITE_BRANCH)


def line_in(content: str, text: str) -> int:
    """The number of the first line of `content` that holds `text`, counted as a message does."""
    return next(n for n, line in enumerate(content.splitlines(), 1) if text in line)


def line_of(path: Path, text: str) -> int:
    """The number of the first line of the file that holds `text`."""
    return line_in(path.read_text(encoding="utf-8"), text)


def copy_project(dest: Path) -> Path:
    """The project's content and site files (not its package) in `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in (*CONTENT, *PROJECT_FILES):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, dirs_exist_ok=True)
        elif source.is_file():
            shutil.copy2(source, dest / name)
    return dest


def set_meta(repo: Path, **fields: str) -> None:
    """Sets top-level fields of contract/meta.yaml such as version, published, effective."""
    meta = repo / "contract" / "meta.yaml"
    text = meta.read_text(encoding="utf-8")
    for key, value in fields.items():
        text, found = re.subn(rf"(?m)^{key}:.*$", f"{key}: {value}", text)
        assert found == 1, f"no top-level {key} in meta.yaml"
    meta.write_text(text, encoding="utf-8")


@dataclass
class AgreementRepo:
    """A git repository whose main branch holds versions of the agreement."""

    path: Path

    @classmethod
    def create(cls, path: Path) -> AgreementRepo:
        copy_project(path)
        git(path, "init", "-q", "-b", "main")
        git(path, "add", "-A")
        git(path, "commit", "-q", "-m", "AVV 2021-02-19")
        return cls(path)

    def commit_version(
        self,
        version: str,
        published: str,
        effective: str,
        edit: Callable[[Path], None] | None = None,
        message: str | None = None,
    ) -> str:
        """Edits the content, gives it the new version id and dates, commits; returns the sha."""
        if edit:
            edit(self.path)
        set_meta(self.path, version=version, published=published, effective=effective)
        return self.commit(message or f"AVV {version}")

    def commit(self, message: str) -> str:
        git(self.path, "add", "-A")
        git(self.path, "commit", "-q", "-m", message)
        return git(self.path, "rev-parse", "HEAD")


THREE_VERSIONS = ("2021-02-19", "2022-03-01", "2023-05-02")
LATER = date(2023, 7, 1)  # the newest of `three_versions` in effect, every period over


def courts_in_graz(root: Path) -> None:
    """XIII.e reworded: an amendment (XIII.b), which no version of `three_versions` makes, so
    the version is an offer."""
    replace(
        root / "contract" / "avv.md", "die örtlich und sachlich zuständigen Grazer", "die in Graz"
    )


def three_versions(path: Path) -> AgreementRepo:
    """The real AVV of 2021-02-19 and two amendments: a subprocessor replaced, then a measure
    added and VI.c reworded."""
    repo = AgreementRepo.create(path)
    repo.commit_version("2022-03-01", "2022-03-01", "2022-04-15", replace_subprocessor)

    def add_measure_and_reword(p: Path) -> None:
        add_measure(p)
        reword_clause(p)

    repo.commit_version("2023-05-02", "2023-05-02", "2023-06-05", add_measure_and_reword)
    return repo


@dataclass(frozen=True)
class CompareSite:
    """The builds of `three_versions`, each in its folder as mike puts it on the site branch."""

    repo: AgreementRepo
    root: Path

    def page(self, version: str, path: str) -> BeautifulSoup:
        html = (self.root / version / path / "index.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser")


def replace_again(path: Path) -> None:
    """Replaces the subprocessor of `replace_subprocessor` once more."""
    replace(path / "annexes" / "anlage-2.yaml", "Beispiel Messaging GmbH", "Beispiel Chat GmbH")


# The fourth version of `four_versions` replaces a subprocessor again: announced on 2023-06-01,
# its objection period ends on Saturday 1 July 2023, so on Monday 3 July (§ 903 ABGB, BGBl
# 254/1983); the tests publish it on PUBLISHED_ON, within that period.
PENDING = "2023-06-01"
PUBLISHED_ON = date(2023, 6, 10)


def four_versions(path: Path) -> AgreementRepo:
    """`three_versions` and PENDING, in a repository that mike may commit in."""
    repo = three_versions(path)
    repo.commit_version(PENDING, PENDING, "2023-08-01", replace_again)
    identify(repo.path)
    return repo


def identify(repo: Path) -> None:
    """mike commits as the repository's user; CI machines have none configured."""
    git(repo, "config", "user.name", "Veröffentlichung")
    git(repo, "config", "user.email", "site@example.com")


def reword_back(repo: AgreementRepo) -> None:
    """A fourth version after `three_versions` that only rewords VI.c back: nothing notifiable."""
    repo.commit_version(
        "2024-01-10",
        "2024-01-10",
        "2024-02-12",
        lambda p: replace(
            p / "contract" / "avv.md", "per E-Mail (Beispiel) zu widersprechen", "zu widersprechen"
        ),
    )


# A subprocessor in a third country with its safeguard, as an Anlage 2 entry (V.a, V.b).
US_SUBPROCESSOR = """  - name: Example Cloud Inc.
    address: 1 Example Way, Seattle, WA 98101, USA
    country: US
    purpose: Versand von E-Mail-Benachrichtigungen
    safeguard:
      kind: standardvertragsklauseln
      reference: Durchführungsbeschluss (EU) 2021/914, Modul 3
"""
