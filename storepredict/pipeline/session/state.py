"""The session state of one browser tab, kept in app.storage.tab and saved as session.json."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..classify.classification import Classification
from ..inventory import Inventory
from ..settings import SizingSettings
from .changes import ChangeReport

Page = Literal["upload", "classify", "health", "layout", "compute", "scenarios", "report"]
DEFAULT_SCENARIO = "Base"


class SourceFile(BaseModel):
    """One original upload: its stored name, size, digest and detected format."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file_name: str
    size: int
    sha256: str
    format: str


class HistoryEntry(BaseModel):
    """An export this session was built from before a newer one replaced it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file_name: str
    sha256: str
    export_date: str | None = None
    vm_count: int
    replaced_at: str


class NamedScenario(BaseModel):
    """A scenario that is not the active one: its name and its full settings."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=80)
    settings: SizingSettings


class Logo(BaseModel):
    """The project logo: its type and digest go to session.json, its bytes to their own entry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    media_type: Literal["image/png", "image/jpeg"]
    size: int = Field(ge=1)
    sha256: str
    width: int = Field(0, ge=0)
    height: int = Field(0, ge=0)
    content: bytes = Field(b"", exclude=True, repr=False)


class SessionState(BaseModel):
    """Everything needed to reproduce a sizing: inventory, classification, settings, position."""

    model_config = ConfigDict(extra="forbid")

    project_name: str = "Untitled sizing"
    page: Page = "upload"
    sources: list[SourceFile] = Field(default_factory=list)
    inventory: Inventory | None = None
    classifications: dict[str, Classification] = Field(default_factory=dict)
    settings: SizingSettings = Field(default_factory=SizingSettings)
    customer: str = Field("", max_length=200)
    prepared_by: str = Field("", max_length=200)
    reference: str = Field("", max_length=200)
    logo: Logo | None = None
    scenario_name: str = Field(DEFAULT_SCENARIO, min_length=1, max_length=80)
    scenarios: list[NamedScenario] = Field(default_factory=list)
    history: list[HistoryEntry] = Field(default_factory=list)
    last_update: ChangeReport | None = None
    acknowledged: dict[str, str] = Field(default_factory=dict)
    """Health checks the engineer acknowledged (check code -> note); they stay listed, greyed."""
    language: Literal["en", "fr", "de"] = "en"
    """The language the engineer worked in (the tab's language switch), restored with it."""
    report_language: Literal["en", "fr", "de"] | None = None
    """The language of the reports when it differs from `language` (None: the same)."""
