"""Server-side paging of the datastore table: filter, sort and slice a plan's datastores.

The layout page's table sends the browser only the rows of the page it shows. The browser's
q-table asks for a page with a Quasar pagination object (sortBy, descending, page, rowsPerPage);
these pure functions answer it over light-weight keys of each datastore (its figures, and one
lower-case text of its name, workloads, notes and VM names for the filter).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..pipeline.layout import Datastore

ROWS_PER_PAGE = (15, 30, 50, 100)
"""The rows-per-page choices; 'all' is not offered: a layout may have thousands of datastores."""
DEFAULT_ROWS = ROWS_PER_PAGE[0]
SORT_KEYS: dict[str, Callable[[Datastore], Any]] = {
    "name": lambda ds: ds.name.casefold(),
    "size": lambda ds: ds.size_mib,
    "used": lambda ds: ds.used_mib,
    "free": lambda ds: ds.free_mib,
    "fill": lambda ds: ds.fill_pct,
    "vm_count": lambda ds: ds.vm_count,
    "iops": lambda ds: ds.iops,
}
"""The sortable columns and the datastore figure each one sorts by."""


@dataclass(frozen=True)
class PageRequest:
    """The page the table asks for: 1-based `page`, sorted by `sort_by` (None: the plan's order)."""

    page: int = 1
    rows_per_page: int = DEFAULT_ROWS
    sort_by: str | None = None
    descending: bool = False


@dataclass(frozen=True)
class Page:
    """The datastore indices of one page, its page number (within range) and the match count."""

    indices: list[int]
    page: int
    matched: int


def request_of(pagination: Any) -> PageRequest:
    """A request from a q-table pagination object; missing or odd values fall back to defaults.

    A rows-per-page value that is not one of the choices (Quasar's 0 means 'all') gets the
    largest choice, an unknown sort column the plan's order.
    """
    given = pagination if isinstance(pagination, dict) else {}
    page = given.get("page")
    rows = given.get("rowsPerPage")
    sort_by = given.get("sortBy")
    return PageRequest(
        page=page if isinstance(page, int) and not isinstance(page, bool) and page > 0 else 1,
        rows_per_page=rows if rows in ROWS_PER_PAGE else ROWS_PER_PAGE[-1],
        sort_by=sort_by if sort_by in SORT_KEYS else None,
        descending=given.get("descending") is True,
    )


def search_text(name: str, workloads: str, notes: str, vm_names: Iterable[str]) -> str:
    """One datastore's filter text: its name, workloads, notes and VM names, lower case."""
    return "\n".join([name, workloads, notes, *vm_names]).lower()


def matching(texts: Sequence[str], filter_text: str) -> list[int]:
    """Indices of the texts holding every word of `filter_text` (ignoring case); all if blank."""
    words = filter_text.lower().split()
    if not words:
        return list(range(len(texts)))
    return [i for i, text in enumerate(texts) if all(word in text for word in words)]


def ordered(
    datastores: Sequence[Datastore], indices: list[int], sort_by: str | None, descending: bool
) -> list[int]:
    """`indices` sorted by column `sort_by`; ties (and no sort) keep the plan's order."""
    key = SORT_KEYS.get(sort_by or "")
    if key is None:
        return indices
    # sorted() is stable with reverse=True as well: equal figures stay in the plan's order
    return sorted(indices, key=lambda i: key(datastores[i]), reverse=descending)


def page_of(indices: list[int], request: PageRequest) -> Page:
    """The slice of `indices` for the requested page; a page past the end shows the last one."""
    size = request.rows_per_page
    last = max(1, -(-len(indices) // size))
    page = min(request.page, last)
    start = (page - 1) * size
    return Page(indices=indices[start : start + size], page=page, matched=len(indices))


def pagination(request: PageRequest, page: Page) -> dict[str, Any]:
    """The q-table pagination object for a page shown: rowsNumber is the match count."""
    return {
        "sortBy": request.sort_by,
        "descending": request.descending,
        "page": page.page,
        "rowsPerPage": request.rows_per_page,
        "rowsNumber": page.matched,
    }
