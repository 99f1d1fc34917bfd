"""How long the publication record's checks take: `avv verify` of a site branch (every commit's
record against its parent's, every folder's tree, versions.json), and a publish with nothing new
(the same checks, then no commit). The sample repository of `avv demo`, published once.

Run: .venv/bin/python benchmarks/bench_record.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from avv import demo
from avv.german import today
from avv.publish.deploy import publish, verify


def median_ms(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="avv-bench-record-") as temp:
        day = today()
        repo = demo.create(Path(temp) / "repo", day)
        start = time.perf_counter()
        done = publish(repo, day)
        first = (time.perf_counter() - start) * 1000
        found = verify(repo)
        print(f"first publish of {len(done.deployed)} versions: {first:.0f} ms")
        print(
            f"avv verify ({len(found.versions)} versions, {len(found.notices)} notices): "
            f"{median_ms(lambda: verify(repo), args.runs):.0f} ms median"
        )
        print(
            "publish with nothing new: "
            f"{median_ms(lambda: publish(repo, day), args.runs):.0f} ms median"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
