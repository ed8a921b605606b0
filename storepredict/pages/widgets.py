"""Small UI building blocks shared by the pages: cards, stat tiles, capacity text, busy, errors.

Everything renders user data as text (ui.label), never as HTML.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import ui

from .. import vocabulary
from ..i18n import _
from . import design, store


def capacity(mib: float | None) -> str:
    """A MiB figure in this tab's unit (TiB or TB), e.g. '12.34 TiB'; a dash when unknown."""
    return vocabulary.capacity(mib, store.get_unit())


@contextmanager
def card(title: str, subtitle: str | None = None, *, icon: str | None = None) -> Iterator[ui.card]:
    """A full-width white card with a title row; draw its content inside the `with` block."""
    with ui.card().classes(design.CARD) as box:
        with ui.row().classes("items-center gap-2 no-wrap"):
            if icon:
                ui.icon(icon, size="22px").classes("text-primary")
            ui.label(title).classes("text-lg font-semibold text-slate-800")
        if subtitle:
            ui.label(subtitle).classes("text-sm text-slate-500 -mt-2")
        yield box


def stat(label: str, value: str, caption: str | None = None, *, testid: str | None = None) -> None:
    """One figure tile: a small label above a large value, an optional caption below."""
    with ui.column().classes(
        "gap-0 min-w-36 px-4 py-3 rounded-lg bg-slate-50 border border-slate-200"
    ):
        ui.label(label).classes("text-xs uppercase tracking-wide text-slate-500")
        value_label = ui.label(value).classes("text-xl font-semibold text-slate-800")
        if testid:
            value_label.props(f'data-testid="{testid}"').mark(testid)
        if caption:
            ui.label(caption).classes("text-xs text-slate-500")


def stat_row(items: list[tuple[str, str]]) -> None:
    """A wrapping row of stat tiles from (label, value) pairs."""
    with ui.row().classes("w-full gap-3"):
        for label, value in items:
            stat(label, value)


def error_card(message: str, title: str | None = None) -> ui.card:
    """A red card with an error message shown as plain text (a StorePredictError's message)."""
    with ui.card().classes("w-full p-4 bg-red-50 border border-red-300 shadow-none") as box:
        box.props('role="alert" data-testid="error-card"')
        with ui.row().classes("items-start gap-3 no-wrap"):
            ui.icon("error", size="24px").classes("text-red-700")
            with ui.column().classes("gap-1"):
                ui.label(title or _("That did not work")).classes("font-semibold text-red-800")
                ui.label(message).classes("text-red-900 whitespace-pre-line")
    return box


def warning_list(messages: list[str]) -> None:
    """Amber notes (e.g. sizing warnings) as a compact list of plain-text lines."""
    for message in messages:
        with ui.row().classes("items-start gap-2 no-wrap"):
            ui.icon("warning", size="18px").classes("text-amber-600 mt-0.5")
            ui.label(message).classes("text-sm text-slate-700")


@contextmanager
def busy(message: str) -> Iterator[ui.row]:
    """Show a spinner with `message` while the block runs (e.g. around an awaited cpu_bound)."""
    with ui.row().classes("items-center gap-3 text-slate-600") as row:
        ui.spinner(size="md")
        ui.label(message)
    try:
        yield row
    finally:
        if not row.is_deleted:  # a refresh of the enclosing content may have removed it
            row.delete()


def no_data(message: str | None = None) -> None:
    """The empty state of a step that needs data: a hint and a button back to the upload page."""
    with ui.card().classes("w-full p-8 items-center gap-3 shadow-sm"):
        ui.icon("upload_file", size="40px").classes("text-slate-400")
        ui.label(message or _("No inventory loaded yet.")).classes("text-slate-700")
        ui.label(_("Upload an RVTools or LiveOptics export, or restore a saved session.")).classes(
            "text-sm text-slate-500"
        )
        ui.button(_("Go to upload"), icon="arrow_back", on_click=lambda: ui.navigate.to("/")).props(
            "no-caps"
        )
