"""Random sequences of publish, revert, tamper and backdate on a real repository. The invariant:
every version ever published keeps its folder tree, its properties and its feed entry, and
Python and the browser (version-state.js in Chromium) agree on the state of every version on
every day that matters (each boundary of each period, and the days beside it)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from avv import german
from avv.errors import AvvError
from avv.law.timeline import is_later
from avv.publish.deploy import publish, verify
from avv.published import record
from tests.browser import chromium_page
from tests.support import ROOT, SITE_BRANCH, AgreementRepo, git, identify, replace

START = date(2022, 5, 1)
KEPT = ("published", "effective", "hash", "commit")

operations = st.lists(
    st.one_of(
        st.tuples(st.just("version"), st.integers(1, 40), st.integers(1, 60)),
        st.tuples(st.just("publish"), st.integers(0, 90), st.just(0)),
        st.tuples(st.just("revert"), st.just(0), st.just(0)),
        st.tuples(
            st.just("tamper"),
            st.sampled_from(["page", "property", "record", "latest", "feed", "index"]),
            st.just(0),
        ),
        st.tuples(st.just("backdate"), st.integers(1, 400), st.just(0)),
    ),
    min_size=1,
    max_size=6,
)


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = AgreementRepo.create(tmp_path_factory.mktemp("sequences") / "repo")
    repo.commit_version("2022-03-01", "2022-03-01", "2022-04-15", _edit(0))
    identify(repo.path)
    publish(repo.path, START)
    return repo.path


@pytest.fixture(scope="module")
def state_on() -> Iterator[Any]:
    """The browser's rule: version-state.js loaded into a blank Chromium page."""
    script = (ROOT / "docs" / "javascripts" / "version-state.js").read_text(encoding="utf-8")
    with chromium_page() as page:
        page.set_content("<html><body></body></html>")
        page.add_script_tag(content=german.script())
        page.add_script_tag(content=script)

        def states(entries: list[dict[str, Any]], days: list[str]) -> list[list[str]]:
            found: list[list[str]] = page.evaluate(
                "([entries, days]) => entries.map(e => days.map(d => "
                "window.avvStateOn(e.properties, d)))",
                [entries, days],
            )
            return found

        yield states


def _edit(number: int) -> Callable[[Path], None]:
    def edit(path: Path) -> None:
        replace(
            path / "contract" / "avv.md", "binnen eines Monats", f"binnen eines Monats ({number})"
        )

    return edit


def _entries(feed: str) -> set[str]:
    return set(re.findall(r"<entry>.*?</entry>", feed, re.S))


class World:
    """The repository, the day, and what was ever published."""

    def __init__(self, path: Path) -> None:
        self.repo = AgreementRepo(path)
        self.day = START
        self.last = record.loads(self.show("record.json").encode()).versions[-1]
        # The newest version committed (published or not): (id, published, effective).
        self.heads = [(self.last.id, self.last.published, self.last.effective)]
        self.count = 0
        self.kept: dict[str, tuple[str, dict[str, str]]] = {}
        self.feed: set[str] = set()
        self.remember()

    def show(self, path: str) -> str:
        return git(self.repo.path, "show", f"{SITE_BRANCH}:{path}")

    def remember(self) -> None:
        for entry in json.loads(self.show("versions.json")):
            tree = git(self.repo.path, "rev-parse", f"{SITE_BRANCH}:{entry['version']}")
            props = {k: entry["properties"][k] for k in KEPT}
            self.kept.setdefault(entry["version"], (tree, props))
        self.feed |= _entries(self.show("feed.xml"))

    def check(self) -> None:
        listed = {e["version"]: e for e in json.loads(self.show("versions.json"))}
        for version_id, (tree, props) in self.kept.items():
            assert git(self.repo.path, "rev-parse", f"{SITE_BRANCH}:{version_id}") == tree
            assert {k: listed[version_id]["properties"][k] for k in KEPT} == props
        assert self.feed <= _entries(self.show("feed.xml"))
        verify(self.repo.path)

    def refused(self) -> None:
        """A publish now must refuse and leave the branch as it is."""
        before = git(self.repo.path, "rev-parse", SITE_BRANCH)
        with pytest.raises(AvvError):
            publish(self.repo.path, self.day)
        assert git(self.repo.path, "rev-parse", SITE_BRANCH) == before

    def undo_main(self, version: bool = False) -> None:
        git(self.repo.path, "reset", "-q", "--hard", "HEAD~1")
        if version:
            self.heads.pop()

    def new_version(self, effective_after: int, published: date) -> None:
        self.count += 1
        head_id, _, head_effective = self.heads[-1]
        version = published.isoformat()
        if not is_later(version, head_id):
            version = f"{head_id[:10]}-{self.count + 1}"
        effective = max(published, head_effective) + timedelta(days=effective_after)
        self.repo.commit_version(
            version, published.isoformat(), effective.isoformat(), _edit(self.count)
        )
        self.heads.append((version, published, effective))

    def run(self, operation: str, a: Any, b: int) -> None:
        path = self.repo.path
        if operation == "version":
            latest = max(self.day, self.heads[-1][1])
            self.new_version(b, latest + timedelta(days=a))
        elif operation == "publish":
            self.day += timedelta(days=a)
            publish(path, self.day)
            self.last = record.loads(self.show("record.json").encode()).versions[-1]
            self.remember()
        elif operation == "revert":
            if git(path, "log", "-1", "--format=%s").startswith("AVV"):
                git(path, "revert", "--no-edit", "HEAD")
                if _returns(path):
                    self.refused()
                self.undo_main()
        elif operation == "backdate":
            self.new_version(1, self.last.published - timedelta(days=a))
            self.refused()
            self.undo_main(version=True)
        elif operation == "tamper":
            before = git(path, "rev-parse", SITE_BRANCH)
            _tamper(path, a)
            if a == "latest":
                publish(path, self.day)  # latest/ is a copy: repaired, never trusted
            else:
                self.refused()
                git(path, "update-ref", f"refs/heads/{SITE_BRANCH}", before)


def _returns(path: Path) -> bool:
    from avv.repo import history

    return history.read(path).returned is not None


def _tamper(path: Path, what: str) -> None:
    folder = path.parent / "tamper"
    git(path, "worktree", "add", "-q", str(folder), SITE_BRANCH)
    if what == "page":
        page = folder / "2021-02-19" / "avv" / "index.html"
        page.write_text(page.read_text(encoding="utf-8") + "<!-- -->", encoding="utf-8")
    elif what == "latest":
        (folder / "latest" / "avv.json").write_text("{}", encoding="utf-8")
    elif what in ("feed", "index"):
        name, words = {
            "feed": ("feed.xml", "Mitteilungen zur"),
            "index": ("mitteilungen/index.html", "Mitteilungen und"),
        }[what]
        text = (folder / name).read_text(encoding="utf-8")
        (folder / name).write_text(text.replace(words, "Nachrichten zur", 1), encoding="utf-8")
    else:
        name = "versions.json" if what == "property" else "record.json"
        text = (folder / name).read_text(encoding="utf-8")
        (folder / name).write_text(text.replace("2022-04-15", "2022-01-15"), encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", f"tamper: {what}")
    git(path, "worktree", "remove", "--force", str(folder))


@pytest.mark.browser
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=operations)
def test_what_was_published_stays_and_python_and_browser_agree(
    original: Path,
    state_on: Any,
    tmp_path_factory: pytest.TempPathFactory,
    steps: list[tuple[str, Any, int]],
) -> None:
    path = Path(shutil.copytree(original, tmp_path_factory.mktemp("run") / "repo", symlinks=True))
    world = World(path)
    for operation, a, b in steps:
        world.run(operation, a, b)
        world.check()
    entries = json.loads(world.show("versions.json"))
    timeline = record.loads(world.show("record.json").encode()).timeline
    days = sorted(
        {
            (date.fromisoformat(e["properties"][key]) + timedelta(days=shift)).isoformat()
            for e in entries
            for key in ("published", "valid_from", "valid_until")
            if key in e["properties"]
            for shift in (-1, 0, 1)
        }
    )
    python = [
        [timeline.state_on(e["version"], date.fromisoformat(d)) for d in days] for e in entries
    ]
    assert state_on(entries, days) == python
