"""Scope selection (reasons and their order) and the capacity basis of a VM."""

from __future__ import annotations

import pytest

from storepredict.pipeline.classify.scope import (
    EXCLUSION_REASONS,
    ScopeResult,
    apply_scope,
    basis_capacity,
    basis_missing,
)
from storepredict.pipeline.inventory import VM, Inventory, SourceInfo
from storepredict.pipeline.settings import ScopeSettings


def vm(vm_id: str, **fields: object) -> VM:
    values: dict[str, object] = {"power_state": "on", "datacenter": "DC1", "cluster": "Prod"}
    values.update(fields)
    return VM(vm_id=vm_id, name=f"name-{vm_id}", source="test", **values)


def inventory(*vms: VM) -> Inventory:
    return Inventory(
        format="rvtools",
        sources=[SourceInfo(file_name="x.xlsx", format="rvtools")],
        vms=list(vms),
    )


ESTATE = inventory(
    vm("on"),
    vm("off", power_state="off"),
    vm("susp", power_state="suspended"),
    vm("tmpl", power_state="off", is_template=True),
    vm("vcls", is_system=True, power_state="on"),
    vm("srm", is_srm_placeholder=True, power_state="off"),
    vm("dc2", datacenter="DC2"),
    vm("dev", cluster="Dev"),
    vm("nocluster", cluster=None),
    vm("unknown-power", power_state="unknown"),
)


def test_defaults_exclude_powered_off_templates_and_system_vms() -> None:
    result = apply_scope(ESTATE, ScopeSettings())
    assert result == ScopeResult(
        in_scope=["on", "susp", "dc2", "dev", "nocluster", "unknown-power"],
        excluded={
            "off": "powered off",
            "tmpl": "template",
            "vcls": "vCLS system VM",
            "srm": "SRM placeholder",
        },
        always_excluded=["vcls", "srm"],
    )


def test_every_toggle_and_selection_gives_its_reason() -> None:
    scope = ScopeSettings(
        include_powered_off=True,
        include_suspended=False,
        include_templates=True,
        datacenters=["DC1"],
        clusters=["Prod"],
        ignored_vm_ids=["on"],
    )
    result = apply_scope(ESTATE, scope)
    assert result.in_scope == ["off", "tmpl", "unknown-power"]
    assert result.excluded == {
        "on": "ignored",
        "susp": "suspended",
        "vcls": "vCLS system VM",
        "srm": "SRM placeholder",
        "dc2": "datacenter not selected",
        "dev": "cluster not selected",
        "nocluster": "cluster not selected",
    }
    assert result.always_excluded == ["vcls", "srm"]


def test_reasons_follow_the_documented_order() -> None:
    assert EXCLUSION_REASONS == (
        "vCLS system VM",
        "SRM placeholder",
        "template",
        "powered off",
        "suspended",
        "datacenter not selected",
        "cluster not selected",
        "vCenter not selected",
        "ignored",
        "powered off for the whole export",
    )
    everything_wrong = vm(
        "x",
        is_srm_placeholder=True,
        is_template=True,
        power_state="off",
        datacenter="DC9",
        cluster="Lab",
    )
    ignored = ["x"]
    steps = [
        (ScopeSettings(ignored_vm_ids=ignored), "SRM placeholder"),
        (ScopeSettings(ignored_vm_ids=ignored, datacenters=["DC1"]), "SRM placeholder"),
    ]
    for scope, reason in steps:
        assert apply_scope(inventory(everything_wrong), scope).excluded == {"x": reason}
    plain = everything_wrong.model_copy(update={"is_srm_placeholder": False})
    stopped = plain.model_copy(update={"is_template": False})
    assert apply_scope(inventory(stopped), ScopeSettings()).excluded == {"x": "powered off"}
    ladder = [
        (ScopeSettings(ignored_vm_ids=ignored, datacenters=["DC1"], clusters=["Prod"]), "template"),
        # An included template skips the power toggle (templates are always off).
        (
            ScopeSettings(
                include_templates=True, ignored_vm_ids=ignored, datacenters=["DC1"], clusters=[]
            ),
            "datacenter not selected",
        ),
        (
            ScopeSettings(ignored_vm_ids=ignored, clusters=[]).model_copy(
                update={"include_templates": False, "include_powered_off": True}
            ),
            "template",
        ),
        (
            ScopeSettings(
                include_templates=True,
                include_powered_off=True,
                ignored_vm_ids=ignored,
                datacenters=["DC1"],
                clusters=[],
            ),
            "datacenter not selected",
        ),
        (
            ScopeSettings(
                include_templates=True,
                include_powered_off=True,
                ignored_vm_ids=ignored,
                clusters=[],
            ),
            "cluster not selected",
        ),
        (
            ScopeSettings(
                include_templates=True,
                include_powered_off=True,
                ignored_vm_ids=ignored,
                vcenters=["vc-other"],
            ),
            "vCenter not selected",
        ),
        (
            ScopeSettings(include_templates=True, include_powered_off=True, ignored_vm_ids=ignored),
            "ignored",
        ),
    ]
    for scope, reason in ladder:
        assert apply_scope(inventory(plain), scope).excluded == {"x": reason}
    everything_on = ScopeSettings(include_templates=True, include_powered_off=True)
    assert apply_scope(inventory(plain), everything_on).in_scope == ["x"]


def test_system_vms_and_placeholders_stay_out_whatever_is_included() -> None:
    scope = ScopeSettings(include_powered_off=True, include_templates=True)
    result = apply_scope(ESTATE, scope)
    assert result.excluded == {"vcls": "vCLS system VM", "srm": "SRM placeholder"}
    assert len(result.in_scope) == 8


def test_empty_selections_select_nothing() -> None:
    result = apply_scope(ESTATE, ScopeSettings(datacenters=[]))
    assert result.in_scope == []
    assert result.excluded["on"] == "datacenter not selected"


MACHINE = vm("m", provisioned_mib=1000.0, in_use_mib=600.0, guest_used_mib=450.0)
NO_GUEST = vm("n", provisioned_mib=1000.0, in_use_mib=600.0)
NOTHING = vm("z")


@pytest.mark.parametrize(
    ("machine", "basis", "expected", "missing"),
    [
        (MACHINE, "in_use", (600.0, False), False),
        (MACHINE, "provisioned", (1000.0, False), False),
        (MACHINE, "guest_used", (450.0, False), False),
        (NO_GUEST, "guest_used", (600.0, True), False),
        (NO_GUEST, "in_use", (600.0, False), False),
        (NOTHING, "in_use", (0.0, False), True),
        (NOTHING, "provisioned", (0.0, False), True),
        (NOTHING, "guest_used", (0.0, True), True),
    ],
)
def test_basis_capacity_and_the_guest_fallback(
    machine: VM, basis: str, expected: tuple[float, bool], missing: bool
) -> None:
    assert basis_capacity(machine, basis) == expected
    assert basis_missing(machine, basis) is missing


def test_included_templates_count_although_they_are_powered_off() -> None:
    template = VM(vm_id="t", name="tpl", power_state="off", is_template=True, source="x")
    stopped = VM(vm_id="o", name="old", power_state="off", source="x")
    inventory = Inventory(format="rvtools", sources=[], vms=[template, stopped])
    result = apply_scope(inventory, ScopeSettings(include_templates=True))
    assert result.in_scope == ["t"]
    assert result.excluded == {"o": "powered off"}
