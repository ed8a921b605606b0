"""Compute sizing: hand-computed host counts for each scenario, per cluster, demand-based, warnings.

Default host unless stated: Dell R760, 2 x 32 cores, 1024 GiB. With the defaults (vCPU:pCore 4,
overcommit 1.0, 80% max utilisation) one host carries 64 x 4 x 0.8 = 204.8 vCPU and
1024 x 0.8 = 819.2 GiB.
"""

from __future__ import annotations

import pytest

from storepredict.pipeline.errors import SettingsError
from storepredict.pipeline.inventory import VM
from storepredict.pipeline.settings import ComputeSettings, CustomHost
from storepredict.pipeline.sizing.compute import size_compute
from storepredict.pipeline.sizing.sites import ceil_hosts

GIB = 1024


def vm(name: str, vcpu: int | None, memory_gib: float | None, **fields) -> VM:
    """An in-scope VM with the given allocation (memory in GiB)."""
    memory = None if memory_gib is None else memory_gib * GIB
    return VM(vm_id=name, name=name, vcpu=vcpu, memory_mib=memory, source="test", **fields)


def estate(cluster_of=lambda i: "C1") -> list[VM]:
    """The docs/sizing.md example: 200 VMs of 5 vCPU and 30 GiB = 1,000 vCPU and 6,000 GiB."""
    return [vm(f"vm{i}", 5, 30, cluster=cluster_of(i)) for i in range(200)]


def test_worked_example_single_site():
    result = size_compute(estate(), ComputeSettings(), 0.10, 3)
    # growth 1.1^3 = 1.331: 1,331 vCPU and 7,986 GiB
    assert result.demand.vcpu == 1000
    assert result.demand.vram_mib == 6000 * GIB
    assert result.demand.growth_factor == pytest.approx(1.331)
    assert result.hosts_cpu == 7  # ceil(1331 / 204.8) = ceil(6.499)
    assert result.hosts_memory == 10  # ceil(7986 / 819.2) = ceil(9.749)
    assert result.binding == "memory"
    assert result.ha_spares == 1
    assert result.hosts == 11  # max(7, 10, 2) + 1
    assert result.cpu_utilisation == pytest.approx(1331 / 2560)  # 10 hosts x 256 vCPU
    assert result.memory_utilisation == pytest.approx(7986 / 10240)  # 10 hosts x 1024 GiB
    assert result.scenario == "single"
    [site] = result.sites
    assert (site.name, site.hosts, site.design_share, site.normal_share) == ("Site A", 11, 1, 1)
    assert site.normal_memory_utilisation == pytest.approx(7986 / 10240)
    assert result.demand_based is None
    assert result.warnings == []


def test_stretched_sizes_each_site_for_the_whole_demand():
    result = size_compute(estate(), ComputeSettings(scenario="stretched"), 0.10, 3)
    site_a, site_b = result.sites
    for site in (site_a, site_b):
        # after losing the other site, one site runs 100%: same 7 / 10 / 11 as single
        assert (site.hosts_cpu, site.hosts_memory, site.hosts, site.ha_spares) == (7, 10, 11, 1)
        assert site.design_share == 1.0
        assert site.memory_utilisation == pytest.approx(7986 / 10240)
        # day to day each site runs half: 3,993 GiB over 10 x 1024 GiB
        assert site.normal_memory_utilisation == pytest.approx(3993 / 10240)
    assert (site_a.name, site_b.name) == ("Site A", "Site B")
    assert (result.hosts, result.hosts_cpu, result.hosts_memory, result.ha_spares) == (
        22,
        14,
        20,
        2,
    )
    assert result.binding == "memory"


def test_stretched_split_changes_normal_load_not_host_counts():
    result = size_compute(
        estate(), ComputeSettings(scenario="stretched", stretched_split=0.7), 0.1, 3
    )
    site_a, site_b = result.sites
    assert (site_a.hosts, site_b.hosts, result.hosts) == (11, 11, 22)
    assert (site_a.normal_share, site_b.normal_share) == pytest.approx((0.7, 0.3))
    # CPU day to day: 1331 x 0.7 = 931.7 and 1331 x 0.3 = 399.3 vCPU over 10 x 256
    assert site_a.normal_cpu_utilisation == pytest.approx(931.7 / 2560)
    assert site_b.normal_cpu_utilisation == pytest.approx(399.3 / 2560)


def test_dr_protecting_everything_doubles_the_single_site():
    result = size_compute(estate(), ComputeSettings(scenario="dr"), 0.10, 3)
    primary, secondary = result.sites
    assert (primary.name, secondary.name) == ("Primary", "Secondary (DR)")
    assert (primary.hosts, secondary.hosts, result.hosts) == (11, 11, 22)
    assert (secondary.design_share, secondary.normal_share) == (1.0, 0.0)
    assert secondary.normal_cpu_utilisation == 0.0


def test_dr_with_half_protected_sizes_the_secondary_for_half():
    result = size_compute(estate(), ComputeSettings(scenario="dr", dr_protected_share=0.5), 0.1, 3)
    primary, secondary = result.sites
    assert primary.hosts == 11
    assert secondary.hosts_cpu == 4  # ceil(665.5 / 204.8) = ceil(3.25)
    assert secondary.hosts_memory == 5  # ceil(3993 / 819.2) = ceil(4.874)
    assert secondary.hosts == 6  # 5 + 1 spare
    assert secondary.binding == "memory"
    assert secondary.memory_utilisation == pytest.approx(3993 / 5120)  # over 5 running hosts
    assert (result.hosts, result.hosts_cpu, result.hosts_memory) == (17, 11, 15)


def test_custom_host_is_cpu_bound():
    # 1 x 16 cores, 512 GiB: 16 x 4 x 0.8 = 51.2 vCPU and 409.6 GiB per host
    settings = ComputeSettings(custom_host=CustomHost(sockets=1, cores_per_socket=16, ram_gib=512))
    result = size_compute([vm("a", 100, 200), vm("b", 100, 200)], settings, 0.0, 3)
    assert result.host.id == "custom"
    assert result.hosts_cpu == 4  # ceil(200 / 51.2) = ceil(3.906)
    assert result.hosts_memory == 1  # ceil(400 / 409.6) = ceil(0.977)
    assert (result.binding, result.hosts) == ("cpu", 5)
    assert result.cpu_utilisation == pytest.approx(200 / 256)  # 4 hosts x 64 vCPU
    assert result.memory_utilisation == pytest.approx(400 / 2048)


def test_ratio_overcommit_and_limits_change_the_per_host_capacity():
    # 8:1 x 64 cores x 0.5 = 256 vCPU per host; 1024 x 1.5 overcommit x 0.9 = 1382.4 GiB per host
    settings = ComputeSettings(
        vcpu_per_core=8, memory_overcommit=1.5, max_cpu_util=0.5, max_memory_util=0.9, ha_spares=2
    )
    result = size_compute(estate(), settings, 0.0, 0)
    assert result.hosts_cpu == 4  # ceil(1000 / 256) = ceil(3.906)
    assert result.hosts_memory == 5  # ceil(6000 / 1382.4) = ceil(4.34)
    assert (result.binding, result.ha_spares, result.hosts) == ("memory", 2, 7)


def test_compute_growth_overrides_the_storage_growth_independently():
    # own growth 0 %: factor 1 whatever the storage years
    flat = size_compute(estate(), ComputeSettings(annual_growth=0.0), 0.10, 3)
    assert (flat.demand.annual_growth, flat.demand.years, flat.demand.growth_factor) == (0, 3, 1)
    assert (flat.hosts_cpu, flat.hosts_memory, flat.hosts) == (5, 8, 9)  # ceil 4.88, ceil 7.32
    # own horizon 1 year with the storage 10 %: 1,100 vCPU and 6,600 GiB
    one_year = size_compute(estate(), ComputeSettings(years=1), 0.10, 3)
    assert one_year.demand.growth_factor == pytest.approx(1.1)
    assert (one_year.hosts_cpu, one_year.hosts_memory) == (6, 9)  # ceil 5.37, ceil 8.06


def test_small_demand_is_bound_by_the_minimum():
    result = size_compute([vm("tiny", 2, 4)], ComputeSettings(ha_spares=0), 0.0, 0)
    assert (result.hosts_cpu, result.hosts_memory) == (1, 1)
    assert (result.binding, result.hosts) == ("minimum", 2)
    assert result.cpu_utilisation == pytest.approx(2 / 512)  # 2 running hosts x 256 vCPU
    three = size_compute([vm("tiny", 2, 4)], ComputeSettings(min_hosts_per_cluster=3), 0.0, 0)
    assert (three.binding, three.hosts) == ("minimum", 4)


def test_cpu_and_memory_tie_reports_cpu_and_exact_needs_are_not_rounded_up():
    # 1,024 vCPU / 204.8 = 5.0 hosts and 4,096 GiB / 819.2 = 5.0 hosts
    result = size_compute([vm("a", 1024, 4096)], ComputeSettings(), 0.0, 0)
    assert (result.hosts_cpu, result.hosts_memory, result.binding, result.hosts) == (5, 5, "cpu", 6)
    assert result.cpu_utilisation == pytest.approx(0.8)


def test_float_noise_does_not_add_a_host():
    # 204,800 vCPU x 1.331 = 272,588.8 = 204.8 x 1,331 exactly, but 1.1 ** 3 = 1.3310000000000004
    assert 204_800 * 1.1**3 / 204.8 > 1331
    result = size_compute([vm("a", 204_800, 1)], ComputeSettings(), 0.10, 3)
    assert result.hosts_cpu == 1331


def test_ceil_hosts_ignores_noise_but_not_real_fractions():
    assert ceil_hosts(2.0000000001) == 2
    assert ceil_hosts(2.000001) == 3
    assert ceil_hosts(0.0) == 0


def test_per_cluster_rows_and_their_sum_differ_from_global():
    vms = estate(cluster_of=lambda i: "C2" if i % 2 else "C1")
    result = size_compute(vms, ComputeSettings(), 0.10, 3)
    assert result.hosts == 11
    rows = [(r.cluster, r.vm_count, r.vcpu, r.vram_mib, r.hosts_cpu, r.hosts_memory, r.hosts)
            for r in result.by_cluster]  # fmt: skip
    # each: 500 vCPU, 3,000 GiB -> ceil(665.5 / 204.8) = 4, ceil(3993 / 819.2) = 5, 5 + 1 = 6
    assert rows == [("C1", 100, 500, 3000 * GIB, 4, 5, 6), ("C2", 100, 500, 3000 * GIB, 4, 5, 6)]
    assert [r.binding for r in result.by_cluster] == ["memory", "memory"]
    assert result.by_cluster_total == 12


def test_per_cluster_rows_apply_the_scenario():
    vms = estate(cluster_of=lambda i: "C2" if i % 2 else "C1")
    result = size_compute(vms, ComputeSettings(scenario="stretched"), 0.10, 3)
    assert [r.hosts for r in result.by_cluster] == [12, 12]  # 6 per site, two sites
    assert (result.hosts, result.by_cluster_total) == (22, 24)


def test_clusters_are_told_apart_by_vcenter_and_datacenter_and_unclustered_vms_grouped():
    vms = [
        vm("a", 4, 8, cluster="Prod", datacenter="DC1", vcenter="vc2"),
        vm("b", 4, 8, cluster="Prod", datacenter="DC1", vcenter="vc1"),
        vm("c", 4, 8, cluster="Prod", datacenter="DC1", vcenter="vc1"),
        vm("d", 4, 8, datacenter="DC1", vcenter="vc1"),
    ]
    result = size_compute(vms, ComputeSettings(), 0.0, 0)
    rows = [(r.vcenter, r.datacenter, r.cluster, r.vm_count) for r in result.by_cluster]
    assert rows == [
        ("vc1", "DC1", "(no cluster)", 1),
        ("vc1", "DC1", "Prod", 2),
        ("vc2", "DC1", "Prod", 1),
    ]
    # every group is minimum-bound: 2 + 1 hosts each
    assert (result.hosts, result.by_cluster_total) == (3, 9)


def test_no_vms_in_scope_sizes_no_hosts_and_says_so():
    result = size_compute([], ComputeSettings(scenario="dr"), 0.10, 3)
    assert (result.hosts, result.hosts_cpu, result.hosts_memory, result.ha_spares) == (0, 0, 0, 0)
    assert result.binding == "none"
    assert (result.sites, result.by_cluster, result.by_cluster_total) == ([], [], 0)
    assert result.demand.vm_count == 0
    assert result.demand_based is None
    [finding] = result.warnings
    assert finding.code == "compute_no_vms"
    assert finding.message == (
        "No VMs are in scope, so no hosts are sized: widen the scope (clusters, powered-off VMs, "
        "templates) to size ESXi hosts."
    )


def test_each_vm_larger_than_a_host_gets_its_own_warning():
    vms = [
        vm("db-huge", 96, 2048),
        vm("mem-hog", 8, 1536.5),
        vm("wide", 72, 16),
        vm("ok", 64, 1024),
    ]
    result = size_compute(vms, ComputeSettings(), 0.0, 0)
    messages = [(f.code, f.message, f.rows) for f in result.warnings]
    tail = (
        "larger than one host (64 physical cores, 1,024 GiB RAM): choose a larger host or "
        "resize the VM."
    )
    assert messages == [
        ("compute_vm_larger_than_host", f"VM db-huge needs 96 vCPU and 2,048 GiB of memory, {tail}",
         ["db-huge"]),
        ("compute_vm_larger_than_host", f"VM mem-hog needs 1,536.5 GiB of memory, {tail}",
         ["mem-hog"]),
        ("compute_vm_larger_than_host", f"VM wide needs 72 vCPU, {tail}", ["wide"]),
    ]  # fmt: skip
    # the huge VMs still count: 240 vCPU / 204.8 -> 2; 4,624.5 GiB / 819.2 -> ceil(5.645) = 6
    assert (result.hosts_cpu, result.hosts_memory, result.hosts) == (2, 6, 7)


def test_vms_without_vcpu_or_memory_are_listed():
    vms = [vm("a", None, 8), vm("b", 4, None), vm("c", None, None), vm("d", 4, 8)]
    result = size_compute(vms, ComputeSettings(), 0.0, 0)
    assert [(f.code, f.message, f.rows) for f in result.warnings] == [
        ("compute_missing_vcpu", "2 in-scope VM(s) have no vCPU count in the export and count "
         "as 0 vCPU: check these VMs in vCenter.", ["a", "c"]),
        ("compute_missing_memory", "2 in-scope VM(s) have no memory size in the export and count "
         "as 0 MiB: check these VMs in vCenter.", ["b", "c"]),
    ]  # fmt: skip
    assert (result.demand.vcpu, result.demand.vram_mib) == (8, 16 * GIB)


def perf_vm(name: str, vcpu: int, memory_gib: float, ghz: float | None, peak_gib: float | None):
    """A VM with LiveOptics peaks (None = no performance row)."""
    peak_mib = None if peak_gib is None else peak_gib * GIB
    return vm(name, vcpu, memory_gib, peak_cpu_ghz=ghz, peak_memory_mib=peak_mib)


def test_demand_based_uses_peak_ghz_and_peak_memory():
    # per host: 64 cores x 2.1 GHz = 134.4 GHz, x 0.8 = 107.52 GHz; 819.2 GiB
    vms = [perf_vm(f"v{i}", 8, 32, 3.0, 8) for i in range(100)]
    result = size_compute(vms, ComputeSettings(), 0.0, 0)
    based = result.demand_based
    assert based is not None
    assert (based.vm_count, based.vms_with_peaks) == (100, 100)
    assert based.peak_cpu_ghz == pytest.approx(300)
    assert based.peak_memory_mib == pytest.approx(800 * GIB)
    assert based.hosts_cpu == 3  # ceil(300 / 107.52) = ceil(2.79)
    assert based.hosts_memory == 1  # ceil(800 / 819.2) = ceil(0.977)
    assert (based.binding, based.hosts) == ("cpu", 4)
    assert based.cpu_utilisation == pytest.approx(300 / 403.2)  # 3 hosts x 134.4 GHz
    # allocation side for comparison: 800 vCPU -> ceil(3.906) = 4; 3,200 GiB -> ceil(3.906) = 4
    assert (result.hosts_cpu, result.hosts_memory, result.hosts) == (4, 4, 5)
    assert result.warnings == []


def test_demand_based_ignores_ratio_and_overcommit_but_follows_growth_and_scenario():
    vms = [perf_vm(f"v{i}", 8, 32, 3.0, 8) for i in range(100)]
    settings = ComputeSettings(vcpu_per_core=1, memory_overcommit=4, scenario="stretched")
    based = size_compute(vms, settings, 0.10, 2).demand_based
    # 300 GHz x 1.21 = 363 GHz -> ceil(363 / 107.52) = ceil(3.376) = 4 per site
    assert [s.hosts_cpu for s in based.sites] == [4, 4]
    assert based.hosts == 10  # (4 + 1) x 2 sites


def test_demand_based_counts_allocation_for_vms_without_peaks():
    # 8 of 10 VMs with peaks (80 %): computed; the 2 others count vCPU / 4 x 2.1 GHz and vRAM
    vms = [perf_vm(f"v{i}", 8, 32, 3.0, 8) for i in range(8)]
    vms += [perf_vm("nop1", 4, 16, None, None), perf_vm("nop2", 8, 64, 5.0, None)]
    result = size_compute(vms, ComputeSettings(), 0.0, 0)
    based = result.demand_based
    assert based.vms_with_peaks == 8
    assert based.peak_cpu_ghz == pytest.approx(8 * 3.0 + 4 / 4 * 2.1 + 8 / 4 * 2.1)  # 30.3
    assert based.peak_memory_mib == pytest.approx((8 * 8 + 16 + 64) * GIB)  # 144 GiB
    [finding] = result.warnings
    assert (finding.code, finding.severity, finding.rows) == (
        "compute_partial_peaks", "info", ["nop1", "nop2"])  # fmt: skip
    assert finding.message == (
        "2 of 10 in-scope VMs have no LiveOptics peak CPU or memory: the demand-based sizing "
        "counts their allocation instead."
    )


def test_demand_based_is_skipped_below_80_percent_coverage():
    vms = [perf_vm(f"v{i}", 8, 32, 3.0, 8) for i in range(7)]
    vms += [perf_vm(f"n{i}", 8, 32, None, None) for i in range(3)]
    result = size_compute(vms, ComputeSettings(), 0.0, 0)
    assert result.demand_based is None
    assert result.warnings == []


def test_unknown_host_preset_raises_a_settings_error():
    with pytest.raises(SettingsError, match=r"^Unknown host preset 'r760'"):
        size_compute([vm("a", 2, 4)], ComputeSettings(host_preset="r760"), 0.0, 0)


def test_result_serialises_to_json_with_the_cli_keys():
    data = size_compute(estate(), ComputeSettings(), 0.10, 3).model_dump(mode="json")
    assert {"hosts", "binding", "hosts_cpu", "hosts_memory", "by_cluster", "scenario"} <= set(data)
    assert data["host"]["cores"] == 64
    assert data["by_cluster"][0]["hosts"] == 11
