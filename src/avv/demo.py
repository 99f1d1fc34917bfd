"""A sample repository for a first look: the real AVV of 2021-02-19, then example amendments.

Each amendment is labelled "Beispiel" in its commit message and in the text it changes, so nobody
mistakes it for a real version: a clause reworded, a measure added, and a subprocessor replaced.
The first two are in the past; the last is announced and takes effect after its objection period,
so the site shows superseded versions, the version in effect, an announced successor, redlines and
a notice with the last day to object.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import avv
from avv import german, output_folder
from avv.content.load import META, load, read_folder
from avv.errors import AvvError
from avv.law.deadline import last_day_to_object
from avv.repo import gitrepo, history

FIRST = "2021-02-19"
# The site's toolchain: today's, for every version.
TOOLCHAIN = ("mkdocs.yml", "hooks", "docs")
AUTHOR = ("Rechtsabteilung (Beispiel)", "beispiel@example.com")


def replace(path: Path, old: str, new: str) -> None:
    """Replaces the first `old` in a file; raises where the text is not there."""
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise AvvError(
            f"{path}: {old.splitlines()[0]!r} fehlt — das Beispiel braucht die AVV vom {FIRST}"
        )
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def replace_subprocessor(repo: Path) -> None:
    """Beispiel: MessengerPeople GmbH replaced by another German messenger provider."""
    replace(
        repo / "annexes" / "anlage-2.yaml",
        """  - name: MessengerPeople GmbH
    address: Herzog-Heinrich-Str. 9 80336 München Deutschland
    country: DE
    purpose: Nachrichtenversand via Messenger""",
        """  - name: Beispiel Messaging GmbH
    address: Beispielstraße 1, 10115 Berlin, Deutschland
    country: DE
    purpose: Nachrichtenversand via Messenger""",
    )


def add_measure(repo: Path) -> None:
    """Beispiel: a new measure of access control (Anlage 1, category 2)."""
    replace(
        repo / "annexes" / "anlage-1.yaml",
        "      - Einsatz von Firewalls\n",
        "      - Einsatz von Firewalls\n"
        "      - Zwei-Faktor-Authentifizierung für Administratoren (Beispiel)\n",
    )


def reword_clause(repo: Path) -> None:
    """Beispiel: VI.c reworded, the objection period stated more precisely."""
    replace(
        repo / "contract" / "avv.md",
        "binnen eines Monats ab Bekanntgabe der Änderungen schriftlich zu widersprechen.",
        "binnen eines Monats ab Bekanntgabe der Änderungen schriftlich per E-Mail (Beispiel) "
        "zu widersprechen.",
    )


@dataclass(frozen=True)
class Amendment:
    published: date
    effective: date
    edit: Callable[[Path], None]
    message: str


def amendments(today: date) -> list[Amendment]:
    """The example versions after the first: two in the past, one announced on `today`."""
    announced = today - timedelta(days=7)
    return [
        Amendment(
            date(2022, 3, 1),
            date(2022, 4, 1),
            reword_clause,
            "Beispiel: Punkt VI.c umformuliert (Widerspruch per E-Mail)",
        ),
        Amendment(
            date(2023, 5, 2),
            date(2023, 6, 5),
            add_measure,
            "Beispiel: Anlage 1 um eine Maßnahme der Zugangskontrolle ergänzt",
        ),
        Amendment(
            announced,
            last_day_to_object(announced) + timedelta(days=1),
            replace_subprocessor,
            "Beispiel: Subunternehmer MessengerPeople GmbH durch Beispiel Messaging GmbH ersetzt",
        ),
    ]


def project_root() -> Path:
    """The checkout the package is installed from (editable), which holds the real AVV."""
    root = Path(avv.__file__).resolve().parents[2]
    missing = [name for name in ("contract", "annexes", *TOOLCHAIN) if not (root / name).exists()]
    if missing:
        raise AvvError(
            f"{root} hat kein {', '.join(missing)} — avv demo braucht den Checkout des Projekts: "
            "ihn editierbar installieren (./scripts/setup) und avv demo dort ausführen"
        )
    return root


def first_version(root: Path) -> dict[str, str]:
    """The content of 2021-02-19 from the project's git history, else from its work tree."""
    try:
        past = {v.id: v for v in history.versions(root)}
    except AvvError:
        past = {}
    if FIRST in past:
        return past[FIRST].files
    files = read_folder(root)
    if load(files).version != FIRST:
        raise AvvError(
            f"{root} hat die Version {FIRST} weder in git noch im Arbeitsverzeichnis — den "
            "Checkout des Projekts verwenden"
        )
    return files


def create(target: Path, today: date) -> Path:
    """Creates the sample repository in `target` (a new or empty folder); returns it."""
    root = project_root()
    target = output_folder.check(target, (root, Path.cwd()), "--dir", accept_marked=False)
    target.mkdir(parents=True, exist_ok=True)
    for name, text in first_version(root).items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(text, encoding="utf-8")
    for name in TOOLCHAIN:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    with gitrepo.init(target, *AUTHOR) as repo:
        repo.commit_all(f"AVV {FIRST}: die Vereinbarung, wie sie gilt", _noon(date(2021, 2, 19)))
        for step in amendments(today):
            step.edit(target)
            _set_dates(target, step.published, step.effective)
            repo.commit_all(step.message, _noon(step.published))
    return target


def _set_dates(repo: Path, published: date, effective: date) -> None:
    """The new version's id (its day of announcement) and dates in contract/meta.yaml."""
    meta = repo / META
    text = meta.read_text(encoding="utf-8")
    for key, value in (("version", published), ("published", published), ("effective", effective)):
        text = re.sub(rf"(?m)^{key}: *\S+", f"{key}: {value.isoformat()}", text)
    meta.write_text(text, encoding="utf-8")


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), german.VIENNA)
