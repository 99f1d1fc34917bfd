"""`avv bounces`, `avv consent`, `avv objection`: delivery status notifications (RFC 3464) from an
mbox or a Maildir recorded as bounces of the notices they report, and customers' declarations
with the day received, a late objection flagged."""

from __future__ import annotations

import json
import mailbox
from datetime import date, timedelta
from pathlib import Path

from avv.german import today
from tests.register.support import Avv, Received, SmtpServer, write_csv

NOTICE = "2022-03-01"  # a subprocessor replaced: a notice with objection (VI.c)
OFFER = "2023-05-02"  # a measure added and VI.c reworded: an amendment (XIII.b)
CUSTOMERS = [
    "4711,Muster GmbH,datenschutz@muster.at;it@muster.at,2021-02-19,2021-03-01",
    "4712,Beispiel AG,office@beispiel.at,2021-02-19,2021-05-10",
    "4713,Dritte OG,recht@dritte.at,2021-02-19,2021-05-10",
]

# A bounce as Postfix writes it: the headers of the returned message in text/rfc822-headers.
POSTFIX = """\
Return-Path: <>
Date: Mon,  7 Dec 2026 10:00:05 +0100 (CET)
From: MAILER-DAEMON@mail.{domain} (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: {sender}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="8A3C2200F1.1765098005/mail.{domain}"
Content-Transfer-Encoding: 8bit
Message-Id: <20261207090005.9B0B52200F3@mail.{domain}>

This is a MIME-encapsulated message.

--8A3C2200F1.1765098005/mail.{domain}
Content-Description: Notification
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

This is the mail system at host mail.{domain}.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

<{address}>: host mx.{domain}[192.0.2.1] said: 550 5.1.1 <{address}>:
    Recipient address rejected: User unknown in virtual mailbox table

--8A3C2200F1.1765098005/mail.{domain}
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.{domain}
X-Postfix-Queue-ID: 8A3C2200F1
X-Postfix-Sender: rfc822; {sender}
Arrival-Date: Mon,  7 Dec 2026 10:00:04 +0100 (CET)

Final-Recipient: rfc822; {address}
Original-Recipient: rfc822;{address}
Action: {action}
Status: {status}
Remote-MTA: dns; mx.{domain}
Diagnostic-Code: smtp; 550 5.1.1 <{address}>: Recipient address rejected:
    User unknown in virtual mailbox table

--8A3C2200F1.1765098005/mail.{domain}
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers
Content-Transfer-Encoding: 8bit

{headers}
--8A3C2200F1.1765098005/mail.{domain}--
"""

# A bounce as Exchange writes it: the whole returned message as message/rfc822.
EXCHANGE = """\
From: postmaster@{domain}
To: {sender}
Date: Mon, 7 Dec 2026 09:12:44 +0000
Subject: Unzustellbar: {subject}
Message-ID: <b2c7a1e0-0001@{domain}>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="_000_b2c7a1e0_"

--_000_b2c7a1e0_
Content-Type: text/plain; charset="us-ascii"

Delivery has failed to these recipients or groups: {address}

--_000_b2c7a1e0_
Content-Type: message/delivery-status

Reporting-MTA: dns;EX01.{domain}
Received-From-MTA: dns;mail.linkmobility.com

Final-Recipient: rfc822;{address}
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp;554 5.2.2 mailbox full

--_000_b2c7a1e0_
Content-Type: message/rfc822

{original}
--_000_b2c7a1e0_--
"""

AUTO_REPLY = """\
From: Office <office@beispiel.at>
To: datenschutz@linkmobility.com
Subject: Abwesenheit
Message-ID: <away-1@beispiel.at>
Content-Type: text/plain; charset=utf-8

Ich bin bis 14. Dezember nicht im Büro.
"""


def _headers(received: Received) -> str:
    head = received.content.split(b"\r\n\r\n", 1)[0].decode("ascii")
    return head.replace("\r\n", "\n") + "\n"


def _sent(avv: Avv, smtp_server: SmtpServer) -> dict[str, Received]:
    avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", CUSTOMERS)))
    avv.smtp(smtp_server.url)
    assert avv("send", NOTICE, "--rate", "0")[0] == 0
    return {r.recipients[0]: r for r in smtp_server.inbox.received}


def _postfix(received: Received, address: str, action: str = "failed") -> str:
    return POSTFIX.format(
        domain=address.rpartition("@")[2],
        sender=received.sender,
        address=address,
        action=action,
        status="5.1.1" if action == "failed" else "4.4.1",
        headers=_headers(received),
    )


def _mbox(path: Path, messages: list[str]) -> Path:
    box = mailbox.mbox(path)
    for text in messages:
        box.add(text.encode("utf-8"))
    box.close()
    return path


def _rows(avv: Avv, version: str = NOTICE) -> dict[str, dict[str, object]]:
    report = json.loads(avv("deliveries", version, "--format", "json")[1])
    return {row["customer"]: row for row in report["customers"]}


def test_bounces_from_an_mbox_are_recorded_once(avv: Avv, smtp_server: SmtpServer) -> None:
    sent = _sent(avv, smtp_server)
    muster, beispiel = sent["datenschutz@muster.at"], sent["office@beispiel.at"]
    exchange = EXCHANGE.format(
        domain="beispiel.at",
        sender=beispiel.sender,
        subject="Mitteilung",
        address="office@beispiel.at",
        original=beispiel.content.decode("utf-8").replace("\r\n", "\n"),
    )
    box = _mbox(
        avv.repo.parent / "bounces.mbox",
        [
            _postfix(muster, "it@muster.at"),
            _postfix(muster, "datenschutz@muster.at", action="delayed"),
            AUTO_REPLY,
            exchange,
        ],
    )
    code, out, err = avv("bounces", str(box))
    assert code == 0, err
    assert "4711: unzustellbar, Version 2022-03-01 (5.1.1 smtp; 550 5.1.1 <Adresse " in out
    assert "4712: unzustellbar, Version 2022-03-01 (5.2.2 smtp;554 5.2.2 mailbox full)" in out
    assert f"{box}: 4 Nachrichten, 2 Unzustellbarkeiten verzeichnet" in out
    assert "datenschutz@muster.at: Action delayed" in err
    assert "kein Zustellbericht (Abwesenheit)" in err
    rows = _rows(avv)
    # 4711 still reached one of its two addresses; 4712's only address bounced.
    assert (rows["4711"]["status"], rows["4712"]["status"], rows["4713"]["status"]) == (
        "delivered",
        "bounced",
        "delivered",
    )
    assert rows["4712"]["last_day"] is None
    code, out, err = avv("bounces", str(box))
    assert "0 Unzustellbarkeiten verzeichnet" in out
    assert err.count("schon verzeichnet") == 2
    assert "Protokoll unversehrt, 5 Einträge" in avv("register", "verify")[1]


def test_bounces_from_a_maildir(avv: Avv, smtp_server: SmtpServer) -> None:
    sent = _sent(avv, smtp_server)
    folder = avv.repo.parent / "Maildir"
    box = mailbox.Maildir(folder, create=True)
    box.add(_postfix(sent["recht@dritte.at"], "recht@dritte.at").encode())
    box.close()
    code, out, err = avv("bounces", str(folder))
    assert code == 0, err
    assert "4713: unzustellbar" in out
    assert _rows(avv)["4713"]["status"] == "bounced"


def test_a_dsn_without_the_reported_message_records_nothing(
    avv: Avv, smtp_server: SmtpServer
) -> None:
    sent = _sent(avv, smtp_server)
    good = _postfix(sent["recht@dritte.at"], "recht@dritte.at")
    headless = _postfix(sent["office@beispiel.at"], "office@beispiel.at").replace(
        "Message-ID: <avv-", "X-Was: <avv-"
    )
    box = _mbox(avv.repo.parent / "b.mbox", [good, headless])
    code, _, err = avv("bounces", str(box))
    assert code == 1
    second = 1 + good.count("\n") + 2  # the second message's From line
    assert f"{box}:{second}: der Zustellbericht nennt die Message-ID der Nachricht nicht" in err
    assert all(row["status"] == "delivered" for row in _rows(avv).values())


def test_objections_are_recorded_and_a_late_one_flagged(avv: Avv, smtp_server: SmtpServer) -> None:
    _sent(avv, smtp_server)
    last_day = date.fromisoformat(str(_rows(avv)["4711"]["last_day"]))
    day = today()
    code, out, err = avv("objection", "4711", NOTICE, "--date", day.isoformat())
    assert code == 0, err
    assert f"rechtzeitig (Frist bis {last_day.isoformat()})" in out
    code, out, _ = avv("objection", "4711", NOTICE, "--date", day.isoformat())
    assert "schon verzeichnet" in out
    rows = _rows(avv)
    assert (rows["4711"]["objection"], rows["4711"]["objection_late"]) == (day.isoformat(), False)
    code, out, err = avv(
        "objection", "4712", NOTICE, "--date", (day + timedelta(days=1)).isoformat()
    )
    assert code == 1
    assert "liegt in der Zukunft" in err
    code, _, err = avv("objection", "4712", OFFER, "--date", day.isoformat())
    assert code == 1
    assert "ändert keine Subunternehmer" in err
    code, _, err = avv("objection", "9999", NOTICE, "--date", day.isoformat())
    assert code == 1 and "Kunde 9999 steht nicht im Register" in err


def test_an_objection_after_the_last_day_is_late(avv: Avv) -> None:
    """A customer whose notice went out in 2022 (recorded by hand as the ledger would)."""
    from avv.register import ledger
    from avv.register.database import open_register

    avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", CUSTOMERS)))
    with open_register(avv.register, avv.repo) as register, register.transaction() as c:
        ledger.append(
            c,
            "sent",
            "4712",
            NOTICE,
            {
                "message_id": "<x>",
                "recipients": ["h"],
                "refused": {},
                "accepted_at": "2022-03-01T09:00:00+00:00",
                "receipt": "2022-03-01",
                "last_day": "2022-04-01",
            },
        )
    code, out, _ = avv("objection", "4712", NOTICE, "--date", "2022-04-04")
    assert code == 0
    assert "VERSPÄTET: die Frist endete am 2022-04-01" in out
    row = _rows(avv)["4712"]
    assert (row["objection"], row["objection_late"]) == ("2022-04-04", True)


def test_consent_binds_the_customer_to_the_offer(avv: Avv) -> None:
    avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", CUSTOMERS)))
    shown = json.loads(avv("customers", "show", "4711", "--format", "json")[1])
    assert shown["bound_to"] != OFFER
    code, _, err = avv("consent", "4711", NOTICE, "--date", "2022-03-10")
    assert code == 1 and "braucht keine Zustimmung" in err
    code, _, err = avv("consent", "4711", OFFER, "--date", "2023-05-10", "--part", "V.b")
    assert code == 1 and "hat keinen Teil V.b" in err
    code, out, err = avv("consent", "4711", OFFER, "--date", "2023-05-10")
    assert code == 0, err
    assert "Zustimmung zu Version 2023-05-02, eingegangen 2023-05-10 (Teile: XIII.b)" in out
    shown = json.loads(avv("customers", "show", "4711", "--format", "json")[1])
    assert shown["bound_to"] == OFFER
    assert shown["notices"][-1]["consent"] == "2023-05-10"
    assert _rows(avv, OFFER)["4711"]["consent"] == "2023-05-10"
