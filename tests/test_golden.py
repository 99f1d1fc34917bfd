"""The demo history reads the same as the golden snapshot: a change of the presentation changes
nothing a customer reads unless the golden file is written anew with it (see tests/golden.py)."""

from __future__ import annotations

from pathlib import Path

from tests.golden import GOLDEN, differences, read, snapshot, visible_lines, write


def test_every_page_and_output_of_the_demo_reads_as_the_golden_snapshot(tmp_path: Path) -> None:
    found = snapshot(tmp_path)
    golden = read()
    diff = list(differences(found, golden))
    assert not diff, "the visible text changed:\n" + "\n".join(diff[:200])


def test_the_snapshot_file_keeps_what_was_written(tmp_path: Path) -> None:
    pages = {"a": ["x", "y"], "b": ["x", "y"], "c": ["z"]}
    write(pages, tmp_path / "golden.json")
    assert read(tmp_path / "golden.json") == pages
    assert "same as a" in (tmp_path / "golden.json").read_text(encoding="utf-8")
    assert GOLDEN.is_file()
    changed = list(differences({"a": ["x", "neu"]}, {"a": ["x", "alt"], "b": ["y"]}))
    assert "-alt" in changed and "+neu" in changed and "b: gone" in changed


def test_visible_text_is_a_line_per_block_without_scripts() -> None:
    markup = (
        "<html><head><title>T</title></head><body><p>Ein <strong>fetter</strong>  Satz.</p>"
        "<script>no()</script><ul><li>a</li><li>b</li></ul></body></html>"
    )
    assert visible_lines(markup) == ["Ein fetter Satz.", "a", "b"]
