"""Per-core licence counts (vSphere / VCF): every CPU counts at least 16 cores.

licence cores of a host = sockets x max(16, cores per socket)
current  = sum over the current hosts (in scope); proposed = proposed hosts x one new host
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from .current import MIN_LICENCE_CORES_PER_CPU, CurrentEstate, licence_cores
from .hosts import HostSpec


class Licensing(BaseModel):
    """Licence cores today and for the proposal, under the per-core rule."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_cores_per_cpu: int
    current_hosts: int
    current_cores: int
    proposed_hosts: int
    proposed_cores_per_host: int
    proposed_cores: int


def licensing(current: CurrentEstate | None, host: HostSpec, proposed_hosts: int) -> Licensing:
    """Licence cores of the current hosts (0 when none are known) and of the proposed ones."""
    per_host = licence_cores(host.sockets, host.cores)
    return Licensing(
        min_cores_per_cpu=MIN_LICENCE_CORES_PER_CPU,
        current_hosts=current.hosts if current else 0,
        current_cores=current.licence_cores if current else 0,
        proposed_hosts=proposed_hosts,
        proposed_cores_per_host=per_host,
        proposed_cores=per_host * proposed_hosts,
    )
