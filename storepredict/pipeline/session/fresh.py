"""A fresh session state for a newly loaded inventory."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from ..classify.engine import classify_vms
from ..inventory import Inventory
from ..settings import ScopeSettings
from .state import SessionState, SourceFile


def new_session(
    inventory: Inventory, files: Sequence[tuple[str, bytes]], keep_from: SessionState | None = None
) -> SessionState:
    """A fresh state for a newly loaded inventory, classified by the rules.

    With `keep_from`, its project details and settings carry over except what names the previous
    estate's clusters or VMs (scope and per-VM overrides), which is reset.
    """
    base = keep_from or SessionState()
    settings = base.settings.model_copy(
        update={"scope": ScopeSettings(), "vm_drr_overrides": {}, "vm_class_overrides": {}}
    )
    sources = [
        SourceFile(
            file_name=name,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            format=_format_of(name, inventory),
        )
        for name, content in files
    ]
    return SessionState(
        project_name=base.project_name,
        customer=base.customer,
        prepared_by=base.prepared_by,
        reference=base.reference,
        logo=base.logo,
        page="classify",
        sources=sources,
        inventory=inventory,
        classifications=classify_vms(inventory.vms),
        settings=settings,
    )


def _format_of(name: str, inventory: Inventory) -> str:
    """The format of one uploaded file: its export's, or that of the exports a zip held."""
    inside = {
        source.format
        for source in inventory.sources
        if source.file_name == name or source.file_name.startswith(f"{name}/")
    }
    if len(inside) == 1:
        return inside.pop()
    return "dual" if inside else inventory.format
