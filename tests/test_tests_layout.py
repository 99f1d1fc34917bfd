"""The tests' layout mirrors the package's: a folder per subpackage of `avv` (the kernel, `cli`
and `demo` at the top), shared fixtures in `conftest.py`, shared helpers in modules that are not
test modules, and no test module importing another (which would run its tests twice and tie the
two together)."""

from __future__ import annotations

import ast
from pathlib import Path

import avv

TESTS = Path(__file__).resolve().parent
PACKAGE = Path(avv.__file__).parent
DATA = {"data", "__pycache__"}


def is_test_module(name: str) -> bool:
    """Whether a dotted module name (`tests.site.test_compare_pages`) names a test module."""
    return name.split(".")[-1].startswith("test_")


def imported(path: Path) -> set[str]:
    """Every module a file imports from `tests`, wherever the import statement stands."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "tests"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] == "tests":
                found.add(node.module)
                found |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            found.add(f"<relative>.{node.module or ''}")
    return found


def test_no_test_module_is_imported_by_another_file() -> None:
    """Shared fixtures live in conftest.py, shared helpers in helper modules."""
    offending = [
        f"{path.relative_to(TESTS)} imports {name}"
        for path in sorted(TESTS.rglob("*.py"))
        for name in sorted(imported(path))
        if is_test_module(name) or name.startswith("<relative>")
    ]
    assert offending == []


def test_the_checker_sees_an_import_of_a_test_module(tmp_path: Path) -> None:
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "def f() -> None:\n    from tests.site.test_compare_pages import resolve\n",
        encoding="utf-8",
    )
    assert any(is_test_module(name) for name in imported(sample))
    sample.write_text("from tests.site import test_compare_pages\n", encoding="utf-8")
    assert any(is_test_module(name) for name in imported(sample))


def test_each_test_folder_is_named_after_a_subpackage() -> None:
    subpackages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    folders = {p.name for p in TESTS.iterdir() if p.is_dir()} - DATA
    assert folders <= subpackages, folders - subpackages
    assert all((TESTS / folder / "__init__.py").is_file() for folder in folders)


def test_no_two_test_modules_share_a_name() -> None:
    """A test module's name says what it tests, wherever it lies."""
    names = [p.stem for p in TESTS.rglob("test_*.py")]
    assert sorted({n for n in names if names.count(n) > 1}) == []
