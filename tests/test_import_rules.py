"""Layering rules read from the source: pipeline/ and reports/ never import NiceGUI; pages never
import other pages (shared pieces such as frame, widgets, store and forms are fine)."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "storepredict"
PAGES = PACKAGE / "pages"


def imported_modules(source: str, module: str) -> set[str]:
    """Absolute names of every module a source may import, in any form (also `import_module`)."""
    package = module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name in {"import_module", "__import__"} and isinstance(first, ast.Constant):
                found.add(str(first.value))
    return found


def imports_nicegui(source: str, module: str) -> bool:
    """Whether a source imports nicegui or any of its sub-modules."""
    names = imported_modules(source, module)
    return any(name == "nicegui" or name.startswith("nicegui.") for name in names)


def is_page(source: str) -> bool:
    """A page module defines a top-level `create` (sync or async)."""
    tree = ast.parse(source)
    return any(
        isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == "create"
        for node in tree.body
    )


def page_imports(sources: dict[str, str]) -> set[tuple[str, str]]:
    """(importing page, imported page) pairs among the modules of storepredict.pages."""
    pages = {name for name, source in sources.items() if is_page(source)}
    pairs = set()
    for name in pages:
        for target in imported_modules(sources[name], f"storepredict.pages.{name}"):
            parts = target.split(".")
            inside = parts[:2] == ["storepredict", "pages"] and len(parts) > 2
            if inside and parts[2] in pages and parts[2] != name:
                pairs.add((name, parts[2]))
    return pairs


def module_sources(folder: Path) -> dict[Path, str]:
    return {path: path.read_text() for path in sorted(folder.rglob("*.py"))}


@pytest.mark.parametrize("folder", ["pipeline", "reports"])
def test_pipeline_and_reports_never_import_nicegui(folder: str) -> None:
    sources = module_sources(PACKAGE / folder)
    assert len(sources) > 3
    offenders = [
        str(path.relative_to(PACKAGE))
        for path, source in sources.items()
        if imports_nicegui(source, ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
    ]
    assert offenders == []


def test_no_page_imports_another_page() -> None:
    sources = {path.stem: source for path, source in module_sources(PAGES).items()}
    assert {name for name, source in sources.items() if is_page(source)} >= {"upload", "report"}
    assert page_imports(sources) == set()


@pytest.mark.parametrize(
    "source",
    [
        "import nicegui",
        "import nicegui.ui as x",
        "from nicegui import ui",
        "from nicegui.events import ValueChangeEventArguments",
        "def f():\n    from nicegui import app",
        "import importlib\nimportlib.import_module('nicegui')",
        "__import__('nicegui.run')",
    ],
)
def test_every_import_form_of_nicegui_is_caught(source: str) -> None:
    assert imports_nicegui(source, "storepredict.pipeline.probe")


def test_plain_imports_are_not_mistaken_for_nicegui() -> None:
    assert not imports_nicegui("import niceguide\nfrom .ui import x", "storepredict.reports.p")


def test_page_imports_are_caught_in_every_form() -> None:
    page = "async def create() -> None:\n    pass\n"
    sources = {
        "a": page + "from .b import create as b_create\n",
        "b": page + "from . import c, widgets\n",
        "c": page + "import storepredict.pages.a\n",
        "widgets": "from .frame import frame\n",
        "frame": "def draw() -> None:\n    pass\n",
    }
    assert page_imports(sources) == {("a", "b"), ("b", "c"), ("c", "a")}
