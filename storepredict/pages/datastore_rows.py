"""One datastore as a row of the layout page's table: columns, row figures, VM list template."""

from __future__ import annotations

from typing import Any

from ..i18n import N_, _
from ..pipeline import CapacityUnit, mib_per_unit
from ..pipeline.layout import Datastore
from ..pipeline.sizing import VmSizing
from ..vocabulary import capacity, category_label, class_label, unit_label
from .forms import table_column

WRAP = "white-space: normal; min-width: 220px"
BEFORE_RESERVES = N_("Capacity before reserves")

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


def body_slot() -> str:
    """The row template with its VM list; only the two translated headings are put in it."""
    body = BODY_SLOT.replace("{workload_class}", _html_text(_("Workload class")))
    return body.replace("{before_reserves}", _html_text(_(BEFORE_RESERVES)))


def columns(unit: CapacityUnit) -> list[dict[str, Any]]:
    """The table's columns, capacities in `unit`; only the figures and the name sort."""
    shown = unit_label(unit)
    return [
        table_column("name", _("Datastore"), align="left"),
        table_column("size", _("Size ({unit})", unit=shown), digits=2),
        table_column("used", _("Used ({unit})", unit=shown), digits=2),
        table_column("free", _("Free ({unit})", unit=shown), digits=2),
        table_column("fill", _("Fill (%)"), digits=1),
        table_column("vm_count", _("VMs")),
        table_column("iops", _("Peak IOPS"), digits=0),
        table_column("iops_source", _("IOPS source"), align="left", sortable=False),
        {
            **table_column("categories", _("Workloads"), align="left", sortable=False),
            "style": WRAP,
            "headerStyle": WRAP,
        },
        table_column("flags", _("Notes"), align="left", sortable=False),
    ]


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
        "iops_source": iops_source(ds.vm_ids, measured),
        "categories": workloads(ds),
        "flags": ", ".join(notes(ds, measured)),
        "vms": "\n".join(lines) or _("No VMs"),
    }


def workloads(ds: Datastore) -> str:
    """The datastore's workload categories, as the page names them."""
    return ", ".join(category_label(c) for c in ds.categories)


def notes(ds: Datastore, measured: frozenset[str]) -> list[str]:
    """The datastore's notes; its hot flag is an estimate unless every VM's IOPS was measured."""
    hot = _("hot") if known_iops(ds.vm_ids, measured) else _("hot (estimated IOPS)")
    marks = (
        (ds.oversized, _("oversized")),
        (ds.isolated, _("isolated")),
        (ds.hot, hot),
        (ds.over_iops_budget, _("over IOPS budget")),
    )
    return [text for flag, text in marks if flag]


def _cell(text: str) -> str:
    """A name as one table cell: tabs and newlines inside it would split the row."""
    return " ".join(text.split())
