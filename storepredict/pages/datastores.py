"""The layout page's detail of the chosen strategy: fill chart and datastore table with VMs."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from ..i18n import N_, _, format_number, ngettext
from ..pipeline import CapacityUnit, mib_per_unit
from ..pipeline.layout import Datastore
from ..pipeline.sizing import SizingResult, VmSizing
from ..vocabulary import capacity, category_label, class_label, strategy_label, unit_label
from . import design, store, widgets
from .forms import paginated, table_column

WRAP = "white-space: normal; min-width: 220px"


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
    subtitle = _("Used (footprint with reserves) and free space")
    with widgets.card(title, subtitle, icon="bar_chart"):
        _fill_chart(plan.datastores, unit)
    with widgets.card(_("Datastores"), _("Expand a row to see its VMs"), icon="view_list"):
        _datastore_table(result.storage.vms, plan.datastores, unit, measured)


def _fill_chart(datastores: list[Datastore], unit: CapacityUnit) -> None:
    per_unit = mib_per_unit(unit)
    names = [ds.name for ds in datastores]
    options: dict[str, Any] = {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"data": [_("Used"), _("Free")], "top": 0},
        "grid": {"left": 60, "right": 20, "top": 36, "bottom": 70},
        "xAxis": {"type": "category", "data": names, "axisLabel": {"rotate": 45, "fontSize": 10}},
        "yAxis": {"type": "value", "name": unit_label(unit)},
        "series": [
            _bar(_("Used"), design.BRAND, [ds.used_mib / per_unit for ds in datastores]),
            _bar(_("Free"), design.FREE, [ds.free_mib / per_unit for ds in datastores]),
        ],
    }
    if len(names) > 40:
        options["dataZoom"] = [{"type": "slider", "start": 0, "end": 4000 / len(names)}]
    ui.echart(options).classes("w-full h-72").mark("fill-chart")


def _bar(name: str, colour: str, values: list[float]) -> dict[str, Any]:
    data = [round(v, 2) for v in values]
    return {"name": name, "type": "bar", "stack": "size", "color": colour, "data": data}


# Vue text interpolation ({{ }}) escapes, so VM names are shown as text, never as HTML.
BODY_SLOT = r"""
<q-tr :props="props">
  <q-td auto-width>
    <q-btn size="sm" flat round dense :icon="props.expand ? 'expand_less' : 'expand_more'"
           @click="props.expand = !props.expand" />
  </q-td>
  <q-td v-for="col in props.cols" :key="col.name" :props="props">{{ col.value }}</q-td>
</q-tr>
<q-tr v-show="props.expand" :props="props">
  <q-td colspan="100%" class="bg-slate-50">
    <table class="text-sm">
      <tr class="text-xs uppercase text-slate-500">
        <th class="pr-8 text-left">VM</th><th class="pr-8 text-left">{workload_class}</th>
        <th class="pr-8 text-left">{before_reserves}</th>
      </tr>
      <tr v-for="line in props.row.vms.split('\n')">
        <td v-for="cell in line.split('\t')" class="pr-8 py-0.5">{{ cell }}</td>
      </tr>
    </table>
  </q-td>
</q-tr>
"""
HEADER_SLOT = r"""
<q-tr :props="props">
  <q-th auto-width />
  <q-th v-for="col in props.cols" :key="col.name" :props="props">{{ col.label }}</q-th>
</q-tr>
"""


def _datastore_table(
    vm_rows: list[VmSizing],
    datastores: list[Datastore],
    unit: CapacityUnit,
    measured: frozenset[str],
) -> None:
    vms = {row.vm_id: row for row in vm_rows}
    shown = unit_label(unit)
    columns = [
        table_column("name", _("Datastore"), align="left"),
        table_column("size", _("Size ({unit})", unit=shown), digits=2),
        table_column("used", _("Used ({unit})", unit=shown), digits=2),
        table_column("free", _("Free ({unit})", unit=shown), digits=2),
        table_column("fill", _("Fill (%)"), digits=1),
        table_column("vm_count", _("VMs")),
        table_column("iops", _("Peak IOPS"), digits=0),
        table_column("iops_source", _("IOPS source"), align="left"),
        {
            **table_column("categories", _("Workloads"), align="left"),
            "style": WRAP,
            "headerStyle": WRAP,
        },
        table_column("flags", _("Notes"), align="left"),
    ]
    rows = [datastore_row(ds, vms, unit, measured) for ds in datastores]
    table = paginated(ui.table(columns=columns, rows=rows, row_key="name", pagination=15))
    table.classes(design.TABLE_SCROLL).props("flat dense").mark("datastores")
    table.add_slot("header", HEADER_SLOT)
    # Only the two headings are put in the template (translations: text, never markup from data).
    body = BODY_SLOT.replace("{workload_class}", _html_text(_("Workload class")))
    table.add_slot("body", body.replace("{before_reserves}", _html_text(_(BEFORE_RESERVES))))


BEFORE_RESERVES = N_("Capacity before reserves")


def _html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def known_iops(vm_ids: list[str], measured: frozenset[str]) -> bool:
    """Whether every VM of a datastore has a measured IOPS peak."""
    return all(vm_id in measured for vm_id in vm_ids)


def iops_source(vm_ids: list[str], measured: frozenset[str]) -> str:
    """Whether a datastore's IOPS were measured or estimated from per-class defaults."""
    known = sum(vm_id in measured for vm_id in vm_ids)
    if known == len(vm_ids):
        return _("Measured")
    return _("Estimated (class defaults)") if known == 0 else _("Partly estimated")


def datastore_row(
    ds: Datastore,
    vms: dict[str, VmSizing],
    unit: CapacityUnit,
    measured: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """One table row: figures in `unit`, and the VM list as tab/newline-separated text.

    IOPS (and the hot flag derived from them) of VMs without a measured peak are estimates.
    """
    per_unit = mib_per_unit(unit)
    source = iops_source(ds.vm_ids, measured)
    hot = _("hot") if known_iops(ds.vm_ids, measured) else _("hot (estimated IOPS)")
    flags = [
        text
        for flag, text in (
            (ds.oversized, _("oversized")),
            (ds.isolated, _("isolated")),
            (ds.hot, hot),
            (ds.over_iops_budget, _("over IOPS budget")),
        )
        if flag
    ]
    lines = [
        "\t".join([_cell(vm.name), _cell(class_label(vm.class_id)), capacity(vm.basis_mib, unit)])
        for vm in (vms[vm_id] for vm_id in ds.vm_ids if vm_id in vms)
    ]
    return {
        "name": ds.name,
        "size": round(ds.size_mib / per_unit, 2),
        "used": round(ds.used_mib / per_unit, 2),
        "free": round(ds.free_mib / per_unit, 2),
        "fill": round(ds.fill_pct, 1),
        "vm_count": ds.vm_count,
        "iops": round(ds.iops),
        "iops_source": source,
        "categories": ", ".join(category_label(c) for c in ds.categories),
        "flags": ", ".join(flags),
        "vms": "\n".join(lines) or _("No VMs"),
    }


def _cell(text: str) -> str:
    """A name as one table cell: tabs and newlines inside it would split the row."""
    return " ".join(text.split())
