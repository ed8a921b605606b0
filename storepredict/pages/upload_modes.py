"""What an upload does to a tab that holds a session: a new sizing, or an update (ADR-069).

The choice, the pipeline call behind each, the confirmation an update that matches no VM needs,
and the change report an update leaves on the upload page.
"""

from __future__ import annotations

from functools import partial
from typing import Literal

from nicegui import ui

from ..i18n import N_, _, format_number, ngettext
from ..pipeline import Limits, NoMatchError, ProgressCallback, no_progress
from ..pipeline.session import ChangeReport, OpenedSession, SessionState, change_summary, open_files
from ..pipeline.session import update_session as update_pipeline
from ..vocabulary import translated
from . import store, widgets

UploadMode = Literal["new", "keep", "update"]
MODES: dict[UploadMode, str] = {
    "new": N_("New sizing (default settings)"),
    "keep": N_("New sizing, keep this sizing's settings"),
    "update": N_("Update this sizing with a newer export"),
}
DECISIONS = {
    "vm_class_overrides": N_("Class override"),
    "vm_drr_overrides": N_("DRR override"),
    "ignored": N_("Ignored"),
}


class ModeChoice:
    """The radio that says what the next upload does; 'new' when the tab holds no session."""

    def __init__(self, state: SessionState) -> None:
        self.mode: UploadMode = "new"
        if state.inventory is None:
            return
        ui.label(_("With the next upload:")).classes("text-sm text-slate-600")
        ui.radio(translated(MODES), value="new", on_change=self._chose).props(
            'dense data-testid="upload-mode"'
        ).mark("upload-mode")

    def _chose(self, event: object) -> None:
        self.mode = getattr(event, "value", "new")


async def open_upload(
    files: list[tuple[str, bytes]],
    limits: Limits,
    mode: UploadMode,
    progress: ProgressCallback = no_progress,
) -> OpenedSession | None:
    """The session the upload makes under `mode`, off the event loop; None when cancelled.

    Raises StorePredictError (the tab keeps its session). An update that matches no VM asks
    for confirmation first. `progress` (picklable) hears each stage from the worker.
    """
    current = store.get_state()
    if mode == "update" and current.inventory is not None:
        update = partial(update_pipeline, progress=progress)
        try:
            updated = await store.run_checked(update, current, files, limits)
        except NoMatchError as error:
            if not await _confirm_no_match(error.message):
                return None
            anyway = partial(update_pipeline, allow_no_match=True, progress=progress)
            updated = await store.run_checked(anyway, current, files, limits)
        if updated is None:
            return None
        return OpenedSession(updated[0], updated[1], restored=False)
    # A name and details typed before the first upload are kept; settings only when asked.
    keep = current if current.inventory is None or mode == "keep" else None
    return await store.run_checked(open_files, files, limits, keep, progress)


async def _confirm_no_match(message: str) -> bool:
    with ui.dialog() as dialog, ui.card().classes("max-w-lg gap-3"):
        ui.label(_("Update with an export that matches no VM?")).classes("text-lg font-semibold")
        ui.label(message).classes("text-sm text-slate-700")
        ui.label(
            _("Every per-VM decision would be dropped; class-level decisions and settings stay.")
        ).classes("text-sm text-slate-700")
        with ui.row().classes("w-full justify-end gap-2"):
            ui.button(_("Cancel"), on_click=lambda: dialog.submit(False)).props(
                'flat no-caps data-testid="cancel-update"'
            ).mark("cancel-update")
            ui.button(_("Update anyway"), on_click=lambda: dialog.submit(True)).props(
                'no-caps unelevated data-testid="confirm-update"'
            )
    answer = await dialog
    dialog.delete()
    return bool(answer)


def change_report_card(report: ChangeReport) -> None:
    """The change report of the latest update (or of a restore with newer readers)."""
    title = _("What changed with the newer export")
    if report.reason == "reader":
        title = _("This archive was re-read by a newer StorePredict")
    with widgets.card(title, icon="difference") as card:
        card.props('data-testid="change-report"')
        for line in change_summary(report):
            ui.label(line).classes("text-sm text-slate-700")
        if report.delta is not None:
            delta = report.delta
            with ui.row().classes("w-full gap-3"):
                widgets.stat(_("Required capacity"), _signed_capacity(delta.required_mib))
                widgets.stat(_("Datastores"), _signed(delta.datastores))
                widgets.stat(_("Hosts"), _signed(delta.hosts))
        resized = [
            f"{r.vm}: {widgets.capacity(r.old_mib)} → {widgets.capacity(r.new_mib)}"
            for r in report.resized
        ]
        _names(_("Added"), report.added)
        _names(_("Removed"), report.removed)
        _names(_("Renamed"), [f"{r.old_name} → {r.new_name}" for r in report.renamed])
        _names(_("Grown or shrunk by more than 10 %"), resized)
        dropped = [f"{d.vm} ({_(DECISIONS[d.decision])})" for d in report.dropped]
        _names(_("Decisions dropped"), dropped, decisions=True)
        if report.replaced:
            ui.label(_("Replaced: {files}", files=", ".join(report.replaced))).classes(
                "text-xs text-slate-500"
            )


def _signed_capacity(mib: float) -> str:
    return ("+" if mib >= 0 else "−") + widgets.capacity(abs(mib))


def _signed(count: int) -> str:
    return ("+" if count >= 0 else "-") + format_number(abs(count))


def _names(title: str, names: list[str], *, decisions: bool = False) -> None:
    if not names:
        return
    count, number = len(names), format_number(len(names))
    if decisions:
        counted = ngettext("{number} decision", "{number} decisions", count, number=number)
    else:
        counted = ngettext("{number} VM", "{number} VMs", count, number=number)
    with ui.expansion(_("{title}: {count}", title=title, count=counted)).classes("w-full text-sm"):
        ui.label(", ".join(names[:500]) + (" …" if len(names) > 500 else "")).classes(
            "text-sm text-slate-600 break-words"
        )
