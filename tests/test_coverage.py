"""Classification coverage: unknown VMs, their share of in-scope capacity, the warning, the JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storepredict.cli import main
from storepredict.pipeline.inventory import VM, Inventory, SourceInfo
from storepredict.pipeline.settings import SizingSettings
from storepredict.pipeline.sizing.coverage import classification_coverage
from storepredict.pipeline.sizing.storage import size_storage


def estate() -> Inventory:
    vms = [
        VM(vm_id="a", name="PHCMA01", source="t", power_state="on", in_use_mib=300.0),
        VM(vm_id="b", name="PHCMA02", source="t", power_state="on", in_use_mib=100.0),
        VM(vm_id="c", name="PRD-SQL01", source="t", power_state="on", in_use_mib=600.0),
        VM(vm_id="d", name="PHCMA03", source="t", power_state="off", in_use_mib=5000.0),
    ]
    return Inventory(
        format="rvtools", sources=[SourceInfo(file_name="x.xlsx", format="rvtools")], vms=vms
    )


def test_unknown_share_is_of_in_scope_logical_capacity_with_a_warning_above_the_threshold() -> None:
    settings = SizingSettings()
    coverage = classification_coverage(size_storage(estate(), {}, settings), settings)
    assert (coverage.in_scope_vm_count, coverage.unknown_vm_count) == (3, 2)
    assert (coverage.in_scope_logical_mib, coverage.unknown_logical_mib) == (1000.0, 400.0)
    assert coverage.unknown_share == 0.4
    assert coverage.unknown_drr == 4.0
    assert coverage.warning == (
        "40% of the in-scope capacity (2 of 3 VMs) is sized as Unknown workload with a DRR of "
        "4.00:1: classify those VMs (naming families help) before trusting the figures."
    )
    relaxed = SizingSettings(unknown_warning_share=0.4, class_drr_overrides={"unknown": 2})
    coverage = classification_coverage(size_storage(estate(), {}, relaxed), relaxed)
    assert (coverage.warning, coverage.unknown_drr) == (None, 2.0)


def test_no_capacity_means_no_share() -> None:
    settings = SizingSettings(
        scope={"include_powered_off": False, "ignored_vm_ids": ["a", "b", "c"]}
    )
    coverage = classification_coverage(size_storage(estate(), {}, settings), settings)
    assert (coverage.unknown_vm_count, coverage.unknown_share, coverage.warning) == (0, 0.0, None)


def test_size_json_gains_classification_and_name_families(
    capsys: pytest.CaptureFixture[str], samples_dir: Path
) -> None:
    export = samples_dir / "liveoptics-2022-595vms.xlsx"
    assert main(["size", str(export), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    classification = document["classification"]
    assert classification["unknown_vm_count"] == 474
    assert 0.91 < classification["unknown_share"] < 0.92
    assert classification["warning"].startswith("92% of the in-scope capacity (474 of 532 VMs)")
    first = document["name_families"][0]
    assert set(first) == {"pattern", "kind", "vm_count", "logical_mib", "classes", "examples"}
    assert (first["pattern"], first["kind"], first["vm_count"]) == ("PHCMA", "prefix", 193)
    assert first["classes"] == {
        "unknown": 186, "backup_appliance": 4, "db_generic": 2, "vdi_full_clone": 1
    }  # fmt: skip
    assert {row["confidence"] for row in document["vms"]} <= {"rule", "signal", "default"}
