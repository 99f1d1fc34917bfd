"""Fixtures the tests of several packages share: the builds of three versions as the site branch
holds them, and a page of Debian's Chromium. Helpers that are not fixtures live in the helper
modules beside this file (support, browser, present, lines, golden, wordml, word_scenarios)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from avv.site.build import build_site
from tests.browser import chromium_page
from tests.support import THREE_VERSIONS, CompareSite, three_versions

if TYPE_CHECKING:
    from playwright.sync_api import Page


@pytest.fixture(scope="session")
def compare_site(tmp_path_factory: pytest.TempPathFactory) -> CompareSite:
    """The three builds, made once per test process for the compare, synopsis and browser tests;
    the versions.json beside them is what mike writes (newest first)."""
    repo = three_versions(tmp_path_factory.mktemp("compare-history") / "repo")
    root = tmp_path_factory.mktemp("compare-site")
    for version in THREE_VERSIONS:
        build_site(repo.path, root / version, version)
    listing = [{"version": v, "title": v, "aliases": []} for v in reversed(THREE_VERSIONS)]
    (root / "versions.json").write_text(json.dumps(listing), encoding="utf-8")
    return CompareSite(repo, root)


@pytest.fixture
def page() -> Iterator[Page]:
    """A fresh page of Debian's Chromium."""
    with chromium_page() as opened:
        yield opened
