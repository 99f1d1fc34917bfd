"""The words of a change's status are written once (avv.changes.words): no renderer of a change
writes its own, so the redline, the synopsis, the notice and the check cannot drift apart again
("entfällt" in one, "gestrichen" in another, "entfernt" in a third for the same thing)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import avv
from avv.changes.words import ENTRY, MARKS, TEXT

PACKAGE = Path(avv.__file__).parent
# What renders a change, in words or marks.
RENDERERS = [
    "changes/kinds.py",
    "documents/redline_render.py",
    "documents/synopsis.py",
    "documents/docx.py",
    "documents/tracked.py",
    "notices/notice.py",
    "pull_request/check.py",
    "published/notices_index.py",
]
TEMPLATES = ["html/redline*.j2", "html/synopsis*.j2", "html/notice*.j2", "text/*.j2"]
WORDS = {*TEXT.values(), *ENTRY.values(), *MARKS.values(), "entfällt", "hinzugefügt"}
# Words that prose uses too ("neu geschrieben", "steht unverändert"): not guarded.
COMMON = {"neu", "geändert", "unverändert"}
STATUS_WORD = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, WORDS - COMMON), key=len)[::-1]) + r")\b"
)


def strings(path: Path) -> list[str]:
    """The texts a module writes: its string literals, not its docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_the_text_and_the_entries_each_have_one_word_for_each_status() -> None:
    assert TEXT["removed"] != ENTRY["removed"], "a struck clause is not a removed row"
    assert len(set(TEXT.values())) == len(TEXT) and len(set(ENTRY.values())) == len(ENTRY)


def test_no_renderer_of_a_change_writes_a_status_word_of_its_own() -> None:
    found = [
        f"{name}: {text!r}"
        for name in RENDERERS
        for text in strings(PACKAGE / name)
        if STATUS_WORD.search(text) and text not in WORDS
    ]
    found += [
        f"{path.relative_to(PACKAGE)}: {match.group(0)!r}"
        for pattern in TEMPLATES
        for path in sorted((PACKAGE / "templates").glob(pattern))
        for match in STATUS_WORD.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_guard_sees_a_word_of_its_own() -> None:
    assert STATUS_WORD.search("Kategorie entfällt: „Videoüberwachung“")
    assert STATUS_WORD.search("(gestrichen)") and not STATUS_WORD.search("gestrichene Wörter")
