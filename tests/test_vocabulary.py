"""Every enumerated value of the pipeline has a readable label in the shared vocabulary."""

from __future__ import annotations

import re
from typing import get_args

import pytest

from storepredict import vocabulary as vocab
from storepredict.pipeline.classify.catalogue import CATEGORIES, load_catalogue
from storepredict.pipeline.inventory import SourceFormat
from storepredict.pipeline.settings import CapacityBasis, DrrProfile, Scenario, Strategy
from storepredict.pipeline.sizing.hosts import load_presets
from storepredict.pipeline.sizing.sites import Binding
from storepredict.pipeline.units import CapacityUnit

RAW_KEY = re.compile(r"^[a-z]+(_[a-z0-9]+)+$")


@pytest.mark.parametrize(
    ("values", "render"),
    [
        (get_args(Strategy), vocab.strategy_label),
        (get_args(Strategy), vocab.STRATEGY_BLURBS.__getitem__),
        (get_args(Scenario), vocab.scenario_label),
        (get_args(Binding), vocab.binding_label),
        (get_args(DrrProfile), vocab.profile_label),
        (get_args(CapacityBasis), vocab.basis_label),
        (get_args(SourceFormat), vocab.format_label),
        (get_args(CapacityUnit), vocab.UNIT_LABELS.__getitem__),
        (CATEGORIES, vocab.category_label),
        (tuple(load_catalogue()), vocab.class_label),
    ],
)
def test_every_value_renders_as_words(values: tuple[str, ...], render) -> None:
    for value in values:
        label = render(value)
        assert (label and label != value) or value in {"TiB", "TB"}
        assert not RAW_KEY.match(label), (value, label)


def test_class_label_is_the_catalogue_name() -> None:
    assert vocab.class_label("db_oracle") == "Oracle Database"


def test_host_label_reads_as_one_line() -> None:
    host = next(h for h in load_presets() if h.id == "dell-r760-2x-xeon-gold-6430")
    assert vocab.host_label(host) == (
        "Dell PowerEdge R760 · 2x Xeon Gold 6430 · 64 cores · 2.1 GHz · 1024 GiB"
    )


@pytest.mark.parametrize(
    ("render", "expected"),
    [
        (lambda: vocab.ratio(2.5), "2.50:1"),
        (lambda: vocab.ratio(None), "—"),
        (lambda: vocab.percent(0.8), "80 %"),
        (lambda: vocab.percent(0.125, 1), "12.5 %"),
        (lambda: vocab.capacity(1024 * 1024 * 1.5, "TiB"), "1.50 TiB"),
        (lambda: vocab.capacity(None, "TB"), "—"),
        (lambda: vocab.spares_label(1), "N+1"),
        (lambda: vocab.plural(1, "HA spare"), "1 HA spare"),
        (lambda: vocab.plural(2, "HA spare"), "2 HA spares"),
        (lambda: vocab.plural(1200, "datastore"), "1,200 datastores"),
    ],
)
def test_formats(render, expected: str) -> None:
    assert render() == expected


def test_report_words_for_power_severity_exclusion_binding_and_deciders() -> None:
    from storepredict.pipeline.classify.scope import EXCLUSION_REASONS
    from storepredict.pipeline.inventory import PowerState

    assert [vocab.power_label(p) for p in get_args(PowerState)] == [
        "Powered on", "Powered off", "Suspended", "Unknown"
    ]  # fmt: skip
    assert (vocab.severity_label("info"), vocab.severity_label("warning")) == ("Info", "Warning")
    assert vocab.exclusion_label("powered off") == "Powered off"
    assert all(not RAW_KEY.match(vocab.exclusion_label(r)) for r in EXCLUSION_REASONS)
    assert [vocab.binding_words(b) for b in get_args(Binding)] == [
        "CPU", "memory", "the minimum hosts per cluster", "nothing (no VMs in scope)"
    ]  # fmt: skip
    assert (vocab.decided_by("manual override"), vocab.decided_by("rule x: a")) == (
        "Engineer", "Rule"
    )  # fmt: skip


def test_waterfall_steps_demand_bases_and_capacity_kinds_render_as_words() -> None:
    from storepredict.pipeline.sizing.demand import DemandBasis
    from storepredict.pipeline.sizing.waterfall import WaterfallStepId

    for step in get_args(WaterfallStepId):
        label = vocab.waterfall_step_label(step)
        assert label and label != step and not RAW_KEY.match(label)
    for basis in get_args(DemandBasis):
        label = vocab.demand_basis_label(basis)
        assert label and label != basis and not RAW_KEY.match(label)
    assert vocab.demand_basis_label(None) == "Allocations (vCPU and vRAM of the VMs)"
    assert vocab.waterfall_step_label("required") == "Required (physical)"
    assert vocab.PHYSICAL == "physical, after data reduction"
    assert vocab.LOGICAL_VMFS == "logical VMFS"
    assert vocab.factor_label(1.1**3) == "× 1.331"
    assert (vocab.gib(1024 * 1024), vocab.gib(None)) == ("1,024 GiB", "—")
