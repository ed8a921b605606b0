"""The layout page's detail of the chosen strategy: fill chart and datastore table with VMs.

The table is paged on the server (see datastore_paging): at 100,000 VMs a plan has thousands of
datastores, so only the rows of the page shown are built and sent, each with its VM list.
"""

from __future__ import annotations

import json
from dataclasses import replace

from nicegui import events, ui

from ..i18n import _, active_language, format_number, ngettext
from ..pipeline import CapacityUnit
from ..pipeline.layout import Datastore
from ..pipeline.sizing import SizingResult, VmSizing
from ..vocabulary import strategy_label
from . import design, store, widgets
from .datastore_paging import (
    DEFAULT_ROWS,
    ROWS_PER_PAGE,
    PageRequest,
    matching,
    ordered,
    page_of,
    pagination,
    request_of,
    search_text,
)
from .datastore_rows import HEADER_SLOT, body_slot, columns, datastore_row, notes, workloads
from .datastore_rows import iops_source as iops_source  # the page tests check it here
from .fill_chart import chart_subtitle, fill_chart
from .forms import LOCALE_TAGS, paginated


def chosen_detail(result: SizingResult, measured: frozenset[str]) -> None:
    """The chosen strategy's fill chart and datastore table; `measured`: VMs with measured IOPS."""
    key = result.layout.chosen
    plan = result.layout.strategies[key]
    unit = store.get_unit()
    title = ngettext(
        "{strategy} layout: {number} datastore",
        "{strategy} layout: {number} datastores",
        plan.count,
        strategy=strategy_label(key),
        number=format_number(plan.count),
    )
    with widgets.card(title, chart_subtitle(plan.count), icon="bar_chart"):
        fill_chart(plan.datastores, unit)
    with widgets.card(_("Datastores"), _("Expand a row to see its VMs"), icon="view_list"):
        DatastoreTable(result.storage.vms, plan.datastores, unit, measured)


class DatastoreTable:
    """The datastore table, paged on the server: only the page shown is built and sent."""

    def __init__(
        self,
        vm_rows: list[VmSizing],
        datastores: list[Datastore],
        unit: CapacityUnit,
        measured: frozenset[str],
    ) -> None:
        self._vms = {row.vm_id: row for row in vm_rows}
        self._datastores = datastores
        self._unit = unit
        self._measured = measured
        self._texts: list[str] | None = None  # the filter's texts, built at the first filter
        self._filter = ""
        self._request = PageRequest()
        ui.input(
            placeholder=_("Filter by datastore, workload, note or VM name"),
            on_change=lambda e: self.set_filter(e.value or ""),
        ).props('dense outlined clearable debounce=300 data-testid="datastore-filter"').classes(
            "w-full md:w-96"
        ).mark("datastore-filter")
        self.matches = ui.label().classes("text-sm text-slate-500").mark("datastore-matches")
        self.matches.set_visibility(False)
        table = ui.table(columns=columns(unit), rows=[], row_key="name", pagination=DEFAULT_ROWS)
        self.table = paginated(table)
        self._show(self._request)  # the first page is drawn with the page
        tag = LOCALE_TAGS[active_language()]
        of = json.dumps(" " + _("of") + " ")
        self.table.props[":pagination-label"] = (
            f"(first, last, total) => first.toLocaleString('{tag}') + '-' + "
            f"last.toLocaleString('{tag}') + {of} + total.toLocaleString('{tag}')"
        )
        self.table.props["rows-per-page-options"] = list(ROWS_PER_PAGE)
        self.table.classes(design.TABLE_SCROLL).props("flat dense").mark("datastores")
        self.table.on("request", self._requested, ["pagination"])
        self.table.add_slot("header", HEADER_SLOT)
        self.table.add_slot("body", body_slot())

    def set_filter(self, text: str) -> None:
        """Show the datastores whose name, workloads, notes or VM names hold all words of `text`."""
        self._filter = text.strip()
        self._show(replace(self._request, page=1))

    def _requested(self, event: events.GenericEventArguments) -> None:
        args = event.args if isinstance(event.args, dict) else {}
        self._show(request_of(args.get("pagination")))

    def _show(self, request: PageRequest) -> None:
        everyone = range(len(self._datastores))
        chosen = matching(self._search_texts(), self._filter) if self._filter else list(everyone)
        page = page_of(
            ordered(self._datastores, chosen, request.sort_by, request.descending), request
        )
        self._request = replace(request, page=page.page)
        rows = [
            datastore_row(self._datastores[i], self._vms, self._unit, self._measured)
            for i in page.indices
        ]
        self.table.props["pagination"] = pagination(self._request, page)
        self.table.rows = rows
        self.matches.set_visibility(bool(self._filter))
        self.matches.set_text(
            ngettext(
                "{matched} datastore of {total} matches the filter",
                "{matched} datastores of {total} match the filter",
                page.matched,
                matched=format_number(page.matched),
                total=format_number(len(self._datastores)),
            )
        )

    def _search_texts(self) -> list[str]:
        if self._texts is None:
            vms = self._vms
            self._texts = [
                search_text(
                    ds.name,
                    workloads(ds),
                    ", ".join(notes(ds, self._measured)),
                    (vms[vm_id].name for vm_id in ds.vm_ids if vm_id in vms),
                )
                for ds in self._datastores
            ]
        return self._texts
