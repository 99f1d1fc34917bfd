"""The published demo, which the reader's and the finding tests look at in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from avv import demo
from avv.publish.deploy import publish
from tests.browser import serve, site_branch_files
from tests.golden import TODAY
from tests.support import identify


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
