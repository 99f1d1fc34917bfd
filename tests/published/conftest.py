"""The three versions published once, which the tests of the record and of the whole site branch
copy before they change anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from avv.publish.deploy import Published, publish
from tests.support import LATER, identify, three_versions


@pytest.fixture(scope="session")
def original(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Published]:
    """`three_versions` published on LATER: the repository and what the publish did."""
    repo = three_versions(tmp_path_factory.mktemp("published") / "repo")
    identify(repo.path)
    return repo.path, publish(repo.path, LATER)
