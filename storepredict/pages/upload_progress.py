"""Progress of an upload on the upload page: the file and stage in progress, and a Cancel button."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from nicegui import ui

from ..i18n import _
from ..server.progress_file import ProgressFile
from ..vocabulary import stage_label

T = TypeVar("T")
STAGE_POLL_SECONDS = 0.25


class UploadProgress:
    """A spinner line ('Reading export 2 of 3: vc-b.xlsx…') with a Cancel button, in `where`.

    Cancel stops waiting for the upload: the work in the process pool is left to finish on its
    own and its result is dropped, so the tab's session stays as it was.
    """

    def __init__(self, where: ui.element) -> None:
        self._cancelled = asyncio.Event()
        with where, ui.row().classes("items-center gap-3 text-slate-600") as self._row:
            ui.spinner(size="md")
            self._label = ui.label(_("Preparing the upload…")).mark("upload-progress")
            ui.button(_("Cancel"), icon="close", on_click=self._cancelled.set).props(
                'flat dense no-caps data-testid="upload-cancel"'
            ).mark("upload-cancel")

    @property
    def cancelled(self) -> bool:
        """True once the engineer pressed Cancel."""
        return self._cancelled.is_set()

    def show(self, message: str) -> None:
        """Replace the progress line's text."""
        self._label.set_text(message)

    def follow(self, channel: ProgressFile) -> None:
        """Show each stage the worker reports through `channel` (read, combine, merge...)."""
        shown: list[object] = [None]

        def poll() -> None:
            report = channel.latest()
            if report is not None and report != shown[0]:
                shown[0] = report
                self.show(stage_label(report))

        with self._row:
            ui.timer(STAGE_POLL_SECONDS, poll)

    async def unless_cancelled(self, work: Awaitable[T]) -> T | None:
        """The result of `work`, or None as soon as Cancel is pressed (work is then abandoned)."""
        task = asyncio.ensure_future(_within(ui.context.slot.parent, work))
        stop = asyncio.ensure_future(self._cancelled.wait())
        try:
            await asyncio.wait({task, stop}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
        if task.done():
            return task.result()  # its StorePredictError, if any, reaches the caller
        task.add_done_callback(_retrieve)  # an abandoned task's error is not logged as unhandled
        task.cancel()
        return None

    def close(self) -> None:
        """Remove the progress line."""
        if not self._row.is_deleted:
            self._row.delete()


async def _within(element: ui.element, work: Awaitable[T]) -> T:
    # A new task starts with an empty slot stack: enter the caller's element, as NiceGUI needs.
    with element:
        return await work


def _retrieve(task: asyncio.Future) -> None:
    if not task.cancelled():
        task.exception()
