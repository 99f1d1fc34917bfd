"""The customer register at the size of a real customer base: importing 10,000 customers, sending
a version's notice to all of them through a local SMTP server (aiosmtpd on 127.0.0.1, accepting
everything), and the register's queries for that version's deliveries.

The sample repository of `avv demo`; its newest version replaces a subprocessor (a notice with
an objection period). Every customer signed 2021-02-19, with one notice address. The send runs
once through the whole list (as `avv send` does, each message composed, handed to the server and
recorded in its own transaction); its figure is the median time per message and the total. The
queries run `--runs` times each: their medians.

Run: .venv/bin/python benchmarks/bench_register.py [--customers N] [--runs N] [--register URL]
(default register: a new SQLite file in a temp folder; a PostgreSQL URL names an empty database)
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from aiosmtpd.controller import Controller

from avv import demo, german
from avv.register import customers, ledger, reports
from avv.register import send as sending
from avv.register.database import open_register
from avv.register.smtp import Mailer, server_from
from avv.repo import history


class Sink:
    """Accepts every message and keeps only the count."""

    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.count += 1
        return "250 2.0.0 Ok"


def median_ms(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--register", help="a register URL (default: SQLite in a temp folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="avv-bench-register-") as temp:
        day = german.today()
        repo = demo.create(Path(temp) / "repo", day)
        past = [v for v in history.versions(repo) if v.problem is None]
        version = past[-1].id
        url = args.register or f"sqlite:///{Path(temp) / 'register.sqlite'}"
        csv = Path(temp) / "kunden.csv"
        rows = [
            f"{n},Kunde {n} GmbH,datenschutz@kunde{n}.example.at,2021-02-19,2021-03-01"
            for n in range(1, args.customers + 1)
        ]
        csv.write_text("customer,name,email,signed,signed_on\n" + "\n".join(rows) + "\n")
        sink = Sink()
        port = free_port()
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            with open_register(url, repo) as register:
                start = time.perf_counter()
                found = customers.read_csv(csv, {v.id: v.published for v in past}, day)
                with register.transaction() as connection:
                    customers.store(connection, found, ledger.now().isoformat())
                imported = time.perf_counter() - start
                print(f"import of {len(found)} customers: {imported * 1000:.0f} ms")
                plan = sending.campaign(past, version, "https://avv.example.at/", day)
                with register.transaction() as connection:
                    waiting, _ = sending.due(connection, plan)
                server = server_from(f"smtp://127.0.0.1:{port}", os.environ)
                pacing = sending.Pacing(rate=0)
                each: list[float] = []
                start = time.perf_counter()
                last = start
                with Mailer(server, plan.notice.contact.email) as mailer:
                    for _ in sending.send(register.engine, plan, waiting, mailer, pacing):
                        now = time.perf_counter()
                        each.append((now - last) * 1000)
                        last = now
                total = time.perf_counter() - start
                print(
                    f"send of version {version} to {len(each)} customers ({sink.count} accepted): "
                    f"{total:.1f} s in all, {statistics.median(each):.1f} ms median a message, "
                    f"{len(each) / total:.0f} messages a second"
                )
                terms = plan.terms

                def query() -> object:
                    with register.transaction() as connection:
                        return reports.deliveries(connection, terms, version)

                def still_due() -> object:
                    with register.transaction() as connection:
                        return sending.due(connection, plan)

                def verify() -> object:
                    with register.transaction() as connection:
                        return ledger.verify(connection)

                print(f"avv deliveries {version}: {median_ms(query, args.runs):.0f} ms median")
                print(
                    f"what is still due (a second avv send): "
                    f"{median_ms(still_due, args.runs):.0f} ms median"
                )
                print(f"avv register verify: {median_ms(verify, args.runs):.0f} ms median")
        finally:
            controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
