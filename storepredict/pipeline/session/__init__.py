"""The session: one state model, opening uploads, and the `.zip` archive that restores it."""

from .archive import is_session_zip, restore_session_zip, save_session_zip
from .open import OpenedSession, new_session, open_files
from .state import Page, SessionState, SourceFile

__all__ = [
    "OpenedSession",
    "Page",
    "SessionState",
    "SourceFile",
    "is_session_zip",
    "new_session",
    "open_files",
    "restore_session_zip",
    "save_session_zip",
]
