"""A refused value is explained in the user's language, not in pydantic's English."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel, Field, ValidationError

from storepredict.i18n import use_language
from storepredict.pipeline import SettingsError, describe_validation_error, load_settings
from storepredict.pipeline.settings.reasons import REASONS, validation_reason


class Sample(BaseModel):
    kind: Literal["prefix", "it's", "regex"] = "prefix"
    count: int = 0
    ratio: float = 0
    label: str = Field("", max_length=3)
    names: list[str] = Field(default_factory=list, max_length=2)
    flag: bool = False
    share: float = Field(0, ge=0, le=1.5)


def refusal(data: dict) -> str:
    with pytest.raises(ValidationError) as caught:
        Sample.model_validate(data)
    return validation_reason(caught.value.errors()[0])


@pytest.mark.parametrize(
    ("data", "english", "french", "german"),
    [
        (
            {"kind": "glob"},
            "must be one of: prefix, it's, regex",
            "doit être l'une des valeurs : prefix, it's, regex",
            "muss einer dieser Werte sein: prefix, it's, regex",
        ),
        ({"count": "two"}, "must be a whole number", "doit être un nombre entier", None),
        ({"count": 1.5}, "must be a whole number", None, "muss eine ganze Zahl sein"),
        ({"ratio": "abc"}, "must be a number", "doit être un nombre", "muss eine Zahl sein"),
        ({"label": 5}, "must be text", "doit être du texte", "muss Text sein"),
        (
            {"label": "long"},
            "must be at most 3 characters long",
            "doit compter au plus 3 caractères",
            "darf höchstens 3 Zeichen lang sein",
        ),
        ({"names": "x"}, "must be a list", "doit être une liste", None),
        (
            {"names": ["a", "b", "c"]},
            "must hold at most 2 items",
            "doit contenir au plus 2 éléments",
            None,
        ),
        ({"flag": "maybe"}, "must be true or false", "doit être true ou false", None),
        (
            {"share": 2},
            "must be at most 1.5",
            "doit valoir au plus 1,5",
            "darf höchstens 1,5 sein",
        ),
    ],
)
def test_each_reason_in_each_language(
    data: dict, english: str, french: str | None, german: str | None
) -> None:
    for language, expected in (("en", english), ("fr", french), ("de", german)):
        if expected is not None:
            with use_language(language):
                assert refusal(data) == expected


def test_a_validators_own_message_and_an_unlisted_type_keep_their_words() -> None:
    drr = {"class_drr_overrides": {"general_vm": 0}}
    with use_language("fr"), pytest.raises(SettingsError) as caught:
        load_settings(drr)
    assert "Value error" not in caught.value.message
    assert caught.value.message == (
        "Valeur non valide (paramètre « class_drr_overrides.general_vm ») : un DRR doit être un "
        "nombre supérieur à 0 et au plus 100, reçu 0.0."
    )
    unlisted = {"type": "url_parsing", "loc": ("x",), "msg": "Input should be a valid URL"}
    assert validation_reason(unlisted) == "Input should be a valid URL"  # type: ignore[arg-type]
    assert "url_parsing" not in REASONS


def test_a_setting_of_the_wrong_kind_is_refused_in_german() -> None:
    with pytest.raises(ValidationError) as caught:
        Sample.model_validate({"ratio": "viel"})
    with use_language("de"):
        described = describe_validation_error(caught.value, "setting")
    assert described == "Ungültig (Einstellung) 'ratio': muss eine Zahl sein."
