"""Where the time of `avv build` of one version goes: the model, the pages, the PDF, MkDocs.

The repository's own AVV, committed to a git repository in a temp folder. Medians of --runs runs.

Run: .venv/bin/python benchmarks/bench_site_build.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from avv.documents.document import document_html  # noqa: E402
from avv.documents.pdf import render_pdf  # noqa: E402
from avv.site.build import build_site  # noqa: E402
from avv.site.context import build_context  # noqa: E402
from avv.site.pages import pages  # noqa: E402
from tests.support import AgreementRepo  # noqa: E402


def median_seconds(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        repo = AgreementRepo.create(Path(folder) / "repo").path
        context = build_context(repo, None)
        document = document_html(context.agreement)
        render_pdf(document)  # WeasyPrint's first run loads its fonts
        parts = {
            "build_context (content + git history)": lambda: build_context(repo, None),
            "pages (all generated Markdown)": lambda: pages(context),
            "document_html (printable HTML)": lambda: document_html(context.agreement),
            "render_pdf (WeasyPrint)": lambda: render_pdf(document),
            "avv build (all of it, MkDocs included)": lambda: build_site(
                repo, Path(folder) / "site"
            ),
        }
        results = {name: median_seconds(run, runs) for name, run in parts.items()}
    total = results["avv build (all of it, MkDocs included)"]
    for name, seconds in results.items():
        print(f"{name:42} {seconds * 1000:8.1f} ms  {seconds / total:6.1%}")


if __name__ == "__main__":
    main()
