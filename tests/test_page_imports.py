"""Pages are thin and independent: no page module imports another page module."""

from __future__ import annotations

import ast
from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parents[1] / "storepredict" / "pages"


def page_modules() -> set[str]:
    """Modules of storepredict/pages that draw a page (they define `create`)."""
    found = set()
    for path in PAGES_DIR.glob("*.py"):
        tree = ast.parse(path.read_text())
        if any(
            isinstance(n, ast.AsyncFunctionDef | ast.FunctionDef) and n.name == "create"
            for n in tree.body
        ):
            found.add(path.stem)
    return found


def imported_siblings(path: Path) -> set[str]:
    """The storepredict.pages modules that `path` imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                names.add(node.module.split(".")[0])
            else:
                names.update(alias.name for alias in node.names)
    return names


def test_no_page_imports_another_page() -> None:
    pages = page_modules()
    assert {"upload", "classify", "layout", "compute", "report"} <= pages
    for path in PAGES_DIR.glob("*.py"):
        assert not (imported_siblings(path) & pages), path.name


def test_pages_catch_only_storepredict_errors() -> None:
    for path in PAGES_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ExceptHandler):
                caught = ast.unparse(node.type) if node.type else "everything"
                assert caught in {"StorePredictError", "SettingsError"}, (path.name, caught)
