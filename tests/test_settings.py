"""SizingSettings: defaults from the domain facts, validation errors that name the key."""

from __future__ import annotations

import typing

import annotated_types
import pytest
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from storepredict.pipeline.errors import SettingsError
from storepredict.pipeline.settings import LayoutSettings, SizingSettings, load_settings
from storepredict.pipeline.units import TIB_MIB


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
        ({"basis": "thick"}, "Invalid setting 'basis': must be one of: in_use, provisioned"),
        ({"max_fill": 1.5}, "Maximum fill must be above 0 % and at most 100 %; 150 % was given."),
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


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"snapshot_reserve": 6},
            "Snapshot reserve must be between 0 % and 500 %; 600 % was given.",
        ),
        ({"annual_growth": -0.1}, "Annual growth must be between 0 % and 500 %; -10 % was given."),
        ({"years": 25}, "Planning years must be between 0 years and 20 years; 25 years was given."),
        ({"max_fill": 0}, "Maximum fill must be above 0 % and at most 100 %; 0 % was given."),
        (
            {"layout": {"fill_limit": "full"}},
            "VMFS fill limit must be a number above 0 % and at most 100 %; 'full' was given.",
        ),
        (
            {"layout": {"datastore_size_mib": 0}},
            "VMFS datastore size must be above 0 TiB; 0 TiB was given.",
        ),
        (
            {"layout": {"max_vms_per_datastore": 0}},
            "VMs per datastore must be at least 1; 0 was given.",
        ),
        (
            {"compute": {"vcpu_per_core": 40}},
            "vCPU per core must be above 0:1 and at most 32:1; 40:1 was given.",
        ),
        (
            {"compute": {"ha_spares": 1.5}},
            "HA spare hosts must be a whole number between 0 and 2; 1.5 was given.",
        ),
        (
            {"compute": {"stretched_split": 1}},
            "Share of site A must be above 0 % and below 100 %; 100 % was given.",
        ),
        (
            {"compute": {"annual_growth": 6}},
            "Compute annual growth must be between 0 % and 500 %; 600 % was given.",
        ),
        (
            {"compute": {"custom_host": {"sockets": 9}}},
            "CPU sockets must be between 1 and 8; 9 was given.",
        ),
    ],
)
def test_a_setting_out_of_range_is_named_as_a_person_reads_it(data: object, message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(data)
    assert caught.value.message == message


NUMERIC_BOUNDS = (annotated_types.Ge, annotated_types.Gt, annotated_types.Le, annotated_types.Lt)


def walk_fields(model: type[BaseModel], prefix: str = "") -> list[tuple[str, FieldInfo]]:
    found = []
    for name, field in model.model_fields.items():
        found.append((prefix + name, field))
        for inner in (field.annotation, *typing.get_args(field.annotation)):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                found += walk_fields(inner, f"{prefix}{name}.")
    return found


def test_every_assumption_has_a_title_a_description_and_a_unit() -> None:
    for key, field in walk_fields(SizingSettings):
        assert field.title and field.description, key
        if any(isinstance(m, NUMERIC_BOUNDS) for m in field.metadata):  # shown with its unit
            assert isinstance(field.json_schema_extra, dict), key
            assert {"unit", "scale"} <= set(field.json_schema_extra), key


def test_settings_that_shape_only_the_performance_layout_say_so() -> None:
    fields = LayoutSettings.model_fields
    only = [k for k, f in fields.items() if (f.json_schema_extra or {}).get("applies_to")]
    assert only == [
        "isolate_categories",
        "isolate_database_over_mib",
        "anti_affinity",
        "hot_vm_iops",
        "hot_max_vms",
    ]
    for key in only:
        assert fields[key].json_schema_extra["applies_to"] == ["performance"]
        assert "performance strategy only" in fields[key].description
