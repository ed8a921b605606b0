"""Demand-based compute on coincident host peaks, scaled to the in-scope share, or on VM peaks.

Default host: Dell R760, 2 x 32 cores x 2.1 GHz = 134.4 GHz, x 0.8 = 107.52 GHz usable;
1,024 GiB x 0.8 = 819.2 GiB.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storepredict.pipeline.inventory import VM, Host
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.settings import ComputeSettings, CustomHost, SizingSettings
from storepredict.pipeline.sizing.compute import size_compute
from storepredict.pipeline.sizing.run import size_session

GIB = 1024


def host(name: str, cluster: str, ghz: float | None, memory_gib: float | None) -> Host:
    memory = None if memory_gib is None else memory_gib * GIB
    return Host(name=name, cluster=cluster, peak_cpu_ghz=ghz, peak_memory_mib=memory)


def vm(name: str, on: str, ghz: float | None, memory_gib: float | None, vcpu: int = 8) -> VM:
    """A VM of 8 vCPU and 256 GiB on a host, with its own peaks (None: no performance row)."""
    memory = None if memory_gib is None else memory_gib * GIB
    return VM(
        vm_id=name,
        name=name,
        source="test",
        host=on,
        vcpu=vcpu,
        memory_mib=256 * GIB,
        peak_cpu_ghz=ghz,
        peak_memory_mib=memory,
    )


HOSTS = [host("h1", "A", 150.0, 600), host("h2", "A", 90.0, 400), host("h3", "B", None, None)]
# Cluster A: four VMs whose own peaks add up to 400 GHz and 800 GiB; the hosts peaked at
# 240 GHz and 1,000 GiB together.
CLUSTER_A = [vm("a1", "h1", 200, 200), vm("a2", "h1", 100, 200), vm("a3", "h2", 60, 200)]
CLUSTER_A += [vm("a4", "h2", 40, 200)]


def test_host_peaks_scaled_to_the_in_scope_share_by_hand() -> None:
    scoped = CLUSTER_A[:2]  # 300 of 400 GHz (75 %), 400 of 800 GiB (50 %)
    result = size_compute(scoped, ComputeSettings(), 0.0, 0, everyone=CLUSTER_A, hosts=HOSTS)
    based = result.demand_based
    assert based is not None
    assert based.basis == "host_peaks"
    assert based.peak_cpu_ghz == pytest.approx(240 * 0.75)  # 180 GHz
    assert based.peak_memory_mib == pytest.approx(1000 * GIB * 0.5)  # 500 GiB
    assert based.vm_peak_sum_cpu_ghz == 300
    assert based.hosts_cpu == 2  # ceil(180 / 107.52) = ceil(1.67)
    assert based.hosts_memory == 1  # ceil(500 / 819.2)
    assert based.hosts == 3  # 2 + 1 HA spare


def test_without_host_peaks_vm_peaks_count_times_the_concurrency() -> None:
    vms = [vm(f"b{i}", "h3", 10.0, 16) for i in range(10)]  # cluster B has no host peaks
    settings = ComputeSettings(peak_concurrency=0.6)
    based = size_compute(vms, settings, 0.0, 0, everyone=vms, hosts=HOSTS).demand_based
    assert based is not None
    assert based.basis == "vm_peaks"
    assert based.concurrency == 0.6
    assert based.peak_cpu_ghz == pytest.approx(100 * 0.6)
    assert based.peak_memory_mib == pytest.approx(160 * GIB * 0.6)


def test_mixed_clusters_and_vms_without_peaks() -> None:
    # All of cluster A (240 GHz), a cluster-B VM at 10 GHz (concurrency 1), and a VM without
    # peaks on cluster A that counts 8 vCPU / 4 x 2.1 GHz = 4.2 GHz and 256 GiB.
    extra = vm("b1", "h3", 10.0, 16)
    quiet = vm("a5", "h1", None, None)
    scoped = [*CLUSTER_A, quiet, extra]
    based = size_compute(
        scoped, ComputeSettings(), 0.0, 0, everyone=scoped, hosts=HOSTS
    ).demand_based
    assert based is not None
    assert based.basis == "mixed"
    assert based.vms_on_host_peaks == 5
    assert based.peak_cpu_ghz == pytest.approx(240 + 4.2 + 10)
    assert based.peak_memory_mib == pytest.approx((1000 + 256 + 16) * GIB)
    assert based.capped_clusters == []


def test_host_peaks_above_the_vms_own_peaks_are_capped_and_reported() -> None:
    # Only a1 (200 GHz, 200 GiB peaks, 256 GiB vRAM) of cluster A is in the export, yet the hosts
    # peaked at 240 GHz and 1,000 GiB: CPU counts 200 GHz, memory max(200, 256) = 256 GiB.
    only = [CLUSTER_A[0]]
    result = size_compute(only, ComputeSettings(), 0.0, 0, everyone=only, hosts=HOSTS)
    based = result.demand_based
    assert based is not None
    assert (based.basis, based.capped_clusters) == ("host_peaks", ["A"])
    assert based.peak_cpu_ghz == pytest.approx(200)
    assert based.peak_memory_mib == pytest.approx(256 * GIB)
    [finding] = [w for w in result.warnings if w.code == "compute_host_peaks_capped"]
    assert (finding.severity, finding.rows) == ("info", ["A"])
    assert finding.message == (
        "In 1 cluster(s) the hosts' CPU peaked above the sum of their VMs' own peaks in the "
        "export (the export may miss VMs of those hosts): the VMs' own peaks count there instead."
    )


def test_the_trimmed_6_vm_sample_is_capped_to_its_vms(samples_dir: Path) -> None:
    # 6 VMs kept of 595, but ESX Performance still holds the 5 hosts' full peaks (531.8 GHz).
    path = samples_dir / "liveoptics-2022-6vms.xlsx"
    state, _, _ = open_files([(path.name, path.read_bytes())])
    based = size_session(state).compute.demand_based
    assert based is not None
    assert based.capped_clusters == ["zColo_06", "zColo_08"]
    assert based.peak_cpu_ghz == pytest.approx(based.vm_peak_sum_cpu_ghz) == pytest.approx(75.47)


def sized(samples_dir: Path, settings: SizingSettings):
    path = samples_dir / "liveoptics-2022-595vms.xlsx"
    state, _, _ = open_files([(path.name, path.read_bytes())])
    return size_session(state.model_copy(update={"settings": settings}))


def test_595_vm_sample_sizes_on_the_hosts_coincident_peaks(samples_dir: Path) -> None:
    # The 17 hosts peaked at 1,962.43 GHz of 2,162.4 GHz installed; the 532 in-scope VMs carry
    # all but 0.07 GHz of the VMs' peaks. Their own peaks add up to 4,021.81 GHz (51 hosts).
    result = sized(samples_dir, SizingSettings())
    based = result.compute.demand_based
    assert based is not None
    assert based.basis == "host_peaks"
    assert based.vms_on_host_peaks == based.vm_count == 532
    assert result.current.peak_cpu_ghz == pytest.approx(1962.43)
    assert based.peak_cpu_ghz == pytest.approx(1962.37, abs=0.01)
    assert based.vm_peak_sum_cpu_ghz == pytest.approx(4021.81)
    assert based.capped_clusters == []
    # x 1.331 growth = 2,611.9 GHz / 107.52 GHz = 24.3 -> 25 hosts + 1 HA spare = 26.
    assert (based.hosts_cpu, based.hosts) == (25, 26)
    # Today, without growth: 1,962.37 / 107.52 = 18.25 -> 19 + 1 = 20 R760s (2,162 GHz installed
    # is 16.1 R760s of 134.4 GHz; the estate peaks at 91 % of it).
    today = sized(samples_dir, SizingSettings(years=0)).compute.demand_based
    assert today is not None
    assert (today.hosts_cpu, today.hosts) == (19, 20)


def test_595_vm_sample_on_todays_host_model_needs_no_more_than_today(samples_dir: Path) -> None:
    # Today's larger hosts: 2 x 28 cores x 2.7 GHz = 151.2 GHz, run to 100 %, no spare, no
    # growth: 1,962.37 / 151.2 = 12.98 -> 13 hosts; today 11 of them and 6 smaller ones run it.
    r740 = CustomHost(name="R740xd", sockets=2, cores_per_socket=28, ghz=2.7, ram_gib=768)
    compute = ComputeSettings(custom_host=r740, max_cpu_util=1, max_memory_util=1, ha_spares=0)
    based = sized(samples_dir, SizingSettings(years=0, compute=compute)).compute.demand_based
    assert based is not None
    assert based.hosts == based.hosts_cpu == 13
    assert based.hosts < 17
