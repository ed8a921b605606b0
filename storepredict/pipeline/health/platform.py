"""Platform checks: releases past end of support, old CPUs, full datastores, cluster headroom."""

from __future__ import annotations

import re
from collections import defaultdict

from ...i18n import N_, gettext
from ..numbers import day, fixed, percent, short
from .context import HealthContext
from .eos import Product, end_of_support, release_of
from .model import Check, Evidence, Outcome, Unavailable

DATASTORE_MAX_USED = 0.80
OLD_CPU = re.compile(
    r"\bE[357]-\d{4}|\b[XEL][57]\d{3}\b|\bX3\d{3}\b|Opteron|Core\(TM\)2", re.IGNORECASE
)
"""Intel Xeon E3/E5/E7 (v1-v4, 2012-2016), 5500/5600/7500 series (2009-2011) and AMD Opteron."""


def _end_of_support(ctx: HealthContext, product: Product) -> Outcome:
    field, column = ("hosts", "esx_version") if product == "esxi" else ("vcenters", "version")
    missing = ctx.need(field, (column, "ESX Version" if product == "esxi" else "Version"))
    if missing:
        return missing
    rows = []
    for name, text in ctx.rows(field, "host" if product == "esxi" else "server", column):
        eos = end_of_support(product, text)
        if name and eos and eos.end_of_general_support < ctx.today:
            label = "ESXi" if product == "esxi" else "vCenter"
            rows.append(
                Evidence(
                    object=name,
                    detail=gettext(
                        "{product} {version}: general support ended {date}",
                        product=label,
                        version=eos.version,
                        date=day(eos.end_of_general_support),
                    ),
                )
            )
    return rows


def _old_cpus(ctx: HealthContext) -> Outcome:
    missing = ctx.need("hosts", ("cpu_model", "CPU Model"))
    if missing:
        return missing
    return [
        Evidence(object=host, detail=model)
        for host, model in ctx.rows("hosts", "host", "cpu_model")
        if host and model and OLD_CPU.search(model)
    ]


def _full_datastores(ctx: HealthContext) -> Outcome:
    missing = ctx.need("datastores", ("capacity_mib", "Capacity MiB"), ("free_mib", "Free MiB"))
    if missing:
        return missing
    rows = []
    for name, capacity, free in ctx.rows("datastores", "name", "capacity_mib", "free_mib"):
        if not name or not capacity or free is None:
            continue
        if capacity - free > DATASTORE_MAX_USED * capacity:
            used = (capacity - free) / capacity
            rows.append(
                Evidence(
                    object=name,
                    detail=gettext(
                        "{share} used, {free} GiB free",
                        share=percent(used),
                        free=fixed(free / 1024),
                    ),
                    mib=capacity - free,
                )
            )
    return rows


def _cluster_load(ctx: HealthContext) -> dict[str, tuple[float, float]]:
    """Per cluster: vCPUs and memory (MiB) of its powered-on VMs."""
    load: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for vm in ctx.inventory.vms:
        if vm.power_state == "on" and vm.cluster and not vm.is_system:
            load[vm.cluster][0] += vm.vcpu or 0
            load[vm.cluster][1] += vm.memory_mib or 0
    return {cluster: (v[0], v[1]) for cluster, v in load.items()}


def _vcpu_ratio(ctx: HealthContext) -> Outcome:
    clusters = {c: hs for c, hs in ctx.hosts_by_cluster.items() if any(h.cores for h in hs)}
    if not clusters:
        return Unavailable(gettext("the export has no host cores per cluster (vHost)"))
    limit = ctx.settings.compute.vcpu_per_core
    rows = []
    for cluster, (vcpus, _) in _cluster_load(ctx).items():
        cores = sum(h.cores or 0 for h in clusters.get(cluster, []))
        if cores and vcpus / cores > limit:
            rows.append(
                Evidence(
                    object=cluster,
                    detail=gettext(
                        "{vcpus} vCPU on {cores} cores = {ratio}:1 (threshold {limit}:1)",
                        vcpus=fixed(vcpus),
                        cores=cores,
                        ratio=fixed(vcpus / cores, 1, False),
                        limit=short(limit),
                    ),
                )
            )
    return rows


def _ha_capacity(ctx: HealthContext) -> Outcome:
    clusters = {c: hs for c, hs in ctx.hosts_by_cluster.items() if any(h.memory_mib for h in hs)}
    if not clusters:
        return Unavailable(gettext("the export has no host memory per cluster (vHost)"))
    rows = []
    load = _cluster_load(ctx)
    for cluster, hosts in clusters.items():
        memory = [h.memory_mib or 0 for h in hosts]
        left = sum(memory) - max(memory)
        demand = load.get(cluster, (0.0, 0.0))[1]
        if demand > left:
            rows.append(
                Evidence(
                    object=cluster,
                    detail=gettext(
                        "powered-on VMs use {demand} GiB; after losing the largest of {hosts} "
                        "hosts {left} GiB remain",
                        demand=fixed(demand / 1024),
                        hosts=len(hosts),
                        left=fixed(left / 1024),
                    ),
                )
            )
    return rows


def _ha_disabled(ctx: HealthContext) -> Outcome:
    missing = ctx.need("clusters", ("ha_enabled", "HA enabled"))
    if missing:
        return missing
    return [
        Evidence(object=name, detail=gettext("vSphere HA disabled"))
        for name, enabled in ctx.rows("clusters", "name", "ha_enabled")
        if name and enabled is False
    ]


def _mixed_versions(ctx: HealthContext) -> Outcome:
    missing = ctx.need("hosts", ("esx_version", "ESX Version"), ("cluster", "Cluster"))
    if missing:
        return missing
    releases: dict[str, set[str]] = defaultdict(set)
    for cluster, text in ctx.rows("hosts", "cluster", "esx_version"):
        release = release_of(text)
        if cluster and release:
            releases[cluster].add(release)
    return [
        Evidence(object=cluster, detail="ESXi " + ", ".join(sorted(found)))
        for cluster, found in releases.items()
        if len(found) > 1
    ]


def _local_hdds(ctx: HealthContext) -> Outcome:
    missing = ctx.need("host_disks", ("ssd", "SSD"))
    if missing:
        return missing
    spinning: dict[str, list[float]] = defaultdict(list)
    for host, capacity, ssd in ctx.rows("host_disks", "host", "capacity_mib", "ssd"):
        if host and ssd is False:
            spinning[host].append(capacity or 0.0)
    return [
        Evidence(
            object=host, detail=gettext("{n} spinning local disk(s)", n=len(sizes)), mib=sum(sizes)
        )
        for host, sizes in spinning.items()
    ]


CHECKS = (
    Check(
        code="esxi_end_of_support",
        category="platform",
        severity="critical",
        title=N_("ESXi releases past end of general support"),
        explanation=N_(
            "Hosts on a release past its end of general support get no fixes; the "
            "migration is a natural moment to replace or upgrade them."
        ),
        remedy=N_("Plan the upgrade or replacement of these hosts."),
        evaluate=lambda ctx: _end_of_support(ctx, "esxi"),
    ),
    Check(
        code="vcenter_end_of_support",
        category="platform",
        severity="critical",
        title=N_("vCenter past end of general support"),
        explanation=N_(
            "A vCenter past its end of general support gets no fixes and cannot "
            "manage current ESXi releases."
        ),
        remedy=N_("Upgrade vCenter before or with the hosts."),
        evaluate=lambda ctx: _end_of_support(ctx, "vcenter"),
    ),
    Check(
        code="old_cpu_generation",
        category="platform",
        severity="warning",
        title=N_("Hosts with CPU generations from 2016 or earlier"),
        explanation=N_(
            "Xeon E5/E7 v4 and older (and Opteron) are not supported by current ESXi "
            "releases and give far less per core than current CPUs."
        ),
        remedy=N_("Size replacement hosts; the compute sizing shows how many."),
        evaluate=_old_cpus,
    ),
    Check(
        code="datastore_full",
        category="platform",
        severity="warning",
        title=N_("Datastores more than 80 % used"),
        explanation=N_(
            "VMware practice keeps about 20 % of a datastore free for snapshots, swap and logs."
        ),
        remedy=N_("Move VMs off these datastores or grow them."),
        evaluate=_full_datastores,
    ),
    Check(
        code="vcpu_core_ratio",
        category="platform",
        severity="warning",
        title=N_("Clusters above the vCPU:core threshold"),
        explanation=N_(
            "Powered-on vCPUs per physical core above the sizing's vCPU:core ratio "
            "suggest CPU contention today."
        ),
        remedy=N_("Check CPU ready times; the new hosts are sized at the configured ratio."),
        evaluate=_vcpu_ratio,
    ),
    Check(
        code="ha_capacity",
        category="platform",
        severity="critical",
        title=N_("Clusters that cannot restart their VMs after a host failure"),
        explanation=N_(
            "The powered-on VMs' memory exceeds what the cluster has left after "
            "losing its largest host (N+1)."
        ),
        remedy=N_("Add a host or reduce the load; size the new cluster with HA spares."),
        evaluate=_ha_capacity,
    ),
    Check(
        code="ha_disabled",
        category="platform",
        severity="warning",
        title=N_("Clusters with vSphere HA disabled"),
        explanation=N_("Without HA, VMs on a failed host stay down until someone restarts them."),
        remedy=N_("Enable HA with admission control."),
        evaluate=_ha_disabled,
    ),
    Check(
        code="mixed_esxi_versions",
        category="platform",
        severity="info",
        title=N_("Clusters mixing ESXi releases"),
        explanation=N_(
            "Hosts of one cluster on different releases usually mean an unfinished "
            "upgrade and limit vMotion compatibility."
        ),
        remedy=N_("Finish the upgrade so every host runs the same release."),
        evaluate=_mixed_versions,
    ),
    Check(
        code="local_spinning_disks",
        category="platform",
        severity="info",
        title=N_("Hosts with spinning local disks"),
        explanation=N_(
            "Local hard disks (not SSD) on ESXi hosts are slow boot or scratch media "
            "and often hold forgotten local datastores."
        ),
        remedy=N_("Check what the local datastores hold before the hosts are retired."),
        evaluate=_local_hdds,
    ),
)
