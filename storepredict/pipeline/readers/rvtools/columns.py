"""RVTools header names: the columns we read per sheet and the standard vInfo columns (3.x to 4.7).

Every vInfo column that is not in `STANDARD_VINFO_HEADERS` is a vCenter custom attribute. The
list was taken from real exports of RVTools 3.x, 4.0.7, 4.4.3 and 4.7.1 plus columns documented
for the versions in between; MB/KB labels are the pre-4.4 spellings of the MiB/KiB ones.
"""

from __future__ import annotations

from ..excel import normalise_header

VINFO_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("VM",),
    "power": ("Powerstate",),
    "template": ("Template",),
    "path": ("Path",),
    "srm": ("SRM Placeholder",),
    "vcpu": ("CPUs",),
    "memory": ("Memory",),
    "provisioned": ("Provisioned MiB", "Provisioned MB"),
    "in_use": ("In Use MiB", "In Use MB"),
    "disk_capacity": ("Total disk capacity MiB", "Total disk capacity MB"),
    "datacenter": ("Datacenter",),
    "cluster": ("Cluster",),
    "host": ("Host",),
    "folder": ("Folder",),
    "resource_pool": ("Resource pool",),
    "annotation": ("Annotation",),
    "os_config": ("OS according to the configuration file",),
    "os_tools": ("OS according to the VMware Tools",),
    "os_legacy": ("OS",),
    "uuid": ("VM UUID",),
    "bios_uuid": ("SMBIOS UUID",),
    "moref": ("VM ID",),
    "vcenter": ("VI SDK Server",),
}
"""vInfo fields we read, each with its header spellings in order of preference."""

CAPACITY_KEYS = ("provisioned", "in_use")
"""vInfo needs at least one of these capacity columns."""

JOIN_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("VM",),
    "uuid": ("VM UUID",),
    "moref": ("VM ID",),
    "vcenter": ("VI SDK Server",),
}
"""Columns that tie a vDisk or vPartition row to its VM."""

VDISK_COLUMNS: dict[str, tuple[str, ...]] = {
    **JOIN_COLUMNS,
    "capacity": ("Capacity MiB", "Capacity MB"),
}

VPARTITION_COLUMNS: dict[str, tuple[str, ...]] = {
    **JOIN_COLUMNS,
    "capacity": ("Capacity MiB", "Capacity MB"),
    "consumed": ("Consumed MiB", "Consumed MB"),
}

VHOST_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("Host",),
    "cluster": ("Cluster",),
    "datacenter": ("Datacenter",),
    "sockets": ("# CPU",),
    "cores": ("# Cores",),
    "mhz": ("Speed",),
    "memory": ("# Memory",),
    "cpu_model": ("CPU Model",),
    "vcenter": ("VI SDK Server",),
}

VMETADATA_COLUMNS: dict[str, tuple[str, ...]] = {
    "version": ("RVTools version",),
    "created": ("xlsx creation datetime",),
    "server": ("Server",),
}

_STANDARD_VINFO = (
    # identity, state and configuration
    "VM", "Powerstate", "Template", "SRM Placeholder", "Config status", "DNS Name",
    "Connection state", "Guest state", "Heartbeat", "Consolidation Needed", "PowerOn",
    "Suspended To Memory", "Suspend time", "Suspend Interval", "Creation date", "Change Version",
    # CPU, memory, devices
    "CPUs", "Overall Cpu Readiness", "Memory", "Active Memory", "NICs", "Disks",
    "Total disk capacity MiB", "Total disk capacity MB", "Fixed Passthru HotPlug",
    "min Required EVC Mode Key", "Latency Sensitivity", "Op Notification Timeout", "EnableUUID",
    "CBT", "Primary IP Address", "IP Address", "Network #1", "Network #2", "Network #3",
    "Network #4", "Network #5", "Network #6", "Network #7", "Network #8", "Num Monitors",
    "Video Ram KiB", "Video Ram KB",
    # placement, availability
    "Resource pool", "Folder ID", "Folder", "vApp", "DAS protection", "FT State", "FT Role",
    "FT Latency", "FT Bandwidth", "FT Sec. Latency", "Vm Failover In Progress",
    # capacity
    "Provisioned MiB", "In Use MiB", "Unshared MiB", "Provisioned MB", "In Use MB", "Unshared MB",
    # HA, rules, boot
    "HA Restart Priority", "HA Isolation Response", "HA VM Monitoring", "Cluster rule(s)",
    "Cluster rule name(s)", "Boot Required", "Boot delay", "Boot retry delay",
    "Boot retry enabled", "Boot BIOS setup", "Reboot PowerOff", "EFI Secure boot", "Firmware",
    # hardware version and files
    "HW version", "HW upgrade status", "HW upgrade policy", "HW target", "Path",
    "Log directory", "Snapshot directory", "Suspend directory", "Annotation",
    # location, guest OS, ids
    "Datacenter", "Cluster", "Host", "OS according to the configuration file",
    "OS according to the VMware Tools", "OS", "Customization Info", "Guest Detailed Data",
    "VM ID", "Object ID", "SMBIOS UUID", "VM UUID", "VI SDK Server type", "VI SDK API Version",
    "VI SDK Server", "VI SDK UUID",
)  # fmt: skip

STANDARD_VINFO_HEADERS = frozenset(normalise_header(name) for name in _STANDARD_VINFO)
"""Normalised standard vInfo headers; anything else in vInfo is a custom attribute."""
