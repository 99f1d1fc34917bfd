"""The files at the root of the site branch made from the publication record: feed.xml (with each
notice's calendar entry), the notices index mitteilungen/ and mitteilungen.json. Real
repositories, real publishes; tampering on the site branch is reported by `avv verify` and
refused by `avv publish`, never silently repaired."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from pathlib import Path

import feedparser
import icalendar
import pytest
from bs4 import BeautifulSoup, Tag

from avv.publish.deploy import publish
from avv.published import feed, notices_index, record
from avv.published.record import FeedEntry, PublishedNotice, PublishedVersion, Record
from tests.support import (
    PENDING,
    PUBLISHED_ON,
    SITE_BRANCH,
    AgreementRepo,
    four_versions,
    git,
    replace,
    run,
    site_commit,
)

ATOM = "{http://www.w3.org/2005/Atom}"
# PENDING's notice went out when it was first deployed, on Saturday 10 June 2023 (a publish
# nine days late), and counts as given on Monday 12 June: the last day to object is 12 July.
SENT = "2023-06-10"
LAST_DAY = date(2023, 7, 12)


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = four_versions(tmp_path_factory.mktemp("root-files") / "repo")
    publish(repo.path, PUBLISHED_ON)
    return repo.path


@pytest.fixture
def repo(original: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(original, tmp_path / "repo", symlinks=True))


def site_file(repo: Path, path: str) -> bytes:
    return git(repo, "show", f"{SITE_BRANCH}:{path}").encode("utf-8")


def site_paths(repo: Path) -> set[str]:
    return set(git(repo, "ls-tree", "-r", "--name-only", SITE_BRANCH).splitlines())


def edit_file(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(site: Path) -> None:
        text = (site / path).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        (site / path).write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def next_version(repo: Path) -> None:
    AgreementRepo(repo).commit_version(
        "2024-01-10",
        "2024-01-10",
        "2024-02-15",
        lambda p: replace(p / "contract" / "avv.md", "schriftlich", "schriftlich (Beispiel)"),
    )


# The feed: entries with their calendar entry, the head from the record.


def test_each_feed_entry_with_an_objection_period_links_its_calendar_entry(original: Path) -> None:
    parsed = feedparser.parse(site_file(original, "feed.xml"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    found = record.loads(site_file(original, "record.json"))
    last_days = {n.version: n.last_day for n in found.notices}
    assert last_days == {"2022-03-01": date(2022, 4, 1), "2023-05-02": None, PENDING: LAST_DAY}
    paths = site_paths(original)
    for entry in parsed.entries:
        version = entry.id.split("/")[-2]
        rels = {(link.rel, link.type) for link in entry.links}
        assert ("alternate", "text/html") in rels
        assert entry.link == f"./{version}/mitteilung/"
        calendars = [link for link in entry.links if link.type == "text/calendar"]
        if last_days[version] is None:
            assert calendars == []
            continue
        assert [link.rel for link in calendars] == ["related"]
        ics = calendars[0].href.removeprefix("./")
        assert ics == f"{version}/mitteilung/widerspruchsfrist-{version}.ics"
        assert ics in paths  # the link resolves on the site branch
        event = icalendar.Calendar.from_ical(site_file(original, ics)).walk("VEVENT")[0]
        assert event.decoded("dtstart") == last_days[version]


def test_the_feed_head_comes_from_the_record_not_from_the_work_tree(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = site_file(repo, "feed.xml")
    config = repo / "mkdocs.yml"
    config.write_text(
        "site_url: https://avv.example.com/\n" + config.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    AgreementRepo(repo).commit("Site address")
    done = publish(repo, date(2023, 6, 20))
    assert done.deployed == ()
    # Published entries keep their links, and the head follows them, not mkdocs.yml.
    assert site_file(repo, "feed.xml") == before
    head = feedparser.parse(before).feed
    assert head.updated == "2023-06-10T00:00:00+00:00"  # the newest notice's day
    assert head.author_detail.name == "sms.at mobile internet services gmbh"
    assert run(capsys, "verify", "--repo", str(repo))[0] == 0


def test_a_tampered_feed_entry_is_reported_by_verify_and_refused_by_publish(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tip = site_commit(
        repo, edit_file("feed.xml", "Mitteilung vom 1. März 2022", "Mitteilung vom 1. Mai 2022")
    )
    status, _, err = run(capsys, "verify", "--repo", str(repo))
    assert status == 1
    assert (
        'feed.xml: Eintrag 2022-03-01, title: "Version 2022-03-01: Mitteilung vom 1. Mai 2022" '
        'statt "Version 2022-03-01: Mitteilung vom 1. März 2022"'
    ) in err
    next_version(repo)
    status, _, err = run(capsys, "publish", "--repo", str(repo), "--today", "2024-01-10")
    assert status == 1
    assert "Veröffentlichung verweigert, gh-pages ist unverändert" in err
    assert "feed.xml: Eintrag 2022-03-01, title:" in err
    assert git(repo, "rev-parse", SITE_BRANCH) == tip


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (
            edit_file("feed.xml", 'href="./" rel="alternate"', 'href="https://evil.example/"'),
            "feed.xml: Kopf, link:",
        ),
        (
            edit_file("feed.xml", 'rel="related"', 'rel="enclosure"'),
            f"feed.xml: Eintrag {PENDING}, link:",
        ),
        (
            edit_file("feed.xml", "tag:websms.com,2021:avv/2023-05-02/mitteilung<", "x<"),
            "feed.xml: Eintrag 2023-05-02 (tag:websms.com,2021:avv/2023-05-02/mitteilung) fehlt",
        ),
        (edit_file("feed.xml", "<feed", "<feed x"), "feed.xml: kein gültiges XML"),
        (lambda site: (site / "feed.xml").unlink(), "feed.xml: fehlt"),
    ],
    ids=["head link", "calendar link", "entry removed", "not XML", "missing"],
)
def test_each_difference_of_the_feed_is_named(
    repo: Path, capsys: pytest.CaptureFixture[str], edit: Callable[[Path], None], where: str
) -> None:
    site_commit(repo, edit)
    status, _, err = run(capsys, "verify", "--repo", str(repo))
    assert status == 1 and where in err


def test_a_publish_adds_the_new_entries_and_keeps_the_published_ones(repo: Path) -> None:
    def entries(feed: bytes) -> dict[str, str]:
        root = ET.fromstring(feed)
        return {
            root_id: ET.tostring(e, encoding="unicode")
            for e in root.iter(f"{ATOM}entry")
            if (root_id := e.findtext(f"{ATOM}id") or "")
        }

    before = entries(site_file(repo, "feed.xml"))
    AgreementRepo(repo).commit_version(
        "2024-01-10",
        "2024-01-10",
        "2024-02-15",
        lambda p: replace(
            p / "annexes" / "anlage-2.yaml", "Beispiel Chat GmbH", "Beispiel Post GmbH"
        ),
    )
    publish(repo, date(2024, 1, 10))
    after = entries(site_file(repo, "feed.xml"))
    assert {key: after[key] for key in before} == before
    assert set(after) - set(before) == {"tag:websms.com,2021:avv/2024-01-10/mitteilung"}


# The notices index and its data.


def cells(row: Tag) -> dict[str, Tag]:
    return {str(td["data-label"]): td for td in row.find_all("td")}


def test_the_index_lists_every_notice_with_its_period_and_links(original: Path) -> None:
    soup = BeautifulSoup(site_file(original, "mitteilungen/index.html"), "html.parser")
    assert soup.html is not None and soup.html["lang"] == "de"
    rows = soup.select("tbody tr")
    assert [r["data-version"] for r in rows] == [PENDING, "2023-05-02", "2022-03-01"]
    # A phone shows each cell with its label: the very header of its column.
    headers = [th.get_text() for th in soup.select("thead th")]
    assert all([td["data-label"] for td in row.find_all("td")] == headers for row in rows)
    pending = cells(rows[0])
    assert pending["Mitteilung vom"].get_text() == "10. Juni 2023"
    assert pending["Widerspruch bis"].get_text() == "12. Juli 2023"
    assert pending["Stand"]["data-last-day"] == LAST_DAY.isoformat()
    assert pending["Stand"].get_text() == "Frist bis einschließlich 12. Juli 2023"  # without JS
    assert "Subunternehmer (VI.c), mit Widerspruchsrecht" in pending["Art der Änderung"].get_text()
    amended = cells(rows[1])
    assert amended["Widerspruch bis"].get_text() == "keine Widerspruchsfrist"
    kinds = [li.get_text() for li in amended["Art der Änderung"].find_all("li")]
    assert kinds == [  # in the order of the agreement
        "Vertragsänderung, Zustimmung erbeten (XIII.b)",
        "Technische und organisatorische Maßnahmen (VII.c)",
    ]
    links = [a["href"] for a in pending["Unterlagen"].find_all("a")]
    assert links == [
        f"../{PENDING}/mitteilung/",
        f"../{PENDING}/vergleich/2023-05-02/",
        f"../{PENDING}/mitteilung/widerspruchsfrist-{PENDING}.ics",
    ]
    assert [a["href"] for a in amended["Unterlagen"].find_all("a")] == [
        "../2023-05-02/mitteilung/",
        "../2023-05-02/vergleich/2022-03-01/",
    ]
    # Every link of the page resolves on the site branch.
    paths = site_paths(original)
    for a in soup.find_all("a"):
        resolved = posixpath.normpath(posixpath.join("mitteilungen", str(a["href"])))
        page = "index.html" if resolved == "." else resolved
        assert page in paths or f"{page}/index.html" in paths, a["href"]


def test_the_index_data_says_what_the_record_says(original: Path) -> None:
    data = json.loads(site_file(original, "mitteilungen.json"))
    assert data["index"] == "mitteilungen/"
    assert [n["version"] for n in data["notices"]] == ["2022-03-01", "2023-05-02", PENDING]
    pending = data["notices"][-1]
    assert pending == {
        "version": PENDING,
        "previous": "2023-05-02",
        "date": SENT,
        "last_day": LAST_DAY.isoformat(),
        "clauses": ["VI.c"],
        "notice": f"{PENDING}/mitteilung/",
        "redline": f"{PENDING}/vergleich/2023-05-02/",
        "calendar": f"{PENDING}/mitteilung/widerspruchsfrist-{PENDING}.ics",
    }


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (
            edit_file("mitteilungen/index.html", "12. Juli 2023", "3. August 2023"),
            "mitteilungen/index.html:",
        ),
        (
            edit_file("mitteilungen.json", '"2023-07-12"', '"2023-08-03"'),
            f"mitteilungen.json: Mitteilung {PENDING}, last_day: 2023-08-03 statt 2023-07-12",
        ),
        (lambda site: (site / "mitteilungen.json").unlink(), "mitteilungen.json: fehlt"),
    ],
    ids=["index", "data", "data missing"],
)
def test_a_tampered_index_is_reported_and_refused(
    repo: Path, capsys: pytest.CaptureFixture[str], edit: Callable[[Path], None], where: str
) -> None:
    tip = site_commit(repo, edit)
    status, _, err = run(capsys, "verify", "--repo", str(repo))
    assert status == 1 and where in err
    next_version(repo)
    status, _, err = run(capsys, "publish", "--repo", str(repo), "--today", "2024-01-10")
    assert status == 1 and where in err
    assert git(repo, "rev-parse", SITE_BRANCH) == tip


def test_a_branch_from_before_the_notices_index_gets_it_from_the_next_publish(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def published_before_the_index(site: Path) -> None:
        (site / "mitteilungen.json").unlink()
        shutil.rmtree(site / "mitteilungen")

    site_commit(repo, published_before_the_index)
    status, _, err = run(capsys, "verify", "--repo", str(repo))
    assert status == 1 and "mitteilungen/index.html: fehlt" in err
    next_version(repo)
    status, _, err = run(capsys, "publish", "--repo", str(repo), "--today", "2024-01-10")
    assert status == 0, err
    assert {"mitteilungen/index.html", "mitteilungen.json"} <= site_paths(repo)
    assert run(capsys, "verify", "--repo", str(repo))[0] == 0


NASTY = 'Evil <script>alert(1)</script> & "Co" GmbH'


def test_text_from_the_yaml_is_escaped_in_the_index() -> None:
    entry = FeedEntry(
        "2022-03-01", date(2022, 3, 1), "t", "./2022-03-01/mitteilung/", NASTY, "a@b.c", "s", "c"
    )
    versions = tuple(
        PublishedVersion(v, date(2022, 1, 1), date(2022, 2, 1), "h", "t", "c", date(2022, 1, 1))
        for v in ("2021-02-19", "2022-03-01")
    )
    found = Record(
        versions,
        (PublishedNotice(entry.version, entry.date, entry.hash, entry, None, ("<b>x</b>",)),),
    )
    page = notices_index.index_html(found).decode("utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert len(soup.find_all("script")) == 1  # the page's own
    assert soup.find("b") is None
    header = soup.find("header")
    kind = soup.select_one('tbody td[data-label="Art der Änderung"]')
    assert header is not None and NASTY in header.get_text()
    assert kind is not None and kind.get_text() == "<b>x</b>"


def test_entries_written_before_their_links_had_rel_and_type_still_verify(original: Path) -> None:
    found = record.loads(site_file(original, "record.json"))
    expected = feed.feed_of(found)
    # As feedgen 1.0 wrote an entry's link: its href alone (rel defaults to alternate).
    legacy = re.sub(
        r'(<link href="\./[^"]+/mitteilung/")( rel="alternate" type="text/html")/>',
        r"\1/>",
        expected,
    )
    assert legacy.count('rel="alternate"') == 1  # the head's link only
    assert feed.differences(expected, legacy.encode("utf-8")) == []
    moved = legacy.replace('href="./2022-03-01/mitteilung/"', 'href="./2021-02-19/mitteilung/"')
    assert feed.differences(expected, moved.encode("utf-8")) == [
        'feed.xml: Eintrag 2022-03-01, link: ["href=./2021-02-19/mitteilung/", "rel=alternate"] '
        'statt ["href=./2022-03-01/mitteilung/", "rel=alternate"] — ' + feed.HINT
    ]


def test_a_notice_recorded_before_the_index_is_not_shown_as_without_a_period(
    original: Path,
) -> None:
    found = record.loads(site_file(original, "record.json"))
    first = found.notices[0]
    legacy = Record(
        found.versions, (PublishedNotice(first.version, first.date, first.hash, first.entry),)
    )
    soup = BeautifulSoup(notices_index.index_html(legacy), "html.parser")
    row = soup.select_one("tbody tr")
    assert row is not None
    assert cells(row)["Widerspruch bis"].get_text() == "siehe Mitteilung"
    assert cells(row)["Art der Änderung"].get_text() == "siehe Mitteilung"
    assert [a["href"] for a in cells(row)["Unterlagen"].find_all("a")] == [
        "../2022-03-01/mitteilung/",
        "../2022-03-01/vergleich/2021-02-19/",
    ]
