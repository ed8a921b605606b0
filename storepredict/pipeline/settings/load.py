"""Settings from user JSON: every validation failure becomes a `SettingsError` in words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from ...i18n import N_, gettext
from ..errors import SettingsError
from .fields import Bounds, field_bounds
from .model import SizingSettings
from .ranges import RANGE_ERRORS, field_at, range_message
from .reasons import validation_reason


class Refusal(NamedTuple):
    """A refused setting: its path (e.g. ('layout', 'fill_limit')), range, value and reason."""

    path: tuple[str, ...]
    bounds: Bounds
    value: Any
    reason: str


# The kinds of value describe_validation_error names, marked for the catalogs.
VALUE_KINDS = (N_("setting"), N_("session field"), N_("rule value"))


def load_settings(data: Any) -> SizingSettings:
    """Validate user-supplied settings (e.g. parsed JSON); errors name the offending key."""
    if not isinstance(data, dict):
        raise SettingsError(
            gettext("Settings must be a JSON object with keys such as 'scope' and 'basis'.")
        )
    try:
        return SizingSettings.model_validate(data)
    except ValidationError as exc:
        raise SettingsError(describe_validation_error(exc, "setting", SizingSettings)) from None


def describe_validation_error(
    exc: ValidationError, what: str, model: type[BaseModel] | None = None
) -> str:
    """One readable sentence for the first pydantic error, naming the dotted key path.

    Given the validated `model`, a number out of range is named by its field's title with its
    allowed range instead, e.g. "Snapshot reserve must be between 0 % and 500 %; 600 % was given."
    """
    err = exc.errors(include_url=False)[0]
    key = ".".join(str(p) for p in err["loc"]) or "(root)"
    if err["type"] == "extra_forbidden":
        return gettext(
            "Unknown {what} '{key}': remove it or check its spelling.", what=gettext(what), key=key
        )
    if err["type"] == "missing":
        return gettext("Missing {what} '{key}': add it.", what=gettext(what), key=key)
    field = field_at(model, err["loc"]) if model is not None else None
    if field is not None and err["type"] in RANGE_ERRORS:
        message = range_message(field, err.get("input"), err["type"])
        if message is not None:
            return message
    reason = validation_reason(err)
    return gettext("Invalid {what} '{key}': {reason}.", what=gettext(what), key=key, reason=reason)


def check_settings(data: Any, explain: Callable[[Refusal], str]) -> SizingSettings:
    """`load_settings`, but a value out of range is refused with the message `explain` words."""
    if not isinstance(data, dict):
        return load_settings(data)
    try:
        return SizingSettings.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        if error["type"] in {"extra_forbidden", "missing"}:
            raise SettingsError(describe_validation_error(exc, "setting")) from None
        path = tuple(str(part) for part in error["loc"])
        reason = validation_reason(error)
        refusal = Refusal(path, field_bounds(path), error.get("input"), reason)
        raise SettingsError(explain(refusal)) from None
