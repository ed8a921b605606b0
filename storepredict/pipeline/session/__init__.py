"""The session: one state model, opening uploads, the `.zip` archive that restores it, updates
with a newer export (ADR-069), scenarios, and a restore that re-derives the inventory (ADR-070)."""

from .archive import is_session_zip, restore_session_zip, save_session_zip
from .changes import ChangeReport
from .fresh import new_session
from .logo import read_logo
from .moments import DateSplit, size_then_update, split_by_export_date
from .open import OpenedSession, open_files
from .restore import restore_session
from .scenarios import (
    ScenarioFigures,
    add_scenario,
    all_scenarios,
    compare_scenarios,
    delete_scenario,
    duplicate_scenario,
    switch_scenario,
)
from .state import HistoryEntry, Logo, NamedScenario, Page, SessionState, SourceFile
from .update import change_summary, update_session

__all__ = [
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
]
