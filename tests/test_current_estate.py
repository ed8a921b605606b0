"""The current estate beside the proposal, checked against an independent reading of the sheets."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from storepredict.cli import main
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.settings import ScopeSettings, SizingSettings
from storepredict.pipeline.sizing.current import CurrentEstate, current_estate, licence_cores
from storepredict.pipeline.sizing.run import size_session

RVTOOLS = (
    "rvtools-4.7.1-233vms.xlsx",
    "rvtools-4.7.1-19vms.xlsx",
    "rvtools-4.4.3-124vms.xlsx",
    "rvtools-3x-131vms.xlsx",
    "rvtools-4.0.7-1100vms.xlsx",
)


def sheet_rows(path: Path, names: tuple[str, ...]) -> list[dict[str, object]]:
    """Rows of the first sheet found, as dicts keyed by trimmed header, without blank names."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = next(book[n] for n in book.sheetnames if n.lower() in names)
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows)]
    return [dict(zip(header, row, strict=False)) for row in rows]


def estate_of(path: Path, scope: ScopeSettings | None = None) -> CurrentEstate:
    state, _, _ = open_files([(path.name, path.read_bytes())])
    assert state.inventory is not None
    inventory = state.inventory
    return current_estate(inventory.hosts, inventory.vms, scope or ScopeSettings())


@pytest.mark.parametrize("name", RVTOOLS)
def test_rvtools_current_estate_matches_vhost(samples_dir: Path, name: str) -> None:
    path = samples_dir / name
    hosts = [r for r in sheet_rows(path, ("vhost", "tabvhost")) if r["Host"]]
    estate = estate_of(path)
    assert estate.hosts == len(hosts)
    assert estate.sockets == sum(r["# CPU"] for r in hosts)
    assert estate.cores == sum(r["# Cores"] for r in hosts)
    assert estate.memory_mib == sum(r["# Memory"] for r in hosts)
    expected_licence = sum(r["# CPU"] * max(16, r["Cores per CPU"]) for r in hosts)
    assert estate.licence_cores == expected_licence
    assert sum(c.hosts for c in estate.clusters) == estate.hosts
    if name != "rvtools-4.0.7-1100vms.xlsx":  # its host names are partly sanitised
        assert estate.vms == sum(r["# VMs"] for r in hosts)
        assert estate.vcpu == sum(r["# vCPUs"] for r in hosts)
        assert estate.vram_mib == sum(r["vRAM"] for r in hosts)
        assert estate.vcpu_per_core == pytest.approx(estate.vcpu / estate.cores)


def test_233_vm_sample_in_figures(samples_dir: Path) -> None:
    estate = estate_of(samples_dir / "rvtools-4.7.1-233vms.xlsx")
    # 8 hosts: 2 x 2 x 12 cores and 6 x 2 x 16 cores; 211 running VMs with 636 vCPU.
    assert (estate.hosts, estate.sockets, estate.cores, estate.vms, estate.vcpu) == (
        8,
        16,
        240,
        211,
        636,
    )
    assert estate.vcpu_per_core == pytest.approx(2.65)
    assert estate.licence_cores == 2 * 2 * 16 + 6 * 2 * 16 == 256
    assert [(c.cluster, c.hosts, c.cores, c.vms, c.vcpu) for c in estate.clusters] == [
        ("ClusterHPG10+", 6, 192, 188, 573),
        ("ClusterHPG9 - DMZ", 2, 48, 23, 63),
    ]
    assert estate.clusters[1].vms_per_host == 11.5


def test_a_cluster_selection_keeps_only_its_hosts(samples_dir: Path) -> None:
    path = samples_dir / "rvtools-4.7.1-233vms.xlsx"
    hosts = [r for r in sheet_rows(path, ("vhost",)) if r["Cluster"] == "ClusterHPG10+"]
    estate = estate_of(path, ScopeSettings(clusters=["ClusterHPG10+"]))
    assert (estate.hosts, estate.sockets, estate.cores) == (6, 12, 192)
    assert estate.memory_mib == sum(r["# Memory"] for r in hosts) == 6 * 1_048_260
    assert estate.vcpu == sum(r["# vCPUs"] for r in hosts) == 573
    assert estate.vcpu_per_core == pytest.approx(573 / 192)
    assert estate.vram_per_ram == pytest.approx(sum(r["vRAM"] for r in hosts) / (6 * 1_048_260))


def test_liveoptics_current_estate_matches_esx_hosts(samples_dir: Path) -> None:
    path = samples_dir / "liveoptics-2022-595vms.xlsx"
    hosts = sheet_rows(path, ("esx hosts",))
    vms = [r for r in sheet_rows(path, ("vms",)) if r["VM Name"]]
    running = [r for r in vms if r["Power State"] == "poweredOn" and r["Template"] != "TRUE"]
    estate = estate_of(path)
    assert estate.hosts == len(hosts) == 17
    assert estate.sockets == sum(r["CPU Sockets"] for r in hosts) == 34
    assert estate.cores == sum(r["CPU Cores"] for r in hosts) == 6 * 32 + 11 * 56 == 808
    assert estate.memory_mib == pytest.approx(sum(r["Memory (KB)"] for r in hosts) / 1024)
    assert estate.cpu_ghz == pytest.approx(sum(r["Net Clock Speed (GHz)"] for r in hosts))
    assert estate.cpu_ghz == pytest.approx(2162.4)
    assert estate.vms == len(running) == 538
    assert estate.vcpu == sum(r["Virtual CPU"] for r in running) == 2150
    assert estate.vcpu_per_core == pytest.approx(2150 / 808)
    # 2 sockets each: 6 hosts of 16 cores per CPU, 11 hosts of 28: max(16, n) changes nothing.
    assert estate.licence_cores == 808
    assert [(c.cluster, c.hosts, c.vms) for c in estate.clusters] == [
        ("zColo_06", 6, 175),
        ("zColo_08", 11, 363),
    ]


def test_licence_cores_count_at_least_16_per_cpu() -> None:
    assert licence_cores(2, 24) == 32  # 12 cores per CPU count as 16
    assert licence_cores(2, 64) == 64
    assert licence_cores(1, 8) == 16
    assert licence_cores(4, 72) == 72  # 18 per CPU
    assert licence_cores(0, 0) == 0


def test_size_json_has_the_current_estate(capsys, samples_dir: Path) -> None:
    path = samples_dir / "rvtools-4.7.1-233vms.xlsx"
    assert main(["size", str(path), "--json"]) == 0
    current = json.loads(capsys.readouterr().out)["current"]
    assert {"hosts", "sockets", "cores", "memory_mib", "vcpu_per_core", "clusters"} <= set(current)
    assert (current["hosts"], current["sockets"], current["cores"]) == (8, 16, 240)
    assert current["memory_mib"] == 7_403_412
    assert {"cluster", "hosts", "cores", "vcpu_per_core"} <= set(current["clusters"][0])


def test_an_estate_without_hosts_has_empty_figures(samples_dir: Path) -> None:
    path = samples_dir / "rvtools-4.7.1-19vms.xlsx"
    state, _, _ = open_files([(path.name, path.read_bytes())])
    assert state.inventory is not None
    bare = state.model_copy(
        update={
            "inventory": state.inventory.model_copy(update={"hosts": []}),
            "settings": SizingSettings(),
        }
    )
    current = size_session(bare).current
    assert (current.hosts, current.cores, current.clusters) == (0, 0, [])
    assert current.vcpu_per_core is None and current.vms_per_host is None


def test_liveoptics_host_peaks_match_esx_performance(samples_dir: Path) -> None:
    path = samples_dir / "liveoptics-2022-595vms.xlsx"
    rows = sheet_rows(path, ("esx performance",))
    estate = estate_of(path)
    assert estate.peak_cpu_ghz == pytest.approx(sum(r["Peak CPU (GHz)"] for r in rows))
    assert estate.peak_cpu_ghz == pytest.approx(1962.43)
    assert estate.peak_memory_mib == sum(r["Peak Memory (MB)"] for r in rows) == 8_881_744
    by_cluster = {c.cluster: c.peak_cpu_ghz for c in estate.clusters}
    zcolo_06 = sum(r["Peak CPU (GHz)"] for r in rows if r["Cluster"] == "zColo_06")
    assert by_cluster["zColo_06"] == pytest.approx(zcolo_06) == pytest.approx(491.55)


def test_rvtools_hosts_have_no_peaks(samples_dir: Path) -> None:
    estate = estate_of(samples_dir / "rvtools-4.7.1-19vms.xlsx")
    assert (estate.peak_cpu_ghz, estate.peak_memory_mib) == (None, None)
