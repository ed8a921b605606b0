"""The page skeleton every page draws through: connection, frame, 'no data', sizing, errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from ..i18n import _, use_language
from ..pipeline import StorePredictError
from ..pipeline.session import Page, SessionState
from ..pipeline.sizing import SizingResult
from . import language, store, widgets
from .frame import frame, tab_connected

DrawPage = Callable[[SessionState], Awaitable[None]]


async def draw_page(page: Page, draw: DrawPage, *, needs_data: bool = True) -> None:
    """Wait for the tab's connection, draw the frame, then `draw` (or 'no data' without data).

    Everything is drawn in the tab's language (handlers get it from `language`).
    """
    await ui.context.client.connected()
    with use_language(language.tab_language()):
        if not await tab_connected():
            return
        with frame(page) as state:
            if needs_data and state.inventory is None:
                widgets.no_data()
                return
            await draw(state)


async def sized(message: str) -> SizingResult | None:
    """This tab's sizing, with the one spinner and `message` meanwhile; None when it failed."""
    try:
        with widgets.busy(message):
            return await store.get_result()
    except StorePredictError as error:
        show_error(error, _("Could not size this inventory"))
        return None


def show_error(error: StorePredictError, title: str | None = None) -> None:
    """Show a StorePredictError: a toast, and with a `title` also a card where it happened."""
    ui.notify(error.message, type="negative", multi_line=True)
    if title is not None:
        widgets.error_card(error.message, title)
