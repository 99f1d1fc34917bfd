"""`avv send`: the notice to every customer it concerns, once, through a real SMTP server, and
`avv deliveries` showing each customer's status and own last day."""

from __future__ import annotations

import json
from datetime import datetime

from avv.law.deadline import ONE_MONTH, last_day
from avv.law.receipt import day_of_receipt
from tests.register.conftest import Avv, SmtpServer, write_csv

NOTICE = "2022-03-01"


def test_send_reaches_every_concerned_customer_once(avv: Avv, smtp_server: SmtpServer) -> None:
    rows = [
        "4711,Muster GmbH,datenschutz@muster.at;it@muster.at,2021-02-19,2021-03-01",
        "4712,Beispiel AG,office@beispiel.at,2021-02-19,2021-05-10",
        "4713,Neu KG,recht@neu.at,2022-03-01,2022-03-05",
    ]
    code, out, err = avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", rows)))
    assert (code, err) == (0, ""), err
    assert "3 Kunden neu, 0 aktualisiert" in out
    avv.smtp(smtp_server.url)
    code, out, err = avv("send", NOTICE, "--rate", "0")
    assert code == 0, err
    received = smtp_server.inbox.received
    # 4713 signed the notified version itself: not concerned.
    assert sorted(r.recipients for r in received) == [
        ["datenschutz@muster.at", "it@muster.at"],
        ["office@beispiel.at"],
    ]
    mail = {r.recipients[0]: r.message for r in received}["office@beispiel.at"]
    assert mail["Message-ID"] == f"<avv-{NOTICE}+4712.mitteilung@linkmobility.com>"
    text = mail.get_body(("plain",)).get_content()
    assert "An: Beispiel AG (Kundennummer 4712)" in text

    code, out, _ = avv("deliveries", NOTICE, "--format", "json")
    report = json.loads(out)
    rows_by_id = {row["customer"]: row for row in report["customers"]}
    assert set(rows_by_id) == {"4711", "4712"}
    for row in rows_by_id.values():
        assert row["status"] == "delivered"
        accepted = datetime.fromisoformat(row["delivered_at"])
        assert row["received"] == day_of_receipt(accepted).isoformat()
        assert row["last_day"] == last_day(day_of_receipt(accepted), ONE_MONTH).isoformat()
    assert report["totals"] == {
        "customers": 2,
        "delivered": 2,
        "bounced": 0,
        "pending": 0,
        "objections": 0,
        "late_objections": 0,
        "consents": 0,
    }

    code, out, err = avv("send", NOTICE, "--rate", "0")
    assert code == 0, err
    assert "nichts zu senden" in out
    assert len(smtp_server.inbox.received) == 2
