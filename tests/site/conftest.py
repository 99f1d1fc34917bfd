"""The sites the tests of several pages look at: the repository's own build and the published
demo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from avv import cli, demo
from avv.publish.deploy import publish
from tests.browser import serve, site_branch_files
from tests.golden import TODAY
from tests.support import AgreementRepo, CompareSite, identify


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The demo's site branch as published on TODAY, exported as files and served: its URL and
    its folder."""
    folder = tmp_path_factory.mktemp("reader")
    repo = demo.create(folder / "demo", TODAY)
    identify(repo)
    publish(repo, TODAY)
    tree = site_branch_files(repo, folder / "site")
    with serve(tree) as url:
        yield url, tree


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site `avv build` makes of the repository's content."""
    root = tmp_path_factory.mktemp("built")
    repo = AgreementRepo.create(root / "repo")
    built = root / "site"
    assert cli.main(["build", "--repo", str(repo.path), "--site-dir", str(built)]) == 0
    return built


@pytest.fixture(scope="session")
def compare_url(compare_site: CompareSite) -> Iterator[str]:
    """The builds of three versions served as the site branch serves them."""
    with serve(compare_site.root) as base:
        yield base
