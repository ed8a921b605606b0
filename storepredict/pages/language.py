"""The tab's language: chosen by the header switch, first from the browser's Accept-Language.

The language is a context value (`storepredict.i18n.use_language`). A page draws inside it
(`skeleton.draw_page`), but NiceGUI runs event handlers in other asyncio tasks, which do not see a
value set while the page was built. So `install_handler_language` makes every NiceGUI event
handler run inside its tab's language: every element event from the browser (and every simulated
one under the test `User`) is dispatched by `nicegui.events.handle_event`, and the element's own
handlers run within that call; coroutine handlers become tasks created inside it, so they inherit
the language. A file upload arrives as an HTTP request, not a socket event: upload handlers are
wrapped with `in_tab_language`. Work sent to the process pool gets the language
as an argument (`server.pool.run_checked`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from nicegui import app, events
from nicegui.client import Client
from nicegui.slot import Slot

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, negotiate_language, use_language

LANGUAGE_KEY = "language"
_WRAPPED = "storepredict_in_tab_language"
F = TypeVar("F", bound=Callable[..., Any])


def _current_client() -> Client | None:
    # Not `ui.context.client`: outside any client (a background task, a stopped app) that would
    # create a pseudo client and switch NiceGUI into script mode.
    stack = Slot.get_stack()
    try:
        return stack[-1].parent.client if stack else None
    except RuntimeError:  # the element or its client was deleted meanwhile
        return None


def browser_language() -> str:
    """The best supported language of this page's request (its Accept-Language header)."""
    request = getattr(_current_client(), "request", None)
    headers = getattr(request, "headers", None)
    return negotiate_language(headers.get("accept-language") if headers is not None else None)


def tab_language(tab: dict | None = None) -> str:
    """This tab's language (or that of the tab storage `tab`): its switch choice, else the
    browser's first choice."""
    if tab is None and _current_client() is None:
        return DEFAULT_LANGUAGE
    try:
        chosen = (app.storage.tab if tab is None else tab).get(LANGUAGE_KEY)
    except RuntimeError:  # no socket connection (yet): only the request is known
        chosen = None
    return str(chosen) if chosen in LANGUAGES else browser_language()


def set_tab_language(language: str, tab: dict | None = None) -> None:
    """Keep `language` as this tab's choice (it survives navigation within the tab)."""
    chosen = language if language in LANGUAGES else DEFAULT_LANGUAGE
    (app.storage.tab if tab is None else tab)[LANGUAGE_KEY] = chosen


def _language_of(arguments: Any) -> str:
    client = getattr(getattr(arguments, "sender", None), "client", None)
    if client is None:
        return tab_language()
    try:
        with client:
            return tab_language()
    except RuntimeError:  # the element's client is gone
        return DEFAULT_LANGUAGE


def install_handler_language() -> None:
    """Make every NiceGUI event handler run in its tab's language (idempotent)."""
    original = events.handle_event
    if getattr(original, _WRAPPED, False):
        return

    @functools.wraps(original)
    def handle_event(handler: Any, arguments: Any, **options: Any) -> None:
        if handler is None:
            return
        with use_language(_language_of(arguments)):
            original(handler, arguments, **options)

    setattr(handle_event, _WRAPPED, True)
    events.handle_event = handle_event


def in_tab_language(handler: F) -> F:
    """`handler` run inside this tab's language (for handlers not called by a socket event)."""
    if inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def run_async(*args: Any, **kwargs: Any) -> Any:
            with use_language(tab_language()):
                return await handler(*args, **kwargs)

        return run_async  # type: ignore[return-value]

    @functools.wraps(handler)
    def run(*args: Any, **kwargs: Any) -> Any:
        with use_language(tab_language()):
            return handler(*args, **kwargs)

    return run  # type: ignore[return-value]
