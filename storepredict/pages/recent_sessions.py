"""The upload page's "Recent sessions": this browser's auto-saves, to reopen or delete."""

from __future__ import annotations

from datetime import datetime

from nicegui import ui

from . import store, widgets

MAX_SHOWN = 10
MARK = "recent-sessions"


async def draw() -> None:
    """Draw the card (nothing when auto-save is off or this browser has no other sessions)."""
    records = (await store.recent_records())[:MAX_SHOWN]
    if not records:
        return
    subtitle = "Auto-saved in this browser. Reopen one to continue where you left off."
    with (
        widgets.card("Recent sessions", subtitle, icon="history"),
        ui.column().classes("w-full gap-1").props(f'data-testid="{MARK}"'),
    ):
        for record in records:
            with ui.row().classes("w-full items-center gap-4 no-wrap"):
                ui.icon("description", size="20px").classes("text-slate-400")
                ui.label(record.project_name).classes("font-medium text-slate-800 truncate")
                when = datetime.fromtimestamp(record.saved_at).strftime("%Y-%m-%d %H:%M")
                detail = f"{record.vm_count:,} VMs · saved {when}"
                ui.label(detail).classes("text-sm text-slate-500")
                ui.space()
                ui.button("Reopen", icon="restore", on_click=_reopen(record.key)).props(
                    "flat dense no-caps"
                )
                ui.button("Delete", icon="delete", on_click=_forget(record.key)).props(
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
