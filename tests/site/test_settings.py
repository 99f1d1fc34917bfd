"""`site_url` read from mkdocs.yml without MkDocs: plain, from the environment as MkDocs's `!ENV`
reads it, absent, and beside the tags of Markdown extensions that are no setting of ours."""

from __future__ import annotations

from pathlib import Path

import pytest

from avv.errors import AvvError
from avv.site.settings import site_url
from tests.support import ROOT

EXTENSIONS = """markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
"""


def _config(tmp_path: Path, text: str) -> Path:
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("text", "environment", "expected"),
    [
        ("site_name: AVV\n", {}, ""),
        ("site_url: https://avv.example.com/\n", {}, "https://avv.example.com/"),
        ("site_url:\n", {}, ""),
        ("site_url: !ENV AVV_SITE\n", {"AVV_SITE": "https://a.example/"}, "https://a.example/"),
        ("site_url: !ENV AVV_SITE\n", {}, ""),
        ("site_url: !ENV [AVV_SITE, 'https://b.example/']\n", {}, "https://b.example/"),
        (
            "site_url: !ENV [AVV_SITE, OTHER, 'https://b.example/']\n",
            {"OTHER": "https://o.example/"},
            "https://o.example/",
        ),
        (f"site_url: https://avv.example.com/\n{EXTENSIONS}", {}, "https://avv.example.com/"),
        ("- a list\n", {}, ""),
    ],
)
def test_site_url_is_read_as_mkdocs_reads_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    environment: dict[str, str],
    expected: str,
) -> None:
    for name in ("AVV_SITE", "OTHER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert site_url(_config(tmp_path, text)) == expected


def test_no_mkdocs_yml_is_no_site_url(tmp_path: Path) -> None:
    assert site_url(tmp_path) == ""


def test_the_projects_own_mkdocs_yml_reads_and_sets_no_site_url_yet() -> None:
    assert site_url(ROOT) == ""


def test_broken_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    folder = _config(tmp_path, "site_name: AVV\nsite_url: [unclosed\n")
    with pytest.raises(AvvError, match=r"mkdocs\.yml:\d+: kein gültiges YAML"):
        site_url(folder)
