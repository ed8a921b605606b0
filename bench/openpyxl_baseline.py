"""The previous workbook writer's core, kept only as the benchmark baseline: openpyxl write-only.

It dumps the same VMs sheet the report writes (the bulk of the workbook at scale) the way the
openpyxl writer did: one WriteOnlyCell with a number format per figure, quote-prefixed cells for
formula-like text, a frozen header and an autofilter.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from storepredict import vocabulary as vocab
from storepredict.pipeline.session.state import SessionState
from storepredict.pipeline.sizing.run import SizingResult

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = [None] * 5 + ['0.00":1"'] + [None] * 7 + ["#,##0", "#,##0.00"] + ["#,##0.000"] * 4
FORMATS += ["#,##0", "#,##0", None]


def build_vm_sheet_openpyxl(state: SessionState, result: SizingResult) -> bytes:
    """The VMs sheet written with openpyxl in write-only mode, as .xlsx bytes."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("VMs")
    sheet.freeze_panes = "A2"
    sheet.append([f"Column {i + 1}" for i in range(len(FORMATS))])
    by_id = {vm.vm_id: vm for vm in state.inventory.vms} if state.inventory else {}
    per = 1024 * 1024
    for row in result.storage.vms:
        vm = by_id[row.vm_id]
        values = [
            row.name, vocab.class_label(row.class_id), vocab.category_label(row.category),
            vocab.reason_label(row.reason), vocab.decided_by(row.reason), row.drr, "Catalogue",
            "yes" if row.in_scope else "no", vocab.exclusion_label(row.exclusion_reason),
            vocab.power_label(vm.power_state), vm.datacenter, vm.cluster, vm.os, vm.vcpu,
            None if vm.memory_mib is None else vm.memory_mib / 1024,
            _per(vm.provisioned_mib, per), _per(vm.in_use_mib, per), _per(vm.guest_used_mib, per),
            row.basis_mib / per, vm.peak_iops, vm.avg_iops, "DS-001",
        ]  # fmt: skip
        cells = []
        for value, number_format in zip(values, FORMATS, strict=True):
            if number_format and isinstance(value, int | float):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = number_format
                cells.append(cell)
            elif isinstance(value, str) and value.startswith(TRIGGERS):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type, cell.quotePrefix = "s", True
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(FORMATS))}{len(result.storage.vms) + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _per(value: float | None, per: float) -> float | None:
    return None if value is None else value / per
