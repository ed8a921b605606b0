"""The upload page's offer when an estate mixes two moments (exports of one vCenter taken on
different days): size the older exports, then update that sizing with the newer ones."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from ..i18n import _
from ..pipeline import Limits, ProgressCallback, no_progress
from ..pipeline.session import (
    DateSplit,
    OpenedSession,
    SessionState,
    size_then_update,
    split_by_export_date,
)
from . import store, widgets


def offered_split(state: SessionState) -> DateSplit | None:
    """The two moments of the tab's exports, when every file of both is among its originals."""
    if state.inventory is None:
        return None
    split = split_by_export_date(state.inventory.sources)
    if split is None:
        return None
    names = {name for name, _content in store.get_originals()}
    return split if set(split.older) | set(split.newer) <= names else None


def offer_card(split: DateSplit, on_click: Callable[[], Awaitable[None]]) -> None:
    """The card that explains the two moments and sizes them one after the other on a click."""
    with widgets.card(_("These exports mix two moments"), icon="history") as card:
        card.props('data-testid="moments-offer"')
        ui.label(
            _(
                "Some vCenters were exported on different days. Size the older exports, then "
                "update that sizing with the newer ones: your settings carry over and the change "
                "report shows what moved in between."
            )
        ).classes("text-sm text-slate-700")
        ui.label(_("Older: {files}", files=", ".join(split.older))).classes("text-sm")
        ui.label(_("Newer: {files}", files=", ".join(split.newer))).classes("text-sm")
        with ui.row().classes("w-full justify-end"):
            ui.button(
                _("Size the older exports, then update"), icon="update", on_click=on_click
            ).props('no-caps unelevated data-testid="size-moments"').mark("size-moments")


async def open_moments(
    split: DateSplit,
    files: list[tuple[str, bytes]],
    limits: Limits,
    progress: ProgressCallback = no_progress,
) -> OpenedSession | None:
    """The older moment sized and updated with the newer one, off the event loop, keeping the
    tab's settings and project details; None when cancelled. Raises StorePredictError."""
    current = store.get_state()
    outcome = await store.run_checked(size_then_update, split, files, limits, current, progress)
    return None if outcome is None else OpenedSession(outcome[0], outcome[1], restored=False)
