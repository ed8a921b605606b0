"""Per-core licence counts of the current and the proposed hosts (every CPU counts >= 16 cores)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from storepredict.cli import main
from storepredict.pipeline.inventory import VM
from storepredict.pipeline.settings import ComputeSettings, CustomHost
from storepredict.pipeline.sizing.compute import size_compute


def test_licensing_on_the_233_vm_sample(capsys, samples_dir: Path) -> None:
    path = samples_dir / "rvtools-4.7.1-233vms.xlsx"
    sheet = openpyxl.load_workbook(path, read_only=True)["vHost"]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() for h in next(rows)]
    cpus, per_cpu = header.index("# CPU"), header.index("Cores per CPU")
    raw = sum(r[cpus] * max(16, r[per_cpu]) for r in rows if r[0])
    assert main(["size", str(path), "--json"]) == 0
    compute = json.loads(capsys.readouterr().out)["compute"]
    licensing = compute["licensing"]
    # Today: 2 hosts of 2 x 12 cores count 2 x 16 each, 6 hosts of 2 x 16 cores: 256 cores.
    assert licensing["current_cores"] == raw == 256
    assert licensing["current_hosts"] == 8
    # Proposed: 631 vCPU x 1.331 / (64 cores x 4 x 0.8) = 4.10 -> 5 hosts for CPU;
    # 2,861,408 MiB x 1.331 / (1,048,576 MiB x 0.8) = 4.54 -> 5 for memory; + 1 HA spare = 6
    # Dell R760 hosts of 2 x 32 cores: 6 x 64 = 384 licence cores.
    assert (compute["hosts_cpu"], compute["hosts_memory"], compute["hosts"]) == (5, 5, 6)
    assert licensing["proposed_hosts"] == 6
    assert licensing["proposed_cores_per_host"] == 64
    assert licensing["proposed_cores"] == 384


def test_a_small_cpu_counts_16_cores() -> None:
    small = CustomHost(sockets=2, cores_per_socket=8, ghz=3.0, ram_gib=256)
    settings = ComputeSettings(custom_host=small, ha_spares=0, min_hosts_per_cluster=1)
    vms = [VM(vm_id="a", name="a", source="t", vcpu=8, memory_mib=1024)]
    result = size_compute(vms, settings, 0.0, 0)
    assert result.hosts == 1
    assert result.licensing.proposed_cores_per_host == 32  # 2 x max(16, 8)
    assert result.licensing.proposed_cores == 32
    assert (result.licensing.current_hosts, result.licensing.current_cores) == (0, 0)
