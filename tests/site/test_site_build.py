"""`avv build` of real repositories in temp folders; the HTML parsed and checked."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from avv import cli
from avv.content import canonical
from avv.content.load import load_folder
from avv.content.references import find_references
from avv.documents.document import document_html
from avv.model import Agreement
from avv.output_folder import MARKER
from tests.present import attribute, present
from tests.support import SEED, AgreementRepo, copy_project, replace, three_versions

# CI has shared/ beside the clone.
AGREEMENT_PAGES = ("index.html", "avv/index.html", "anlage-1/index.html", "anlage-2/index.html")
# Outside a version's build, at the root of the site branch (written by `avv publish`).
SITE_BRANCH_ROOT = {"feed.xml", "mitteilungen/", ""}  # "": the list of versions


def build(repo: Path, site: Path, *extra: str) -> int:
    return cli.main(["build", "--repo", str(repo), "--site-dir", str(site), *extra])


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def article(site: Path, page: str) -> Tag:
    found = soup(site, page).find("article")
    assert found is not None, page
    return found


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The repository's own AVV, committed in a fresh git repository, built with `avv build`."""
    root = tmp_path_factory.mktemp("built")
    repo = AgreementRepo.create(root / "repo")
    site = root / "site"
    assert build(repo.path, site) == 0
    return repo.path, site


@pytest.fixture(scope="module")
def agreement(built: tuple[Path, Path]) -> Agreement:
    return load_folder(built[0])


def test_every_section_and_clause_has_an_anchor_with_a_visible_permalink(
    built: tuple[Path, Path], agreement: Agreement
) -> None:
    page = article(built[1], "avv/index.html")
    for section in agreement.sections:
        heading = present(page.find(id=section.id))
        assert heading.name == "h2"
        assert heading.find("a", class_="headerlink", href=f"#{section.id}")
        for clause in section.clauses:
            element = page.find(id=clause.id)
            assert element is not None, clause.id
            link = element.find("a", class_="avv-permalink", href=f"#{clause.id}")
            assert link is not None and link.get_text() == "¶" and link["aria-label"]
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
    assert {f"vi-{letter}" for letter in "abcde"} <= set(ids)
    assert [
        s.id for s in agreement.sections
    ] == "i ii iii iv v vi vii viii ix x xi xii xiii".split()


def test_cross_references_are_links_to_their_targets(
    built: tuple[Path, Path], agreement: Agreement
) -> None:
    page = article(built[1], "avv/index.html")
    expected = 0
    for section in agreement.sections:
        for clause in section.clauses:
            element = present(page.find(id=clause.id))
            for reference in find_references(clause.text, agreement.annexes):
                expected += 1
                href = (
                    f"../{reference.target}/"
                    if reference.target.startswith("anlage-")
                    else f"#{reference.target}"
                )
                assert element.find("a", href=href, string=reference.label), (clause.id, href)
    assert expected >= 5
    vb = present(present(page.find(id="v-b")).find("a", string="Anlage 2 – Subunternehmer"))
    assert vb["href"] == "../anlage-2/"


def test_the_tables_of_iii_viii_and_the_annexes(
    built: tuple[Path, Path], agreement: Agreement
) -> None:
    site = built[1]
    iii = present(article(site, "avv/index.html").find(class_="avv-data-categories"))
    headings = [th.get_text() for th in present(iii.find("thead")).find_all("th")]
    assert headings == [title for _, title in agreement.data_category_columns]
    assert headings[0] == "Datenkategorie"
    rows = present(iii.find("tbody")).find_all("tr")
    assert len(rows) == 8 == len(agreement.data_categories)
    assert [present(r.find("td")).get_text() for r in rows] == [
        c.category for c in agreement.data_categories
    ]
    last = rows[-1].find_all("td")
    assert [line for line in last[2].stripped_strings] == list(
        agreement.data_categories[-1].duration
    )

    recipients = present(article(site, "avv/index.html").find(class_="avv-recipients")).find_all(
        "li"
    )
    assert [li.get_text() for li in recipients] == [
        r.line for r in agreement.instructions.recipients
    ]

    subprocessors = present(article(site, "anlage-2/index.html").find(class_="avv-subprocessors"))
    rows = present(subprocessors.find("tbody")).find_all("tr")
    assert len(rows) == 4
    interxion = rows[0].find_all("td")
    assert interxion[0].get_text() == "InterXion"
    assert "Louis-Häflinger-Gasse, 1210 Wien" in interxion[1].get_text()
    assert "Tupolevlaan 24, 1119 NX Schiphol-Rijk, Niederlande" in interxion[1].get_text()
    assert rows[0]["id"] == "subunternehmer-interxion"

    measures = article(site, "anlage-1/index.html")
    categories = measures.find_all("h2")
    assert len(categories) == 12
    assert categories[0]["id"] == "kategorie-1"
    for category, heading in zip(agreement.measures, categories, strict=True):
        assert words(heading.get_text()).rstrip("¶").strip() == category.key
        listed = present(heading.find_parent("section")).find(class_="avv-measures")
        items = [li.get_text() for li in listed.find_all("li")] if listed else []
        assert items == list(category.measures)


def test_the_customers_parts_are_blanks(built: tuple[Path, Path], agreement: Agreement) -> None:
    page = article(built[1], "avv/index.html")
    fills = [words(p.get_text()) for p in page.find_all(class_="avv-fill")]
    assert fills == [
        "vom AUFTRAGGEBER auszufüllen",
        agreement.instructions.authorised_persons_blank,
    ]
    blanks = [
        b.get_text() for b in present(page.find(id="unterschriften")).find_all(class_="avv-blank")
    ]
    signature = agreement.meta.controller_signature
    assert blanks == [signature.place_and_date_blank, signature.signatory_blank]


def test_every_sentence_of_the_seed_is_on_the_pages(built: tuple[Path, Path]) -> None:
    """The seed's lines (table rows split into cells) appear in the text of the built pages."""
    text = ""
    for page in AGREEMENT_PAGES:
        content = article(built[1], page)
        for permalink in content.select(".avv-permalink, .headerlink"):
            permalink.decompose()
        text += " " + content.get_text()
    text = re.sub(r"\s+", "", text)
    missing = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        for cell in line.split("\t"):
            sentence = re.sub(r"^\s*- ", "", cell).replace("**", "")
            if sentence.strip() and re.sub(r"\s+", "", sentence) not in text:
                missing.append(sentence)
    assert missing == []


def test_every_internal_link_resolves_to_a_file_and_anchor(built: tuple[Path, Path]) -> None:
    site = built[1]
    # 404.html is served for any missing path: its links are absolute, from the site's root.
    pages = sorted(page for page in site.rglob("*.html") if page.name != "404.html")
    assert len(pages) >= 5
    parsed = {page: soup(site, str(page.relative_to(site))) for page in pages}
    ids = {page: {tag["id"] for tag in html.find_all(id=True)} for page, html in parsed.items()}
    # A version's build lives in its folder of the site branch.
    root = "http://site.invalid/"
    base = f"{root}2021-02-19/"
    checked = 0
    for page in pages:
        url = urljoin(base, page.relative_to(site).as_posix())
        for tag in parsed[page].find_all(["a", "link"], href=True):
            target, anchor = urldefrag(urljoin(url, attribute(tag, "href")))
            if not target.startswith(base):
                if target.startswith(root):
                    assert target[len(root) :] in SITE_BRANCH_ROOT, (page, tag["href"])
                else:
                    assert urlsplit(target).scheme in ("https", "mailto"), (page, tag["href"])
                continue
            file = site / unquote(target[len(base) :])
            if target.endswith("/"):
                file = file / "index.html"
            assert file.is_file(), (page, tag["href"])
            if anchor and file.suffix == ".html":
                assert anchor in ids[file], (page, tag["href"])
            checked += 1
    assert checked > 100


def test_every_page_links_the_feed_of_the_notices(built: tuple[Path, Path]) -> None:
    site = built[1]
    for page in site.rglob("*.html"):
        feed = soup(site, str(page.relative_to(site))).find(
            "link", rel="alternate", type="application/atom+xml"
        )
        assert feed is not None and attribute(feed, "href").endswith("../feed.xml"), page


def test_the_navigation_lists_the_pages_by_their_titles(built: tuple[Path, Path]) -> None:
    nav = present(soup(built[1], "index.html").find("nav", class_="md-nav--primary"))
    entries = [words(item.get_text(" ")) for item in nav.select(":scope > ul > li")]
    assert [entry.split(" ")[0] for entry in entries[:2]] == ["Übersicht", "AVV"]
    assert entries[2:4] == ["Anlage 1", "Anlage 2"]
    assert entries[-1].startswith("Hilfe")


def test_the_overview_shows_version_dates_hash_and_downloads(
    built: tuple[Path, Path], agreement: Agreement
) -> None:
    page = article(built[1], "index.html")
    state = present(page.find(class_="avv-state"))
    assert state["data-version"] == "2021-02-19"
    assert state["data-published"] == state["data-effective"] == "2021-02-19"
    assert state.has_attr("hidden"), "the state on a day comes from versions.json"
    facts = {
        th.get_text(): words(present(th.find_next("td")).get_text())
        for th in page.select(".avv-facts th")
    }
    assert facts["Version"] == agreement.version
    assert facts["Gültig ab"] == "19. Februar 2021"
    checksum = present(page.select_one("details.avv-checksum"))
    assert present(checksum.find("summary")).get_text() == "Inhalts-Hash (SHA-256) anzeigen"
    assert present(checksum.find("code")).get_text() == canonical.content_hash(agreement)
    links = {a["href"] for a in page.find_all("a", href=True)}
    assert {"avv.json", "avv.pdf", "avv/", "anlage-1/", "anlage-2/"} <= links


def test_avv_json_is_what_avv_export_prints(
    built: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["export", "--repo", str(built[0])]) == 0
    assert (built[1] / "avv.json").read_text(encoding="utf-8") == capsys.readouterr().out


def test_avv_pdf_is_the_printable_document(built: tuple[Path, Path], agreement: Agreement) -> None:
    from avv.documents.pdf import render_pdf

    assert (built[1] / "avv.pdf").read_bytes() == render_pdf(document_html(agreement))


# Escaping -----------------------------------------------------------------------------------

SCRIPT = "<script>window.avvInjected = 1</script> & <b>Co</b>"


@pytest.fixture(scope="module")
def escaped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site whose YAML and contract text carry markup and Markdown syntax."""
    root = tmp_path_factory.mktemp("escaped")
    repo = copy_project(root / "repo")
    replace(repo / "annexes" / "anlage-1.yaml", "title: Zutrittskontrolle", f"title: '{SCRIPT}'")
    replace(
        repo / "annexes" / "anlage-2.yaml",
        "purpose: Newsletterversand",
        "purpose: '<img src=x onerror=\"window.avvInjected=2\"> Newsletter & *Mail*'",
    )
    replace(
        repo / "contract" / "avv.md",
        "zu widersprechen.",
        "zu widersprechen, wenn Preis < 5 & Menge > 3 *nicht kursiv* [kein](link) {#x}.",
    )
    site = root / "site"
    assert build(repo, site) == 0
    return site


def test_markup_from_yaml_and_markdown_is_shown_as_text(escaped: Path) -> None:
    measures = soup(escaped, "anlage-1/index.html")
    assert measures.find("b") is None
    assert [s for s in measures.find_all("script") if "avvInjected" in s.get_text()] == []
    assert present(measures.find("h2", id="kategorie-1")).get_text().startswith(f"1. {SCRIPT}")
    # The table of contents of the page shows the same text, escaped as well.
    toc = present(measures.find("nav", class_="md-nav--secondary"))
    assert SCRIPT in words(toc.get_text())

    subprocessors = soup(escaped, "anlage-2/index.html")
    assert subprocessors.find("img", src="x") is None
    assert '<img src=x onerror="window.avvInjected=2"> Newsletter & *Mail*' in (
        present(subprocessors.find(id="subunternehmer-rapidmail-gmbh")).get_text()
    )

    clause = present(soup(escaped, "avv/index.html").find(id="vi-c"))
    assert "wenn Preis < 5 & Menge > 3 *nicht kursiv* [kein](link) {#x}." in clause.get_text()
    assert [a["href"] for a in clause.find_all("a")] == ["#vi-c"]


# Failing builds -----------------------------------------------------------------------------


def test_a_broken_anchor_fails_the_build_and_leaves_the_site_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = copy_project(tmp_path / "repo")
    (repo / "docs" / "hilfe" / "kaputt.md").write_text(
        "# Kaputt\n\nSiehe [VI.z](../avv/index.md#vi-z).\n", encoding="utf-8"
    )
    site = tmp_path / "site"
    assert build(repo, site) == 1
    error = capsys.readouterr().err
    assert "vi-z" in error and "hilfe/kaputt.md" in error
    assert not site.exists()

    site.mkdir()
    (site / "index.html").write_text("earlier build", encoding="utf-8")
    (site / MARKER).write_text("", encoding="utf-8")
    assert build(repo, site) == 1
    assert sorted(p.name for p in site.iterdir()) == [MARKER, "index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo", "site"]


def test_invalid_content_fails_the_build_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = copy_project(tmp_path / "repo")
    replace(repo / "contract" / "meta.yaml", "effective: 2021-02-19", "effective: 19.02.2021")
    assert build(repo, tmp_path / "site") == 1
    assert "contract/meta.yaml:" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_a_version_of_the_history_is_built_by_its_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = three_versions(tmp_path / "repo")
    site = tmp_path / "site"
    assert build(repo.path, site, "--version", "2022-03-01") == 0
    exported = canonical.dumps(canonical.export(load_folder(repo.path)))
    data = (site / "avv.json").read_text(encoding="utf-8")
    assert '"version": "2022-03-01"' in data and data != exported
    assert "Beispiel Messaging GmbH" in article(site, "anlage-2/index.html").get_text()

    assert build(repo.path, tmp_path / "other", "--version", "2020-01-01") == 1
    assert "2021-02-19, 2022-03-01, 2023-05-02" in capsys.readouterr().err


# Serving ------------------------------------------------------------------------------------


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if text in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{text!r} not on {url} within {seconds} s")


def test_avv_serve_reloads_edits_of_the_annexes(tmp_path: Path) -> None:
    repo = copy_project(tmp_path / "repo")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "avv.cli",
            "serve",
            "--repo",
            str(repo),
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/anlage-2/"
        assert "Newsletterversand<" in wait_for(url, "rapidmail GmbH")
        # What the pages fetch one level above them is there: no 404 for versions.json or feed.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/versions.json") as response:
            (listed,) = json.load(response)
        assert listed["version"] == "2021-02-19"
        assert listed["properties"]["effective"] == "2021-02-19"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/feed.xml") as response:
            assert b"<feed" in response.read()
        replace(repo / "annexes" / "anlage-2.yaml", "Newsletterversand", "Versand von Newslettern")
        wait_for(url, "Versand von Newslettern")
    finally:
        server.terminate()
        server.wait(timeout=30)
