"""Speed where people wait: preview, build and publish, each against its plain MkDocs/mike baseline.

One run prints every figure of the speed targets as medians (and ratios of medians), each with
its target and whether it is met:

1. preview: in `avv serve` of a work tree on top of 30 versions (a new version id, as a lawyer
   preparing one has it), a clause of contract/avv.md is edited and Chromium, looking at the
   text, waits until the reloaded page shows the edit (target ≤ 1 s);
2. build: `avv build` against a plain `mkdocs build` of the same pages written out as Markdown
   (same theme, extensions and files, no hooks), paired runs, for the newest of 1 and of 30
   versions; the cache of derived files cold (emptied before each run) and warm (target ≤ 1.5×);
3. publish: `avv publish` of one new version on top of 30 published ones against a plain
   `mike deploy` of the same pages as Markdown onto a copy of the same site branch, cache cold
   as on a fresh CI runner (target ≤ 1.5×), and warm;
4. `avv publish` of 30 versions onto an empty site branch against thirty plain `mike deploy`s of
   the same pages (target ≤ 1.5×), cache cold;
5. how one new version's publish grows with the history: on top of 1, 10, 30 and 100 versions,
   cache cold (target ≤ 1.5× on top of 100).

Every command runs as a user runs it, as its own process (`avv`, `mkdocs`, `mike` of this tree's
.venv), in real git repositories in a temp folder. The cache of derived files lives in a fresh
folder per cold run (AVV_CACHE_DIR). Pairs run alternately (A, B, A, B), so that a busy moment
of the shared machine hits both. For figure 5 the older versions on the site branch are
placeholders (a publish with a one-page build each): a new version's publish writes only its own
folder, `latest`, versions.json and the feed, so what the older folders hold does not enter it;
figure 3 runs on a real branch of 30 and shows the same.

Run: .venv/bin/python benchmarks/speed.py [--quick] [--runs N] [--only preview,build,...]
(default: half an hour on 2 cores; --quick: one run of each, fewer edits)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support import AgreementRepo, git, replace, set_meta  # noqa: E402

BIN = Path(sys.executable).parent
TODAY = date(2031, 1, 1)
FIRST_AMENDMENT = date(2021, 3, 1)
CACHE_VARIABLE = "AVV_CACHE_DIR"
FIGURES = ("preview", "build", "publish", "empty", "growth")
TARGET = 1.5  # the ratio against plain MkDocs or mike
PREVIEW_TARGET = 1.0  # seconds
GROWTH = (1, 10, 30, 100)
# The clause the preview edits: VI.e, whose last words get a new word before them.
CLAUSE_END = "gemäß dieser Auftragsverarbeitungsvereinbarung."


# Histories --------------------------------------------------------------------------------


def add_version(repo: AgreementRepo, number: int) -> str:
    """The number-th amendment (1, 2, …), a month after the one before: a measure added."""
    published = FIRST_AMENDMENT + timedelta(days=30 * number)

    def edit(path: Path) -> None:
        replace(
            path / "annexes" / "anlage-1.yaml",
            "      - Einsatz von Firewalls\n",
            f"      - Einsatz von Firewalls\n      - Maßnahme {number} (Beispiel)\n",
        )

    repo.commit_version(
        published.isoformat(),
        published.isoformat(),
        (published + timedelta(days=35)).isoformat(),
        edit,
    )
    return published.isoformat()


def history_of(count: int, folder: Path) -> AgreementRepo:
    """A repository whose main branch holds `count` versions, the AVV of 2021-02-19 first."""
    repo = AgreementRepo.create(folder)
    git(folder, "config", "user.name", "Benchmark")
    git(folder, "config", "user.email", "bench@example.com")
    for number in range(1, count):
        add_version(repo, number)
    return repo


def copy_repo(source: Path, target: Path) -> AgreementRepo:
    shutil.copytree(source, target, symlinks=True)
    return AgreementRepo(target)


# Processes --------------------------------------------------------------------------------


def environment(cache: Path | None) -> dict[str, str]:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("AVV_VERSION", None)
    # As on a user's machine: Python keeps the bytecode it compiled (mike runs `mkdocs`).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if cache is not None:
        env[CACHE_VARIABLE] = str(cache)
    return env


def run(command: Sequence[str], cwd: Path, cache: Path | None = None) -> float:
    """Seconds that `command` takes; its failure stops the benchmark with its output."""
    start = time.perf_counter()
    done = subprocess.run(
        list(command), cwd=cwd, env=environment(cache), capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def warm_up() -> None:
    """Imports what the commands import once, so that Python keeps their bytecode."""
    modules = (
        "avv.cli, avv.site.build, avv.publish.deploy, weasyprint, mike.driver, mkdocs.__main__"
    )
    run([sys.executable, "-c", f"import {modules}"], ROOT)


def avv(*args: str) -> list[str]:
    return [str(BIN / "avv"), *args]


class Fresh:
    """A new, empty cache folder for each call: every run starts cold."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def __call__(self) -> Path:
        self.count += 1
        return self.folder / f"cache-{self.count}"


# The plain baseline: the same pages as Markdown files ------------------------------------


def plain_project(repo: Path, folder: Path, version: str | None = None) -> Path:
    """The files of the build of `version` (None: the work tree) as a plain MkDocs project.

    MkDocs runs the site's hooks up to on_files; every generated file (pages, stylesheet,
    avv.json, avv.pdf, the notice's downloads) is written out, the hand-written docs copied, and
    the config keeps theme, extensions, nav and stylesheets, without hooks. Its build makes the
    same pages from the same Markdown, with nothing of avv in it.
    """
    from mkdocs.config import load_config
    from mkdocs.structure.files import InclusionLevel, get_files

    before = os.environ.pop("AVV_VERSION", None)
    if version is not None:
        os.environ["AVV_VERSION"] = version
    try:
        config = load_config(str(repo / "mkdocs.yml"))
        config.plugins.on_startup(command="build", dirty=False)
        config = config.plugins.on_config(config)
        files = config.plugins.on_files(get_files(config), config=config)
        config.plugins.on_env(config.theme.get_env(), config=config, files=files)
        config.plugins.on_shutdown()
    finally:
        os.environ.pop("AVV_VERSION", None)
        if before is not None:
            os.environ["AVV_VERSION"] = before
    docs = folder / "docs"
    for file in files:
        if file.inclusion.value <= InclusionLevel.DRAFT.value:  # excluded
            continue  # docs/overrides: the theme's custom_dir below
        target = docs / file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.content_bytes)
    plain = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("hooks", "watch"):
        plain.pop(key, None)
    plain.update(
        docs_dir=str(docs),
        site_dir=str(folder / "site"),
        nav=config.nav,
        extra_css=list(config.extra_css),
        extra_javascript=[str(script) for script in config.extra_javascript],
        strict=False,
    )
    plain["theme"]["custom_dir"] = str(repo / "docs" / "overrides")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(plain, allow_unicode=True), "utf-8")
    return folder / "mkdocs.yml"


# Reporting --------------------------------------------------------------------------------


class Report:
    def __init__(self) -> None:
        self.lines: list[tuple[str, str]] = []
        self.tables: list[tuple[str, Sequence[Sequence[str]]]] = []
        self.targets: list[tuple[bool, str]] = []

    def seconds(self, label: str, values: Sequence[float]) -> float:
        value = statistics.median(values)
        self.line(label, f"{value:7.2f} s  (n={len(values)})")
        return value

    def ratio(self, label: str, value: float, target: float | None = TARGET) -> None:
        self.line(label, f"{value:7.2f} ×" + self._against(value, target, "×"))

    def goal(self, label: str, value: float, target: float) -> None:
        """A figure with its target, for the list of targets at the end."""
        self.line(label, f"{value:7.2f} s" + self._against(value, target, "s"))

    def _against(self, value: float, target: float | None, unit: str) -> str:
        if target is None:
            return ""
        met = value <= target
        self.targets.append((met, f"{value:.2f} {unit} ≤ {target:g} {unit}"))
        return f"  (target ≤ {target:g}: {'met' if met else 'NOT met'})"

    def line(self, label: str, value: str) -> None:
        self.lines.append((label, value))
        print(f"{label:<62} {value}", flush=True)

    def table(self, header: str, rows: Sequence[Sequence[str]]) -> None:
        self.tables.append((header, rows))
        print(header, flush=True)
        for row in rows:
            print("  " + " | ".join(f"{cell:>10}" for cell in row), flush=True)

    def load(self, label: str) -> None:
        """The machine's load average (1, 5, 15 minutes): on shared cores, what the seconds
        beside it are worth."""
        one, five, fifteen = os.getloadavg()
        self.line(f"machine load {label}", f"{one:.1f} {five:.1f} {fifteen:.1f}")

    def summary(self) -> None:
        print("\nAll figures of this run:", flush=True)
        for label, value in self.lines:
            print(f"{label:<62} {value}", flush=True)
        for header, rows in self.tables:
            print(header)
            for row in rows:
                print("  " + " | ".join(f"{cell:>10}" for cell in row))
        met = sum(1 for ok, _ in self.targets if ok)
        print(f"\nTargets met: {met} of {len(self.targets)}", flush=True)


def paired(
    first: Callable[[int], float],
    second: Callable[[int], float],
    runs: int,
    warm_up: bool = True,
) -> tuple[list[float], list[float]]:
    """Alternating runs of two commands, so that a busy moment of the machine hits both; one
    unmeasured run of each first (the file system's and Python's caches), unless the runs are
    long enough without (`warm_up` False)."""
    if warm_up:
        first(-1)
        second(-1)
    a, b = [], []
    for number in range(runs):
        a.append(first(number))
        b.append(second(number))
    return a, b


# 1. Preview -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def served(repo: Path, cache: Path, log: Path) -> Iterator[tuple[str, float]]:
    """`avv serve` on a free port; yields its URL and the seconds until it first answered."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with log.open("w") as output:
        start = time.perf_counter()
        server = subprocess.Popen(
            avv("serve", "--repo", str(repo), "--dev-addr", f"127.0.0.1:{port}"),
            env=environment(cache),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = start + 180
            while True:
                if server.poll() is not None:
                    raise SystemExit(f"avv serve stopped:\n{log.read_text()}")
                try:
                    with urllib.request.urlopen(url + "avv/", timeout=5) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    pass
                if time.perf_counter() > deadline:
                    raise SystemExit(f"avv serve did not answer within 180 s:\n{log.read_text()}")
                time.sleep(0.05)
            yield url, time.perf_counter() - start
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def preview(report: Report, temp: Path, edits: int, history: AgreementRepo) -> None:
    """The work tree on top of `history` (30 versions) with a new version id, as a lawyer
    preparing the next version has it."""
    from playwright.sync_api import Error, sync_playwright

    report.load("before the preview")
    repo = copy_repo(history.path, temp / "preview")
    following = date.fromisoformat(git(repo.path, "log", "-1", "--format=%cs")) + timedelta(30)
    set_meta(
        repo.path,
        version=following.isoformat(),
        published=following.isoformat(),
        effective=(following + timedelta(days=35)).isoformat(),
    )
    text = repo.path / "contract" / "avv.md"
    original = text.read_text(encoding="utf-8")
    assert original.count(CLAUSE_END) == 1, "the clause the preview edits is gone"
    times = []
    with (
        served(repo.path, temp / "preview-cache", temp / "serve.log") as (url, first),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.goto(url + "avv/")
        time.sleep(3)  # whatever the first build left to do in the background
        for number in range(edits):
            marker = f"Vorschauprobe{number}x{os.getpid()}"
            text.write_text(
                original.replace(
                    CLAUSE_END, f"gemäß {marker} dieser Auftragsverarbeitungsvereinbarung."
                ),
                encoding="utf-8",
            )
            saved = time.perf_counter()
            deadline = saved + 60
            while True:
                try:
                    if page.evaluate("m => document.body.innerText.includes(m)", marker):
                        break
                except Error:
                    pass  # the page is reloading
                if time.perf_counter() > deadline:
                    raise SystemExit(f"edit {number} not shown within 60 s")
                time.sleep(0.01)
            times.append(time.perf_counter() - saved)
            time.sleep(2.5)  # a lawyer's next save comes seconds later
        browser.close()
    report.seconds("avv serve on top of 30: first build until the site answers", [first])
    report.goal(
        "preview on top of 30: edit of VI.e until the reloaded page shows it (median)",
        statistics.median(times),
        PREVIEW_TARGET,
    )
    report.line("  each edit", " ".join(f"{t:.2f}" for t in times))


# 2. Build ---------------------------------------------------------------------------------


def build(report: Report, temp: Path, histories: dict[int, AgreementRepo], runs: int) -> None:
    fresh = Fresh(temp / "build-caches")
    report.load("before the builds")
    for count in (1, 30):
        repo = histories[count].path
        config = plain_project(repo, temp / f"plain-build-{count}")
        site = temp / f"build-site-{count}"

        def cold(_: int, repo: Path = repo, site: Path = site) -> float:
            return run(avv("build", "--repo", str(repo), "--site-dir", str(site)), repo, fresh())

        def plain(_: int, config: Path = config) -> float:
            return run([str(BIN / "mkdocs"), "build", "-q", "-f", str(config)], config.parent)

        cold_times, plain_times = paired(cold, plain, runs)
        warm_cache = fresh()

        def warm(_: int, repo: Path = repo, site: Path = site, cache: Path = warm_cache) -> float:
            return run(avv("build", "--repo", str(repo), "--site-dir", str(site)), repo, cache)

        warm_times, plain_warm_times = paired(warm, plain, runs)  # its first run fills the cache
        plain_median = report.seconds(f"plain mkdocs build, newest of {count}", plain_times)
        cold_median = report.seconds(f"avv build, newest of {count}, cache cold", cold_times)
        report.ratio("  against plain mkdocs build", cold_median / plain_median, None)
        plain_median = report.seconds(f"plain mkdocs build, newest of {count}", plain_warm_times)
        warm_median = report.seconds(f"avv build, newest of {count}, cache warm", warm_times)
        report.ratio("  against plain mkdocs build", warm_median / plain_median)


# 3–5. Publish -----------------------------------------------------------------------------


def publish_cli(repo: Path, cache: Path | None) -> float:
    return run(avv("publish", "--repo", str(repo), "--today", TODAY.isoformat()), repo, cache)


def mike_deploy(repo: Path, config: Path, version: str) -> float:
    deploy = ["deploy", "-F", str(config), "-b", "gh-pages", "-u", "-t", "copy", version, "latest"]
    return run([str(BIN / "mike"), *deploy], repo)


def placeholder_branch(repo: Path) -> None:
    """Publishes every version of `repo`'s history with a one-page build each (see above)."""
    import avv.publish.deploy as publishing
    from avv.repo.history import Version

    def placeholders(
        root: Path, due: Sequence[Version], temp: Path, today: date
    ) -> dict[str, Path]:
        for version in due:
            (temp / version.id).mkdir(parents=True)
            (temp / version.id / "index.html").write_text(f"<p>{version.id}</p>\n", "utf-8")
        return {version.id: temp / version.id for version in due}

    real = publishing._build_all
    publishing._build_all = placeholders
    try:
        publishing.publish(repo, TODAY)
    finally:
        publishing._build_all = real


def one_new_version(
    published: Path, temp: Path, name: str, runs: int, fresh: Fresh, warm: bool = False
) -> tuple[list[float], list[float]]:
    """avv publish of one new version on top of the branch of `published`, paired with a plain
    mike deploy of the same pages onto a copy of the same branch. Cache cold: each publish
    with an empty cache; `warm`: the new version's derived files made before by an `avv build`
    of the same content (as a build of the pull request would)."""
    count = int(name.rsplit("-", 1)[-1])
    source = copy_repo(published, temp / f"{name}-source")
    version = add_version(source, count)
    config = plain_project(source.path, temp / f"{name}-plain")
    made_before = fresh()
    if warm:
        site = temp / f"{name}-build"
        build_first = avv("build", "--repo", str(source.path), "--site-dir", str(site))
        run(build_first, source.path, made_before)

    def with_avv(number: int) -> float:
        cache = made_before if warm else fresh()
        return publish_cli(copy_repo(source.path, temp / f"{name}-avv-{number}").path, cache)

    def with_mike(number: int) -> float:
        return mike_deploy(
            copy_repo(source.path, temp / f"{name}-mike-{number}").path, config, version
        )

    return paired(with_avv, with_mike, runs)


def thirty_plain_deploys(histories: dict[int, AgreementRepo], temp: Path) -> Callable[[int], float]:
    """Thirty plain `mike deploy`s of the same pages as Markdown onto an empty branch, one
    after the other, the last one with `latest` (as avv publish sets it once); their sum."""
    source = histories[30].path
    ids = [v.id for v in _versions(source)]
    configs = [plain_project(source, temp / f"plain-30-{n}", v) for n, v in enumerate(ids)]

    def deploys(number: int) -> float:
        repo = copy_repo(source, temp / f"plain-empty-{number}").path
        total = 0.0
        for n, (version, config) in enumerate(zip(ids, configs, strict=True)):
            aliases = ["-u", "-t", "copy", version, "latest"] if n == len(ids) - 1 else [version]
            deploy = ["deploy", "-F", str(config), "-b", "gh-pages", *aliases]
            total += run([str(BIN / "mike"), *deploy], repo)
        return total

    return deploys


def _versions(repo: Path) -> list[Any]:
    from avv.repo import history

    return list(history.versions(repo))


def publish_figures(
    report: Report,
    temp: Path,
    histories: dict[int, AgreementRepo],
    runs: int,
    figures: set[str],
) -> None:
    fresh = Fresh(temp / "publish-caches")
    published: Path | None = None
    if "empty" in figures or "publish" in figures:
        report.load("before 30 versions onto an empty branch")
        targets: list[Path] = []

        def ours(number: int) -> float:
            target = copy_repo(histories[30].path, temp / f"empty-30-{number}").path
            targets.append(target)
            return publish_cli(target, fresh())

        if "empty" in figures:
            plain_deploys = thirty_plain_deploys(histories, temp)
            avv_times, mike_times = paired(ours, plain_deploys, runs, warm_up=False)
            plain = report.seconds("thirty plain mike deploys onto an empty branch", mike_times)
            mine = report.seconds("avv publish of 30 onto an empty branch, cache cold", avv_times)
            report.ratio("  against thirty plain mike deploys", mine / plain)
        else:
            ours(0)
        published = targets[-1]
        report.seconds(
            "avv publish with nothing new, 30 on the branch",
            [publish_cli(published, fresh()) for _ in range(runs)],
        )
    if "publish" in figures:
        assert published is not None
        report.load("before one new version on top of 30")
        avv_times, mike_times = one_new_version(published, temp, "top-30", runs, fresh)
        plain = report.seconds("plain mike deploy of 1 version on top of 30", mike_times)
        mine = report.seconds("avv publish of 1 new on top of 30, cache cold", avv_times)
        report.ratio("  against plain mike deploy", mine / plain)
        avv_times, mike_times = one_new_version(published, temp, "warm-30", runs, fresh, warm=True)
        plain = report.seconds("plain mike deploy of 1 version on top of 30", mike_times)
        mine = report.seconds("avv publish of the same, files built before (warm)", avv_times)
        report.ratio("  against plain mike deploy", mine / plain, None)
    if "growth" in figures:
        report.load("before the growth table")
        rows = []
        for count in GROWTH:
            repo = histories.get(count) or history_of(count, temp / f"history-{count}")
            branch = copy_repo(repo.path, temp / f"placeholders-{count}")
            placeholder_branch(branch.path)
            avv_times, mike_times = one_new_version(
                branch.path, temp, f"growth-{count}", runs, fresh
            )
            mine, plain = statistics.median(avv_times), statistics.median(mike_times)
            rows.append((str(count), f"{mine:.2f} s", f"{plain:.2f} s", f"{mine / plain:.2f} ×"))
            if count == GROWTH[-1]:
                report.seconds(f"plain mike deploy of 1 version on top of {count}", mike_times)
                report.seconds(f"avv publish of 1 new on top of {count}, cache cold", avv_times)
                report.ratio("  against plain mike deploy", mine / plain)
        report.table(
            "one new version on top of N published, cache cold (medians)\n"
            + "  "
            + " | ".join(f"{h:>10}" for h in ("N", "avv publish", "mike deploy", "ratio")),
            rows,
        )


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--quick", action="store_true", help="one run of each, three edits")
    options.add_argument("--runs", type=int, help="runs of each paired figure (default 3)")
    options.add_argument("--edits", type=int, help="edits in the preview (default 7)")
    options.add_argument("--only", default=",".join(FIGURES), help=f"of {','.join(FIGURES)}")
    args = options.parse_args()
    runs = args.runs or (1 if args.quick else 3)
    edits = args.edits or (3 if args.quick else 7)
    figures = set(args.only.split(","))
    unknown = figures - set(FIGURES)
    if unknown:
        options.error(f"unknown figures: {', '.join(sorted(unknown))}")
    # Started in the background, this process may ignore Ctrl-C, and so would `avv serve`.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    report = Report()
    warm_up()
    temp = Path(tempfile.mkdtemp(prefix="avv-bench-speed-"))
    try:
        print(f"{'':<62} {'median':>9}", flush=True)
        histories = {n: history_of(n, temp / f"history-{n}") for n in (1, 10, 30)}
        if "preview" in figures:
            preview(report, temp, edits, histories[30])
        if "build" in figures:
            build(report, temp, histories, runs)
        publish_figures(report, temp, histories, runs, figures)
        report.load("at the end")
        report.summary()
    finally:
        shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    main()
