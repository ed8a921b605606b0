"""The classify grid's columns: labels, server-side filter kinds, editors and override styling."""

from __future__ import annotations

from typing import Any

from ..i18n import _, active_language, unit_symbol
from ..pipeline import SizingSettings
from ..vocabulary import basis_label
from . import design
from .forms import LOCALE_TAGS

ROW_PX = 48  # fixed row height (the infinite row model cannot size rows to their content)
GRID_CSS = (
    f".ag-cell.sp-override {{ font-weight: 600; color: {design.BRAND}; }}"
    ".nicegui-aggrid .ag-cell-wrap-text { line-height: 1.25; display: flex; align-items: center; }"
)
WRAPPED = {"wrapText": True}  # long names wrap onto a second line instead of being cut
TEXT = {"cellDataType": "text", "filter": "agTextColumnFilter"}
NUMBER = {"cellDataType": "number", "filter": "agNumberColumnFilter", "type": "numericColumn"}


def column_defs(settings: SizingSettings, class_names: list[str]) -> list[dict[str, Any]]:
    """The grid's columns: filters and editors per column, the capacity basis in the header."""
    locale = LOCALE_TAGS[active_language()]  # numbers as the page's language writes them
    return [
        {
            "field": "name",
            "headerName": "VM",
            "pinned": "left",
            "width": 190,
            "tooltipField": "name",
            **TEXT,
            **WRAPPED,
        },
        {
            "field": "class",
            "headerName": _("Class"),
            "flex": 2,
            "minWidth": 170,
            "editable": True,
            **TEXT,
            "cellEditor": "agSelectCellEditor",
            "cellEditorParams": {"values": class_names},
            "cellClassRules": {"sp-override": "data.class_set"},
        },
        {
            "field": "reason",
            "headerName": _("Reason"),
            "flex": 2,
            "minWidth": 170,
            "tooltipField": "reason",
            **TEXT,
        },
        {
            "field": "os",
            "headerName": _("OS"),
            "flex": 2,
            "minWidth": 130,
            "tooltipField": "os",
            **TEXT,
        },
        {
            "field": "cluster",
            "headerName": _("Cluster"),
            "flex": 1,
            "minWidth": 150,
            "tooltipField": "cluster",
            **TEXT,
            **WRAPPED,
        },
        {"field": "power", "headerName": _("Power"), "width": 110, **TEXT},
        {  # per-VM capacities are GiB-sized: TiB would read 0.086
            "field": "capacity",
            "headerName": f"{basis_label(settings.basis)} ({unit_symbol('GiB')})",
            **NUMBER,
            "width": 150,
            ":valueFormatter": "(p) => p.value == null ? '—' : p.value.toLocaleString("
            f"'{locale}', {{minimumFractionDigits: 1, maximumFractionDigits: 1}})",
        },
        {
            "field": "drr",
            "headerName": "DRR",
            **NUMBER,
            "width": 100,
            "editable": True,
            "cellEditor": "agNumberCellEditor",
            ":valueFormatter": "(p) => p.value == null ? '' : p.value.toLocaleString("
            f"'{locale}', {{minimumFractionDigits: 2, maximumFractionDigits: 2}}) + ':1'",
            "cellClassRules": {"sp-override": "data.drr_set"},
        },
        {
            "field": "ignored",
            "headerName": _("Ignore"),
            "width": 90,
            "cellDataType": "boolean",
            "filter": "agTextColumnFilter",  # AG Grid's boolean filter: true / false
            "editable": True,
        },
        {
            "field": "scope",
            "headerName": _("In scope"),
            "flex": 1,
            "minWidth": 150,
            "tooltipField": "scope",
            **TEXT,
        },
    ]
