"""A server-side AG Grid query: the sort model, column filter model and quick filter of a request.

The grid's infinite row model asks for blocks of rows; the server filters and sorts. The column
filters follow AG Grid's text, number and boolean filter models (a single condition, or two joined
by AND/OR); text comparisons ignore case, like the grid's own filters.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Predicate = Callable[[Any], bool]


@dataclass(frozen=True)
class GridQuery:
    """What the grid shows: sorted by `sort` ((column, descending) pairs), filtered."""

    sort: tuple[tuple[str, bool], ...] = ()
    filters: tuple[tuple[str, str], ...] = ()  # (column, its filter model as canonical JSON)
    quick: str = ""

    @property
    def quick_words(self) -> tuple[str, ...]:
        """The quick filter's words, lower case: a row must contain every one of them."""
        return tuple(self.quick.lower().split())


def query_of(sort_model: Any, filter_model: Any, quick: str) -> GridQuery:
    """A query from a block request's sortModel and filterModel (unknown columns kept as given)."""
    sort = tuple(
        (str(item.get("colId")), item.get("sort") == "desc")
        for item in sort_model or []
        if isinstance(item, Mapping) and item.get("colId")
    )
    filters = tuple(
        sorted(
            (str(column), json.dumps(model, sort_keys=True))
            for column, model in (filter_model or {}).items()
            if isinstance(model, Mapping)
        )
    )
    return GridQuery(sort=sort, filters=filters, quick=quick.strip())


def predicate(model: Mapping[str, Any]) -> Predicate:
    """A test of one cell value for one column's filter model; unknown filters match everything."""
    conditions = model.get("conditions")
    if not isinstance(conditions, Sequence) or not conditions:
        return _condition(model)
    tests = [_condition(c) for c in conditions if isinstance(c, Mapping)]  # one level, as AG Grid
    if str(model.get("operator", "AND")).upper() == "OR":
        return lambda value: any(test(value) for test in tests)
    return lambda value: all(test(value) for test in tests)


def _condition(model: Mapping[str, Any]) -> Predicate:
    kind = model.get("type")
    if kind == "blank":
        return _blank
    if kind == "notBlank":
        return lambda value: not _blank(value)
    if kind == "true":
        return lambda value: value is True
    if kind == "false":
        return lambda value: value is False
    if model.get("filterType") == "number":
        return _number_test(str(kind), model.get("filter"), model.get("filterTo"))
    return _text_test(str(kind), model.get("filter"))


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _text_test(kind: str, wanted: Any) -> Predicate:
    if wanted is None:
        return _everything
    needle = str(wanted).lower()
    tests: dict[str, Callable[[str], bool]] = {
        "contains": lambda text: needle in text,
        "notContains": lambda text: needle not in text,
        "equals": lambda text: text == needle,
        "notEqual": lambda text: text != needle,
        "startsWith": lambda text: text.startswith(needle),
        "endsWith": lambda text: text.endswith(needle),
    }
    test = tests.get(kind)
    if test is None:
        return _everything
    return lambda value: test("" if value is None else str(value).lower())


def _number_test(kind: str, low: Any, high: Any) -> Predicate:
    if not isinstance(low, int | float):
        return _everything
    tests: dict[str, Callable[[float], bool]] = {
        "equals": lambda x: x == low,
        "notEqual": lambda x: x != low,
        "greaterThan": lambda x: x > low,
        "greaterThanOrEqual": lambda x: x >= low,
        "lessThan": lambda x: x < low,
        "lessThanOrEqual": lambda x: x <= low,
    }
    if kind == "inRange" and isinstance(high, int | float):
        return lambda x: isinstance(x, int | float) and low < x < high  # AG Grid: exclusive
    test = tests.get(kind)
    if test is None:
        return _everything
    return lambda x: isinstance(x, int | float) and test(x)


def _everything(value: Any) -> bool:
    del value
    return True


def sort_key(value: Any) -> tuple[int, Any]:
    """Blank first, then numbers, then text ignoring case (AG Grid puts blanks first too)."""
    if value is None or value == "":
        return (0, 0)
    if isinstance(value, bool | int | float):
        return (1, value)
    return (2, str(value).casefold())
