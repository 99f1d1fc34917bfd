"""Every kind of change end to end, in a real repository: the notice page of each version's build,
its e-mail read back with Python's email package and every link of it resolved against the built
site, the calendar entry, the feed, and the pull request's summary.

The history (each version one kind, or two):

| version    | change                                              | kind                        |
| ---------- | --------------------------------------------------- | --------------------------- |
| 2022-03-01 | MessengerPeople replaced                            | notice (VI.c, objection)    |
| 2023-05-02 | a measure added, a recipient's e-mail changed       | notice (VII.c, VIII)        |
| 2024-01-10 | a subprocessor in the USA added                     | notice (VI.c) and consent   |
| 2024-11-25 | VI.c: "binnen zwei Monaten"                         | amendment (XIII.b)          |
| 2025-02-03 | white space only                                    | editorial                   |
| 2025-06-02 | VI.c "binnen drei Wochen", rapidmail replaced,      | amendment and notice; the   |
|            | `objection_period: binnen zwei Monaten`             | period in effect applies    |

The last version is built with `site_url` set, so its links are absolute.
"""

from __future__ import annotations

import email
import email.policy
import re
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from icalendar import Calendar

from avv.cli import main
from avv.model import Agreement
from avv.published.feed import atom_feed, consecutive
from avv.pull_request import check as pr_check
from avv.repo.history import files_at, versions
from avv.site.build import build_site
from tests.present import attribute
from tests.support import (
    US_SUBPROCESSOR,
    AgreementRepo,
    add_measure,
    replace,
    replace_subprocessor,
    set_meta,
)

SITE = "https://avv.example.com/"
AVV = "contract/avv.md"
ANLAGE_2 = "annexes/anlage-2.yaml"
RAPIDMAIL = """  - name: rapidmail GmbH
    address: Augustinerplatz 2 79098 Freiburg i.Br. Deutschland
    country: DE
    purpose: Newsletterversand"""
BEISPIEL_MAIL = """  - name: Beispiel Mail GmbH
    address: Beispielweg 2, 1010 Wien, Österreich
    country: AT
    purpose: Newsletterversand"""


def _measure_and_recipient(p: Path) -> None:
    add_measure(p)
    replace(
        p / "annexes" / "weisungen.yaml",
        "martin.mrvka@linkmobility.com",
        "martin.mrvka@websms.example",
    )


def _us_subprocessor(p: Path) -> None:
    with (p / ANLAGE_2).open("a", encoding="utf-8") as annex:
        annex.write(US_SUBPROCESSOR)


def _two_months(p: Path) -> None:
    replace(p / AVV, "binnen eines Monats ab", "binnen zwei Monaten ab")


def _white_space(p: Path) -> None:
    replace(p / AVV, "mit EUR 1.000,00 begrenzt", "mit  EUR 1.000,00  begrenzt")


def _three_weeks_and_rapidmail(p: Path) -> None:
    replace(p / AVV, "binnen zwei Monaten ab", "binnen drei Wochen ab")
    replace(p / ANLAGE_2, RAPIDMAIL, BEISPIEL_MAIL)
    meta = p / "contract" / "meta.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(
            "effective: 2025-09-01", "effective: 2025-09-01\nobjection_period: binnen zwei Monaten"
        ),
        encoding="utf-8",
    )


HISTORY = (
    ("2022-03-01", "2022-04-15", replace_subprocessor),
    ("2023-05-02", "2023-06-05", _measure_and_recipient),
    ("2024-01-10", "2024-03-01", _us_subprocessor),
    ("2024-11-25", "2025-01-15", _two_months),
    ("2025-02-03", "2025-02-03", _white_space),
)
ABSOLUTE = "2025-06-02"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> AgreementRepo:
    repo = AgreementRepo.create(tmp_path_factory.mktemp("history") / "avv")
    for version, effective, edit in HISTORY:
        repo.commit_version(version, version, effective, edit)
    # The last edit adds objection_period after the new dates are set.
    set_meta(repo.path, version=ABSOLUTE, published=ABSOLUTE, effective="2025-09-01")
    _three_weeks_and_rapidmail(repo.path)
    repo.commit(f"AVV {ABSOLUTE}")
    return repo


@pytest.fixture(scope="module")
def agreements(repo: AgreementRepo) -> dict[str, Agreement]:
    return {v.id: v.agreement for v in versions(repo.path)}


@pytest.fixture(scope="module")
def site(repo: AgreementRepo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each version's build in its folder, as mike lays them out on the site branch."""
    root = tmp_path_factory.mktemp("site")
    for version, _, _ in HISTORY:
        build_site(repo.path, root / version, version)
    config = repo.path / "mkdocs.yml"
    plain = config.read_text(encoding="utf-8")
    config.write_text(f"site_url: {SITE}\n{plain}", encoding="utf-8")
    try:
        build_site(repo.path, root / ABSOLUTE, ABSOLUTE)
    finally:
        config.write_text(plain, encoding="utf-8")
    return root


def notice_page(site: Path, version: str) -> Tag:
    html = (site / version / "mitteilung" / "index.html").read_text(encoding="utf-8")
    found = BeautifulSoup(html, "html.parser").find("article")
    assert isinstance(found, Tag)
    return found


def text_of(part: Tag | BeautifulSoup) -> str:
    return " ".join(part.get_text(" ").split())


def resolve(site: Path, here: str, href: str) -> Path:
    """The file a link of a page or file in the folder `here` (from the site's root) leads to."""
    url = href if href.startswith(SITE) else urljoin(f"{SITE}{here}", href)
    path = site / unquote(urlsplit(url).path).lstrip("/")
    return path / "index.html" if url.endswith("/") else path


def web_links(part: Tag | BeautifulSoup) -> list[str]:
    """The links of a part that lead to a page or file: not e-mail, not within the page."""
    hrefs = [str(a["href"]) for a in part.find_all("a", href=True)]
    return [href for href in hrefs if not href.startswith(("mailto:", "#"))]


def mail(site: Path, version: str) -> EmailMessage:
    data = (site / version / "mitteilung" / f"mitteilung-{version}.eml").read_bytes()
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage) and not message.defects
    return message


def html_part(message: EmailMessage) -> BeautifulSoup:
    body = message.get_body(("html",))
    assert body is not None
    return BeautifulSoup(body.get_content(), "html.parser")


def calendar_attachment(message: EmailMessage) -> bytes | None:
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    if not parts:
        return None
    assert parts[0].get_content_charset() == "utf-8"
    data = parts[0].get_payload(decode=True)
    assert isinstance(data, bytes)
    return data


# Notice with objection (VI.c) ---------------------------------------------------------------------


def test_subprocessor_notice_page_has_the_period_its_day_and_why(site: Path) -> None:
    page = notice_page(site, "2022-03-01")
    text = text_of(page)
    assert "Ihr Recht auf Widerspruch (Punkt VI.c)" in text
    assert "binnen eines Monats ab Bekanntgabe schriftlich zu widersprechen" in text
    assert "bis einschließlich 1. April 2022" in text
    assert (
        "Die Frist von einem Monat ab der Bekanntgabe am 1. März 2022 endet am Freitag, "
        "1. April 2022."
    ) in text
    (mailto,) = [a["href"] for a in page.find_all("a", href=True) if "?subject=" in a["href"]]
    address, query = str(mailto).removeprefix("mailto:").split("?subject=")
    subject, body = query.split("&body=")
    assert address == "datenschutz.at@linkmobility.com"
    assert (
        unquote(subject)
        == "Widerspruch gegen die Mitteilung vom 1. März 2022 (AVV, Version 2022-03-01)"
    )
    # The declaration itself, ready to send: it names the subprocessor objected to.
    assert unquote(body).startswith(
        "Wir widersprechen der mit der Mitteilung vom 1. März 2022 mitgeteilten Änderung der "
        "Subunternehmer (Vereinbarung über die Auftragsverarbeitung, Version 2022-03-01, "
        "Punkt VI.c): Beispiel Messaging GmbH."
    )


def test_every_link_of_a_notice_page_reaches_a_file_of_the_site(site: Path) -> None:
    for version in ("2022-03-01", "2023-05-02", "2024-01-10", "2024-11-25", ABSOLUTE):
        page = notice_page(site, version)
        links = web_links(page)
        assert links, version
        for href in links:
            if href.endswith("feed.xml"):
                continue  # the feed lies at the root of the site branch, beside the versions
            assert resolve(site, f"{version}/mitteilung/", href).is_file(), (version, href)


def test_the_notice_links_to_the_redline_of_exactly_its_change_and_to_text_and_pdf(
    site: Path,
) -> None:
    page = notice_page(site, "2022-03-01")
    by_text = {text_of(a): str(a["href"]) for a in page.find_all("a", href=True)}
    here = "2022-03-01/mitteilung/"
    redline = by_text[
        "Alle Änderungen von Version 2021-02-19 zu Version 2022-03-01, Wort für Wort (Redline)"
    ]
    assert resolve(site, here, redline) == site / "2022-03-01/vergleich/2021-02-19/index.html"
    assert resolve(site, here, by_text["Version 2022-03-01 als Text"]) == (
        site / "2022-03-01/avv/index.html"
    )
    assert resolve(site, here, by_text["Version 2022-03-01 als PDF"]) == site / "2022-03-01/avv.pdf"
    pair = site / "2022-03-01/vergleich/2021-02-19"
    assert resolve(site, here, by_text["Dieselben Änderungen zum Ausdrucken (PDF)"]) == (
        pair / "aenderungen.pdf"
    )
    word = "Dieselben Änderungen als Word-Dokument mit nachverfolgten Änderungen"
    assert resolve(site, here, by_text[word]) == pair / "aenderungen.docx"
    redline_page = resolve(site, here, redline).read_text(encoding="utf-8")
    assert "MessengerPeople GmbH" in redline_page and "Beispiel Messaging GmbH" in redline_page


def test_the_calendar_entry_is_downloadable_from_the_notice_page(site: Path) -> None:
    page = notice_page(site, "2022-03-01")
    (href,) = {
        str(a["href"])
        for a in page.find_all("a", href=True)
        if attribute(a, "href").endswith(".ics")
    }
    ics = resolve(site, "2022-03-01/mitteilung/", href)
    (event,) = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert event.decoded("DTSTART") == date(2022, 4, 1)
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert str(event["SUMMARY"]) == "Widerspruchsfrist AVV Version 2022-03-01 endet"
    assert str(event["UID"]) == "widerspruchsfrist-2022-03-01-20220301@linkmobility.com"


def test_the_email_links_resolve_against_the_site_and_carry_the_calendar_entry(site: Path) -> None:
    message = mail(site, "2022-03-01")
    assert message.get_content_type() == "multipart/mixed"
    html = html_part(message)
    for href in web_links(html):
        assert resolve(site, "2022-03-01/mitteilung/", href).is_file(), href
    plain = message.get_body(("plain",))
    assert plain is not None
    body = plain.get_content()
    assert "<../vergleich/2021-02-19/>" in body and "<../avv.pdf>" in body
    assert "endet am Freitag, 1. April 2022." in body
    attached = calendar_attachment(message)
    downloadable = site / "2022-03-01/mitteilung/widerspruchsfrist-2022-03-01.ics"
    assert attached is not None
    assert attached == downloadable.read_bytes()


# Notices without objection (VII.c, VIII) ---------------------------------------------------------


def test_measures_and_recipients_are_notified_without_a_period(site: Path) -> None:
    page = notice_page(site, "2023-05-02")
    text = text_of(page)
    assert "Punkt VII.c" in text and "Punkt VIII" in text
    assert "Zwei-Faktor-Authentifizierung für Administratoren" in text
    assert "martin.mrvka@websms.example" in text
    assert "Ihr Recht auf Widerspruch" not in text and "Zustimmung" not in text
    assert not list((site / "2023-05-02" / "mitteilung").glob("*.ics"))
    message = mail(site, "2023-05-02")
    assert message.get_content_type() == "multipart/alternative"
    assert calendar_attachment(message) is None


# Consent (V.b) -----------------------------------------------------------------------------------


def test_a_third_country_asks_for_consent_and_the_period_moves_past_the_weekend(site: Path) -> None:
    text = text_of(notice_page(site, "2024-01-10"))
    assert "Ersuchen um Ihre Zustimmung (Punkt V.b)" in text
    assert "Example Cloud Inc. : Vereinigte Staaten" in text
    assert "bis einschließlich 12. Februar 2024" in text
    assert (
        "endet am Montag, 12. Februar 2024: verlängert, weil der 10. Februar ein Samstag und der "
        "11. Februar ein Sonntag ist."
    ) in text
    message = mail(site, "2024-01-10")
    # An offer (V.b): consent asked for, the notified parts in effect for everyone.
    assert message["Subject"].endswith(
        "Version 2024-01-10: Angebot, gilt mit Ihrer schriftlichen Zustimmung, frühestens ab "
        "1. März 2024; mitgeteilte Änderungen wirksam ab 1. März 2024; Widerspruch bis "
        "einschließlich 12. Februar 2024"
    )


# Amendment (XIII.b) ------------------------------------------------------------------------------


def test_a_rewritten_vi_c_is_published_as_an_amendment_asking_for_written_agreement(
    site: Path,
) -> None:
    page = notice_page(site, "2024-11-25")
    text = text_of(page)
    assert "Vorgeschlagene Änderungen der Vereinbarung (Punkt XIII.b)" in text
    assert [ins.get_text() for ins in page.find_all("ins")] == ["zwei Monaten"]
    assert [d.get_text() for d in page.find_all("del")] == ["eines Monats"]
    assert "erst mit Ihrer schriftlichen Zustimmung Teil der Vereinbarung" in text
    assert "bis dahin gilt für Sie Version 2024-01-10 unverändert weiter" in text
    assert "So stimmen Sie zu:" in text
    assert "Ihr Recht auf Widerspruch" not in text
    assert "keine mitteilungspflichtigen Änderungen" not in text
    assert not list((site / "2024-11-25" / "mitteilung").glob("*.ics"))
    body = mail(site, "2024-11-25").get_body(("plain",))
    assert body is not None and "binnen [-eines Monats-][+zwei Monaten+] ab" in body.get_content()


# Editorial ---------------------------------------------------------------------------------------


def test_white_space_only_is_not_communicated(site: Path) -> None:
    text = text_of(notice_page(site, "2025-02-03"))
    assert "Diese Version enthält keine mitteilungspflichtigen Änderungen" in text
    assert "nur Redaktionelles" in text
    assert sorted(p.name for p in (site / "2025-02-03" / "mitteilung").iterdir()) == ["index.html"]


# VI.c changed together with subprocessors: the period in effect applies --------------------------


def test_the_notice_quotes_the_period_in_effect_when_vi_c_changes_with_it(site: Path) -> None:
    page = notice_page(site, ABSOLUTE)
    text = text_of(page)
    assert "binnen zwei Monaten ab Bekanntgabe schriftlich zu widersprechen" in text
    assert "binnen drei Wochen ab Bekanntgabe schriftlich zu widersprechen" not in text
    assert (
        "Diese Version schlägt auch eine Änderung von Punkt VI.c vor, die erst mit Ihrer "
        "schriftlichen Zustimmung wirksam wird. Für diese Mitteilung gewähren wir Ihnen die Frist "
        "„binnen zwei Monaten“; Punkt VI.c in der Fassung der Version 2024-01-10, die alle Kunden "
        "bindet, sieht „binnen eines Monats“ vor."
    ) in text
    assert "bis einschließlich 4. August 2025" in text
    assert (
        "Die Frist von zwei Monaten ab der Bekanntgabe am 2. Juni 2025 endet am Montag, "
        "4. August 2025: verlängert, weil der 2. August ein Samstag und der 3. August ein "
        "Sonntag ist."
    ) in text


def test_with_site_url_set_the_links_are_absolute(site: Path) -> None:
    page = notice_page(site, ABSOLUTE)
    links = web_links(page)
    absolute = [href for href in links if href.startswith(SITE)]
    assert f"{SITE}{ABSOLUTE}/vergleich/2025-02-03/" in absolute
    assert f"{SITE}{ABSOLUTE}/avv.pdf" in absolute
    message = mail(site, ABSOLUTE)
    for href in web_links(html_part(message)):
        assert href.startswith(SITE), href
        assert resolve(site, "", href).is_file(), href
    attached = calendar_attachment(message)
    assert attached is not None
    (event,) = Calendar.from_ical(attached).walk("VEVENT")
    assert str(event["URL"]) == f"{SITE}{ABSOLUTE}/mitteilung/"
    assert str(event["UID"]) == "widerspruchsfrist-2025-06-02-20250602@avv.example.com"
    assert event.decoded("DTSTART") == date(2025, 8, 4)


# The feed ----------------------------------------------------------------------------------------


def test_the_feed_has_every_communicated_version(agreements: dict[str, Agreement]) -> None:
    import feedparser

    parsed = feedparser.parse(atom_feed(consecutive(list(agreements.values())), SITE))
    assert not parsed.bozo
    entries = {e.id.split("/")[-2]: e for e in parsed.entries}
    assert sorted(entries) == ["2022-03-01", "2023-05-02", "2024-01-10", "2024-11-25", ABSOLUTE]
    amendment = BeautifulSoup(entries["2024-11-25"].content[0].value, "html.parser")
    assert "Vorgeschlagene Änderungen der Vereinbarung (Punkt XIII.b)" in text_of(amendment)


# The pull request's summary ----------------------------------------------------------------------

KINDS = {
    # MessengerPeople replaced in its row: one new subprocessor, with the right to object.
    "2022-03-01": ["Mitteilung mit Widerspruchsrecht"],
    "2023-05-02": ["Mitteilung", "Mitteilung"],
    "2024-01-10": ["Mitteilung mit Widerspruchsrecht", "Zustimmung"],
    "2024-11-25": ["Vertragsänderung (schriftliche Zustimmung der Kunden)"],
    "2025-02-03": ["redaktionell"],
    ABSOLUTE: [
        "Vertragsänderung (schriftliche Zustimmung der Kunden)",
        "Mitteilung mit Widerspruchsrecht",
    ],
}


@pytest.mark.parametrize("version", list(KINDS))
def test_the_summary_names_the_kind_of_every_change(repo: AgreementRepo, version: str) -> None:
    known = versions(repo.path)
    position = [v.id for v in known].index(version)
    before, after = known[position - 1], known[position]
    base = pr_check.load_base(repo.path, before.commit)
    findings = pr_check.check(base, after.agreement, files_at(repo.path, after.commit))
    assert not [f for f in findings if f.is_error], findings
    summary = pr_check.summary(base, after.agreement, findings)
    table = summary.split("### Art der Änderungen", 1)[1].split("###", 1)[0]
    rows = [line.split(" | ")[1] for line in table.splitlines() if line.startswith("| ")]
    # Every version has its own id and dates: the last row, editorial.
    assert rows[2:] == [*KINDS[version], "redaktionell"]


# The notice of the command line and of the pull request links as its page -----------------------


def _with_site_url(repo: AgreementRepo) -> str:
    """Sets site_url in the repository's mkdocs.yml; gives back the file as it was."""
    config = repo.path / "mkdocs.yml"
    plain = config.read_text(encoding="utf-8")
    config.write_text(f"site_url: {SITE}\n{plain}", encoding="utf-8")
    return plain


def _notice_command(
    repo: AgreementRepo, capsys: pytest.CaptureFixture[str], *args: str, absolute: bool = False
) -> str:
    assert main(["notice", "--repo", str(repo.path), *args]) == 0
    out, err = capsys.readouterr()
    # Where the links are relative, the command says to what, beside the notice.
    assert ("Hinweis: die Verweise gelten relativ zu " in err) == (not absolute)
    return out


def _markdown_links(text: str) -> list[str]:
    return re.findall(r"\]\(([^)\s]+)\)", text)


@pytest.mark.parametrize("version", ["2022-03-01", "2024-01-10"])
def test_avv_notice_prints_the_text_of_the_notice_page_with_its_links(
    repo: AgreementRepo, site: Path, capsys: pytest.CaptureFixture[str], version: str
) -> None:
    """The text is the page's own .txt, byte for byte; every link of the Markdown leads to a
    page or file of the built site, the same links as the page's."""
    text = _notice_command(repo, capsys, "--to", version, "--format", "txt")
    folder = site / version / "mitteilung"
    assert text == (folder / f"mitteilung-{version}.txt").read_text(encoding="utf-8")
    assert f"<../vergleich/{consecutive_older(repo, version)}/>" in text
    links = _markdown_links(_notice_command(repo, capsys, "--to", version))
    here = f"{version}/mitteilung/"
    web = [link for link in links if not link.startswith("mailto:")]
    # The notice's links are the page's (which adds its downloads): redline (and its PDF and
    # Word: the pair of the version before has them), text, PDF, the page itself and the
    # calendar entry.
    assert set(web) <= set(web_links(notice_page(site, version))) and len(web) == 7
    for link in links:
        if not link.startswith("mailto:"):
            assert resolve(site, here, link).is_file(), link
    (objection,) = [link for link in links if "?subject=Widerspruch" in link]
    assert unquote(objection.split("?subject=")[1]).startswith("Widerspruch gegen die Mitteilung")
    assert f"widerspruchsfrist-{version}.ics" in links


def consecutive_older(repo: AgreementRepo, version: str) -> str:
    ids = [v.id for v in versions(repo.path)]
    return ids[ids.index(version) - 1]


def test_avv_notice_links_absolutely_once_site_url_is_set(
    repo: AgreementRepo, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = _with_site_url(repo)
    try:
        text = _notice_command(repo, capsys, "--to", ABSOLUTE, "--format", "txt", absolute=True)
        eml = _notice_command(repo, capsys, "--to", ABSOLUTE, "--format", "md", absolute=True)
    finally:
        (repo.path / "mkdocs.yml").write_text(plain, encoding="utf-8")
    folder = site / ABSOLUTE / "mitteilung"
    assert text == (folder / f"mitteilung-{ABSOLUTE}.txt").read_text(encoding="utf-8")
    links = [link for link in _markdown_links(eml) if not link.startswith("mailto:")]
    assert set(links) <= set(web_links(notice_page(site, ABSOLUTE))) and len(links) == 7
    assert all(link.startswith(f"{SITE}{ABSOLUTE}/") for link in links)


def _draft(summary: str) -> str:
    return summary.split("### Entwurf der Mitteilung", 1)[1]


@pytest.mark.parametrize("site_url", ["", SITE])
def test_the_pull_requests_draft_notice_links_as_the_notice_page_will(
    repo: AgreementRepo, site: Path, site_url: str
) -> None:
    known = versions(repo.path)
    position = [v.id for v in known].index("2022-03-01")
    before, after = known[position - 1], known[position]
    base = pr_check.load_base(repo.path, before.commit)
    findings = pr_check.check(base, after.agreement, files_at(repo.path, after.commit))
    draft = _draft(pr_check.summary(base, after.agreement, findings, site_url))
    links = _markdown_links(draft)
    web = [link for link in links if not link.startswith("mailto:")]
    on_page = web_links(notice_page(site, "2022-03-01"))
    if site_url:
        # The future site's addresses: the page's links resolved against site_url.
        page = {urljoin(f"{SITE}2022-03-01/mitteilung/", link) for link in on_page}
        assert set(web) <= page and all(link.startswith(SITE) for link in web)
        assert "relativ zur künftigen Website" not in draft
    else:
        assert set(web) <= set(on_page)
        assert "relativ zur künftigen Website" in draft and "`2022-03-01/mitteilung/`" in draft
    assert len(web) == 7 and "Kalendereintrag (.ics)" in draft
    assert any(link.startswith("mailto:") and "?subject=Widerspruch" in link for link in links)
