"""The ordered classification rule set (data/classification_rules.csv): data, not code.

Each rule looks at one VM field and names the class(es) a match gives; the first matching rule
wins. Patterns use RE2 syntax (no look-around, no back-references) and match case-insensitively.
A `token` rule only matches on word or separator boundaries: `SAP` matches `SAP-01`, `x_SAP`
and `SAP01` but not `SAPPHIRE` or `1SAP`. A `regex` rule matches anywhere in the field; a group
named `m`, as in `(?P<m>WEB)(?:[^A-Za-z]|$)`, narrows the text a reason quotes to that group.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ...i18n import N_, gettext
from ..datafile import check_new_id, parse_rows, read_data_file
from ..errors import SettingsError
from .catalogue import WorkloadClass, load_catalogue

RULES_FILE = "classification_rules.csv"
RULE_COLUMNS = ("id", "field", "kind", "pattern", "classes", "note")
RuleField = Literal["name", "os", "annotation", "folder", "custom_attributes"]
FIELD_LABELS: dict[str, str] = {
    "name": "name",
    "os": "OS",
    "annotation": "annotation",
    "folder": "folder or resource pool",
    "custom_attributes": "custom attributes",
}
# A token may not touch a letter or digit on its left, nor a letter on its right (SAP01 matches).
TOKEN_LEFT = "(?:^|[^A-Za-z0-9])"
TOKEN_RIGHT = "(?:[^A-Za-z]|$)"
QUOTE_GROUP = "(?P<m>"


class Rule(BaseModel):
    """One classification rule: where to look, what to look for, and the classes a match gives."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    field: RuleField
    kind: Literal["token", "regex"]
    pattern: str = Field(min_length=1)
    class_ids: tuple[str, ...] = Field(min_length=1)
    note: str = ""

    @field_validator("class_ids", mode="before")
    @classmethod
    def _split_classes(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(";") if part.strip())
        return value

    @property
    def search_regex(self) -> str:
        """The RE2 expression (no flags, no named groups) that tells whether a value matches."""
        pattern = self.pattern.replace(QUOTE_GROUP, "(?:")
        if self.kind == "token":
            return f"{TOKEN_LEFT}(?:{pattern}){TOKEN_RIGHT}"
        return f"(?:{pattern})"

    @property
    def extract_regex(self) -> str:
        """The case-insensitive RE2 expression whose group `all` (or `m`) is the text to quote."""
        if self.kind == "token":
            return f"(?i){TOKEN_LEFT}(?P<all>{self.pattern}){TOKEN_RIGHT}"
        return f"(?i)(?P<all>{self.pattern})"

    @property
    def quotes_group(self) -> bool:
        """Whether the pattern names the part of the match a reason quotes (group `m`)."""
        return QUOTE_GROUP in self.pattern


def parse_rules(
    text: str,
    catalogue: Mapping[str, WorkloadClass],
    source: str = RULES_FILE,
) -> tuple[Rule, ...]:
    """Rules from CSV text with the RULE_COLUMNS header, in file order; bad rows raise errors."""
    rules: dict[str, Rule] = {}
    rename = {"classes": "class_ids"}
    for line, rule in parse_rows(text, Rule, RULE_COLUMNS, source, N_("rule"), rename=rename):
        _check_rule(rule, rules, catalogue, f"{source} line {line}")
        rules[rule.id] = rule
    if not rules:
        raise SettingsError(gettext("{source} has no rules: add at least one row.", source=source))
    return tuple(rules.values())


def _check_rule(
    rule: Rule, seen: Mapping[str, Rule], catalogue: Mapping[str, WorkloadClass], where: str
) -> None:
    check_new_id(dict(seen), rule.id, where, N_("rule"), N_("rule"))
    for class_id in rule.class_ids:
        if class_id not in catalogue:
            raise SettingsError(
                gettext(
                    "{where}: rule {id} names the unknown workload class '{class_id}'; use an id "
                    "from workload_classes.csv.",
                    where=where,
                    id=rule.id,
                    class_id=class_id,
                )
            )
    try:
        probe = pa.array([""], pa.string())
        pc.match_substring_regex(probe, "(?i)" + rule.search_regex)
        pc.extract_regex(probe, rule.extract_regex)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise SettingsError(
            gettext(
                "{where}: rule {id} has an invalid pattern ({exc}); patterns use RE2 syntax, "
                "without look-around or back-references.",
                where=where,
                id=rule.id,
                exc=exc,
            )
        ) from None


@functools.cache
def load_rules() -> tuple[Rule, ...]:
    """The rule set shipped in storepredict/data/classification_rules.csv, in priority order."""
    text = read_data_file(RULES_FILE)
    return parse_rules(text, load_catalogue())
