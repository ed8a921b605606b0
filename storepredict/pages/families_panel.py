"""The classify page's coverage line and naming families: how much capacity rests on the Unknown
default, and one action per family to make it a rule (pick a class, apply)."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from .. import vocabulary as vocab
from ..i18n import _, format_number, ngettext
from ..pipeline import SizingSettings
from ..pipeline.classify import NameFamily, load_catalogue
from ..pipeline.sizing import Coverage, SizingResult, classification_coverage
from ..vocabulary import percent, ratio
from . import store, widgets
from .forms import ApplyEdit

SHOWN_FAMILIES = 10
SHOWN_CLASSES = 3


class FamiliesPanel:
    """The 'Naming families' card, drawn where it is created; a family becomes a rule via
    `change`, appended after the engineer's existing rules."""

    def __init__(self, result: SizingResult, change: ApplyEdit) -> None:
        self._change = change
        self._classes = {c: vocab.class_label(c) for c in load_catalogue()}
        self._families: list[NameFamily] = []
        with widgets.card(
            _("Naming families"),
            _("VMs whose names share a pattern: give a whole family a class in one step."),
            icon="account_tree",
        ):
            self._coverage = ui.label().classes("text-sm text-slate-700").mark("unknown-coverage")
            self._warning = ui.row().classes("items-start gap-2 no-wrap")
            with self._warning:
                ui.icon("warning", size="18px").classes("text-amber-600 mt-0.5")
                self._warning_text = (
                    ui.label().classes("text-sm text-amber-800").mark("unknown-warning")
                )
            self._list = ui.column().classes("w-full gap-2")
        self.refresh(result, store.get_state().settings)

    def refresh(self, result: SizingResult, settings: SizingSettings) -> None:
        """Redraw the coverage line and the families for a new sizing under `settings`."""
        self._show_coverage(classification_coverage(result.storage, settings))
        self._families = result.families[:SHOWN_FAMILIES]
        self._list.clear()
        with self._list:
            if not self._families:
                ui.label(_("No three in-scope VMs share a naming pattern.")).classes(
                    "text-sm text-slate-500"
                )
            for index, family in enumerate(self._families):
                self._family_row(index, family)

    def _show_coverage(self, coverage: Coverage) -> None:
        self._coverage.set_text(coverage_text(coverage))
        self._warning.visible = coverage.warning is not None
        self._warning_text.set_text(coverage.warning or "")

    def _family_row(self, index: int, family: NameFamily) -> None:
        row = "w-full items-center gap-3 flex-wrap xl:flex-nowrap border-b border-slate-100 pb-2"
        with ui.row().classes(row):  # the class picker goes below the name where room is short
            with ui.column().classes("gap-0 grow min-w-0 w-full xl:w-auto"):
                ui.label(family_title(family)).classes("font-medium text-slate-800").mark(
                    f"family-{index}"
                )
                ui.label(self._family_detail(family)).classes("text-xs text-slate-500")
            picked = (
                ui.select(self._classes, label=_("Class"), with_input=True)
                .props("outlined dense")
                .classes("w-64")
                .mark(f"family-class-{index}")
            )
            ui.button(
                _("Make rule"),
                icon="rule",
                on_click=lambda: self._apply(family, picked.value),
            ).props("no-caps unelevated").classes("shrink-0 whitespace-nowrap").mark(
                f"family-apply-{index}"
            )

    def _family_detail(self, family: NameFamily) -> str:
        shown = list(family.classes.items())[:SHOWN_CLASSES]
        now = ", ".join(f"{vocab.class_label(c)} {format_number(n)}" for c, n in shown)
        if len(family.classes) > SHOWN_CLASSES:
            now += " " + _("and {count} more", count=len(family.classes) - SHOWN_CLASSES)
        return _(
            "{capacity} · now: {classes} · e.g. {examples}",
            capacity=widgets.capacity(family.logical_mib),
            classes=now,
            examples=", ".join(family.examples),
        )

    async def _apply(self, family: NameFamily, class_id: Any) -> None:
        if class_id not in self._classes:
            ui.notify(_("Pick the class this family's VMs should get."), type="warning")
            return
        rule = family.as_rule(str(class_id))
        number = len(store.get_state().settings.rules) + 1

        def edit(data: dict[str, Any]) -> None:
            data["rules"].append(rule.model_dump())

        applied = await self._change(edit)
        with self._list:  # the clicked row was redrawn: notify from an element that remains
            if applied:
                ui.notify(
                    ngettext(
                        "Your rule {rule} gives {number} VM the class {name}.",
                        "Your rule {rule} gives {number} VMs the class {name}.",
                        family.vm_count,
                        rule=number,
                        number=format_number(family.vm_count),
                        name=self._classes[rule.class_id],
                    ),
                    type="positive",
                )


def coverage_text(coverage: Coverage) -> str:
    """'Unknown workload: 480 of 532 in-scope VMs, 93% of in-scope capacity (DRR 4.00:1).'"""
    return _(
        "Unknown workload: {unknown} of {total} in-scope VMs, {share} of in-scope capacity "
        "(sized with DRR {drr}).",
        unknown=format_number(coverage.unknown_vm_count),
        total=format_number(coverage.in_scope_vm_count),
        share=percent(coverage.unknown_share),
        drr=ratio(coverage.unknown_drr),
    )


def family_title(family: NameFamily) -> str:
    """'VM name starts with PHCMA · 193 VMs'."""
    vms = ngettext(
        "{number} VM", "{number} VMs", family.vm_count, number=format_number(family.vm_count)
    )
    return _(
        "{field} {kind} {pattern} · {vms}",
        field=vocab.rule_field_label("name"),
        kind=vocab.rule_kind_label(family.kind),
        pattern=family.pattern,
        vms=vms,
    )
