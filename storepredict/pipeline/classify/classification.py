"""The workload classification of one VM: its classes, the rule that decided it, how sure it is."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Confidence = Literal["rule", "signal", "default"]
"""`rule`: a name rule, a declared attribute or the engineer's own rule or override; `signal`: a
weaker hint (OS, folder, notes, performance profile, disk layout); `default`: nothing matched."""


class Classification(BaseModel):
    """Classes a VM was given by the rule set, and why.

    Computed once when an inventory is loaded and kept in the session, so a saved sizing never
    changes under a newer rule set. User overrides live in `SizingSettings`, not here.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    class_ids: list[str] = Field(min_length=1)
    rule_id: str | None = None
    reason: str
    confidence: Confidence = "rule"

    @model_validator(mode="before")
    @classmethod
    def _default_confidence(cls, data: Any) -> Any:
        # Schema-1 archives carry no confidence: a decision without a rule was the default.
        if isinstance(data, dict) and "confidence" not in data and data.get("rule_id") is None:
            return {**data, "confidence": "default"}
        return data
