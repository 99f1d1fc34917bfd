"""What `avv check` accepts, every other command handles: generated content that passes the check
goes through export, compare, notice (Markdown and e-mail), the pull-request check, build and
publish in a real git repository, and no command may fail with a traceback.

The content is the real agreement with a generated new version: a version id with a suffix, dates
anywhere in the years the check allows, and texts, e-mail addresses and subprocessors drawn from
everything the check lets through (markup, quotes, every allowed script). Each command runs
in-process, so any exception that is not an `AvvError` fails the test with its traceback.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from avv.cli import main
from avv.content.characters import ALLOWED, is_allowed
from avv.content.load import load, read_folder
from avv.content.validate import EMAIL
from avv.errors import InvalidAgreement
from avv.law.deadline import last_day_to_object
from avv.model import EU_EEA
from tests.support import AgreementRepo, git

ANLAGE_2 = "annexes/anlage-2.yaml"
WEISUNGEN = "annexes/weisungen.yaml"
META = "contract/meta.yaml"
CONTRACT = "contract/avv.md"

# A sample of every kind of allowed character, markup and YAML syntax among them.
_SAMPLE = "".join(
    chr(code)
    for low, high in ALLOWED
    for code in range(low, min(high, low + 40) + 1)
    if is_allowed(chr(code))
)
texts = (
    st.text(alphabet=_SAMPLE + "<>&\"'*_[]{}|#`:-", min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)
emails = st.from_regex(EMAIL, fullmatch=True).filter(lambda e: len(e) <= 80)
days = st.dates(date(2021, 2, 20), date(2999, 10, 31))
suffixes = st.from_regex(r"(-[0-9a-z]{1,6}){0,2}", fullmatch=True)
third_countries = st.sampled_from(["US", "CH", "GB", "JP", "IN"])


# Every example runs real commands: no time limit, and no shrinking, which would take minutes; a
# failure shows the example as it was drawn.
SLOW: dict[str, Any] = {
    "deadline": None,
    "phases": (Phase.explicit, Phase.reuse, Phase.generate),
    # Random words of many scripts are often refused (a word may not mix scripts): that is a
    # rule working, not a strategy gone wrong.
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
}


def yaml_text(value: str) -> str:
    """A double-quoted YAML scalar: JSON strings are YAML."""
    return json.dumps(value, ensure_ascii=False)


@st.composite
def new_versions(draw: st.DrawFn) -> dict[str, object]:
    published = draw(days)
    subprocessors = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "name": texts,
                    "address": texts,
                    "purpose": texts,
                    "country": st.sampled_from(sorted(EU_EEA)) | third_countries,
                    "since": st.none() | st.dates(date(1900, 1, 1), date(2999, 12, 31)),
                }
            ),
            min_size=1,
            max_size=3,
            unique_by=lambda s: str(s["name"]).casefold(),
        )
    )
    return {
        "id": published.isoformat() + draw(suffixes),
        "published": published,
        "effective": last_day_to_object(published) + timedelta(days=draw(st.integers(1, 400))),
        "processor": draw(texts),
        "contact": draw(texts),
        "email": draw(emails),
        "clause": draw(texts),
        "subprocessors": subprocessors,
    }


def write(repo: Path, version: dict[str, object]) -> None:
    """The real agreement with the generated version's content in place."""

    def edit(path: str, old: str, new: str) -> None:
        file = repo / path
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit(META, "version: 2021-02-19", f"version: {version['id']}")
    edit(META, "published: 2021-02-19", f"published: {version['published']}")
    edit(META, "effective: 2021-02-19", f"effective: {version['effective']}")
    edit(
        META,
        "name: sms.at mobile internet services gmbh",
        f"name: {yaml_text(str(version['processor']))}",
    )
    edit(WEISUNGEN, "name: Jan Wieczorkiewicz", f"name: {yaml_text(str(version['contact']))}")
    edit(WEISUNGEN, "email: datenschutz.at@linkmobility.com", f"email: {version['email']}")
    edit(
        CONTRACT,
        "müssen schriftlich erfolgen.",
        f"müssen schriftlich erfolgen. {version['clause']}",
    )
    entries = []
    for entry in version["subprocessors"]:  # type: ignore[attr-defined]
        lines = [
            f"  - name: {yaml_text(entry['name'])}",
            f"    address: {yaml_text(entry['address'])}",
            f"    country: {entry['country']}",
            f"    purpose: {yaml_text(entry['purpose'])}",
        ]
        if entry["since"]:
            lines.append(f"    since: {entry['since']}")
        if entry["country"] not in EU_EEA:
            lines += [
                "    safeguard:",
                "      kind: standardvertragsklauseln",
                f"      reference: {yaml_text(entry['purpose'])}",
            ]
        entries.append("\n".join(lines) + "\n")
    with (repo / ANLAGE_2).open("a", encoding="utf-8") as annex:
        annex.write("".join(entries))


@pytest.fixture(scope="module")
def committed_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real agreement, committed once; each example starts from a copy."""
    return AgreementRepo.create(tmp_path_factory.mktemp("invariant") / "base").path


@pytest.fixture(scope="module")
def published_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real agreement, committed and published once, so each example builds one version."""
    repo = AgreementRepo.create(tmp_path_factory.mktemp("invariant") / "published")
    assert main(["publish", "--repo", str(repo.path), "--today", "2021-02-19"]) == 0
    return repo.path


def amended(base: Path, folder: Path, version: dict[str, object]) -> AgreementRepo | None:
    """A copy of the base with the version committed; None where `avv check` refuses it."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(base, folder, symlinks=True)
    write(folder, version)
    try:
        load(read_folder(folder))
    except InvalidAgreement:
        return None
    repo = AgreementRepo(folder)
    repo.commit(f"AVV {version['id']}")
    return repo


def run(*argv: str) -> int:
    """One command in-process: an AvvError is its exit status 1, anything else a traceback."""
    return main(list(argv))


def parsed_email(data: bytes) -> EmailMessage:
    message = message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


@settings(max_examples=10, **SLOW)
@given(version=new_versions())
def test_what_check_accepts_every_command_reads(
    version: dict[str, object],
    committed_base: Path,
    tmp_path: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    repo = amended(committed_base, tmp_path / "repo", version)
    assume(repo is not None)
    assert repo is not None
    path, new = str(repo.path), str(version["id"])
    assert run("check", "--repo", path) == 0
    assert run("check", "--repo", path, "--base", "HEAD~1") in (0, 1)
    assert run("export", "--repo", path) == 0
    for form in ("md", "html", "json"):
        assert run("compare", "--repo", path, "2021-02-19", new, "--format", form) == 0
    assert run("notice", "--repo", path, "--to", new, "--format", "md") == 0
    capsysbinary.readouterr()
    assert run("notice", "--repo", path, "--to", new, "--format", "eml") == 0
    mail = parsed_email(capsysbinary.readouterr().out)
    assert mail["From"].addresses[0].addr_spec == version["email"]
    # Python's parser puts a space where the header was folded between two encoded words.
    shown = mail["From"].addresses[0].display_name
    assert shown.replace(" ", "") == str(version["processor"]).replace(" ", "")
    assert not mail.defects


@settings(max_examples=2, **SLOW)
@given(version=new_versions())
def test_what_check_accepts_is_built_and_published(
    version: dict[str, object],
    published_base: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    repo = amended(published_base, tmp_path / "repo", version)
    assume(repo is not None)
    assert repo is not None
    path = str(repo.path)
    assert run("build", "--repo", path, "--site-dir", str(tmp_path / "site")) == 0, (
        capsys.readouterr().err
    )
    assert run("publish", "--repo", path, "--today", "2999-12-31") == 0, capsys.readouterr().err
    assert str(version["id"]) in git(repo.path, "ls-tree", "--name-only", "gh-pages").split()
