"""What a check reads: the inventory, its extra sheets, the settings and the reference dates."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from ...i18n import gettext
from ..estate import SHEET_LABELS, EstateSheets
from ..inventory import VM, Host, Inventory
from ..settings import SizingSettings
from .model import Unavailable


def parse_date(text: str | None) -> date | None:
    """The date at the start of an ISO-like text (`2025-05-30 15:43:03`), or None."""
    if not text or len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10].replace("/", "-"))
    except ValueError:
        return None


@dataclass(frozen=True)
class HealthContext:
    """Read-only access to everything the checks need."""

    inventory: Inventory
    settings: SizingSettings
    today: date

    @cached_property
    def extras(self) -> EstateSheets:
        """The extra sheets (all absent for inventories read before they were kept)."""
        return self.inventory.extras or EstateSheets()

    @cached_property
    def vms_by_id(self) -> dict[str, VM]:
        """Every VM by its id."""
        return {vm.vm_id: vm for vm in self.inventory.vms}

    @cached_property
    def export_date(self) -> date:
        """The latest export date of the sources (snapshot ages count to it), else today."""
        dates = [d for s in self.inventory.sources if (d := parse_date(s.export_date))]
        return max(dates, default=self.today)

    @cached_property
    def hosts_by_cluster(self) -> dict[str, list[Host]]:
        """The inventory's hosts grouped by cluster name (hosts without a cluster left out)."""
        groups: dict[str, list[Host]] = {}
        for host in self.inventory.hosts:
            if host.cluster:
                groups.setdefault(host.cluster, []).append(host)
        return groups

    def age_days(self, stamp: str | None) -> int | None:
        """Days from an ISO date-time text to the export date; None when it is not a date."""
        when = parse_date(stamp)
        return None if when is None else (self.export_date - when).days

    def vm(self, vm_id: str | None) -> VM | None:
        """The VM with this id, or None."""
        return self.vms_by_id.get(vm_id) if vm_id else None

    def need(self, field: str, *columns: tuple[str, str]) -> Unavailable | None:
        """None when sheet `field` and every (attribute, header) column is present, else why not."""
        sheet = getattr(self.extras, field)
        label = SHEET_LABELS[field]
        if sheet is None:
            return Unavailable(gettext("the export has no {sheet} sheet", sheet=label))
        absent = [header for attribute, header in columns if getattr(sheet, attribute) is None]
        if absent:
            return Unavailable(
                gettext("{sheet} has no {columns} column", sheet=label, columns=", ".join(absent))
            )
        return None

    def rows(self, field: str, *attributes: str) -> Iterator[tuple[Any, ...]]:
        """The rows of sheet `field` as tuples of the given attributes (None for absent ones)."""
        sheet = getattr(self.extras, field)
        if sheet is None:
            return iter(())
        count = sheet.row_count()
        columns = [getattr(sheet, a) or [None] * count for a in attributes]
        return zip(*columns, strict=True)
