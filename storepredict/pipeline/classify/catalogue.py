"""The workload class catalogue (data/workload_classes.csv) and data reduction ratio resolution.

A VM's DRR is, in this order: its per-VM override; else, for each of its classes, the per-class
override or the chosen profile's value for that class, and the lowest of those when it has several.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ...i18n import N_, gettext
from ..datafile import check_new_id, parse_rows, read_data_file
from ..errors import SettingsError
from ..settings import SizingSettings, check_drr

CATALOGUE_FILE = "workload_classes.csv"
CATALOGUE_COLUMNS = ("id", "name", "category", "default_drr", "description")
CATEGORIES = (
    "general_vm",
    "database",
    "sap_hana",
    "vdi",
    "file",
    "archive",
    "mail",
    "logging",
    "container",
    "backup",
    "boot",
    "web",
    "healthcare",
    "infrastructure",
    "unknown",
)
PROFILES = ("per_class", "flat_2", "flat_1")
FLAT_PROFILE_DRR = {"flat_2": 2.0, "flat_1": 1.0}
UNKNOWN_CLASS = "unknown"
GENERAL_CLASS = "general_vm"
REQUIRED_CLASSES = (GENERAL_CLASS, UNKNOWN_CLASS)


class WorkloadClass(BaseModel):
    """One workload class: its id, readable name, category key and default DRR."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    category: str
    default_drr: float
    description: str = Field(min_length=1)

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        if value not in CATEGORIES:
            raise ValueError(f"unknown category {value!r}: use one of {', '.join(CATEGORIES)}")
        return value

    @field_validator("default_drr")
    @classmethod
    def _valid_drr(cls, value: float) -> float:
        return check_drr(value)


def parse_catalogue(text: str, source: str = CATALOGUE_FILE) -> dict[str, WorkloadClass]:
    """Workload classes from CSV text with the CATALOGUE_COLUMNS header, in file order."""
    classes: dict[str, WorkloadClass] = {}
    for line, item in parse_rows(
        text, WorkloadClass, CATALOGUE_COLUMNS, source, N_("workload class")
    ):
        check_new_id(classes, item.id, f"{source} line {line}", N_("workload class"), N_("class"))
        classes[item.id] = item
    absent = [c for c in REQUIRED_CLASSES if c not in classes]
    if absent:
        raise SettingsError(
            gettext(
                "{source} must define the class(es) {names}.",
                source=source,
                names=", ".join(absent),
            )
        )
    return classes


@functools.cache
def _shipped_catalogue() -> tuple[WorkloadClass, ...]:
    text = read_data_file(CATALOGUE_FILE)
    return tuple(parse_catalogue(text).values())


def load_catalogue() -> dict[str, WorkloadClass]:
    """The classes shipped in storepredict/data/workload_classes.csv, by id, in file order."""
    # A fresh dict each call so a caller cannot alter the cached catalogue.
    return {c.id: c for c in _shipped_catalogue()}


def profile_drr(workload_class: WorkloadClass, profile: str) -> float:
    """The DRR a platform profile gives a class: its own default, or the flat profile's value."""
    if profile == "per_class":
        return workload_class.default_drr
    if profile in FLAT_PROFILE_DRR:
        return FLAT_PROFILE_DRR[profile]
    raise SettingsError(
        gettext(
            "Unknown DRR profile '{profile}': use one of {names}.",
            profile=profile,
            names=", ".join(PROFILES),
        )
    )


def class_drr(
    class_id: str, settings: SizingSettings, catalogue: Mapping[str, WorkloadClass]
) -> float:
    """A class's DRR under the settings: the per-class override, else the profile's value."""
    override = settings.class_drr_overrides.get(class_id)
    if override is not None:
        return override
    if class_id not in catalogue:
        raise SettingsError(
            gettext(
                "Unknown workload class '{class_id}': {catalogue}",
                class_id=class_id,
                catalogue=_known_ids_hint(catalogue),
            )
        )
    return profile_drr(catalogue[class_id], settings.profile)


def resolve_drr(
    vm_id: str,
    class_ids: Sequence[str],
    settings: SizingSettings,
    catalogue: Mapping[str, WorkloadClass],
) -> float:
    """A VM's DRR: its override, else the lowest DRR of its classes."""
    override = settings.vm_drr_overrides.get(vm_id)
    if override is not None:
        return override
    if not class_ids:
        raise SettingsError(
            gettext("VM {vm_id} has no workload class: give it at least one.", vm_id=vm_id)
        )
    return min(class_drr(c, settings, catalogue) for c in class_ids)


def check_class_settings(settings: SizingSettings, catalogue: Mapping[str, WorkloadClass]) -> None:
    """Reject class DRR overrides and per-VM class overrides naming classes not in the catalogue."""
    for class_id in settings.class_drr_overrides:
        if class_id not in catalogue:
            raise SettingsError(
                gettext(
                    "Unknown setting 'class_drr_overrides.{class_id}': {catalogue}",
                    class_id=class_id,
                    catalogue=_known_ids_hint(catalogue),
                )
            )
    for vm_id, class_ids in settings.vm_class_overrides.items():
        if not class_ids:
            raise SettingsError(
                gettext(
                    "Invalid setting 'vm_class_overrides.{vm_id}': list at least one workload "
                    "class.",
                    vm_id=vm_id,
                )
            )
        for class_id in class_ids:
            if class_id not in catalogue:
                raise SettingsError(
                    gettext(
                        "Invalid setting 'vm_class_overrides.{vm_id}': unknown workload class "
                        "'{class_id}'; {catalogue}",
                        vm_id=vm_id,
                        class_id=class_id,
                        catalogue=_known_ids_hint(catalogue),
                    )
                )


def _known_ids_hint(catalogue: Mapping[str, WorkloadClass]) -> str:
    return f"use a workload class id such as {', '.join(list(catalogue)[:4])} (see the catalogue)."
