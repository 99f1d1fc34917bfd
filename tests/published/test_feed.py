"""The Atom feed of the notices, read back with feedparser and ElementTree from real histories."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from avv.content.load import load_folder
from avv.documents.notice_render import render_html
from avv.errors import AvvError
from avv.model import Agreement
from avv.notices.notice import notice_for
from avv.published.feed import atom_feed, consecutive
from avv.repo.history import versions
from tests.present import present
from tests.support import (
    US_SUBPROCESSOR,
    AgreementRepo,
    copy_project,
    replace,
    set_meta,
    three_versions,
)

SITE = "https://avv.example.com/"
ATOM = "{http://www.w3.org/2005/Atom}"


def announce_us_subprocessor(path: Path) -> None:
    anlage = path / "annexes" / "anlage-2.yaml"
    anlage.write_text(anlage.read_text(encoding="utf-8") + US_SUBPROCESSOR, encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> AgreementRepo:
    """Three versions, then a fourth that is announced long before it takes effect."""
    repo = three_versions(tmp_path_factory.mktemp("feed"))
    repo.commit_version("2099-01-05", "2099-01-05", "2099-03-01", announce_us_subprocessor)
    return repo


@pytest.fixture(scope="module")
def agreements(repo: AgreementRepo) -> list[Agreement]:
    return [v.agreement for v in versions(repo.path)]


def midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def test_feed_parses_as_atom_with_one_entry_per_notice_newest_first(
    agreements: list[Agreement],
) -> None:
    parsed = feedparser.parse(atom_feed(consecutive(agreements), SITE))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id == "tag:websms.com,2021:avv/mitteilungen"
    assert parsed.feed.language == "de-AT"
    newest_first = ("2099-01-05", "2023-05-02", "2022-03-01")
    assert [e.id for e in parsed.entries] == [
        f"tag:websms.com,2021:avv/{version}/mitteilung" for version in newest_first
    ]
    assert [e.link for e in parsed.entries] == [
        f"https://avv.example.com/{version}/mitteilung/" for version in newest_first
    ]
    assert [e.title for e in parsed.entries] == [
        # Offers (an amendment of the text) say so in their title.
        "Version 2099-01-05: Angebot und Mitteilung vom 5. Jänner 2099",
        "Version 2023-05-02: Angebot und Mitteilung vom 2. Mai 2023",
        "Version 2022-03-01: Mitteilung vom 1. März 2022",
    ]


def test_entries_are_dated_by_the_day_of_notice(agreements: list[Agreement]) -> None:
    parsed = feedparser.parse(atom_feed(consecutive(agreements), SITE))
    notices = {a.version: a.meta.published for a in agreements}
    for entry in parsed.entries:
        day = notices[entry.id.split("/")[-2]]
        assert entry.published == entry.updated == midnight(day).isoformat()
    assert parsed.feed.updated == midnight(date(2099, 1, 5)).isoformat()


def test_without_a_site_url_links_are_relative_to_the_feed(agreements: list[Agreement]) -> None:
    feed = atom_feed(consecutive(agreements), "")
    parsed = feedparser.parse(
        feed,
        response_headers={
            "content-location": "https://avv.example.com/feed.xml",
            "content-type": "application/atom+xml",
        },
    )
    assert not parsed.bozo
    assert parsed.entries[-1].link == "https://avv.example.com/2022-03-01/mitteilung/"
    assert parsed.feed.link == "https://avv.example.com/"
    with_url = feedparser.parse(atom_feed(consecutive(agreements), SITE))
    assert [e.id for e in parsed.entries] == [e.id for e in with_url.entries]


def test_entry_content_is_the_notice_as_html(agreements: list[Agreement]) -> None:
    root = ET.fromstring(atom_feed(consecutive(agreements), SITE))
    contents = [e.find(f"{ATOM}content") for e in root.iter(f"{ATOM}entry")]
    assert all(c is not None and c.get("type") == "html" for c in contents)
    newest = notice_for(agreements[-2], agreements[-1])
    assert newest is not None
    assert contents[0] is not None and contents[0].text == render_html(newest, heading_level=2)
    oldest = BeautifulSoup(present(contents[-1]).text or "", "html.parser").get_text()
    assert "Beispiel Messaging GmbH" in oldest and "MessengerPeople GmbH" in oldest
    assert "bis einschließlich 1. April 2022" in oldest


def test_an_announced_version_is_in_the_feed_with_its_request_for_consent(
    agreements: list[Agreement],
) -> None:
    parsed = feedparser.parse(atom_feed(consecutive(agreements), SITE))
    announced = BeautifulSoup(parsed.entries[0].content[0].value, "html.parser").get_text()
    assert "Example Cloud Inc." in announced
    assert "Vereinigte Staaten" in announced
    assert "V.b" in announced


def test_feed_is_the_same_bytes_for_the_same_versions_in_any_order(
    agreements: list[Agreement],
) -> None:
    pairs = consecutive(agreements)
    first = atom_feed(pairs, SITE)
    assert atom_feed(list(reversed(pairs)), SITE) == first
    assert atom_feed(pairs, SITE.rstrip("/")) == first
    assert first.startswith("<?xml version='1.0' encoding='UTF-8'?>")


def test_earlier_entries_do_not_change_when_a_version_is_added(agreements: list[Agreement]) -> None:
    def entries(feed: str) -> dict[str, bytes]:
        root = ET.fromstring(feed)
        return {e.findtext(f"{ATOM}id") or "": ET.tostring(e) for e in root.iter(f"{ATOM}entry")}

    before = entries(atom_feed(consecutive(agreements[:3]), SITE))
    after = entries(atom_feed(consecutive(agreements), SITE))
    assert len(before) == 2 and len(after) == 3
    assert {key: after[key] for key in before} == before


def test_first_version_alone_gives_a_feed_without_entries(agreements: list[Agreement]) -> None:
    parsed = feedparser.parse(atom_feed(consecutive(agreements[:1]), SITE))
    assert not parsed.bozo
    assert parsed.entries == []
    assert parsed.feed.updated == midnight(agreements[0].meta.published).isoformat()


@pytest.mark.parametrize("site_url", ["avv.example.com", "/avv/"])
def test_a_site_url_must_be_absolute(agreements: list[Agreement], site_url: str) -> None:
    with pytest.raises(AvvError, match="site_url"):
        atom_feed(consecutive(agreements), site_url)


def test_feed_needs_a_version(agreements: list[Agreement]) -> None:
    with pytest.raises(AvvError, match="mindestens eine veröffentlichte Version"):
        atom_feed([], SITE)


NASTY = "Evil <script>alert(1)</script> & <b>Co</b> ]]> GmbH"


def test_text_from_the_yaml_is_escaped_in_the_feed(
    tmp_path: Path, agreements: list[Agreement]
) -> None:
    folder = copy_project(tmp_path / "nasty")
    replace(folder / "annexes" / "anlage-2.yaml", "name: rapidmail GmbH", f'name: "{NASTY}"')
    set_meta(folder, version="2030-01-07", published="2030-01-07", effective="2030-03-01")
    nasty = load_folder(folder)
    feed = atom_feed([(nasty, (agreements[0],))], SITE)
    assert not feedparser.parse(feed).bozo
    content = ET.fromstring(feed).find(f"{ATOM}entry/{ATOM}content")
    assert content is not None
    soup = BeautifulSoup(content.text or "", "html.parser")
    assert soup.find("script") is None and soup.find("b") is None
    assert NASTY in soup.get_text()
