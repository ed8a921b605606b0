"""`inspect --json` and `size --json` carry one `health` entry per check, also when ok."""

from __future__ import annotations

import json
from pathlib import Path

from storepredict.cli import main
from storepredict.pipeline.health import all_checks
from tests.health_workbooks import rvtools_estate

KEYS = {"code", "category", "severity", "title", "status", "count", "reclaimable_mib", "vms"}


def _json(capsys, *args: str) -> dict:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_inspect_and_size_json_list_every_check(capsys, tmp_path: Path) -> None:
    path = tmp_path / "estate.xlsx"
    path.write_bytes(rvtools_estate())
    inspected = _json(capsys, "inspect", str(path), "--json")
    sized = _json(capsys, "size", str(path), "--json")
    for document in (inspected, sized):
        health = document["health"]
        assert [entry["code"] for entry in health] == [check.code for check in all_checks()]
        assert all(set(entry) == KEYS for entry in health)
    by_code = {entry["code"]: entry for entry in inspected["health"]}
    assert by_code["powered_off_vms"] == {
        "code": "powered_off_vms",
        "category": "waste",
        "severity": "info",
        "title": "Powered-off VMs",
        "status": "flagged",
        "count": 1,
        "reclaimable_mib": 30720.0,
        "vms": ["old01"],
    }
    assert by_code["idle_vms"]["status"] == "not_assessable"
    assert by_code["duplicate_vm_names"]["status"] == "ok"
    assert sized["health"] == inspected["health"]
    assert sized["reclaimable"] == {
        "by_reason_mib": {
            "Snapshots older than 3 days": 51400.0,
            "Possible zombie VMDK files": 10240.0,
            "Powered-off VMs": 30720.0,
            "Templates": 10240.0,
        },
        "total_mib": 102600.0,
        "excluded_from_sizing": {
            "exclude_powered_off_whole_export": False,
            "exclude_old_snapshots": False,
        },
    }


def test_size_honours_the_reclaim_setting(capsys, tmp_path: Path) -> None:
    path = tmp_path / "estate.xlsx"
    path.write_bytes(rvtools_estate())
    settings = tmp_path / "settings.json"
    settings.write_text(
        json.dumps(
            {
                "scope": {"include_powered_off": True},
                "reclaim": {"exclude_powered_off_whole_export": True},
            }
        )
    )
    sized = _json(capsys, "size", str(path), "--json", "--settings", str(settings))
    excluded = {entry["name"]: entry["reason"] for entry in sized["scope"]["excluded"]}
    assert excluded["old01"] == "powered off for the whole export"
    assert sized["reclaimable"]["excluded_from_sizing"]["exclude_powered_off_whole_export"]


def test_inspect_text_has_a_health_line(capsys, tmp_path: Path) -> None:
    path = tmp_path / "estate.xlsx"
    path.write_bytes(rvtools_estate())
    assert main(["inspect", str(path)]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == ("health: 40 checks flagged, 15 ok, 2 not assessable; reclaimable 0.10 TiB")
