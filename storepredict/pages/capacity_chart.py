"""The capacity waterfall chart (classify and report pages): logical -> required, one factor a step.

Draws the pipeline's own `storage.waterfall` (one capacity model), never a second computation:
each bar is the capacity after a step, labelled with that step's factor.
"""

from __future__ import annotations

from typing import Any

from nicegui import ui

from ..i18n import _, format_number
from ..pipeline import mib_per_unit
from ..pipeline.sizing import StorageResult
from ..vocabulary import capacity, factor_label, unit_label, waterfall_step_label
from . import design, store


def waterfall_options(storage: StorageResult) -> dict[str, Any]:
    """ECharts options: a bar per waterfall step, its capacity and (after the first) its factor."""
    unit = store.get_unit()
    per_unit = mib_per_unit(unit)
    shown = unit_label(unit)
    steps = storage.waterfall
    bars = []
    for index, step in enumerate(steps):
        value = round(step.mib / per_unit, 3)
        if index == 0:
            colour, text = design.MUTED, f"{format_number(value, 2)} {shown}"
        else:
            last = index == len(steps) - 1
            grows = step.factor >= 1
            colour = design.BRAND if last else (design.INCREASE if grows else design.DECREASE)
            text = f"{factor_label(step.factor)}\n{format_number(value, 2)} {shown}"
        bars.append(
            {
                "value": value,
                "name": _(step.label),
                "itemStyle": {"color": colour},
                "label": {"formatter": text},
            }
        )
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}: {c} " + shown},
        "grid": {"left": 8, "right": 16, "top": 48, "bottom": 8, "containLabel": True},
        "xAxis": {
            "type": "category",
            "data": [waterfall_step_label(step.step) for step in steps],
            "axisLabel": {"interval": 0, "width": 90, "overflow": "break"},
        },
        "yAxis": {"type": "value", "name": shown},
        "series": [
            {
                "name": _("Capacity"),
                "type": "bar",
                "label": {"show": True, "position": "top"},
                "data": bars,
            }
        ],
    }


class WaterfallChart:
    """The waterfall chart (marked 'waterfall') with each step's full label and factor below it."""

    def __init__(self, storage: StorageResult) -> None:
        self._chart = ui.echart(waterfall_options(storage)).classes("w-full h-80")
        self._chart.mark("waterfall").props('data-testid="capacity-waterfall"')
        self._steps = ui.column().classes("w-full gap-0 text-sm text-slate-600")
        self._list(storage)

    def refresh(self, storage: StorageResult) -> None:
        """Redraw for a new sizing."""
        self._chart.options.clear()
        self._chart.options.update(waterfall_options(storage))
        self._chart.update()
        self._list(storage)

    def _list(self, storage: StorageResult) -> None:
        self._steps.clear()
        with self._steps:
            for line in waterfall_steps(storage):
                ui.label(line).mark("waterfall-step")


def waterfall_steps(storage: StorageResult) -> list[str]:
    """Each step's full label, capacity and (after the first) factor, as a line of text."""
    unit = store.get_unit()
    return [
        f"{_(step.label)}: {capacity(step.mib, unit)}"
        + ("" if index == 0 else f" ({factor_label(step.factor)})")
        for index, step in enumerate(storage.waterfall)
    ]
