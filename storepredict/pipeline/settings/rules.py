"""The engineer's own classification rules as settings: where a rule looks, how it matches."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ...i18n import N_, gettext

RULE_FIELDS = ("name", "os", "folder", "annotation", "cluster", "resource_pool")
ATTRIBUTE_FIELD_PREFIX = "custom_attributes."
UserRuleKind = Literal["prefix", "contains", "regex", "equals"]


class UserRule(BaseModel):
    """One of the engineer's own classification rules: where to look, how, for what, which class.

    Settings JSON and CSV spell the class key `class`. Matching is always case-insensitive.
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_by_name=True, serialize_by_alias=True
    )

    field: str = Field(
        title=N_("Looks at"),
        description=N_(
            "The VM's name, guest OS, folder, notes, cluster, resource pool or a custom "
            "attribute (custom_attributes.<key>)."
        ),
    )
    kind: UserRuleKind = Field(
        title=N_("Match"),
        description=N_("Starts with, contains, matches a regular expression, or equals."),
    )
    pattern: str = Field(
        min_length=1, title=N_("Pattern"), description=N_("The text the field is matched against.")
    )
    class_id: str = Field(
        alias="class",
        min_length=1,
        title=N_("Workload class"),
        description=N_("The class a matching VM gets."),
    )

    @field_validator("field")
    @classmethod
    def _known_field(cls, value: str) -> str:
        key = value.removeprefix(ATTRIBUTE_FIELD_PREFIX)
        if value in RULE_FIELDS or (value.startswith(ATTRIBUTE_FIELD_PREFIX) and key.strip()):
            return value
        raise ValueError(
            gettext(
                "a rule looks at {fields} or custom_attributes.<key>, got {value!r}",
                fields=", ".join(RULE_FIELDS),
                value=value,
            )
        )

    @field_validator("pattern")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(gettext("a rule needs a pattern to look for"))
        return value
