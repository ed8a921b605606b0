"""The upload page's "Recent sessions": this browser's auto-saves, to reopen or delete."""

from __future__ import annotations

from datetime import datetime

from nicegui import ui

from ..i18n import _, format_date, format_number, ngettext
from . import store, widgets

MAX_SHOWN = 10
MARK = "recent-sessions"


async def draw() -> None:
    """Draw the card (nothing when auto-save is off or this browser has no other sessions)."""
    records = (await store.recent_records())[:MAX_SHOWN]
    if not records:
        return
    subtitle = _("Auto-saved in this browser. Reopen one to continue where you left off.")
    with (
        widgets.card(_("Recent sessions"), subtitle, icon="history"),
        ui.column().classes("w-full gap-1").props(f'data-testid="{MARK}"'),
    ):
        for record in records:
            with ui.row().classes("w-full items-center gap-4 no-wrap"):
                ui.icon("description", size="20px").classes("text-slate-400")
                ui.label(record.project_name).classes("font-medium text-slate-800 truncate")
                saved = datetime.fromtimestamp(record.saved_at)
                when = f"{format_date(saved)} {saved:%H:%M}"
                detail = ngettext(
                    "{number} VM · saved {when}",
                    "{number} VMs · saved {when}",
                    record.vm_count,
                    number=format_number(record.vm_count),
                    when=when,
                )
                ui.label(detail).classes("text-sm text-slate-500")
                ui.space()
                ui.button(_("Reopen"), icon="restore", on_click=_reopen(record.key)).props(
                    "flat dense no-caps"
                )
                ui.button(_("Delete"), icon="delete", on_click=_forget(record.key)).props(
                    "flat dense no-caps color=negative"
                )


def _reopen(key: str):
    async def reopen() -> None:
        if await store.reopen(key):
            ui.navigate.reload()

    return reopen


def _forget(key: str):
    async def forget() -> None:
        await store.forget(key)
        ui.navigate.reload()

    return forget
