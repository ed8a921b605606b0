"""Property tests of the compute sizing: monotonicity, utilisation bounds, scenario relations."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storepredict.pipeline.inventory import VM
from storepredict.pipeline.settings import ComputeSettings
from storepredict.pipeline.sizing.compute import size_compute

BUDGET = settings(max_examples=60, deadline=None)

allocations = st.lists(
    st.tuples(st.integers(1, 160), st.integers(1, 2048 * 1024)), min_size=1, max_size=25
)
compute_settings = st.builds(
    ComputeSettings,
    vcpu_per_core=st.sampled_from([1.0, 2.0, 3.0, 4.0, 6.0, 8.0]),
    memory_overcommit=st.sampled_from([1.0, 1.25, 1.5, 2.0]),
    max_cpu_util=st.sampled_from([0.5, 0.7, 0.8, 0.9, 1.0]),
    max_memory_util=st.sampled_from([0.5, 0.7, 0.8, 0.9, 1.0]),
    ha_spares=st.integers(0, 2),
    min_hosts_per_cluster=st.integers(1, 4),
    scenario=st.sampled_from(["single", "stretched", "dr"]),
    stretched_split=st.sampled_from([0.3, 0.5, 0.7]),
    dr_protected_share=st.sampled_from([0.25, 0.5, 1.0]),
)
growth = st.sampled_from([0.0, 0.05, 0.1, 0.25])
years = st.integers(0, 6)


def to_vms(pairs: list[tuple[int, int]]) -> list[VM]:
    """VMs from (vCPU, memory MiB) pairs, alternating between two clusters."""
    return [
        VM(vm_id=f"v{i}", name=f"v{i}", vcpu=c, memory_mib=m, cluster=f"C{i % 2}", source="p")
        for i, (c, m) in enumerate(pairs)
    ]


def host_counts(result) -> tuple[int, int, int, int]:
    """Global, per-cluster total, CPU and memory host counts."""
    return (result.hosts, result.by_cluster_total, result.hosts_cpu, result.hosts_memory)


def never_fewer(bigger, smaller) -> bool:
    """Every host count of `bigger` is at least that of `smaller`, site by site too."""
    sites = all(b.hosts >= s.hosts for b, s in zip(bigger.sites, smaller.sites, strict=True))
    return sites and all(
        b >= s for b, s in zip(host_counts(bigger), host_counts(smaller), strict=True)
    )


@BUDGET
@given(allocations, compute_settings, growth, years, st.data())
def test_more_vcpu_or_memory_never_means_fewer_hosts(pairs, config, g, y, data):
    index = data.draw(st.integers(0, len(pairs) - 1))
    extra_vcpu = data.draw(st.integers(0, 64))
    extra_mib = data.draw(st.integers(0, 512 * 1024))
    grown = list(pairs)
    grown[index] = (pairs[index][0] + extra_vcpu, pairs[index][1] + extra_mib)
    base = size_compute(to_vms(pairs), config, g, y)
    assert never_fewer(size_compute(to_vms(grown), config, g, y), base)


@BUDGET
@given(allocations, compute_settings, growth, growth, years)
def test_more_growth_never_means_fewer_hosts(pairs, config, g1, g2, y):
    low, high = sorted((g1, g2))
    vms = to_vms(pairs)
    assert never_fewer(size_compute(vms, config, high, y), size_compute(vms, config, low, y))


@BUDGET
@given(allocations, compute_settings, st.sampled_from([1.0, 2.0, 4.0, 8.0]), st.data())
def test_higher_vcpu_ratio_never_means_more_hosts(pairs, config, ratio, data):
    higher = data.draw(st.sampled_from([r for r in (1.0, 2.0, 4.0, 6.0, 8.0, 16.0) if r >= ratio]))
    vms = to_vms(pairs)
    low = size_compute(vms, config.model_copy(update={"vcpu_per_core": ratio}), 0.1, 3)
    high = size_compute(vms, config.model_copy(update={"vcpu_per_core": higher}), 0.1, 3)
    assert never_fewer(low, high)


@BUDGET
@given(allocations, compute_settings, growth, years)
def test_sites_respect_utilisation_limits_minimum_and_spares(pairs, config, g, y):
    result = size_compute(to_vms(pairs), config, g, y)
    for site in result.sites:
        running = site.hosts - site.ha_spares
        assert site.ha_spares == config.ha_spares
        assert running == max(site.hosts_cpu, site.hosts_memory, config.min_hosts_per_cluster)
        assert site.cpu_utilisation <= config.max_cpu_util + 1e-9
        assert site.memory_utilisation <= config.max_memory_util + 1e-9
        assert site.normal_cpu_utilisation <= site.cpu_utilisation + 1e-12
        binding_count = {"cpu": site.hosts_cpu, "memory": site.hosts_memory}
        if site.binding == "minimum":
            assert config.min_hosts_per_cluster > max(site.hosts_cpu, site.hosts_memory)
        else:
            assert binding_count[site.binding] == running
    assert result.hosts == sum(site.hosts for site in result.sites)
    assert result.by_cluster_total >= result.hosts


@BUDGET
@given(allocations, compute_settings, growth, years)
def test_stretched_is_twice_single_and_dr_is_between_one_and_two_singles(pairs, config, g, y):
    vms = to_vms(pairs)
    single = size_compute(vms, config.model_copy(update={"scenario": "single"}), g, y)
    stretched = size_compute(vms, config.model_copy(update={"scenario": "stretched"}), g, y)
    dr = size_compute(vms, config.model_copy(update={"scenario": "dr"}), g, y)
    assert stretched.hosts == 2 * single.hosts
    assert single.hosts < dr.hosts <= 2 * single.hosts


@BUDGET
@given(allocations, compute_settings, growth, years)
def test_peaks_equal_to_converted_allocation_give_the_allocation_sizing(pairs, config, g, y):
    # a VM whose peaks equal its allocation in GHz (vCPU / ratio x base GHz) and MiB (vRAM /
    # overcommit) weighs the same in both sizings
    ghz = 2.1  # default host base clock
    vms = [
        vm.model_copy(
            update={
                "peak_cpu_ghz": vm.vcpu / config.vcpu_per_core * ghz,
                "peak_memory_mib": vm.memory_mib / config.memory_overcommit,
            }
        )
        for vm in to_vms(pairs)
    ]
    result = size_compute(vms, config, g, y)
    based = result.demand_based
    assert based is not None
    assert (based.hosts, based.hosts_cpu, based.hosts_memory) == (
        result.hosts,
        result.hosts_cpu,
        result.hosts_memory,
    )
