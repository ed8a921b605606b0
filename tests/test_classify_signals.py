"""Weaker signals and the confidence of every classification: rule, signal or default."""

from __future__ import annotations

from pathlib import Path

from storepredict.pipeline.classify.classification import Classification
from storepredict.pipeline.classify.engine import classify_vms
from storepredict.pipeline.inventory import VM
from storepredict.pipeline.session.open import open_files

W10 = "Microsoft Windows 10 (64-bit)"
DB_PROFILE = {
    "peak_iops": 2400.0,
    "avg_iops": 800.0,
    "avg_mbps": 6.25,  # 6.25 MB/s over 800 IOs/s: 8 KiB per IO
    "peak_read_iops": 600.0,
    "peak_write_iops": 1800.0,
}


def one(name: str, **fields: object) -> Classification:
    return classify_vms([VM(vm_id="x", name=name, source="t", **fields)])["x"]


def test_confidence_is_rule_for_names_and_declared_roles_signal_for_weaker_fields() -> None:
    assert one("PRD-SQL01").confidence == "rule"
    assert one("X1", custom_attributes={"Role": "SQL Server"}).confidence == "rule"
    assert one("X1", folder="/Databases/Oracle").confidence == "signal"
    assert one("X1", annotation="Oracle Database 19c").confidence == "signal"
    desktop = one("X1", os=W10)
    assert (desktop.class_ids, desktop.confidence) == (["vdi_full_clone"], "signal")
    nothing = one("X1")
    assert (nothing.class_ids, nothing.reason, nothing.confidence) == (
        ["unknown"],
        "no rule matched",
        "default",
    )


def test_a_database_like_performance_profile_is_a_signal_and_a_name_still_wins() -> None:
    found = one("PHCLU386", **DB_PROFILE)
    assert (found.class_ids, found.rule_id, found.confidence) == (
        ["db_generic"],
        "sig-perf-db",
        "signal",
    )
    assert found.reason == (
        "signal sig-perf-db: performance profile of small 8 KiB IOs, 75% writes, "
        "peak 2,400 IOPS (database-like)"
    )
    assert one("web01", **DB_PROFILE).class_ids == ["web_no_content"]
    assert one("X1", **{**DB_PROFILE, "peak_iops": 400.0}).class_ids == ["unknown"]
    assert one("X1", **{**DB_PROFILE, "avg_mbps": 25.0}).class_ids == ["unknown"]  # 32 KiB
    assert one("X1", **{**DB_PROFILE, "peak_write_iops": 500.0}).class_ids == ["unknown"]


def test_schema_1_classifications_restore_with_a_confidence() -> None:
    saved = {"class_ids": ["db_oracle"], "rule_id": "db-ora-01", "reason": "rule db-ora-01: x"}
    assert Classification.model_validate(saved).confidence == "rule"
    default = {"class_ids": ["unknown"], "rule_id": None, "reason": "no rule matched"}
    assert Classification.model_validate(default).confidence == "default"


def test_the_real_liveoptics_export_has_database_like_vms(samples_dir: Path) -> None:
    path = samples_dir / "liveoptics-2022-595vms.xlsx"
    state = open_files([(path.name, path.read_bytes())]).state
    assert state.inventory is not None
    signalled = [
        vm for vm in state.inventory.vms if state.classifications[vm.vm_id].rule_id == "sig-perf-db"
    ]
    assert len(signalled) == 42
    for vm in signalled:
        assert vm.avg_iops and vm.avg_mbps and vm.peak_iops
        assert vm.avg_mbps * 1024 / vm.avg_iops <= 16
        assert vm.peak_iops >= 500
        assert (vm.peak_write_iops or 0) >= (vm.peak_read_iops or 0)
    confidences = {c.confidence for c in state.classifications.values()}
    assert confidences == {"rule", "signal", "default"}


def test_folder_rules_read_the_resource_pool_path_too() -> None:
    pooled = one("X1", resource_pool="/dc1/Cluster1/Resources/Oracle-RAC")
    assert (pooled.class_ids, pooled.reason, pooled.confidence) == (
        ["db_oracle"],
        "rule fld-05: folder or resource pool contains Oracle",
        "signal",
    )


def test_rvtools_resource_pools_are_read(samples_dir: Path) -> None:
    path = samples_dir / "rvtools-4.4.3-124vms.xlsx"
    state = open_files([(path.name, path.read_bytes())]).state
    assert state.inventory is not None
    pools = {vm.name: vm.resource_pool for vm in state.inventory.vms}
    assert pools["Vertical00-plesk"] == (
        "/pcc-92-222-223-54_datacenter3405/Cluster1/Resources/Plesks-ISPCONFIG"
    )
    assert sum(pool is not None for pool in pools.values()) == 124
