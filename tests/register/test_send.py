"""`avv send`: the notice to every customer it concerns, once, through a real SMTP server, and
`avv deliveries` showing each customer's status and own last day."""

from __future__ import annotations

import email
import email.policy
import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import sqlalchemy as sa

from avv.german import format_date, format_long_date
from avv.law.deadline import ONE_MONTH, last_day
from avv.law.receipt import VIENNA, day_of_receipt
from tests.register.support import (
    Avv,
    SmtpServer,
    free_port,
    run_avv,
    wait_for,
    write_csv,
)
from tests.support import AgreementRepo

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
    body = mail.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert "An: Beispiel AG (Kundennummer 4712)" in text
    went = parsedate_to_datetime(str(mail["Date"]))
    assert f"Datum der Mitteilung: {format_date(went.astimezone(VIENNA).date())}" in text
    receipt = day_of_receipt(went)
    assert (f"gilt als am {format_long_date(receipt)} zugegangen" in text) == (
        receipt != went.astimezone(VIENNA).date()
    )
    # Their own objection link: subject and body name customer, version and part.
    link = re.search(r"<(mailto:[^>]+)>", text)
    assert link is not None
    query = parse_qs(urlsplit(link[1]).query)
    assert f"Version {NOTICE}, Kunde 4712" in query["subject"][0]
    assert "Beispiel AG (Kundennummer 4712)" in query["body"][0]
    assert "Punkt VI.c" in query["body"][0]
    assert [p.get_filename() for p in mail.iter_attachments()] == [
        f"widerspruchsfrist-{NOTICE}.ics"
    ]

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


CUSTOMERS = [
    "4711,Muster GmbH,datenschutz@muster.at;it@muster.at,2021-02-19,2021-03-01",
    "4712,Beispiel AG,office@beispiel.at,2021-02-19,2021-05-10",
]


def test_an_unreachable_server_records_nothing(avv: Avv) -> None:
    avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", CUSTOMERS)))
    avv.smtp(f"smtp://127.0.0.1:{free_port()}")
    code, _, err = avv("send", NOTICE)
    assert code == 1
    assert "avv: Mailserver smtp://127.0.0.1:" in err
    assert "nicht erreichbar: Verbindung abgelehnt" in err
    assert "nicht erreichbar" in err and "AVV_SMTP und die Verbindung prüfen" in err
    report = json.loads(avv("deliveries", NOTICE, "--format", "json")[1])
    assert report["totals"]["pending"] == 2
    assert avv("register", "verify")[1].count("0 Einträge") == 1


def test_no_server_set_is_an_error(avv: Avv) -> None:
    avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", CUSTOMERS)))
    code, _, err = avv("send", NOTICE)
    assert code == 1
    assert "kein Mailserver angegeben — AVV_SMTP setzen" in err


def test_refused_addresses_bounce_and_a_temporary_refusal_is_tried_again(
    avv: Avv, smtp_server: SmtpServer
) -> None:
    avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", CUSTOMERS)))
    inbox = smtp_server.inbox
    inbox.refuse = {
        "it@muster.at": "550 5.1.1 <it@muster.at>: Recipient address rejected",
        "office@beispiel.at": "550 5.1.1 <office@beispiel.at>: unknown user",
    }
    inbox.temporary = 2
    avv.smtp(smtp_server.url)
    code, out, err = avv("send", NOTICE, "--rate", "0", "--backoff", "0.01")
    assert code == 0, err
    assert "4712: abgelehnt (550 5.1.1 <office@beispiel.at>: unknown user)" in out
    assert [r.recipients for r in inbox.received] == [["datenschutz@muster.at"]]
    assert inbox.attempts == 3  # two temporary refusals, then accepted
    rows = {
        r["customer"]: r
        for r in json.loads(avv("deliveries", NOTICE, "--format", "json")[1])["customers"]
    }
    assert (rows["4711"]["status"], rows["4712"]["status"]) == ("delivered", "bounced")
    # The evidence keeps no address: only keyed hashes.
    engine = sa.create_engine(avv.register.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as connection:
        ledger = " ".join(connection.execute(sa.text("SELECT data FROM ledger")).scalars())
    engine.dispose()
    assert not any(a in ledger for a in ("muster.at", "beispiel.at"))
    assert "Adresse " in ledger
    # A corrected address is sent to on the next run; the others are left alone.
    inbox.refuse = {}
    fixed = ["4712,Beispiel AG,recht@beispiel.at,2021-02-19,2021-05-10"]
    avv("customers", "import", str(write_csv(avv.repo.parent / "k2.csv", fixed)))
    code, out, err = avv("send", NOTICE, "--rate", "0")
    assert code == 0, err
    assert [r.recipients for r in inbox.received][1:] == [["recht@beispiel.at"]]
    rows = {
        r["customer"]: r
        for r in json.loads(avv("deliveries", NOTICE, "--format", "json")[1])["customers"]
    }
    assert rows["4712"]["status"] == "delivered"


def test_a_server_that_keeps_refusing_stops_the_run_resumably(
    avv: Avv, smtp_server: SmtpServer
) -> None:
    avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", CUSTOMERS)))
    smtp_server.inbox.temporary = 100
    avv.smtp(smtp_server.url)
    code, _, err = avv("send", NOTICE, "--rate", "0", "--retries", "2", "--backoff", "0.01")
    assert code == 1
    assert "nimmt die Mitteilung auch nach 3 Versuchen nicht an (451 4.3.0" in err
    assert "später mit `avv send` fortsetzen" in err
    smtp_server.inbox.temporary = 0
    assert avv("send", NOTICE, "--rate", "0")[0] == 0
    assert len(smtp_server.inbox.received) == 2


def test_the_rate_is_steady(avv: Avv, smtp_server: SmtpServer) -> None:
    rows = [f"{n},Kunde {n},k{n}@kunde.at,2021-02-19,2021-03-01" for n in range(1, 7)]
    avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", rows)))
    avv.smtp(smtp_server.url)
    started = time.monotonic()
    assert avv("send", NOTICE, "--rate", "20")[0] == 0
    # Six messages at 20 a second: the last leaves a quarter second after the first.
    assert time.monotonic() - started >= 0.25
    assert len(smtp_server.inbox.received) == 6


def test_dry_run_writes_the_emails_and_sends_nothing(avv: Avv, smtp_server: SmtpServer) -> None:
    avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", CUSTOMERS)))
    avv.smtp(smtp_server.url)
    folder = avv.repo.parent / "entwurf"
    code, _, err = avv("send", NOTICE, "--dry-run", str(folder))
    assert code == 0, err
    assert sorted(p.name for p in folder.iterdir()) == ["4711.eml", "4712.eml"]
    assert smtp_server.inbox.received == []
    mail = email.message_from_bytes((folder / "4711.eml").read_bytes(), policy=email.policy.default)
    assert mail["To"] == "Muster GmbH <datenschutz@muster.at>, Muster GmbH <it@muster.at>"
    code, _, err = avv("send", NOTICE, "--dry-run", str(avv.repo / "entwurf"))
    assert code == 1
    assert "Kundendaten gehören nicht hinein" in err
    assert not (avv.repo / "entwurf").exists()


def test_a_send_killed_halfway_goes_on_where_it_stopped(
    history: AgreementRepo, register_url: str, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    rows = [f"{n},Kunde {n},k{n}@kunde.at,2021-02-19,2021-03-01" for n in range(1, 21)]
    common = ["--repo", str(history.path), "--register", register_url]
    done = run_avv("customers", "import", str(write_csv(tmp_path / "k.csv", rows)), *common)
    assert done.returncode == 0, done.stderr
    inbox = smtp_server.inbox
    inbox.delay = 0.05
    env = {"AVV_SMTP": smtp_server.url}
    sending = subprocess.Popen(
        [sys.executable, "-m", "avv.cli", "send", NOTICE, "--rate", "0", *common],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(lambda: len(inbox.received) >= 5)
    sending.send_signal(signal.SIGKILL)
    sending.wait()
    halfway = len(inbox.received)
    assert halfway < 20
    inbox.delay = 0
    again = run_avv("send", NOTICE, "--rate", "0", *common, env=env)
    assert again.returncode == 0, again.stderr
    by_id = inbox.by_id()
    assert len(by_id) == 20
    twice = [mid for mid, copies in by_id.items() if len(copies) > 1]
    assert len(twice) <= 1  # only the message in flight, with the same Message-ID
    assert all(len(copies) <= 2 for copies in by_id.values())
    report = run_avv("deliveries", NOTICE, "--format", "json", *common)
    assert json.loads(report.stdout)["totals"]["delivered"] == 20
    final = run_avv("send", NOTICE, *common, env=env)
    assert "nichts zu senden" in final.stdout
    assert len(inbox.received) == len(by_id) + len(twice)


def test_an_unknown_or_first_version_is_refused(avv: Avv) -> None:
    avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", CUSTOMERS)))
    code, _, err = avv("send", "2030-01-01")
    assert code == 1
    assert "Version 2030-01-01 gibt es in der Geschichte nicht — bekannt: 2021-02-19" in err
    code, _, err = avv("send", "2021-02-19")
    assert code == 1
    assert "ist die erste Version: zu ihr gibt es keine Mitteilung" in err
    code, _, err = avv("deliveries", "2030-01-01")
    assert code == 1 and "gibt es in der Geschichte nicht" in err


def test_deliveries_as_csv_and_table(avv: Avv, smtp_server: SmtpServer) -> None:
    avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", CUSTOMERS)))
    smtp_server.inbox.refuse = {"office@beispiel.at": "550 5.1.1 unknown user"}
    avv.smtp(smtp_server.url)
    assert avv("send", NOTICE, "--rate", "0")[0] == 0
    code, out, _ = avv("deliveries", NOTICE, "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "customer,name,status,delivered_at,received,last_day,objection,objection_late,consent"
    )
    assert lines[2] == "4712,Beispiel AG,bounced,,,,,False,"
    assert lines[1].startswith("4711,Muster GmbH,delivered,")
    code, out, _ = avv("deliveries", NOTICE)
    assert "4712  Beispiel AG: unzustellbar" in out
    assert out.splitlines()[-1] == (
        f"{NOTICE}: 2 Kunden — 1 zugestellt, 1 unzustellbar, 0 ausstehend; "
        "0 Widersprüche (0 verspätet), 0 Zustimmungen"
    )


def test_two_sends_of_one_version_never_run_at_once(avv: Avv, smtp_server: SmtpServer) -> None:
    from avv.register.database import open_register

    avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", CUSTOMERS)))
    avv.smtp(smtp_server.url)
    with open_register(avv.register, avv.repo) as other, other.exclusive(f"avv send {NOTICE}"):
        code, _, err = avv("send", NOTICE, "--rate", "0")
        assert code == 1
        assert f"avv send {NOTICE} läuft schon" in err
        # Another version's notice is another task.
        assert avv("send", "2023-05-02", "--rate", "0")[0] == 0
    assert smtp_server.inbox.received and all(
        "2023-05-02" in str(r.message["Message-ID"]) for r in smtp_server.inbox.received
    )
    assert avv("send", NOTICE, "--rate", "0")[0] == 0
