"""How fast the redline is: the whole agreement against a version with 20 changed clauses (target:
under 50 ms median), and the same for an agreement ten times as long, which should take about ten
times as long (near linear: clauses are aligned first, words compared only inside a clause).

Run: .venv/bin/python benchmarks/bench_redline.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from avv.changes.redline import redline
from avv.content.load import load_folder
from avv.documents.redline_render import render_html, render_markdown
from avv.model import Agreement, Clause, Section

ROOT = Path(__file__).resolve().parents[1]
CHANGED = 20
TARGET_MS = 50.0


def amended(agreement: Agreement, count: int = CHANGED) -> Agreement:
    """`count` clauses spread over the text, each with a word replaced and a phrase added."""
    lettered = [c.id for s in agreement.sections for c in s.clauses if c.kind == "lettered"]
    step = max(len(lettered) // count, 1)
    chosen = set(lettered[::step][:count])
    assert len(chosen) == count, f"only {len(chosen)} lettered clauses"

    def edit(clause: Clause) -> Clause:
        if clause.id not in chosen:
            return clause
        words = clause.text.split(" ")
        words[len(words) // 2] = "geänderte"
        return replace(clause, text=" ".join(words) + " Dies gilt auch für Vertreter.")

    sections = tuple(
        replace(s, clauses=tuple(edit(c) for c in s.clauses)) for s in agreement.sections
    )
    return replace(agreement, sections=sections)


def repeated(agreement: Agreement, times: int) -> Agreement:
    """The sections `times` over, each copy with its own section and clause ids."""
    sections: list[Section] = []
    for copy in range(times):
        for s in agreement.sections:
            section_id = f"{s.id}{copy}"
            clauses = tuple(
                replace(c, id=f"{section_id}-{c.id.rsplit('-', 1)[-1]}") for c in s.clauses
            )
            sections.append(replace(s, id=section_id, clauses=clauses))
    return replace(agreement, sections=tuple(sections))


def median_ms(run: Callable[[], object], runs: int) -> float:
    for _ in range(5):
        run()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=30)
    runs = options.parse_args().runs

    base = load_folder(ROOT)
    changed = amended(base)
    long_base, long_changed = repeated(base, 10), repeated(changed, 10)
    clauses = sum(len(s.clauses) for s in base.sections)
    found = redline(base, changed).summary.clauses.changed
    assert found == CHANGED, f"the redline found {found} changed clauses, not {CHANGED}"
    assert redline(long_base, long_changed).summary.clauses.changed == 10 * CHANGED

    one = median_ms(lambda: redline(base, changed), runs)
    ten = median_ms(lambda: redline(long_base, long_changed), max(runs // 3, 5))
    html = median_ms(lambda: render_html(redline(base, changed)), runs)
    markdown = median_ms(lambda: render_markdown(redline(base, changed)), runs)
    print(f"agreement: {clauses} clauses, {CHANGED} changed; ten times: {10 * clauses} clauses")
    print(f"redline, whole agreement:       {one:8.2f} ms median (target < {TARGET_MS:.0f} ms)")
    print(f"redline, ten times as long:     {ten:8.2f} ms median")
    print(f"ratio ten times / once:         {ten / one:8.2f} (linear: 10)")
    print(f"redline + HTML:                 {html:8.2f} ms median")
    print(f"redline + Markdown:             {markdown:8.2f} ms median")
    return 0 if one < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
