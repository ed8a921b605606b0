"""The workload classification of one VM: its class(es) and the rule that decided it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Classification(BaseModel):
    """Classes a VM was given by the rule set, and why.

    Computed once when an inventory is loaded and kept in the session, so a saved sizing never
    changes under a newer rule set. User overrides live in `SizingSettings`, not here.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    class_ids: list[str] = Field(min_length=1)
    rule_id: str | None = None
    reason: str
