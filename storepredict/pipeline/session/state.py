"""The session state of one browser tab, kept in app.storage.tab and saved as session.json."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..classify.classification import Classification
from ..inventory import Inventory
from ..settings import SizingSettings

Page = Literal["upload", "classify", "layout", "compute", "report", "health"]


class SourceFile(BaseModel):
    """One original upload: its stored name, size, digest and detected format."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file_name: str
    size: int
    sha256: str
    format: str


class SessionState(BaseModel):
    """Everything needed to reproduce a sizing: inventory, classification, settings, position."""

    model_config = ConfigDict(extra="forbid")

    project_name: str = "Untitled sizing"
    page: Page = "upload"
    sources: list[SourceFile] = Field(default_factory=list)
    inventory: Inventory | None = None
    classifications: dict[str, Classification] = Field(default_factory=dict)
    settings: SizingSettings = Field(default_factory=SizingSettings)
    acknowledged: dict[str, str] = Field(default_factory=dict)
    """Health checks the engineer acknowledged (check code -> note); they stay listed, greyed."""
