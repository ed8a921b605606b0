"""The ESXi host catalogue: editable presets in data/host_presets.csv, or a user-defined host."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict, Field, computed_field

from ...i18n import N_, gettext
from ..datafile import check_new_id, parse_rows, read_data_file
from ..errors import SettingsError
from ..settings import ComputeSettings

PRESETS_FILE = "host_presets.csv"
PRESET_COLUMNS = (
    "id",
    "vendor",
    "model",
    "cpu_model",
    "sockets",
    "cores_per_socket",
    "base_ghz",
    "ram_gib",
)
CUSTOM_HOST_ID = "custom"


class HostSpec(BaseModel):
    """One server configuration: CPU sockets, cores, base clock and installed RAM."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    vendor: str
    model: str = Field(min_length=1)
    cpu_model: str = Field(min_length=1)
    sockets: int = Field(ge=1, le=8)
    cores_per_socket: int = Field(ge=1, le=256)
    base_ghz: float = Field(gt=0, le=10)
    ram_gib: float = Field(gt=0)

    @computed_field  # type: ignore[prop-decorator]  # pydantic's documented form; mypy lacks it
    @property
    def cores(self) -> int:
        """Physical cores of the host (sockets x cores per socket)."""
        return self.sockets * self.cores_per_socket

    @computed_field  # type: ignore[prop-decorator]  # pydantic's documented form; mypy lacks it
    @property
    def ram_mib(self) -> float:
        """Installed RAM in MiB, the unit VM memory is reported in."""
        return self.ram_gib * 1024

    @computed_field  # type: ignore[prop-decorator]  # pydantic's documented form; mypy lacks it
    @property
    def label(self) -> str:
        """Readable name, e.g. 'Dell PowerEdge R760, 2 x Intel Xeon Gold 6430 (32c, 2.1 GHz)'."""
        name = f"{self.vendor} {self.model}".strip()
        cpu = f"{self.cpu_model} ({self.cores_per_socket}c, {self.base_ghz:g} GHz)"
        return f"{name}, {self.sockets} x {cpu}, {self.ram_gib:g} GiB"


def parse_presets(text: str, source: str = PRESETS_FILE) -> tuple[HostSpec, ...]:
    """Host presets from CSV text with the PRESET_COLUMNS header; bad rows raise SettingsError."""
    presets: dict[str, HostSpec] = {}
    hint = N_(" Correct that value.")
    rows = parse_rows(text, HostSpec, PRESET_COLUMNS, source, N_("host preset"), hint)
    for line, spec in rows:
        check_new_id(presets, spec.id, f"{source} line {line}", N_("host preset"), N_("preset"))
        presets[spec.id] = spec
    if not presets:
        raise SettingsError(
            gettext("{source} has no host presets: add at least one row.", source=source)
        )
    return tuple(presets.values())


@functools.cache
def load_presets() -> tuple[HostSpec, ...]:
    """The host presets shipped in storepredict/data/host_presets.csv, in file order."""
    text = read_data_file(PRESETS_FILE)
    return parse_presets(text)


def host_spec(settings: ComputeSettings) -> HostSpec:
    """The host a sizing uses: the custom host when one is set, else the named preset."""
    custom = settings.custom_host
    if custom is not None:
        return HostSpec(
            id=CUSTOM_HOST_ID,
            vendor="",
            model=custom.name.strip() or "Custom host",
            cpu_model="Custom CPU",
            sockets=custom.sockets,
            cores_per_socket=custom.cores_per_socket,
            base_ghz=custom.ghz,
            ram_gib=custom.ram_gib,
        )
    presets = load_presets()
    for spec in presets:
        if spec.id == settings.host_preset:
            return spec
    known = ", ".join(spec.id for spec in presets)
    raise SettingsError(
        gettext(
            "Unknown host preset '{host_preset}' (setting 'compute.host_preset'): choose one of "
            "{known}, or define a custom host.",
            host_preset=settings.host_preset,
            known=known,
        )
    )
