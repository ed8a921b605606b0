"""The console script: JSON contracts of inspect/size, session archives, reports, bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from storepredict.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "storepredict" / "data" / "sample-rvtools.xlsx"
VM_FIELDS = {
    "vm_id", "name", "power_state", "is_template", "is_srm_placeholder", "is_system", "vcpu",
    "memory_mib", "provisioned_mib", "in_use_mib", "disk_capacity_mib", "disk_capacities_mib",
    "guest_capacity_mib", "guest_used_mib", "os", "os_tools", "datacenter", "cluster", "host",
    "folder", "annotation", "custom_attributes", "vcenter", "uuid", "bios_uuid", "source",
    "peak_iops", "avg_iops", "peak_read_iops", "peak_write_iops", "avg_read_iops",
    "avg_write_iops", "peak_mbps", "avg_mbps", "peak_latency_ms", "peak_cpu_ghz", "avg_cpu_ghz",
    "peak_memory_mib", "io_classification", "resource_pool", "export_date", "other_sources",
}  # fmt: skip


def run(capsys, *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit status, stdout, stderr)."""
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def raw_vinfo_totals(path: Path) -> tuple[int, float, float]:
    """VM count and provisioned / in-use MiB straight from the vInfo sheet."""
    sheet = openpyxl.load_workbook(path, read_only=True)["vInfo"]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() for h in next(rows)]
    prov, used = header.index("Provisioned MiB"), header.index("In Use MiB")
    data = [row for row in rows if row[0]]
    return len(data), sum(r[prov] for r in data), sum(r[used] for r in data)


def test_inspect_json_contract_on_a_real_export(capsys, samples_dir: Path) -> None:
    path = samples_dir / "rvtools-4.7.1-233vms.xlsx"
    status, out, err = run(capsys, "inspect", str(path), "--json")
    assert (status, err) == (0, "")
    document = json.loads(out)
    count, provisioned, in_use = raw_vinfo_totals(path)
    assert document["format"] == "rvtools"
    assert document["vm_count"] == len(document["vms"]) == count == 233
    assert set(document["vms"][0]) == VM_FIELDS
    assert document["totals"]["provisioned_mib"] == pytest.approx(provisioned)
    assert document["totals"]["in_use_mib"] == pytest.approx(in_use)
    assert set(document["totals"]) == {
        "provisioned_mib", "in_use_mib", "guest_used_mib", "vcpu", "memory_mib"
    }  # fmt: skip
    assert len(document["hosts"]) == 8
    assert {f["code"] for f in document["findings"]} >= {"no_guest_partitions"}


def test_inspect_text_summary(capsys) -> None:
    status, out, _ = run(capsys, "inspect", str(SAMPLE))
    assert status == 0
    assert out.splitlines()[:3] == [
        "format: rvtools",
        "source: sample-rvtools.xlsx (rvtools 4.7.1.4)",
        "VMs: 298  hosts: 19",
    ]


def test_dual_source_inspect(capsys, samples_dir: Path) -> None:
    rvtools = samples_dir / "rvtools-4.7.1-233vms.xlsx"
    liveoptics = samples_dir / "liveoptics-2022-6vms.xlsx"
    status, out, _ = run(capsys, "inspect", str(rvtools), str(liveoptics), "--json")
    document = json.loads(out)
    assert (status, document["format"], document["vm_count"]) == (0, "dual", 233)
    assert {"dual_matched", "dual_unmatched_rvtools"} <= {f["code"] for f in document["findings"]}


def test_size_json_contract(capsys) -> None:
    status, out, err = run(capsys, "size", str(SAMPLE), "--json")
    assert (status, err) == (0, "")
    document = json.loads(out)
    total = document["storage"]["total"]
    assert set(total) == {"vm_count", "logical_mib", "reduced_mib", "effective_drr", "required_mib"}
    assert total["vm_count"] == document["scope"]["in_scope"] == 279
    assert len(document["scope"]["excluded"]) == 19
    assert {"template", "powered off", "vCLS system VM"} == {
        e["reason"] for e in document["scope"]["excluded"]
    }
    assert sum(row["vm_count"] for row in document["storage"]["by_class"]) == 279
    assert total["required_mib"] == pytest.approx(
        total["reduced_mib"] * 1.15 * 1.1**3 / 0.8, rel=1e-12
    )
    vm = document["vms"][0]
    assert set(vm) >= {
        "vm_id", "name", "class", "category", "reason", "drr", "basis_mib", "in_scope",
        "exclusion_reason",
    }  # fmt: skip
    assert len(document["vms"]) == 298
    layout = document["layout"]
    assert set(layout["strategies"]) == {"consolidation", "performance", "uniform"}
    assert layout["chosen"] == "consolidation"
    for strategy in layout["strategies"].values():
        assert set(strategy) >= {"count", "lower_bound", "total_capacity_mib", "datastores"}
        assert set(strategy["datastores"][0]) >= {
            "name",
            "size_mib",
            "used_mib",
            "vm_ids",
            "oversized",
        }
        assert strategy["count"] >= strategy["lower_bound"]
        placed = [vm_id for ds in strategy["datastores"] for vm_id in ds["vm_ids"]]
        assert len(placed) == len(set(placed)) == 279
    compute = document["compute"]
    assert set(compute) >= {
        "hosts",
        "binding",
        "hosts_cpu",
        "hosts_memory",
        "by_cluster",
        "scenario",
    }
    assert compute["scenario"] == "single"


def test_size_settings_file_changes_the_result_and_bad_keys_are_named(
    capsys, tmp_path: Path
) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"profile": "flat_1", "scope": {"include_templates": True}}))
    status, out, _ = run(capsys, "size", str(SAMPLE), "--json", "--settings", str(settings))
    document = json.loads(out)
    total = document["storage"]["total"]
    assert status == 0
    assert total["vm_count"] == 283  # the 4 templates join the 279
    assert total["effective_drr"] == pytest.approx(1.0)
    settings.write_text(json.dumps({"scope": {"include_templatez": True}}))
    status, out, err = run(capsys, "size", str(SAMPLE), "--settings", str(settings))
    assert (status, out) == (2, "")
    assert err == (
        "error: Unknown setting 'scope.include_templatez': remove it or check its spelling.\n"
    )


def test_save_session_then_size_and_inspect_the_archive_print_the_same(
    capsys, tmp_path: Path
) -> None:
    archive = tmp_path / "s.storepredict.zip"
    settings = tmp_path / "settings.json"
    settings.write_text(
        json.dumps({"basis": "provisioned", "layout": {"max_vms_per_datastore": 10}})
    )
    status, before, _ = run(
        capsys, "size", str(SAMPLE), "--json", "--settings", str(settings),
        "--save-session", str(archive),
    )  # fmt: skip
    assert status == 0 and archive.stat().st_size > 0
    status, after, _ = run(capsys, "size", str(archive), "--json")
    assert status == 0
    assert json.loads(after) == json.loads(before)
    _, inspected_export, _ = run(capsys, "inspect", str(SAMPLE), "--json")
    _, inspected_archive, _ = run(capsys, "inspect", str(archive), "--json")
    assert json.loads(inspected_archive) == json.loads(inspected_export)


def test_report_writes_both_files(capsys, tmp_path: Path) -> None:
    xlsx, pdf = tmp_path / "r.xlsx", tmp_path / "r.pdf"
    status, _, err = run(capsys, "report", str(SAMPLE), "--xlsx", str(xlsx), "--pdf", str(pdf))
    assert (status, err) == (0, "")
    assert xlsx.read_bytes()[:2] == b"PK"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    status, _, err = run(capsys, "report", str(SAMPLE))
    assert status == 2
    assert err == (
        "error: Nothing to write: give --xlsx OUT.xlsx, --pdf OUT.pdf and/or --pptx OUT.pptx.\n"
    )


def test_bad_input_exits_2_with_one_line(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "notes.xlsx"
    bad.write_bytes(b"just some text")
    status, out, err = run(capsys, "inspect", str(bad))
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("error: notes.xlsx ")
    status, _, err = run(capsys, "inspect", str(tmp_path / "missing.xlsx"))
    assert status == 2
    assert (
        err
        == "error: cannot access "
        + str(tmp_path / "missing.xlsx")
        + ": No such file or directory\n"
    )


def test_unknown_host_preset_in_settings_is_named(capsys, tmp_path: Path) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"compute": {"host_preset": "no-such-server"}}))
    status, _, err = run(capsys, "size", str(SAMPLE), "--settings", str(settings))
    assert status == 2
    assert err.startswith("error: ") and "no-such-server" in err and err.count("\n") == 1


def test_a_setting_out_of_range_is_refused_with_its_range(capsys, tmp_path: Path) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"snapshot_reserve": 6}))
    status, out, err = run(capsys, "size", str(SAMPLE), "--settings", str(settings))
    assert (status, out) == (2, "")
    assert err == "error: Snapshot reserve must be between 0 % and 500 %; 600 % was given.\n"


def test_size_text_shows_the_model_the_current_estate_and_licences(capsys) -> None:
    status, out, _ = run(capsys, "size", str(SAMPLE))
    assert status == 0
    lines = out.splitlines()
    start = lines.index("capacity model (required is physical, after data reduction):")
    steps = lines[start + 1 : start + 6]
    assert steps[0].startswith("  Logical capacity (in use): ")
    assert steps[-1].startswith("  Required at a maximum fill of 80 %: ")
    assert any(line.startswith("current: 19 hosts, ") for line in lines)
    assert any(line.startswith("licence cores: ") for line in lines)


def test_serve_on_a_network_address_without_access_control_is_refused(
    capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STOREPREDICT_ACCESS_TOKEN", raising=False)
    status, out, err = run(capsys, "serve", "--host", "0.0.0.0", "--port", "1")
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("error: refusing to listen on 0.0.0.0 without access control")


def test_the_headless_size_path_never_imports_nicegui(samples_dir: Path) -> None:
    sample = samples_dir / "rvtools-4.7.1-19vms.xlsx"
    code = (
        "import io, sys, contextlib\n"
        "import storepredict.cli, storepredict.commands\n"
        "from storepredict.pipeline.sizing.run import size_session\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    status = storepredict.cli.main(['size', '--json', {str(sample)!r}])\n"
        "print(status, 'nicegui' in sys.modules, 'fastapi' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "0 False False\n"


def test_json_output_is_utf8_and_survives_a_lone_surrogate() -> None:
    from storepredict.commands import dump_json

    out = io.StringIO()
    dump_json({"name": "caf\u00e9", "n": 1.5}, out)
    assert out.getvalue() == '{\n  "name": "caf\u00e9",\n  "n": 1.5\n}\n'
    out = io.StringIO()
    dump_json({"name": "bad\ud800"}, out)
    assert json.loads(out.getvalue()) == {"name": "bad\ud800"}
