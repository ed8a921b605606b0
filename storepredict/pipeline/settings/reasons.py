"""Why a value was refused, in the active language: pydantic words its own reasons in English."""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pydantic_core import ErrorDetails

from ...i18n import N_, gettext
from ..numbers import short

WHOLE_NUMBER = N_("must be a whole number")
NUMBER = N_("must be a number")
TRUE_OR_FALSE = N_("must be true or false")
OBJECT = N_("must be an object")

REASONS: Mapping[str, str] = MappingProxyType(
    {
        "literal_error": N_("must be one of: {expected}"),
        "enum": N_("must be one of: {expected}"),
        "int_parsing": WHOLE_NUMBER,
        "int_type": WHOLE_NUMBER,
        "int_from_float": WHOLE_NUMBER,
        "float_parsing": NUMBER,
        "float_type": NUMBER,
        "finite_number": N_("must be a finite number"),
        "bool_parsing": TRUE_OR_FALSE,
        "bool_type": TRUE_OR_FALSE,
        "string_type": N_("must be text"),
        "list_type": N_("must be a list"),
        "dict_type": OBJECT,
        "model_type": OBJECT,
        "model_attributes_type": OBJECT,
        "string_too_short": N_("must be at least {min_length} characters long"),
        "string_too_long": N_("must be at most {max_length} characters long"),
        "too_short": N_("must hold at least {min_length} items"),
        "too_long": N_("must hold at most {max_length} items"),
        "greater_than": N_("must be greater than {gt}"),
        "greater_than_equal": N_("must be at least {ge}"),
        "less_than": N_("must be less than {lt}"),
        "less_than_equal": N_("must be at most {le}"),
    }
)
"""Reasons by pydantic error type; any other type keeps pydantic's own message."""

_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'" + r'|"(?:[^"\\]|\\.)*"')  # a repr: 'a' or "it's"


def validation_reason(error: ErrorDetails) -> str:
    """Why pydantic refused a value, in words of the active language.

    A validator's own message (a ValueError, written with gettext) is kept as it is, without
    pydantic's "Value error, " prefix; an error type not in REASONS keeps pydantic's message.
    """
    template = REASONS.get(error["type"])
    if template is None:
        return error["msg"].removeprefix("Value error, ")
    context: dict[str, Any] = dict(error.get("ctx") or {})
    if "expected" in context:  # "'a', 'b' or 'c'": the choices, without pydantic's English "or"
        choices = _QUOTED.findall(str(context["expected"]))
        context["expected"] = ", ".join(str(ast.literal_eval(choice)) for choice in choices)
    shown = {
        name: short(value) if isinstance(value, int | float) else value
        for name, value in context.items()
    }
    return gettext(template, **shown)
