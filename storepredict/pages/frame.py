"""The shared page frame: header, step navigation, scope badge, unit switch, session download."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from nicegui import ElementFilter, ui

from ..pipeline.classify.scope import apply_scope
from ..pipeline.session.state import Page, SessionState
from . import store

STEPS: list[tuple[Page, str, str, str]] = [
    ("upload", "/", "Upload", "upload_file"),
    ("classify", "/classify", "Classify", "category"),
    ("layout", "/layout", "Layout", "storage"),
    ("compute", "/compute", "Compute", "dns"),
    ("report", "/report", "Report", "summarize"),
]
BRAND = "#0f4c81"
PROJECT_MARK = "project-name"
SCOPE_MARK = "scope-badge"
NO_DATA = "No data loaded"


async def tab_connected() -> bool:
    """Wait for this tab's websocket; False when it never came (curl, a closed prefetch)."""
    client = ui.context.client
    await client.connected()
    if not client.has_socket_connection or client.is_deleted:
        return False
    await store.attach()  # this tab's session: in memory, or restored from its auto-save
    return True


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
            f'data-testid="{PROJECT_MARK}"'
        ).mark(PROJECT_MARK)
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


def refresh_header(state: SessionState) -> None:
    """Show `state`'s project name and in-scope count in this page's header."""
    for label in ElementFilter(kind=ui.label, marker=PROJECT_MARK, local_scope=False):
        label.set_text(state.project_name)
    for badge in ElementFilter(kind=ui.badge, marker=SCOPE_MARK, local_scope=False):
        badge.set_text(scope_text(state))
        badge.set_background_color(_badge_colour(state))


def scope_text(state: SessionState) -> str:
    """`<n> of <total> VMs in scope` for the state's scope settings, or that no data is loaded."""
    if state.inventory is None:
        return NO_DATA
    scope = apply_scope(state.inventory, state.settings.scope)
    return f"{len(scope.in_scope)} of {len(state.inventory.vms)} VMs in scope"


def _scope_badge(state: SessionState) -> None:
    badge = ui.badge(scope_text(state), color=_badge_colour(state)).mark(SCOPE_MARK)
    badge.classes("px-3 py-1" + (" text-sm" if state.inventory else "")).props(
        f'data-testid="{SCOPE_MARK}"'
    )


def _badge_colour(state: SessionState) -> str:
    return "grey-5" if state.inventory is None else "primary"


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
    content = await store.session_archive()  # the auto-saved archive, or one written in the pool
    if content is None:
        return
    store.mark_downloaded()
    ui.download.content(content, session_file_name(state.project_name), "application/zip")
