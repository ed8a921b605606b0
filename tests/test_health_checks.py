"""Every health check on small factory workbooks with a known answer."""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from storepredict.pipeline.health import HealthReport, all_checks, run_checks
from storepredict.pipeline.inventory import Inventory
from storepredict.pipeline.readers.liveoptics.workbook import read_liveoptics
from storepredict.pipeline.readers.rvtools.workbook import read_rvtools
from storepredict.pipeline.settings import SizingSettings
from tests.health_workbooks import liveoptics_estate, rvtools_estate

TODAY = date(2026, 12, 6)


@cache
def estate() -> Inventory:
    return read_rvtools(rvtools_estate(), "estate.xlsx")


def report(inventory: Inventory | None = None, **settings: object) -> HealthReport:
    return run_checks(inventory or estate(), SizingSettings.model_validate(settings), TODAY)


# code: (objects flagged, in evidence order; reclaimable MiB)
FLAGGED: dict[str, tuple[list[str], float]] = {
    "snapshot_old": (["db01: before-upgrade", "web01: s1", "web01: s2"], 51400.0),
    "snapshot_large": (["db01"], 0.0),
    "snapshot_chain": (["web01"], 0.0),
    "no_backup_marker": (["web01"], 0.0),
    "zombie_vmdk": (["[ds1] gone/gone.vmdk", "[ds1] gone2/gone2.vmdk"], 10240.0),
    "zombie_vm": (["[ds1] gone/gone.vmx"], 0.0),
    "powered_off_vms": (["old01"], 30720.0),
    "templates": (["tmpl01"], 10240.0),
    "eager_zeroed_thick": (["app01: Hard disk 1"], 0.0),
    "oversized_vms": (["db01"], 0.0),
    "rdm_disks": (["db01: Hard disk 1"], 0.0),
    "shared_disks": (["db01: Hard disk 1", "web01: Hard disk 1"], 0.0),
    "independent_disks": (["db01: Hard disk 1"], 0.0),
    "cdrom_connected": (["app01"], 0.0),
    "guest_disk_full": (["app01: C:\\"], 0.0),
    "vm_larger_than_host": (["db01", "big02"], 0.0),
    "tools_not_running": (["db01"], 0.0),
    "tools_not_installed": (["big02"], 0.0),
    "tools_out_of_date": (["web01"], 0.0),
    "old_hw_version": (["old01", "web01"], 0.0),
    "cpu_limit": (["db01"], 0.0),
    "memory_limit": (["web01"], 0.0),
    "cpu_reservation": (["app01"], 0.0),
    "memory_reservation": (["db01"], 0.0),
    "cpu_hot_add": (["app01"], 0.0),
    "memory_hot_add": (["web01"], 0.0),
    "esxi_end_of_support": (["h1", "h2"], 0.0),
    "vcenter_end_of_support": (["vc1"], 0.0),
    "old_cpu_generation": (["h1"], 0.0),
    "datastore_full": (["ds1"], 0.0),
    "vcpu_core_ratio": (["C2"], 0.0),
    "ha_capacity": (["C2"], 0.0),
    "ha_disabled": (["C2"], 0.0),
    "mixed_esxi_versions": (["C1"], 0.0),
    "license_overused": (["vSphere 7 Enterprise Plus"], 0.0),
    "license_cpu_shortfall": (["vSphere CPU licences"], 0.0),
    "license_expiring": (["vCenter Server 6 Standard"], 0.0),
    "license_evaluation": (["Evaluation Mode"], 0.0),
    "license_core_minimum": (["h3"], 0.0),
    "vpartition_missing": (["export"], 0.0),
}


def test_there_are_at_least_30_checks_with_unique_codes() -> None:
    codes = [check.code for check in all_checks()]
    assert len(codes) == len(set(codes))
    assert len([c for c in all_checks() if c.category != "data_quality"]) >= 30
    assert {c.category for c in all_checks()} == {
        "protection", "waste", "risk", "platform", "licensing", "data_quality",
    }  # fmt: skip


@pytest.mark.parametrize("code", sorted(FLAGGED))
def test_each_check_flags_the_known_objects(code: str) -> None:
    result = report().result(code)
    objects, reclaimable = FLAGGED[code]
    assert result.status == "flagged"
    assert [row.object for row in result.evidence] == objects
    assert result.count == len(objects)
    assert result.reclaimable_mib == pytest.approx(reclaimable)


def test_every_other_check_is_ok_or_needs_performance_data() -> None:
    others = {r.code: r.status for r in report().results if r.code not in FLAGGED}
    assert others.pop("idle_vms") == "not_assessable"
    assert others.pop("local_spinning_disks") == "not_assessable"  # LiveOptics only
    assert set(others.values()) == {"ok"}


def test_evidence_names_vms_and_details() -> None:
    result = report().result("vm_larger_than_host")
    assert result.vms == ["db01", "big02"]
    assert [row.detail for row in result.evidence] == [
        "64 vCPU > 32 cores",
        "80 vCPU > 16 cores; 40 GiB > 32 GiB RAM",
    ]
    old = report().result("snapshot_old")
    assert [row.detail for row in old.evidence] == ["40 days old", "9 days old", "5 days old"]
    assert report().result("esxi_end_of_support").evidence[1].detail == (
        "ESXi 7.0: general support ended 2025-10-02"
    )


def test_reclaimable_total_by_reason() -> None:
    assert report().reclaimable_by_reason == {
        "Snapshots older than 3 days": 51400.0,
        "Possible zombie VMDK files": 10240.0,
        "Powered-off VMs": 30720.0,
        "Templates": 10240.0,
    }
    assert report().reclaimable_mib == 102600.0


def test_thresholds_follow_settings() -> None:
    assert report(profile="flat_1").result("eager_zeroed_thick").status == "ok"
    ratio = report(compute={"vcpu_per_core": 1.0}).result("vcpu_core_ratio")
    assert [row.object for row in ratio.evidence] == ["C1", "C2"]
    assert report(inventory=None).result("esxi_end_of_support").count == 2
    early = run_checks(estate(), SizingSettings(), date(2025, 6, 10))
    assert [row.object for row in early.result("esxi_end_of_support").evidence] == ["h1"]


SHEET_OF = {
    "snapshot_old": "the export has no vSnapshot sheet",
    "zombie_vmdk": "the export has no vHealth sheet",
    "rdm_disks": "the export has no vDisk sheet",
    "cdrom_connected": "the export has no vCD sheet",
    "tools_not_running": "the export has no vTools sheet",
    "cpu_limit": "the export has no vCPU sheet",
    "memory_hot_add": "the export has no vMemory sheet",
    "datastore_full": "the export has no vDatastore sheet",
    "vcenter_end_of_support": "the export has no vSource sheet",
    "ha_disabled": "the export has no vCluster sheet",
    "license_overused": "the export has no vLicense sheet",
    "esxi_end_of_support": "the export has no vHost / ESX Hosts sheet",
    "vm_larger_than_host": "the export has no host cores or memory per cluster (vHost)",
    "license_evaluation": "the export has no vLicense or ESX Licenses sheet",
    "no_backup_marker": "the export has no backup custom attribute (e.g. Last Backup)",
}


def test_missing_sheets_make_checks_not_assessable_naming_the_sheet() -> None:
    bare = {name: None for name in ("vSnapshot", "vTools", "vDisk", "vCD", "vCPU", "vMemory")}
    bare |= {name: None for name in ("vHealth", "vFileInfo", "vDatastore", "vHost", "vCluster")}
    bare |= {"vSource": None, "vLicense": None}
    inventory = read_rvtools(rvtools_estate(**bare), "bare.xlsx")
    # and no backup attribute either
    inventory = inventory.model_copy(
        update={"vms": [vm.model_copy(update={"custom_attributes": {}}) for vm in inventory.vms]}
    )
    results = {r.code: r for r in report(inventory).results}
    for code, missing in SHEET_OF.items():
        assert (results[code].status, results[code].missing) == ("not_assessable", missing), code
    assert results["vhost_missing"].status == "flagged"


def test_a_missing_column_is_named() -> None:
    disks = [["VM", "Disk", "Capacity MiB", "Raw", *["VM UUID", "VI SDK Server"]]]
    inventory = read_rvtools(rvtools_estate(vDisk=disks), "cols.xlsx")
    results = report(inventory)
    assert results.result("shared_disks").missing == "vDisk has no Sharing mode column"
    assert results.result("eager_zeroed_thick").missing == (
        "vDisk has no Eagerly Scrub, Thin column"
    )
    assert results.result("rdm_disks").status == "ok"


def test_liveoptics_host_sheets_and_idle_vms() -> None:
    inventory = read_liveoptics(liveoptics_estate(), "lo.xlsx")
    results = report(inventory)
    assert [r.object for r in results.result("idle_vms").evidence] == ["idle01"]
    assert [r.object for r in results.result("esxi_end_of_support").evidence] == ["esx01"]
    assert [r.object for r in results.result("old_cpu_generation").evidence] == ["esx01"]
    assert [r.object for r in results.result("license_evaluation").evidence] == ["esx01"]
    assert [r.object for r in results.result("license_core_minimum").evidence] == ["esx01"]
    assert inventory.extras is not None and inventory.extras.host_disks is not None
    assert inventory.extras.host_disks.capacity_mib == [763097.0, 1144641.0]
    local = results.result("local_spinning_disks")
    assert [(r.object, r.mib) for r in local.evidence] == [("esx01", 1144641.0)]
    assert results.result("tools_not_running").missing == "the export has no vTools sheet"


def test_reader_findings_become_data_quality_checks_with_the_same_codes() -> None:
    inventory = estate()
    codes = {f.code for f in inventory.findings}
    flagged = {r.code for r in report().results if r.category == "data_quality"}
    flagged &= {r.code for r in report().results if r.status == "flagged"}
    assert codes == flagged == {"vpartition_missing"}


def test_docs_list_every_check() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "health.md").read_text()
    assert [c.code for c in all_checks() if f"`{c.code}`" not in text] == []


def test_labels_of_categories_severities_and_statuses() -> None:
    from storepredict import vocabulary as vocab
    from storepredict.pipeline.health import CATEGORIES, SEVERITIES

    assert [vocab.health_category_label(c) for c in CATEGORIES][-1] == "Data quality"
    assert [vocab.severity_label(s) for s in SEVERITIES] == ["Critical", "Warning", "Info"]
    assert vocab.health_status_label("not_assessable") == "Not assessable"


def test_a_dual_inventory_keeps_rvtools_sheets_and_adds_liveoptics_host_sheets() -> None:
    from storepredict.pipeline.readers.merge import merge_inventories

    dual = merge_inventories(estate(), read_liveoptics(liveoptics_estate(), "lo.xlsx"))
    assert dual.extras is not None and estate().extras is not None
    assert dual.extras.hosts == estate().extras.hosts
    assert dual.extras.host_licenses is not None
    assert dual.extras.host_licenses.title == ["Evaluation Mode"]
    results = report(dual)
    assert [r.object for r in results.result("license_evaluation").evidence] == [
        "Evaluation Mode",
        "esx01",
    ]


def test_a_hostile_session_value_is_ignored_not_raised() -> None:
    extras = estate().extras
    assert extras is not None and extras.snapshots is not None
    snapshots = extras.snapshots.model_copy(update={"created": ["garbage", None, "2", "", "x"]})
    inventory = estate().model_copy(
        update={"extras": extras.model_copy(update={"snapshots": snapshots})}
    )
    assert report(inventory).result("snapshot_old").status == "ok"


def test_evidence_details_are_words_not_export_values() -> None:
    details = {
        code: [row.detail for row in report().result(code).evidence]
        for code in ("shared_disks", "independent_disks", "tools_not_running")
    }
    assert details == {
        "shared_disks": ["multi-writer sharing", "shared SCSI bus (physical)"],
        "independent_disks": ["independent persistent"],
        "tools_not_running": ["VMware Tools not running (version 12421)"],
    }


def test_a_damaged_extra_sheet_costs_only_its_checks() -> None:
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(rvtools_estate()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as damaged:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet3.xml":  # vTools
                data = data[: len(data) // 2]
            damaged.writestr(item, data)
    inventory = read_rvtools(buffer.getvalue(), "damaged.xlsx")
    assert len(inventory.vms) == len(estate().vms)
    results = report(inventory)
    assert results.result("tools_not_running").missing == "the export has no vTools sheet"
    assert results.result("rdm_disks").status == "flagged"
