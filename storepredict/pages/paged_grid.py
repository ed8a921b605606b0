"""An AG Grid whose rows stay on the server: the infinite row model asks for them block by block.

The browser's datasource emits `blockRequested` (start, end, sort and filter models) on this
element; the server answers with `spDeliver` on the same element, so only this tab's connection
ever carries its rows. Sorting, column filters and the quick filter are applied server-side by a
`GridTable`; changing the quick filter purges the browser's block cache and fetches again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import events, run, ui

from .grid_query import GridQuery, query_of
from .grid_words import grid_locale_text
from .vm_grid_data import GridTable

BLOCK_ROWS = 100
MAX_BLOCK_ROWS = 1_000  # a request for more (never sent by the grid) gets this many
DATASOURCE = """({
  getRows(params) {
    const grid = getElement(%d);
    if (!grid) { params.failCallback(); return; }
    grid.spPending ??= new Map();
    grid.spDeliver ??= (request, rows, lastRow) => {
      const pending = grid.spPending.get(request);
      if (!pending) return;
      grid.spPending.delete(request);
      pending.successCallback(rows, lastRow);
    };
    grid.spRequest = (grid.spRequest ?? 0) + 1;
    grid.spPending.set(grid.spRequest, params);
    grid.$emit("blockRequested", {
      request: grid.spRequest, start: params.startRow, end: params.endRow,
      sortModel: params.sortModel, filterModel: params.filterModel,
    });
  }
})"""


class PagedGrid(ui.aggrid):
    """A `ui.aggrid` on the infinite row model, fed from a server-side `GridTable`."""

    def __init__(self, options: dict[str, Any], table: GridTable, **kwargs: Any) -> None:
        super().__init__(
            {
                **options,
                "rowModelType": "infinite",
                "cacheBlockSize": BLOCK_ROWS,
                "infiniteInitialRowCount": 1,
                "localeText": grid_locale_text(),
            },
            **kwargs,
        )
        self.options[":datasource"] = DATASOURCE % self.id
        self.table = table
        self.query = GridQuery()
        self.matched = len(table)
        self._on_count: list[Callable[[int, int], None]] = []
        self.on("blockRequested", self._block_requested)

    def on_count(self, callback: Callable[[int, int], None]) -> None:
        """Call `callback(matched, total)` whenever the number of matching rows may have changed."""
        self._on_count.append(callback)

    def answer(self, request: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
        """The rows and match count for one block request; its query becomes the current one."""
        self.query = query_of(
            request.get("sortModel"), request.get("filterModel"), self.query.quick
        )
        start = max(_row_number(request.get("start")), 0)
        end = min(_row_number(request.get("end")), start + MAX_BLOCK_ROWS)
        rows, matched = self.table.block(self.query, start, end)
        self._count(matched)
        return rows, matched

    async def set_table(self, table: GridTable) -> None:
        """Show new rows (after a sizing): the browser re-fetches its loaded blocks, in place."""
        await _prepared(table, self.query)
        self.table = table
        self._count(len(table.matching(self.query)))
        self.run_grid_method("refreshInfiniteCache")

    async def set_quick_filter(self, text: str) -> None:
        """Filter on every readable column; the browser drops its blocks and fetches again."""
        self.query = GridQuery(self.query.sort, self.query.filters, text.strip())
        await _prepared(self.table, self.query)
        self._count(len(self.table.matching(self.query)))
        self.run_grid_method("purgeInfiniteCache")

    def refresh_rows(self) -> None:
        """Fetch the loaded blocks again (e.g. to undo a refused inline edit)."""
        self.run_grid_method("refreshInfiniteCache")

    def matching_ids(self) -> list[str]:
        """Every VM id the current filters let through, whether loaded in the browser or not."""
        return self.table.matching_ids(self.query)

    async def _block_requested(self, event: events.GenericEventArguments) -> None:
        request = event.args if isinstance(event.args, dict) else {}
        query = query_of(request.get("sortModel"), request.get("filterModel"), self.query.quick)
        await _prepared(self.table, query)
        rows, matched = self.answer(request)
        self.run_method("spDeliver", request.get("request"), rows, matched)

    def _count(self, matched: int) -> None:
        self.matched = matched
        for callback in self._on_count:
            callback(matched, len(self.table))


def _row_number(value: Any) -> int:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


async def _prepared(table: GridTable, query: GridQuery) -> None:
    """Filter and sort on a worker thread when not done yet: 100,000 rows take up to 0.3 s."""
    if not table.has_result(query):
        await run.io_bound(table.matching, query)
