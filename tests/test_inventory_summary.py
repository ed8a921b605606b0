"""The inventory summary: counts, totals and places in one pass, pinned by hand."""

from __future__ import annotations

from storepredict.pipeline import summarize_inventory
from storepredict.pipeline.inventory import VM, Host, Inventory, SourceInfo


def vm(name: str, **fields: object) -> VM:
    return VM.model_validate({"vm_id": f"vm-{name}", "name": name, "source": "rvtools", **fields})


def estate() -> Inventory:
    vms = [
        vm("a", vcenter="vc-b", datacenter="DC2", cluster="prod", provisioned_mib=100.0, vcpu=2),
        vm("b", vcenter="vc-a", datacenter="DC1", cluster="prod", provisioned_mib=50.5, vcpu=4),
        vm("c", vcenter="vc-a", datacenter="DC1", cluster="", is_template=True, memory_mib=512),
        vm("d", vcenter=None, datacenter=None, cluster="test", in_use_mib=10.0),
    ]
    hosts = [
        Host(name="esx1", cluster="prod", datacenter="DC1"),
        Host(name="esx2", cluster="dr", datacenter="DC3"),  # a cluster and datacenter no VM names
        Host(name="esx3"),
    ]
    sources = [
        SourceInfo(file_name="a.xlsx", format="rvtools", vcenters=["vc-a"]),
        SourceInfo(file_name="b.xlsx", format="rvtools", vcenters=["vc-b", "vc-a"]),
    ]
    return Inventory(format="rvtools", sources=sources, vms=vms, hosts=hosts)


def test_counts_totals_and_places_of_a_small_estate() -> None:
    summary = summarize_inventory(estate())
    assert (summary.vm_count, summary.template_count, summary.host_count) == (4, 1, 3)
    assert summary.cluster_count == 3  # prod, test, dr (a blank cluster is none)
    assert summary.datacenter_count == 3  # DC1, DC2, DC3
    assert summary.vcenter_count == 2  # vc-a, vc-b, named by the sources
    assert summary.totals == {
        "provisioned_mib": 150.5,
        "in_use_mib": 10.0,
        "guest_used_mib": 0,
        "vcpu": 6,
        "memory_mib": 512,
    }
    assert summary.vm_vcenters == ["vc-a", "vc-b"]
    assert summary.vm_datacenters == ["DC1", "DC2"]
    assert summary.vm_clusters == ["prod", "test"]


def test_an_empty_estate_counts_nothing() -> None:
    summary = summarize_inventory(Inventory(format="rvtools", sources=[], vms=[]))
    assert (summary.vm_count, summary.cluster_count, summary.vcenter_count) == (0, 0, 0)
    assert summary.vm_clusters == []
    assert summary.totals["provisioned_mib"] == 0
