"""The site on its second engine: ProperDocs, the maintained fork of MkDocs 1.6, builds and
publishes the same site as MkDocs (avv.site.engine).

ProperDocs lives in an environment of its own, `.venv-properdocs` (./scripts/setup makes it):
installed beside MkDocs it would take over, as mike 2.2 prefers it. The build on MkDocs runs
here, in-process; the one on ProperDocs runs that environment's `avv`, as a user who switched
would run it. Not a skip where it is missing: the switch must work wherever the suite runs.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from avv.output_folder import MARKER
from avv.site import engine
from avv.site.build import build_site
from tests.golden import visible_lines
from tests.support import ROOT, AgreementRepo, git, three_versions

PROPERDOCS_AVV = ROOT / ".venv-properdocs" / "bin" / "avv"
VERSION = "2023-05-02"


def properdocs_avv(*args: str, cache: Path) -> str:
    if not PROPERDOCS_AVV.is_file():
        pytest.fail(f"{PROPERDOCS_AVV} is missing: ./scripts/setup makes it")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "AVV_CACHE_DIR": str(cache)}
    env.pop("AVV_VERSION", None)
    done = subprocess.run(
        [str(PROPERDOCS_AVV), *args], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def generator(page: BeautifulSoup) -> str:
    found = page.select_one('meta[name="generator"]')
    assert found is not None
    return str(found["content"])


def links(page: BeautifulSoup) -> list[tuple[str, str]]:
    """Every reference of a page: links, stylesheets, scripts, images, forms."""
    return [
        (tag.name, str(tag[attribute]))
        for tag in page.find_all(True)
        for attribute in ("href", "src", "action")
        if tag.has_attr(attribute)
    ]


def test_this_environment_builds_with_mkdocs() -> None:
    """The suite's own environment is MkDocs': ProperDocs stays in its own."""
    assert engine.NAME == engine.MKDOCS


def test_one_version_builds_the_same_on_properdocs_as_on_mkdocs(tmp_path: Path) -> None:
    repo = three_versions(tmp_path / "repo")
    on_mkdocs, on_properdocs = tmp_path / "mkdocs", tmp_path / "properdocs"
    build_site(repo.path, on_mkdocs, VERSION)
    properdocs_avv(
        "build",
        "--repo",
        str(repo.path),
        "--version",
        VERSION,
        "--site-dir",
        str(on_properdocs),
        cache=tmp_path / "cache",
    )

    def files_of(site: Path) -> list[str]:
        # The command marks the folder as its output (avv.output_folder); the build does not.
        return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.name != MARKER)

    files = files_of(on_mkdocs)
    assert files_of(on_properdocs) == files
    pages = [name for name in files if name.endswith(".html")]
    assert len(pages) >= 15 and "vergleich/2021-02-19/index.html" in pages
    for name in pages:
        mkdocs_page, properdocs_page = (
            BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")
            for site in (on_mkdocs, on_properdocs)
        )
        assert generator(mkdocs_page).startswith("mkdocs-1.")
        assert "ProperDocs" in generator(properdocs_page), name
        assert visible_lines(str(properdocs_page)) == visible_lines(str(mkdocs_page)), name
        assert links(properdocs_page) == links(mkdocs_page), name
    for name in ("avv.json", "search/search_index.json", "stylesheets/avv.css"):
        assert (on_properdocs / name).read_bytes() == (on_mkdocs / name).read_bytes(), name


def test_a_publish_on_properdocs_is_verified_like_one_on_mkdocs(tmp_path: Path) -> None:
    repo = AgreementRepo.create(tmp_path / "repo")
    git(repo.path, "config", "user.name", "Veröffentlichung")
    git(repo.path, "config", "user.email", "site@example.com")
    properdocs_avv("publish", "--repo", str(repo.path), cache=tmp_path / "cache")
    properdocs_avv("verify", "--repo", str(repo.path), cache=tmp_path / "cache")
    page = git(repo.path, "show", "gh-pages:2021-02-19/avv/index.html")
    assert "ProperDocs" in generator(BeautifulSoup(page, "html.parser"))
    assert git(repo.path, "status", "--porcelain") == ""
