"""The pipeline's public API: each package's `__all__`; outside code imports only those names."""

from __future__ import annotations

import ast
import importlib
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = ROOT / "storepredict"

PUBLIC_API: dict[str, list[str]] = {
    "storepredict.pipeline": [
        "ATTRIBUTE_FIELD_PREFIX",
        "Bounds",
        "CapacityBasis",
        "CapacityUnit",
        "ComputeSettings",
        "CorruptWorkbookError",
        "CustomHost",
        "DEFAULT_LIMITS",
        "DrrProfile",
        "EmptyFileError",
        "EmptyZipError",
        "FINDINGS",
        "FileTooLargeError",
        "Finding",
        "FindingKind",
        "Host",
        "InputError",
        "Inventory",
        "InventorySummary",
        "LayoutSettings",
        "LegacyExcelError",
        "Limits",
        "LogoError",
        "MIB",
        "MissingColumnsError",
        "NoMatchError",
        "NumericField",
        "Phrase",
        "ProgressCallback",
        "Refusal",
        "STAGES",
        "Scenario",
        "ScopeSettings",
        "SessionArchiveError",
        "SettingsError",
        "SizingSettings",
        "SourceFormat",
        "SourceInfo",
        "Stage",
        "StageReport",
        "StorePredictError",
        "Strategy",
        "TIB_MIB",
        "UnknownFormatError",
        "UnsafeZipError",
        "UserRule",
        "VM",
        "check_settings",
        "collector_paused",
        "describe_validation_error",
        "field_bounds",
        "finding_text",
        "format_capacity",
        "load_settings",
        "mib_per_unit",
        "no_progress",
        "numeric_fields",
        "release_free_memory",
        "setting_display",
        "summarize_inventory",
        "use_system_allocator",
    ],
    "storepredict.pipeline.readers": [
        "check_file_count",
        "check_upload_size",
        "detect_format",
        "load_inventory",
        "merge_inventories",
    ],
    "storepredict.pipeline.readers.rvtools": ["is_rvtools", "read_rvtools"],
    "storepredict.pipeline.readers.liveoptics": [
        "is_liveoptics",
        "looks_like_liveoptics_csv",
        "read_liveoptics",
        "read_liveoptics_csv",
    ],
    "storepredict.pipeline.classify": [
        "CATEGORIES",
        "Classification",
        "NameFamily",
        "ScopeResult",
        "UNKNOWN_CLASS",
        "WorkloadClass",
        "apply_scope",
        "check_class_settings",
        "check_user_rules",
        "class_description",
        "class_name",
        "classify_vms",
        "effective_classes",
        "first_user_rule",
        "load_catalogue",
        "reason_text",
        "rules_from_csv",
        "rules_to_csv",
    ],
    "storepredict.pipeline.sizing": [
        "BASIS_LABELS",
        "Binding",
        "CUSTOM_HOST_ID",
        "ComputeResult",
        "Coverage",
        "HostSpec",
        "Sizing",
        "SizingResult",
        "StorageResult",
        "VmSizing",
        "classification_coverage",
        "host_spec",
        "load_presets",
        "size_inventory",
        "size_session",
        "sizing_families",
    ],
    "storepredict.pipeline.health": [
        "CATEGORIES",
        "Category",
        "Check",
        "CheckResult",
        "Evidence",
        "HealthReport",
        "SEVERITIES",
        "Severity",
        "Status",
        "all_checks",
        "run_checks",
    ],
    "storepredict.pipeline.layout": [
        "Datastore",
        "LayoutItem",
        "LayoutResult",
        "StrategyLayout",
        "plan_layouts",
    ],
    "storepredict.pipeline.settings": [
        "ATTRIBUTE_FIELD_PREFIX",
        "Bounds",
        "CapacityBasis",
        "ComputeSettings",
        "CustomHost",
        "DRR_BOUNDS",
        "Drr",
        "DrrProfile",
        "FrozenModel",
        "LayoutSettings",
        "NumericField",
        "RULE_FIELDS",
        "ReclaimSettings",
        "Refusal",
        "Scenario",
        "ScopeSettings",
        "SizingSettings",
        "Strategy",
        "UserRule",
        "UserRuleKind",
        "check_drr",
        "check_settings",
        "describe_validation_error",
        "field_bounds",
        "load_settings",
        "numeric_fields",
        "setting_display",
        "shown",
    ],
    "storepredict.pipeline.session": [
        "ChangeReport",
        "DateSplit",
        "HistoryEntry",
        "Logo",
        "NamedScenario",
        "OpenedSession",
        "Page",
        "ScenarioFigures",
        "SessionState",
        "SourceFile",
        "add_scenario",
        "all_scenarios",
        "change_summary",
        "compare_scenarios",
        "delete_scenario",
        "duplicate_scenario",
        "is_session_zip",
        "new_session",
        "open_files",
        "read_logo",
        "restore_session",
        "restore_session_zip",
        "save_session_zip",
        "size_then_update",
        "split_by_export_date",
        "switch_scenario",
        "update_session",
    ],
}

# Modules outside the pipeline that may use it only through the packages' `__all__`.
CONSUMERS = sorted(
    [
        *(PACKAGE_DIR / "pages").glob("*.py"),
        *(PACKAGE_DIR / "reports").glob("*.py"),
        *PACKAGE_DIR.glob("*.py"),
        *(PACKAGE_DIR / "server").glob("*.py"),
    ]
)


def module_name(path: Path) -> str:
    """The dotted module name of a file under the repository root."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_package(dotted: str) -> bool:
    """Whether a dotted name is a package (a folder with `__init__.py`) of this repository."""
    return (ROOT.joinpath(*dotted.split(".")) / "__init__.py").is_file()


def is_module(dotted: str) -> bool:
    """Whether a dotted name is a plain module file of this repository."""
    return ROOT.joinpath(*dotted.split(".")).with_suffix(".py").is_file()


def imported(source: str, module: str) -> list[tuple[int, str, list[str]]]:
    """Every import of a module's source: (line, absolute module, names taken from it)."""
    package = module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
            found.append((node.lineno, base.rstrip("."), [a.name for a in node.names]))
    return sorted(found)


def deep_imports(source: str, module: str) -> list[str]:
    """Imports of a pipeline module below package level, or of a name outside `__all__`."""
    problems = []
    for line, target, names in imported(source, module):
        if target != "storepredict.pipeline" and not target.startswith("storepredict.pipeline."):
            continue
        where = f"{module}:{line}"
        if not is_package(target):
            problems.append(f"{where} imports module {target}")
            continue
        public = set(PUBLIC_API.get(target, []))
        for name in names:
            if is_package(f"{target}.{name}"):
                continue
            if is_module(f"{target}.{name}") or name not in public:
                problems.append(f"{where} imports {target}.{name}, not in its __all__")
    return problems


@pytest.mark.parametrize("package", sorted(PUBLIC_API))
def test_package_declares_its_public_names(package: str) -> None:
    module = importlib.import_module(package)
    assert sorted(module.__all__) == PUBLIC_API[package]
    assert PUBLIC_API[package] == sorted(PUBLIC_API[package])
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []


def test_every_pipeline_package_is_pinned() -> None:
    pipeline = PACKAGE_DIR / "pipeline"
    packages = {module_name(init) for init in pipeline.rglob("__init__.py")}
    assert packages == set(PUBLIC_API)


def test_consumers_import_only_package_level_names() -> None:
    assert len(CONSUMERS) > 10
    problems = [
        problem
        for path in CONSUMERS
        for problem in deep_imports(path.read_text(), module_name(path))
    ]
    assert problems == []


def test_the_check_catches_a_deep_import() -> None:
    source = (
        "from ..pipeline.sizing.run import size_session\n"
        "from ..pipeline import units, session\n"
        "from ..pipeline.sizing import host_spec, plan_layouts\n"
        "import storepredict.pipeline.layout.pack\n"
    )
    problems = deep_imports(source, "storepredict.pages.probe")
    assert problems == [
        "storepredict.pages.probe:1 imports module storepredict.pipeline.sizing.run",
        "storepredict.pages.probe:2 imports storepredict.pipeline.units, not in its __all__",
        "storepredict.pages.probe:3 imports storepredict.pipeline.sizing.plan_layouts, "
        "not in its __all__",
        "storepredict.pages.probe:4 imports module storepredict.pipeline.layout.pack",
    ]
