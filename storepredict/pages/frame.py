"""The shared page frame: header, step navigation, scope badge, unit switch, session download."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from nicegui import ElementFilter, ui

from ..i18n import (
    LANGUAGES,
    N_,
    _,
    active_language,
    format_number,
    language_name,
    ngettext,
    unit_symbol,
    use_language,
)
from ..pipeline.session import Page, SessionState
from . import design, language, store

STEPS: list[tuple[Page, str, str, str]] = [
    ("upload", "/", N_("Upload"), "upload_file"),
    ("classify", "/classify", N_("Classify"), "category"),
    ("health", "/health", N_("Health"), "health_and_safety"),
    ("layout", "/layout", N_("Layout"), "storage"),
    ("compute", "/compute", N_("Compute"), "dns"),
    ("scenarios", "/scenarios", N_("Compare"), "compare_arrows"),
    ("report", "/report", N_("Report"), "summarize"),
]
PROJECT_MARK = "project-name"
SCOPE_MARK = "scope-badge"
NO_DATA = N_("No data loaded")
UNTITLED = N_("Untitled sizing")  # SessionState's default project name, shown translated
LANGUAGE_MARK = "language-switch"
# Step icons only where there is room for them beside a long project name.
# Labels only from 640 to 1535 px; below 640 px (phones) the steps other than the current one
# show their icon alone, without the chevrons between them, so all seven fit on one row. (The
# label is shrunk, not hidden: Quasar's `.block` sets `display` !important in a cascade layer,
# which outranks any `display` set here.)
STEP_CSS = """
@media (min-width: 640px) and (max-width: 1535px) { .sp-step .q-icon { display: none; } }
@media (max-width: 639px) {
  .sp-step:not([aria-current]) .q-btn__content > .block { font-size: 0; width: 0; }
  .sp-step:not([aria-current]) .q-icon.on-left { margin-right: 0; }
  .sp-chevron { display: none; }
}
"""


def step_label(page: Page) -> str:
    """The English (source) label of a step, e.g. 'Classify' (translate it with `_`)."""
    return next(label for key, _path, label, _icon in STEPS if key == page)


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
    ui.page_title(f"StorePredict · {_(step_label(page))}")
    ui.colors(primary=design.BRAND)
    ui.add_css(STEP_CSS)
    ui.query("body").classes("bg-slate-50")
    # One row from 1280 px on: the project name gives way (truncated, full name as tooltip).
    # Narrower (phones) the header wraps and the steps scroll sideways inside their own row.
    with ui.header().classes(
        "items-center gap-x-4 gap-y-1 px-3 sm:px-6 py-2 bg-white text-slate-800 shadow-sm "
        "flex-wrap xl:flex-nowrap"
    ):
        with ui.row().classes("items-center gap-2 no-wrap shrink-0"):
            ui.icon("insights", size="28px").style(f"color:{design.BRAND}")
            ui.label("StorePredict").classes("text-lg font-bold").style(f"color:{design.BRAND}")
        project = ui.label(project_label(state)).mark(PROJECT_MARK)
        project.classes("text-slate-500 truncate min-w-0 flex-1 xl:flex-initial max-w-64")
        project.props(f'data-testid="{PROJECT_MARK}"')
        project.props["title"] = project_label(state)  # the full name, when truncated
        _steps(page, state)
        ui.space().classes("hidden xl:block")
        _scope_badge(state)
        _unit_switch()
        _language_switch()
        if state.inventory is not None:
            ui.button(_("Download session"), icon="download", on_click=download_session).props(
                'outline no-caps data-testid="download-session"'
            ).classes("shrink-0")
            ui.button(icon="restart_alt", on_click=_confirm_new_sizing).props(
                f'flat round dense aria-label="{_("New sizing")}" data-testid="new-sizing"'
            ).classes("shrink-0").mark("new-sizing").tooltip(_("New sizing"))
    with ui.column().classes(design.PAGE_BODY):
        yield state


def _steps(page: Page, state: SessionState) -> None:
    with ui.row().classes(
        "items-center gap-0 no-wrap shrink-0 max-w-full overflow-x-auto order-last xl:order-none"
    ):
        for index, (key, path, label, icon) in enumerate(STEPS):
            enabled = key == "upload" or state.inventory is not None
            current = key == page
            if index:
                ui.icon("chevron_right").classes("text-slate-300 sp-chevron")
            button = ui.button(_(label), icon=icon, on_click=lambda p=path: ui.navigate.to(p))
            button.props("flat no-caps dense" + ("" if enabled else " disable"))
            button.props(f'aria-label="{_(label)}" title="{_(label)}"')  # icon alone on phones
            style = "font-bold underline underline-offset-8" if current else "text-slate-600"
            button.classes(f"sp-step px-1 xl:px-2 {style}")
            if current:
                button.props('aria-current="step"')


def refresh_header(state: SessionState) -> None:
    """Show `state`'s project name and in-scope count in this page's header."""
    for label in ElementFilter(kind=ui.label, marker=PROJECT_MARK, local_scope=False):
        label.set_text(project_label(state))
        label.props["title"] = project_label(state)
    for badge in ElementFilter(kind=ui.badge, marker=SCOPE_MARK, local_scope=False):
        badge.set_text(scope_text(state))
        badge.set_background_color(_badge_colour(state))


def project_label(state: SessionState) -> str:
    """The project name as the header shows it (the default name in the page's language)."""
    return _(UNTITLED) if state.project_name == UNTITLED else state.project_name


def scope_text(state: SessionState) -> str:
    """`<n> of <total> VMs in scope` for the state's scope settings, or that no data is loaded."""
    if state.inventory is None:
        return _(NO_DATA)
    in_scope = store.in_scope_count(state)
    total = len(state.inventory.vms)
    return ngettext(
        "{in_scope} of {total} VM in scope",
        "{in_scope} of {total} VMs in scope",
        total,
        in_scope=format_number(in_scope),
        total=format_number(total),
    )


def _scope_badge(state: SessionState) -> None:
    badge = ui.badge(scope_text(state), color=_badge_colour(state)).mark(SCOPE_MARK)
    badge.classes("px-3 py-1 shrink-0" + (" text-sm" if state.inventory else "")).props(
        f'data-testid="{SCOPE_MARK}"'
    )


def _badge_colour(state: SessionState) -> str:
    return "grey-5" if state.inventory is None else "primary"


def _unit_switch() -> None:
    def change(event) -> None:
        store.set_unit(event.value)
        ui.navigate.reload()

    units = {"TiB": unit_symbol("TiB"), "TB": unit_symbol("TB")}  # 'Tio'/'To' in French
    ui.toggle(units, value=store.get_unit(), on_change=change).props(
        "dense no-caps toggle-color=primary"
    ).props('data-testid="unit-switch"').classes("shrink-0").mark("unit-switch").tooltip(
        _("Binary TiB (2^40 bytes) or decimal TB (10^12 bytes)")
    )


def _language_switch() -> None:
    def change(event) -> None:
        if event.value in LANGUAGES and event.value != active_language():
            language.set_tab_language(event.value)
            state = store.get_state()
            with use_language(event.value):  # the session records the new language
                store.update_state(state)
            ui.navigate.reload()

    options = {code: language_name(code) for code in LANGUAGES}
    ui.select(options, value=active_language(), on_change=change).props(
        f'dense borderless options-dense data-testid="{LANGUAGE_MARK}" aria-label="{_("Language")}"'
    ).classes("shrink-0").mark(LANGUAGE_MARK).tooltip(_("Language"))


def _confirm_new_sizing() -> None:
    with ui.dialog() as dialog, ui.card().classes("p-5 gap-3"):
        ui.label(_("Start a new sizing?")).classes("text-lg font-semibold")
        ui.label(
            _(
                "This clears the inventory, the classification and every setting of this tab. "
                "Download the session first to keep them."
            )
        ).classes("text-sm text-slate-600")
        with ui.row().classes("w-full justify-end gap-2"):
            ui.button(_("Cancel"), on_click=dialog.close).props("flat no-caps")
            ui.button(_("Clear and start over"), on_click=lambda: _new_sizing(dialog)).props(
                'no-caps unelevated color=negative data-testid="new-sizing-confirm"'
            ).mark("new-sizing-confirm")
    dialog.open()


def _new_sizing(dialog: ui.dialog) -> None:
    """Clear this tab: no inventory, default settings; back to the upload page."""
    store.set_session(SessionState(), [])  # stamped with the tab's language
    dialog.close()
    ui.navigate.to("/")


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
