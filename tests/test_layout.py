"""The package's layout is its architecture: each subpackage imports only those below it in the
pipeline (lazy imports inside functions included), and the command starts without the heavy
libraries of the site and the documents."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import avv

PACKAGE = Path(avv.__file__).parent
# The pipeline, bottom first: a module may import its own layer and those before it.
LAYERS = (
    "kernel",
    "law",
    "content",
    "changes",
    "notices",
    "repo",
    "documents",
    "pull_request",
    "register",
    "published",
    "site",
    "publish",
    "top",
)
KERNEL = {"model", "errors", "german", "templating", "logs", "output_folder"}
TOP = {"cli", "demo"}


def layer_of(module: str) -> str:
    """The layer of a dotted module name below `avv` (`changes.redline` → `changes`)."""
    first = module.split(".")[0]
    if first in KERNEL:
        return "kernel"
    if first in TOP:
        return "top"
    assert first in LAYERS, f"avv.{module} lies in no layer of the pipeline"
    return first


def imported(path: Path) -> set[str]:
    """Every `avv.…` module a file imports, wherever the import statement stands."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("avv.")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "avv":
                found |= {f"avv.{a.name}" for a in node.names}
            elif node.module.startswith("avv."):
                found.add(node.module)
    return {name.removeprefix("avv.") for name in found}


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")


def test_every_module_lies_in_a_layer() -> None:
    for path in modules():
        layer_of(".".join(path.relative_to(PACKAGE).with_suffix("").parts))


def test_no_package_imports_one_above_it() -> None:
    upward = []
    for path in modules():
        own = layer_of(".".join(path.relative_to(PACKAGE).with_suffix("").parts))
        for name in imported(path):
            if LAYERS.index(layer_of(name)) > LAYERS.index(own):
                upward.append(f"{path.relative_to(PACKAGE)} imports avv.{name}")
    assert upward == []


def test_the_root_holds_only_the_kernel_and_the_top() -> None:
    flat = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert flat == KERNEL | TOP


def test_every_package_says_what_it_holds_and_may_import() -> None:
    for layer in LAYERS:
        if layer in ("kernel", "top"):
            continue
        doc = ast.get_docstring(ast.parse((PACKAGE / layer / "__init__.py").read_text("utf-8")))
        assert doc and "mport" in doc, f"avv/{layer}/__init__.py: no docstring naming its imports"


def test_the_command_starts_without_the_site_and_document_libraries() -> None:
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, avv.cli; print(' '.join(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    heavy = {"mkdocs", "material", "mike", "weasyprint", "docx", "bs4"}
    assert heavy.isdisjoint(loaded), heavy & set(loaded)
