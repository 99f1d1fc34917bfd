"""The written notice (VI.c, VII.c, VIII): its content for each kind of change, its renderings,
the e-mail read back with Python's email package, and `avv notice` on a real git repository.

Each agreement here is the real content of the repository, copied to a temp folder, edited as the
legal team would edit the YAML, and read with the content reader.
"""

from __future__ import annotations

import email
import email.policy
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup, Tag
from icalendar import Calendar

from avv.cli import main
from avv.content.load import load_folder
from avv.documents.notice_render import (
    render_eml,
    render_html,
    render_html_document,
    render_markdown,
    render_text,
)
from avv.german import format_date
from avv.law.deadline import last_day_to_object
from avv.model import Agreement
from avv.notices.notice import Notice, notice_for
from avv.site import notice_pages
from avv.site.context import BuildContext
from tests.present import present
from tests.support import (
    ROOT,
    US_SUBPROCESSOR,
    AgreementRepo,
    add_measure,
    copy_project,
    replace,
    replace_subprocessor,
    reword_back,
    reword_clause,
    set_meta,
    three_versions,
)

Edit = Callable[[Path], None]
ANLAGE_1 = Path("annexes/anlage-1.yaml")
ANLAGE_2 = Path("annexes/anlage-2.yaml")
WEISUNGEN = Path("annexes/weisungen.yaml")
# A notice of 4 December 2026: the period ends on Monday 4 January 2027 (1 January is a holiday,
# 2 and 3 January a weekend, so nothing extends it past the 4th).
PUBLISHED = date(2026, 12, 4)
EFFECTIVE = date(2027, 2, 1)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Agreement:
    return load_folder(copy_project(tmp_path_factory.mktemp("base")))


@pytest.fixture
def amend(tmp_path: Path) -> Callable[..., Agreement]:
    """The repository's content with `edits` applied, as the version of 4 December 2026."""

    def amended(*edits: Edit) -> Agreement:
        folder = copy_project(tmp_path / "content")
        for edit in edits:
            edit(folder)
        set_meta(
            folder,
            version=PUBLISHED.isoformat(),
            published=PUBLISHED.isoformat(),
            effective=EFFECTIVE.isoformat(),
        )
        return load_folder(folder)

    return amended


def edit(path: Path, old: str, new: str) -> Edit:
    return lambda folder: replace(folder / path, old, new)


def append(path: Path, text: str) -> Edit:
    def appended(folder: Path) -> None:
        target = folder / path
        target.write_text(target.read_text(encoding="utf-8") + text, encoding="utf-8")

    return appended


def notice_of(base: Agreement, new: Agreement) -> Notice:
    found = notice_for(base, new)
    assert found is not None
    return found


def html_of(notice: Notice) -> BeautifulSoup:
    return BeautifulSoup(render_html(notice), "html.parser")


def section(soup: BeautifulSoup, heading: str) -> list[Tag]:
    """The elements after the h2 that contains `heading`, up to the next h2."""
    found = next(h for h in soup.find_all("h2") if heading in h.get_text())
    elements = []
    for sibling in found.find_next_siblings():
        if sibling.name == "h2":
            break
        elements.append(sibling)
    return elements


def items(soup: BeautifulSoup, heading: str) -> dict[str, list[str]]:
    """The list items of a part of the notice: head line → detail lines."""
    result = {}
    for ul in (e for e in section(soup, heading) if e.name == "ul"):
        for li in ul.find_all("li", recursive=False):
            nested = li.find("ul")
            details = [d.get_text() for d in nested.find_all("li")] if nested else []
            if nested:
                nested.extract()
            result[li.get_text().strip()] = details
    return result


# Subprocessors (VI.c) ---------------------------------------------------------------------------


def test_a_subprocessor_replaced_in_its_row_is_announced_as_a_new_one_with_the_date_of_effect(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    notice = notice_of(base, amend(replace_subprocessor))
    effective = format_date(EFFECTIVE)
    listed = items(html_of(notice), "Subunternehmer")
    assert listed == {
        "Neu: Beispiel Messaging GmbH, anstelle von MessengerPeople GmbH "
        f"(wirksam ab {effective})": [
            "Anschrift: Beispielstraße 1, 10115 Berlin, Deutschland",
            "Land: Deutschland",
            "Zweck der Beauftragung: Nachrichtenversand via Messenger",
            f"MessengerPeople GmbH wird ab {effective} nicht mehr als Subunternehmer beauftragt.",
        ],
    }
    assert "VI.c" in present(html_of(notice).find(string=lambda s: "Subunternehmer (" in s))


def test_a_subprocessor_removed_here_and_one_added_there_are_two_changes(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    """Another purpose, so no replacement in the same row: one gone, one new."""
    other = edit(
        Path("annexes/anlage-2.yaml"),
        "    purpose: Nachrichtenversand via Messenger",
        "    purpose: Versand von Umfragen",
    )
    notice = notice_of(base, amend(replace_subprocessor, other))
    effective = format_date(EFFECTIVE)
    listed = items(html_of(notice), "Subunternehmer")
    assert listed == {
        f"Neu: Beispiel Messaging GmbH (wirksam ab {effective})": [
            "Anschrift: Beispielstraße 1, 10115 Berlin, Deutschland",
            "Land: Deutschland",
            "Zweck der Beauftragung: Versand von Umfragen",
        ],
        f"Entfernt: MessengerPeople GmbH (wirksam ab {effective})": [
            "Anschrift: Herzog-Heinrich-Str. 9 80336 München Deutschland",
            "Land: Deutschland",
            "Zweck der Beauftragung: Nachrichtenversand via Messenger",
        ],
    }
    assert "VI.c" in present(html_of(notice).find(string=lambda s: "Subunternehmer (" in s))


def test_subprocessor_change_gives_the_right_to_object_and_its_last_day(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    notice = notice_of(base, amend(replace_subprocessor))
    assert notice.last_day_to_object == last_day_to_object(PUBLISHED) == date(2027, 1, 4)
    objection = " ".join(e.get_text(" ") for e in section(html_of(notice), "Widerspruch"))
    assert "binnen eines Monats ab Bekanntgabe schriftlich zu widersprechen" in objection
    assert "bis einschließlich 4. Jänner 2027" in objection
    contact = base.instructions.data_protection_contact
    for fact in (contact.name, contact.email, "Brauquartier 5/13, 8055 Graz, Österreich"):
        assert fact in objection
    # A telephone is no address for a written objection: it is named for questions only.
    assert contact.phone and contact.phone not in objection
    questions = " ".join(e.get_text(" ") for e in section(html_of(notice), "Kontakt"))
    assert contact.phone in questions
    assert "Eine E-Mail genügt; maßgeblich ist, dass Ihr Widerspruch spätestens am 4. Jänner " in (
        objection
    )
    assert "Punkt VI.c regelt nicht ausdrücklich, was auf einen Widerspruch folgt." in objection
    assert "Widerspruch bis einschließlich 4. Jänner 2027" in notice.subject


def test_changed_subprocessor_lists_each_changed_field_old_and_new(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    notice = notice_of(
        base,
        amend(
            edit(
                ANLAGE_2,
                "    purpose: Newsletterversand",
                "    purpose: Newsletter- und Transaktionsmailversand",
            ),
            edit(
                ANLAGE_2,
                "      address: Louis-Häflinger-Gasse, 1210 Wien",
                "      address: Computerstraße 4, 1100 Wien",
            ),
        ),
    )
    listed = items(html_of(notice), "Subunternehmer")
    effective = format_date(EFFECTIVE)
    assert listed == {
        f"Geändert: InterXion (wirksam ab {effective})": [
            "Ort der Verarbeitung: „Louis-Häflinger-Gasse, 1210 Wien“ → "
            "„Computerstraße 4, 1100 Wien“"
        ],
        f"Geändert: rapidmail GmbH (wirksam ab {effective})": [
            "Zweck der Beauftragung: „Newsletterversand“ → "
            "„Newsletter- und Transaktionsmailversand“"
        ],
    }
    assert notice.last_day_to_object == date(2027, 1, 4)
    assert notice.third_country == ()


# Third countries (V.b) --------------------------------------------------------------------------


def test_subprocessor_outside_the_eu_asks_for_prior_written_consent(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    notice = notice_of(base, amend(append(ANLAGE_2, US_SUBPROCESSOR)))
    assert [(t.subprocessor.name, t.countries) for t in notice.third_country] == [
        ("Example Cloud Inc.", ("US",))
    ]
    soup = html_of(notice)
    consent = " ".join(e.get_text(" ") for e in section(soup, "Zustimmung"))
    assert "V.b" in present(soup.find("h2", string=lambda s: "Zustimmung" in s)).get_text()
    assert "vorherige schriftliche Zustimmung" in consent
    assert "Example Cloud Inc." in consent
    assert "Vereinigte Staaten" in consent
    assert "Standardvertragsklauseln" in consent
    assert "Durchführungsbeschluss (EU) 2021/914, Modul 3" in consent
    added = items(soup, "Subunternehmer")
    assert any(
        "Land: Vereinigte Staaten" in details
        and "Garantie: Standardvertragsklauseln (Art. 46 Abs. 2 lit. c DSGVO): "
        "Durchführungsbeschluss (EU) 2021/914, Modul 3"
        in details
        for details in added.values()
    )


def test_moving_a_processing_location_to_a_third_country_asks_for_consent(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    notice = notice_of(
        base,
        amend(
            edit(
                ANLAGE_2,
                "      address: Louis-Häflinger-Gasse, 1210 Wien\n      country: AT",
                "      address: Hardturmstrasse 1, 8005 Zürich\n      country: CH\n"
                "    safeguard:\n      kind: angemessenheitsbeschluss\n"
                "      reference: Entscheidung 2000/518/EG",
            )
        ),
    )
    assert [(t.subprocessor.name, t.countries) for t in notice.third_country] == [
        ("InterXion", ("CH",))
    ]
    details = next(iter(items(html_of(notice), "Subunternehmer").values()))
    assert "Land der Verarbeitung: „Österreich“ → „Schweiz“" in details
    consent = " ".join(e.get_text(" ") for e in section(html_of(notice), "Zustimmung"))
    assert "InterXion" in consent and "Schweiz" in consent
    assert "Garantie: Angemessenheitsbeschluss (Art. 45 DSGVO)" in consent


def test_subprocessor_inside_the_eea_asks_for_no_consent(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    notice = notice_of(base, amend(replace_subprocessor))
    assert notice.third_country == ()
    assert "Zustimmung" not in render_text(notice)


# Measures (VII.c) and recipients (VIII) ---------------------------------------------------------


def test_measure_changes_per_category(base: Agreement, amend: Callable[..., Agreement]) -> None:
    notice = notice_of(
        base,
        amend(
            add_measure,
            edit(ANLAGE_1, "      - Videoüberwachung\n", ""),
            edit(
                ANLAGE_1,
                "description: Schutz vor unbefugtem Zutritt zu Datenverarbeitungsanlagen",
                "description: Schutz vor unbefugtem Zutritt zu Datenverarbeitungsanlagen und Büros",
            ),
        ),
    )
    soup = html_of(notice)
    heading = present(soup.find("h2", string=lambda s: "Maßnahmen" in s)).get_text()
    assert "Anlage 1" in heading and "VII.c" in heading
    effective = format_date(EFFECTIVE)
    assert items(soup, "Maßnahmen") == {
        f"Geändert: Kategorie 1. Zutrittskontrolle (wirksam ab {effective})": [
            "Beschreibung: „Schutz vor unbefugtem Zutritt zu Datenverarbeitungsanlagen“ → "
            "„Schutz vor unbefugtem Zutritt zu Datenverarbeitungsanlagen und Büros“",
            # Removed without a named replacement: it lowers the protection (XIII.b).
            "Maßnahmen, entfernt: „Videoüberwachung“ (nur mit Ihrer schriftlichen Zustimmung, "
            "Punkt XIII.b, siehe unten)",
        ],
        f"Geändert: Kategorie 2. Zugangskontrolle (wirksam ab {effective})": [
            "Maßnahmen, neu: „Zwei-Faktor-Authentifizierung für Administratoren (Beispiel)“"
        ],
    }


def test_measure_change_alone_has_no_objection_but_names_the_contact(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    notice = notice_of(base, amend(add_measure))
    assert notice.last_day_to_object is None
    text = render_text(notice)
    assert "widersprechen" not in text
    assert "VI.c" not in text
    assert "Widerspruch" not in notice.subject
    contact = " ".join(e.get_text(" ") for e in section(html_of(notice), "Kontakt"))
    assert base.instructions.data_protection_contact.email in contact


def test_contact_change_is_notified_and_the_new_address_is_used(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    new = amend(
        edit(
            WEISUNGEN, "    email: datenschutz.at@linkmobility.com", "    email: privacy@example.at"
        )
    )
    notice = notice_of(base, new)
    soup = html_of(notice)
    heading = present(soup.find("h2", string=lambda s: "Weisungsempfänger" in s)).get_text()
    assert "VIII" in heading
    assert items(soup, "Weisungsempfänger") == {
        f"Geändert: Jan Wieczorkiewicz (wirksam ab {format_date(EFFECTIVE)})": [
            "E-Mail: „datenschutz.at@linkmobility.com“ → „privacy@example.at“"
        ]
    }
    assert notice.contact.email == "privacy@example.at"
    assert soup.find("a", href="mailto:privacy@example.at") is not None
    mail = email.message_from_bytes(render_eml(notice), policy=email.policy.default)
    assert mail["From"].addresses[0].addr_spec == "privacy@example.at"


def test_recipients_added_and_removed(base: Agreement, amend: Callable[..., Agreement]) -> None:
    notice = notice_of(
        base,
        amend(
            edit(
                WEISUNGEN,
                "  - name: Hermann GSTETTNER\n"
                "    function: Senior Solution & Partner Consultant\n"
                "    email: hermann.gstettner@linkmobility.com\n",
                "  - name: Maria MUSTER\n"
                "    function: Customer Success Manager\n"
                "    email: maria.muster@linkmobility.com\n",
            )
        ),
    )
    heads = list(items(html_of(notice), "Weisungsempfänger"))
    effective = format_date(EFFECTIVE)
    assert heads == [
        "Neu: Maria MUSTER, Customer Success Manager, maria.muster@linkmobility.com, "
        f"+43 316 813380 (wirksam ab {effective})",
        "Entfernt: Hermann GSTETTNER, Senior Solution & Partner Consultant, "
        f"hermann.gstettner@linkmobility.com, +43 316 813380 (wirksam ab {effective})",
    ]


# Nothing to tell, and amendments (XIII.b) ---------------------------------------------------------


def test_no_change_has_no_notice(base: Agreement, amend: Callable[..., Agreement]) -> None:
    assert notice_for(base, amend()) is None


def test_a_change_of_white_space_only_has_no_notice(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    new = amend(
        edit(Path("contract/avv.md"), "mit EUR 1.000,00 begrenzt", "mit  EUR 1.000,00 begrenzt")
    )
    assert new.sections != base.sections
    assert notice_for(base, new) is None


def test_a_text_change_alone_is_an_amendment_that_asks_for_written_agreement(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    notice = notice_for(base, amend(reword_clause))
    assert notice is not None
    assert notice.last_day_to_object is None and not notice.notified
    assert [(c.subject, c.status) for c in notice.amendments] == [("VI.c", "changed")]
    text = render_text(notice)
    assert "Vorgeschlagene Änderungen der Vereinbarung (Punkt XIII.b)" in text
    assert "- Geändert: VI.c" in text
    assert "[+per E-Mail (Beispiel) +]" in text
    assert "Gemäß Punkt XIII.b müssen Änderungen und Ergänzungen" in text
    assert "bis dahin gilt für Sie Version 2021-02-19 unverändert weiter" in text
    assert "So stimmen Sie zu:" in text and "datenschutz.at@linkmobility.com" in text
    assert "Widerspruch" not in text
    assert notice.subject.endswith(
        "Version 2026-12-04: Angebot, gilt mit Ihrer schriftlichen Zustimmung, frühestens ab "
        "1. Februar 2027"
    )
    html = BeautifulSoup(render_html(notice), "html.parser")
    assert [ins.get_text() for ins in html.find_all("ins")] == ["per E-Mail (Beispiel) "]


def test_a_data_category_change_is_an_amendment_with_its_fields(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    new = amend(
        edit(
            Path("annexes/datenkategorien.yaml"),
            "purpose: Detailinhalte über die Bestellung",
            "purpose: Detailinhalte und Verlauf der Bestellung",
        )
    )
    notice = notice_for(base, new)
    assert notice is not None
    text = render_text(notice)
    assert "- Geändert: III, Datenkategorie: Bestelldaten" in text
    assert (
        "Zweck der Verarbeitung: „Detailinhalte über die Bestellung“ → "
        "„Detailinhalte und Verlauf der Bestellung“"
    ) in text


# Renderings -------------------------------------------------------------------------------------


def test_header_names_sender_date_and_versions(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    notice = notice_of(base, amend(replace_subprocessor))
    first = render_text(notice).split("\n\n")[1].splitlines()
    assert first == [
        "Absender: sms.at mobile internet services gmbh, Brauquartier 5/13, 8055 Graz, Österreich",
        "Datum der Mitteilung: 4. Dezember 2026",
        f"Betrifft: {base.title}, Version {base.version} → Version 2026-12-04, "
        "gültig ab 1. Februar 2027",
    ]


def test_markdown_html_and_text_say_the_same(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    notice = notice_of(
        base, amend(replace_subprocessor, add_measure, append(ANLAGE_2, US_SUBPROCESSOR))
    )
    from_markdown = BeautifulSoup(
        markdown.markdown(render_markdown(notice), extensions=["tables"]), "html.parser"
    )
    from_html = html_of(notice)

    def words(soup: BeautifulSoup) -> list[str]:
        return soup.get_text().split()

    assert words(from_markdown) == words(from_html)
    # The text writes the table "Auf einen Blick" as a list, each cell under its label.
    text = render_text(notice)
    head, rest = text.split("Auf einen Blick: was Sie tun können\n", 1)
    listed, tail = rest.split("\n\nJeder Teil", 1)
    table = from_html.find("table", class_="avv-notice-parts")
    assert table is not None
    for row in table.find_all("tr")[1:]:
        first, *cells = row.find_all(["th", "td"])
        assert f"- {first.get_text()}" in listed
        for cell in cells:
            assert f"    {cell['data-label']}: {cell.get_text()}" in listed
    table.decompose()
    # The text writes a link's address after its words: <mailto:…>, <https://…>.
    plain = [
        w
        for w in f"{head}Auf einen Blick: was Sie tun können\nJeder Teil{tail}".split()
        if not set(w) <= {"=", "-"} and not (w.startswith("<") and w.endswith(">"))
    ]
    assert plain == words(from_html)


NASTY = "Evil <script>alert(1)</script> *Corp* [x](javascript:alert(1)) &amp; {#id} `c` _u_"


def site_page(notice: Notice) -> str:
    """The notice's page on the site, whose headings are Markdown and the rest HTML blocks."""
    context = BuildContext(notice.changes.new, (notice.changes.old,))
    return notice_pages.pages(context)[0].markdown


def test_text_from_the_yaml_is_shown_as_it_is_never_run(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    notice = notice_of(
        base, amend(edit(ANLAGE_2, "name: rapidmail GmbH", f"name: {NASTY!r}".replace("'", '"')))
    )
    for soup in (
        html_of(notice),
        BeautifulSoup(
            markdown.markdown(render_markdown(notice), extensions=["attr_list", "md_in_html"]),
            "html.parser",
        ),
        BeautifulSoup(
            markdown.markdown(site_page(notice), extensions=["attr_list", "md_in_html"]),
            "html.parser",
        ),
    ):
        assert soup.find("script") is None
        assert soup.find("em") is None
        assert not soup.find_all("a", href=lambda h: h and h.startswith("javascript"))
        assert NASTY in soup.get_text()
    assert NASTY in render_text(notice)


def test_html_document_is_complete(base: Agreement, amend: Callable[..., Agreement]) -> None:
    notice = notice_of(base, amend(replace_subprocessor))
    soup = BeautifulSoup(render_html_document(notice), "html.parser")
    assert present(soup.html)["lang"] == "de-AT"
    assert present(soup.title).get_text() == notice.subject
    assert soup.find("meta", charset="utf-8") is not None
    assert (
        present(present(soup.body).h1).get_text()
        == "Mitteilung über Änderungen der Auftragsverarbeitungsvereinbarung"
    )


def test_heading_level_shifts_every_heading(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    notice = notice_of(base, amend(replace_subprocessor))
    soup = BeautifulSoup(render_html(notice, heading_level=3), "html.parser")
    assert soup.find("h1") is None and soup.find("h2") is None
    assert [h.name for h in soup.find_all(["h3", "h4"])] == ["h3", "h4", "h4", "h4"]
    md = render_markdown(notice, heading_level=2, title=False)
    assert not md.startswith("#") and "\n### Subunternehmer" in md and "\n## " not in md


# The e-mail -------------------------------------------------------------------------------------


def read_mail(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_eml_reads_back_as_a_complete_message(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    notice = notice_of(base, amend(replace_subprocessor))
    data = render_eml(notice)
    message = read_mail(data)
    assert not message.defects
    assert message["Subject"] == notice.subject
    assert "Version 2026-12-04" in message["Subject"]
    sender = message["From"].addresses[0]
    assert sender.display_name == "sms.at mobile internet services gmbh"
    assert sender.addr_spec == "datenschutz.at@linkmobility.com"
    assert message["To"].groups[0].display_name == "undisclosed-recipients"
    assert message["To"].addresses == ()
    assert parsedate_to_datetime(message["Date"]).date() == PUBLISHED
    assert message["Message-ID"] == "<avv-2026-12-04.mitteilung@linkmobility.com>"
    # The text and HTML as alternatives, and the calendar entry of the objection period.
    assert message.get_content_type() == "multipart/mixed"
    (alternative, attachment) = message.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "widerspruchsfrist-2026-12-04.ics"
    assert attachment.get_param("method") == "PUBLISH"
    (event,) = Calendar.from_ical(attachment.get_content()).walk("VEVENT")
    assert event.decoded("DTSTART") == date(2027, 1, 4)
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and html is not None
    assert plain.get_content_charset() == "utf-8"
    body = plain.get_content()
    for fact in (
        "Beispiel Messaging GmbH",
        "MessengerPeople GmbH",
        "VI.c",
        "widersprechen",
        "bis einschließlich 4. Jänner 2027",
        "datenschutz.at@linkmobility.com",
    ):
        assert fact in body
        assert fact in BeautifulSoup(html.get_content(), "html.parser").get_text()
    assert body.replace("\r\n", "\n") == render_text(notice)


def test_eml_is_plain_ascii_on_the_wire_with_crlf_and_short_lines(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    data = render_eml(
        notice_of(base, amend(replace_subprocessor, append(ANLAGE_2, US_SUBPROCESSOR)))
    )
    data.decode("ascii")
    lines = data.split(b"\r\n")
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 78


def test_eml_is_the_same_bytes_for_the_same_version(
    base: Agreement, amend: Callable[..., Agreement]
) -> None:
    new = amend(replace_subprocessor)
    assert render_eml(notice_of(base, new)) == render_eml(notice_of(base, new))


# `avv notice` on a real repository --------------------------------------------------------------


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> AgreementRepo:
    """Three versions, a fourth that only rewords the text (an amendment) and a fifth that only
    changes white space (editorial: nothing to tell)."""
    repo = three_versions(tmp_path_factory.mktemp("history"))
    reword_back(repo)
    repo.commit_version(
        "2024-06-03",
        "2024-06-03",
        "2024-07-01",
        lambda p: replace(p / "contract" / "avv.md", "mit EUR 1.000,00", "mit  EUR 1.000,00"),
    )
    return repo


def test_avv_notice_gives_a_ready_email_for_the_later_version(history: AgreementRepo) -> None:
    """The command as a user runs it, in its own process: the bytes on stdout are the mail."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "avv.cli",
            "notice",
            "--repo",
            str(history.path),
            "--to",
            "2022-03-01",
            "--format",
            "eml",
        ],
        capture_output=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr.decode()
    message = read_mail(done.stdout)
    assert "Version 2022-03-01" in message["Subject"]
    assert parsedate_to_datetime(message["Date"]).date() == date(2022, 3, 1)
    body = present(message.get_body(("plain",))).get_content()
    assert "Neu: Beispiel Messaging GmbH" in body
    assert "anstelle von MessengerPeople GmbH" in body
    assert "MessengerPeople GmbH wird ab " in body and "nicht mehr als Subunternehmer" in body
    assert "VI.c" in body and "schriftlich zu widersprechen" in body
    assert f"bis einschließlich {format_date(last_day_to_object(date(2022, 3, 1)))}" in body
    assert "bis einschließlich 1. April 2022" in body


@dataclass
class Run:
    returncode: int
    stdout: bytes
    stderr: str


@pytest.fixture
def avv(capsysbinary: pytest.CaptureFixture[bytes]) -> Callable[..., Run]:
    def run(*args: str) -> Run:
        status = main(list(args))
        captured = capsysbinary.readouterr()
        return Run(status, captured.out, captured.err.decode())

    return run


def test_avv_notice_from_defaults_to_the_version_before(
    history: AgreementRepo, avv: Callable[..., Run]
) -> None:
    default = avv("notice", "--repo", str(history.path), "--to", "2023-05-02")
    explicit = avv(
        "notice", "--repo", str(history.path), "--from", "2022-03-01", "--to", "2023-05-02"
    )
    assert default.returncode == 0 and default.stdout == explicit.stdout
    text = default.stdout.decode()
    assert text.startswith("# Mitteilung über Änderungen")
    assert "Version 2022-03-01 → Version 2023-05-02" in text
    assert "Zwei-Faktor-Authentifizierung für Administratoren" in text


def test_avv_notice_over_two_versions(history: AgreementRepo, avv: Callable[..., Run]) -> None:
    done = avv(
        "notice",
        "--repo",
        str(history.path),
        "--from",
        "2021-02-19",
        "--to",
        "2023-05-02",
        "--format",
        "html",
    )
    soup = BeautifulSoup(done.stdout.decode(), "html.parser")
    text = soup.get_text(" ")
    assert "MessengerPeople GmbH" in text and "Zwei-Faktor-Authentifizierung" in text
    assert soup.title is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--to", "2030-01-01"),
            "keine Version 2030-01-01 in der Historie — vorhanden: 2021-02-19",
        ),
        (("--to", "2021-02-19"), "2021-02-19 ist die erste Version"),
        (("--from", "2023-05-02", "--to", "2022-03-01"), "ist nicht älter als"),
        (
            ("--to", "2024-06-03"),
            "2024-06-03 ändert gegenüber 2024-01-10 nichts Mitteilungspflichtiges",
        ),
    ],
)
def test_avv_notice_refuses_with_a_reason(
    history: AgreementRepo, avv: Callable[..., Run], args: tuple[str, ...], message: str
) -> None:
    done = avv("notice", "--repo", str(history.path), *args)
    assert done.returncode == 1
    assert done.stdout == b""
    assert message in done.stderr
