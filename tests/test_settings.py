"""SizingSettings: defaults from the domain facts, validation errors that name the key."""

from __future__ import annotations

import pytest

from storepredict.pipeline.errors import SettingsError
from storepredict.pipeline.settings import TIB_MIB, SizingSettings, load_settings


def test_defaults_match_the_domain_facts() -> None:
    settings = SizingSettings()
    assert settings.basis == "in_use"
    assert settings.profile == "per_class"
    assert (settings.snapshot_reserve, settings.annual_growth, settings.years) == (0.15, 0.10, 3)
    assert settings.max_fill == 0.80
    assert settings.growth_factor == pytest.approx(1.331)
    assert settings.scope.include_powered_off is False
    assert settings.scope.include_suspended is True
    assert settings.scope.include_templates is False
    assert settings.layout.datastore_size_mib == 4 * TIB_MIB
    assert (settings.layout.max_vms_per_datastore, settings.layout.iops_budget) == (25, 100_000)
    assert settings.layout.fill_limit == 0.80
    assert (settings.compute.vcpu_per_core, settings.compute.ha_spares) == (4.0, 1)


def test_settings_are_frozen() -> None:
    settings = SizingSettings()
    with pytest.raises(Exception, match="frozen"):
        settings.basis = "provisioned"  # type: ignore[misc]


def test_load_settings_accepts_nested_keys_and_a_single_class_per_vm() -> None:
    settings = load_settings(
        {
            "basis": "provisioned",
            "scope": {"clusters": ["PROD"], "include_templates": True},
            "vm_class_overrides": {"vm-1": "db_sql_server"},
            "class_drr_overrides": {"general_vm": 3},
            "layout": {"max_vms_per_datastore": 20},
        }
    )
    assert settings.scope.clusters == ["PROD"]
    assert settings.vm_class_overrides == {"vm-1": ["db_sql_server"]}
    assert settings.class_drr_overrides == {"general_vm": 3.0}
    assert settings.layout.max_vms_per_datastore == 20


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"colour": 1}, "Unknown setting 'colour': remove it or check its spelling."),
        ({"scope": {"clusterz": []}}, "Unknown setting 'scope.clusterz': remove it or check"),
        ({"basis": "thick"}, "Invalid setting 'basis': Input should be 'in_use', 'provisioned'"),
        ({"max_fill": 1.5}, "Invalid setting 'max_fill': Input should be less than or equal to 1."),
        (
            {"class_drr_overrides": {"general_vm": 0}},
            "Invalid setting 'class_drr_overrides.general_vm': a DRR must be a number above 0 "
            "and at most 100, got 0.0.",
        ),
        (
            {"vm_drr_overrides": {"vm-1": -2}},
            "Invalid setting 'vm_drr_overrides.vm-1': a DRR must be a number above 0 and at most "
            "100, got -2.0.",
        ),
        (
            {"vm_drr_overrides": {"vm-1": float("nan")}},
            "Invalid setting 'vm_drr_overrides.vm-1': a DRR must be a number above 0 and at most "
            "100, got nan.",
        ),
        (
            {"class_drr_overrides": {"general_vm": 101}},
            "Invalid setting 'class_drr_overrides.general_vm': a DRR must be a number above 0 "
            "and at most 100, got 101.0.",
        ),
        ([], "Settings must be a JSON object with keys such as 'scope' and 'basis'."),
    ],
)
def test_bad_settings_name_the_key(data: object, message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(data)
    assert str(caught.value).startswith(message)
