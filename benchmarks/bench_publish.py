"""How long `avv publish` takes, and what the avv build costs over a plain MkDocs build.

1. Publishing a history of 1, 10 and 30 versions onto an empty site branch (every version built).
2. Publishing one new version on top of 1 and on top of 30 published versions: this must not grow
   with the history beyond the new version's own build (which holds a redline to every older one).
3. `avv build` of the newest version of 1 and of 30 against a plain `mkdocs build` of the same
   pages written out as Markdown files (same theme and extensions, no hooks, no avv.json/avv.pdf).

Medians of --runs runs (the 30-version publish runs once: it is the longest). Real git repositories
in a temp folder; takes a few minutes.

Run: .venv/bin/python benchmarks/bench_publish.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands.build import build as mkdocs_build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402

from avv.content import load_folder  # noqa: E402
from avv.pdf import render_pdf  # noqa: E402
from avv.site.adapter import navigation  # noqa: E402
from avv.site.build import build_site  # noqa: E402
from avv.site.context import build_context  # noqa: E402
from avv.site.document import document_html  # noqa: E402
from avv.site.pages import pages  # noqa: E402
from avv.site.publish import publish  # noqa: E402
from tests.support import AgreementRepo, git, replace  # noqa: E402

TODAY = date(2031, 1, 1)
FIRST_AMENDMENT = date(2021, 3, 1)


def amendment(number: int) -> Callable[[Path], None]:
    def edit(repo: Path) -> None:
        replace(
            repo / "annexes" / "anlage-1.yaml",
            "      - Einsatz von Firewalls\n",
            f"      - Einsatz von Firewalls\n      - Maßnahme {number} (Beispiel)\n",
        )

    return edit


def add_version(repo: AgreementRepo, number: int) -> None:
    """The number-th amendment (1, 2, …), a month after the one before."""
    published = FIRST_AMENDMENT + timedelta(days=30 * number)
    repo.commit_version(
        published.isoformat(),
        published.isoformat(),
        (published + timedelta(days=35)).isoformat(),
        amendment(number),
    )


def history_of(count: int, folder: Path) -> AgreementRepo:
    repo = AgreementRepo.create(folder)
    git(folder, "config", "user.name", "Benchmark")
    git(folder, "config", "user.email", "bench@example.com")
    for number in range(1, count):
        add_version(repo, number)
    return repo


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def plain_docs(repo: Path, folder: Path) -> Path:
    """The pages of the work tree's version as Markdown files, with a config without hooks."""
    context = build_context(repo, None)
    site_pages = pages(context)
    docs = folder / "docs"
    shutil.copytree(repo / "docs", docs, ignore=shutil.ignore_patterns("overrides"))
    for page in site_pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        front = f"---\ntitle: {json.dumps(page.title, ensure_ascii=False)}\n---\n\n"
        target.write_text(front + page.markdown, encoding="utf-8")
    config = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("hooks", "watch", "exclude_docs"):
        config.pop(key, None)
    config["docs_dir"] = str(docs)
    config["theme"]["custom_dir"] = str(repo / "docs" / "overrides")
    config["nav"] = navigation(tuple(site_pages), docs)
    config["strict"] = False
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return folder / "mkdocs.yml"


def median(values: list[float]) -> float:
    return statistics.median(values)


def compare_builds(repo: Path, folder: Path, runs: int) -> tuple[list[float], list[float]]:
    """The times of `avv build` and of a plain mkdocs build of the same pages."""
    config = plain_docs(repo, folder / "plain")
    avv_times = [timed(lambda: build_site(repo, folder / "avv-site")) for _ in range(runs)]
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # its missing avv.json, avv.pdf
    plain_times = [
        timed(lambda: mkdocs_build(load_config(str(config), site_dir=str(folder / "plain-site"))))
        for _ in range(runs)
    ]
    logging.getLogger("mkdocs").setLevel(logging.NOTSET)
    return avv_times, plain_times


def report(label: str, seconds: list[float]) -> float:
    print(f"{label:<56} {median(seconds):8.2f} s  {len(seconds)}")
    return median(seconds)


def ratio(label: str, value: float) -> None:
    print(f"{label:<56} {value:8.2f} ×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    temp = Path(tempfile.mkdtemp(prefix="avv-bench-publish-"))
    try:
        histories = {n: history_of(n, temp / f"history-{n}") for n in (1, 10, 30)}
        print(f"{'':<56} {'median':>10}  runs")

        published: dict[int, Path] = {}
        full: dict[int, float] = {}
        for count, repo in histories.items():
            times = []
            for run in range(1 if count == 30 else runs):
                copy = temp / f"publish-{count}-{run}"
                shutil.copytree(repo.path, copy)
                times.append(timed(lambda copy=copy: publish(copy, TODAY)))
                published[count] = copy
            full[count] = report(f"publish {count} version(s) onto an empty branch", times)
        ratio("  time per version, 30 against 10", full[30] / 30 / (full[10] / 10))

        one_more: dict[int, float] = {}
        rest: dict[int, float] = {}
        for count in (1, 30):
            times, builds = [], []
            for run in range(runs):
                copy = temp / f"more-{count}-{run}"
                shutil.copytree(published[count], copy)
                add_version(AgreementRepo(copy), count)
                builds.append(timed(lambda copy=copy: build_site(copy, temp / "new-version")))
                times.append(timed(lambda copy=copy: publish(copy, TODAY)))
            one_more[count] = report(f"publish 1 new version on top of {count}", times)
            report("  the build of the new version alone", builds)
            rest[count] = report(
                "  the rest: history, hashes, mike, latest, feed",
                [t - b for t, b in zip(times, builds, strict=True)],
            )
        ratio("  on top of 30 against on top of 1", one_more[30] / one_more[1])
        ratio("  the rest, on top of 30 against on top of 1", rest[30] / rest[1])
        report(
            "publish with nothing new (30 on the branch)",
            [timed(lambda: publish(published[30], TODAY)) for _ in range(runs)],
        )

        for count in (1, 30):
            avv_build, plain = compare_builds(histories[count].path, temp / f"b{count}", runs)
            ratio(
                "  avv build against plain mkdocs build",
                report(f"avv build of the newest of {count}", avv_build)
                / report(f"mkdocs build of the same pages as Markdown ({count})", plain),
            )
        agreement = load_folder(histories[30].path)
        report(
            "  avv.pdf alone, part of every avv build",
            [timed(lambda: render_pdf(document_html(agreement))) for _ in range(runs)],
        )
    finally:
        shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    main()
