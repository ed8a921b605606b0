"""The workload class catalogue, platform profiles and DRR resolution."""

from __future__ import annotations

import pytest

from storepredict.pipeline.classify.catalogue import (
    CATEGORIES,
    PROFILES,
    WorkloadClass,
    check_class_settings,
    class_drr,
    load_catalogue,
    parse_catalogue,
    profile_drr,
    resolve_drr,
)
from storepredict.pipeline.errors import SettingsError
from storepredict.pipeline.settings import SizingSettings, load_settings

HEADER = "id,name,category,default_drr,description\n"
BASE_ROWS = (
    "general_vm,General,general_vm,5,OS and binaries\nunknown,Unknown,unknown,4,No rule matched\n"
)


def settings(**values: object) -> SizingSettings:
    return load_settings(values)


def test_shipped_catalogue_covers_every_category_with_the_domain_defaults() -> None:
    catalogue = load_catalogue()
    assert len(catalogue) == 46
    assert {c.category for c in catalogue.values()} == set(CATEGORIES)
    assert len(CATEGORIES) == 15
    defaults = {
        "general_vm": 5.0,
        "db_sql_server": 3.0,
        "db_sql_server_compressed": 2.5,
        "db_sql_server_encrypted": 1.5,
        "db_oracle_compressed": 2.5,
        "db_compressed_encrypted": 1.2,
        "db_postgresql": 1.5,
        "db_mongodb": 1.5,
        "db_db2": 1.5,
        "sap_hana": 2.0,
        "vdi_full_clone": 8.0,
        "vdi_linked_clone": 1.5,
        "vdi_instant_clone": 1.5,
        "vdi_profile": 1.5,
        "file_general": 1.5,
        "archive_compressed": 1.0,
        "archive_encrypted": 1.0,
        "archive_media": 1.0,
        "mail_exchange": 1.6,
        "logging_analytics": 1.5,
        "container_kubernetes": 2.0,
        "container_encrypted": 1.3,
        "backup_appliance": 1.0,
        "boot_os_only": 1.5,
        "web_content": 1.5,
        "web_no_content": 5.0,
        "healthcare_emr": 3.0,
        "unknown": 4.0,
    }
    assert {k: catalogue[k].default_drr for k in defaults} == defaults
    assert catalogue["unknown"].category == "unknown"
    assert catalogue["general_vm"].category == "general_vm"
    assert catalogue["infra_domain_controller"].category == "infrastructure"
    assert list(catalogue)[:2] == ["general_vm", "sap_application"]


def test_load_catalogue_hands_out_a_copy() -> None:
    first = load_catalogue()
    first.pop("unknown")
    assert "unknown" in load_catalogue()


def test_parse_catalogue_reads_rows_in_order() -> None:
    text = HEADER + BASE_ROWS + 'db_x,"Database, X",database,2.5,"Engine X, uncompressed"\n'
    catalogue = parse_catalogue(text)
    assert list(catalogue) == ["general_vm", "unknown", "db_x"]
    assert catalogue["db_x"] == WorkloadClass(
        id="db_x",
        name="Database, X",
        category="database",
        default_drr=2.5,
        description="Engine X, uncompressed",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "id,name,category,description\n",
            "classes.csv lacks the column(s) default_drr: its header must be "
            "id,name,category,default_drr,description.",
        ),
        (
            HEADER + BASE_ROWS + "db_x,X,databases,2,Engine X\n",
            "classes.csv line 4: Invalid workload class column 'category': unknown category "
            "'databases': use one of " + ", ".join(CATEGORIES) + ".",
        ),
        (
            HEADER + BASE_ROWS + "db_x,X,database,0,Engine X\n",
            "classes.csv line 4: Invalid workload class column 'default_drr': a DRR must be a "
            "number above 0 and at most 100, got 0.0.",
        ),
        (
            HEADER + BASE_ROWS + "Db-X,X,database,2,Engine X\n",
            "classes.csv line 4: Invalid workload class column 'id': String should match "
            "pattern '^[a-z][a-z0-9_]*$'.",
        ),
        (
            HEADER + BASE_ROWS + "unknown,Again,unknown,3,Twice\n",
            "classes.csv line 4: workload class id 'unknown' appears twice; give every class "
            "its own id.",
        ),
        (
            HEADER + "general_vm,General,general_vm,5,OS\n",
            "classes.csv must define the class(es) unknown.",
        ),
    ],
)
def test_parse_catalogue_rejects_bad_rows_with_the_line(text: str, message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        parse_catalogue(text, source="classes.csv")
    assert caught.value.message == message


def test_profiles_give_the_class_default_or_a_flat_value() -> None:
    oracle = load_catalogue()["db_oracle"]
    assert PROFILES == ("per_class", "flat_2", "flat_1")
    assert [profile_drr(oracle, p) for p in PROFILES] == [3.0, 2.0, 1.0]
    with pytest.raises(SettingsError) as caught:
        profile_drr(oracle, "flat_3")
    assert caught.value.message == (
        "Unknown DRR profile 'flat_3': use one of per_class, flat_2, flat_1."
    )


def test_vm_override_beats_class_override_beats_profile() -> None:
    catalogue = load_catalogue()
    chosen = settings(
        vm_drr_overrides={"vm-a": 7.5},
        class_drr_overrides={"db_oracle": 2.2},
    )
    assert resolve_drr("vm-a", ["db_oracle"], chosen, catalogue) == 7.5
    assert resolve_drr("vm-b", ["db_oracle"], chosen, catalogue) == 2.2
    assert resolve_drr("vm-b", ["db_sql_server"], chosen, catalogue) == 3.0


def test_several_classes_take_the_lowest_drr() -> None:
    catalogue = load_catalogue()
    plain = settings()
    assert resolve_drr("vm-a", ["vdi_full_clone", "db_sql_server"], plain, catalogue) == 3.0
    assert resolve_drr("vm-a", ["general_vm", "archive_media", "sap_hana"], plain, catalogue) == 1.0
    # A class override can make the other class the lowest one.
    lifted = settings(class_drr_overrides={"db_sql_server": 9.0})
    assert resolve_drr("vm-a", ["vdi_full_clone", "db_sql_server"], lifted, catalogue) == 8.0
    # The VM override wins even over a lower class value.
    pinned = settings(vm_drr_overrides={"vm-a": 6.0})
    assert resolve_drr("vm-a", ["archive_media", "sap_hana"], pinned, catalogue) == 6.0


def test_flat_profiles_apply_to_every_class_but_overrides_still_win() -> None:
    catalogue = load_catalogue()
    flat = settings(profile="flat_2", class_drr_overrides={"archive_media": 1.0})
    assert resolve_drr("v", ["vdi_full_clone"], flat, catalogue) == 2.0
    assert resolve_drr("v", ["unknown"], flat, catalogue) == 2.0
    assert resolve_drr("v", ["vdi_full_clone", "archive_media"], flat, catalogue) == 1.0
    assert class_drr("general_vm", settings(profile="flat_1"), catalogue) == 1.0


def test_resolve_drr_rejects_unknown_or_missing_classes() -> None:
    catalogue = load_catalogue()
    with pytest.raises(SettingsError) as caught:
        resolve_drr("vm-a", ["db_foo"], settings(), catalogue)
    assert caught.value.message == (
        "Unknown workload class 'db_foo': use a workload class id such as general_vm, "
        "sap_application, db_sql_server, db_sql_server_compressed (see the catalogue)."
    )
    with pytest.raises(SettingsError) as caught:
        resolve_drr("vm-a", [], settings(), catalogue)
    assert caught.value.message == "VM vm-a has no workload class: give it at least one."


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, "0.0"), (-1.5, "-1.5"), (float("nan"), "nan"), (100.5, "100.5"), (float("inf"), "inf")],
)
def test_nonsense_drr_values_are_rejected_by_load_settings(value: float, shown: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"class_drr_overrides": {"db_oracle": value}})
    assert caught.value.message == (
        "Invalid setting 'class_drr_overrides.db_oracle': a DRR must be a number above 0 and "
        f"at most 100, got {shown}."
    )
    with pytest.raises(SettingsError) as caught:
        load_settings({"vm_drr_overrides": {"vm-1": value}})
    assert caught.value.message == (
        "Invalid setting 'vm_drr_overrides.vm-1': a DRR must be a number above 0 and "
        f"at most 100, got {shown}."
    )


def test_drr_bounds_are_inclusive_at_100_and_exclusive_at_0() -> None:
    chosen = load_settings({"class_drr_overrides": {"db_oracle": 100, "sap_hana": 0.01}})
    assert chosen.class_drr_overrides == {"db_oracle": 100.0, "sap_hana": 0.01}


def test_check_class_settings_names_the_bad_key() -> None:
    catalogue = load_catalogue()
    check_class_settings(
        settings(class_drr_overrides={"sap_hana": 2.5}, vm_class_overrides={"v": ["sap_hana"]}),
        catalogue,
    )
    with pytest.raises(SettingsError) as caught:
        check_class_settings(settings(class_drr_overrides={"hana": 2.5}), catalogue)
    assert caught.value.message == (
        "Unknown setting 'class_drr_overrides.hana': use a workload class id such as "
        "general_vm, sap_application, db_sql_server, db_sql_server_compressed (see the catalogue)."
    )
    with pytest.raises(SettingsError) as caught:
        check_class_settings(settings(vm_class_overrides={"vm-9": ["sap_hana", "vdi"]}), catalogue)
    assert caught.value.message == (
        "Invalid setting 'vm_class_overrides.vm-9': unknown workload class 'vdi'; use a "
        "workload class id such as general_vm, sap_application, db_sql_server, "
        "db_sql_server_compressed (see the catalogue)."
    )
    with pytest.raises(SettingsError) as caught:
        check_class_settings(settings(vm_class_overrides={"vm-9": []}), catalogue)
    assert caught.value.message == (
        "Invalid setting 'vm_class_overrides.vm-9': list at least one workload class."
    )
