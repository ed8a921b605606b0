"""The shared page frame: header, step navigation, scope badge, unit switch, session download."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from nicegui import run, ui

from ..pipeline.scope import apply_scope
from ..pipeline.session_archive import save_session_zip
from ..pipeline.state import Page, SessionState
from . import store

STEPS: list[tuple[Page, str, str, str]] = [
    ("upload", "/", "Upload", "upload_file"),
    ("classify", "/classify", "Classify", "category"),
    ("layout", "/layout", "Layout", "storage"),
    ("compute", "/compute", "Compute", "dns"),
    ("report", "/report", "Report", "summarize"),
]
BRAND = "#0f4c81"


@contextmanager
def frame(page: Page) -> Iterator[SessionState]:
    """Draw the header for `page` and yield this tab's state; the page draws inside the body."""
    state = store.get_state()
    if state.page != page and state.inventory is not None:
        state = state.model_copy(update={"page": page})
        store.update_state(state)
    ui.colors(primary=BRAND)
    ui.query("body").classes("bg-slate-50")
    with ui.header().classes("items-center gap-6 px-6 py-2 bg-white text-slate-800 shadow-sm"):
        with ui.row().classes("items-center gap-2 no-wrap"):
            ui.icon("insights", size="28px").style(f"color:{BRAND}")
            ui.label("StorePredict").classes("text-lg font-bold").style(f"color:{BRAND}")
        ui.label(state.project_name).classes("text-slate-500 truncate max-w-64").props(
            'data-testid="project-name"'
        )
        _steps(page, state)
        ui.space()
        _scope_badge(state)
        _unit_switch()
        if state.inventory is not None:
            ui.button("Download session", icon="download", on_click=download_session).props(
                "outline no-caps"
            )
    with ui.column().classes("w-full max-w-screen-2xl mx-auto px-6 py-5 gap-5"):
        yield state


def _steps(page: Page, state: SessionState) -> None:
    with ui.row().classes("items-center gap-1 no-wrap"):
        for index, (key, path, label, icon) in enumerate(STEPS):
            enabled = key == "upload" or state.inventory is not None
            current = key == page
            if index:
                ui.icon("chevron_right").classes("text-slate-300")
            button = ui.button(label, icon=icon, on_click=lambda p=path: ui.navigate.to(p))
            button.props("flat no-caps dense" + ("" if enabled else " disable"))
            style = "font-bold underline underline-offset-8" if current else "text-slate-600"
            button.classes(f"px-2 {style}")
            if current:
                button.props('aria-current="step"')


def _scope_badge(state: SessionState) -> None:
    if state.inventory is None:
        ui.badge("No data loaded", color="grey-5").classes("px-3 py-1")
        return
    scope = apply_scope(state.inventory, state.settings.scope)
    total = len(state.inventory.vms)
    badge = ui.badge(f"{len(scope.in_scope)} of {total} VMs in scope", color="primary")
    badge.classes("px-3 py-1 text-sm").props('data-testid="scope-badge"')


def _unit_switch() -> None:
    def change(event) -> None:
        store.set_unit(event.value)
        ui.navigate.reload()

    ui.toggle(["TiB", "TB"], value=store.get_unit(), on_change=change).props(
        "dense no-caps toggle-color=primary"
    ).tooltip("Binary TiB (2^40 bytes) or decimal TB (10^12 bytes)")


def session_file_name(project_name: str, now: datetime | None = None) -> str:
    """`<project>-<YYYYMMDD-HHMM>.storepredict.zip`, with the project name made file-safe."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", project_name).strip("-.") or "storepredict"
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M")
    return f"{safe[:80]}-{stamp}.storepredict.zip"


async def download_session() -> None:
    """Send this tab's session archive to the browser as `<project>-<stamp>.storepredict.zip`."""
    state = store.get_state()
    content = await run.io_bound(save_session_zip, state, store.get_originals())
    if content is None:
        return
    ui.download.content(content, session_file_name(state.project_name), "application/zip")
