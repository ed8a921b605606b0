"""AG Grid's own words (filter menus, overlays, screen-reader labels) in the tab's language.

AG Grid draws these itself, in English unless its `localeText` option names them. The keys are
AG Grid's; each English text is AG Grid's own default, so an English tab reads as before and a
test can check every key against the grid NiceGUI ships.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ..i18n import N_, _

GRID_WORDS: Mapping[str, str] = MappingProxyType(
    {
        # the column filter: its choices, input and buttons
        "filterOoo": N_("Filter..."),
        "empty": N_("Choose one"),
        "contains": N_("Contains"),
        "notContains": N_("Does not contain"),
        "equals": N_("Equals"),
        "notEqual": N_("Does not equal"),
        "startsWith": N_("Begins with"),
        "endsWith": N_("Ends with"),
        "blank": N_("Blank"),
        "notBlank": N_("Not blank"),
        "lessThan": N_("Less than"),
        "greaterThan": N_("Greater than"),
        "lessThanOrEqual": N_("Less than or equal to"),
        "greaterThanOrEqual": N_("Greater than or equal to"),
        "inRange": N_("Between"),
        "inRangeStart": N_("From"),
        "inRangeEnd": N_("To"),
        "andCondition": N_("AND"),
        "orCondition": N_("OR"),
        "applyFilter": N_("Apply"),
        "resetFilter": N_("Reset"),
        "clearFilter": N_("Clear"),
        "cancelFilter": N_("Cancel"),
        # overlays
        "loadingOoo": N_("Loading..."),
        "noRowsToShow": N_("No Rows To Show"),
        # what a screen reader says
        "ariaChecked": N_("checked"),
        "ariaUnchecked": N_("unchecked"),
        "ariaIndeterminate": N_("indeterminate"),
        "ariaRowToggleSelection": N_("Press Space to toggle row selection"),
        "ariaRowSelectAll": N_("Press Space to toggle all rows selection"),
        "ariaSortableColumn": N_("Press ENTER to sort"),
        "ariaMenuColumn": N_("Press ALT DOWN to open column menu"),
        "ariaFilterMenuOpen": N_("Open Filter Menu"),
        "ariaColumnFiltered": N_("Column Filtered"),
        "ariaLabelColumnMenu": N_("Column Menu"),
        "ariaLabelColumnFilter": N_("Column Filter"),
        "ariaFilterInput": N_("Filter Input"),
        "ariaFilterValue": N_("Filter Value"),
        "ariaFilterFromValue": N_("Filter from value"),
        "ariaFilterToValue": N_("Filter to Value"),
        "ariaFilteringOperator": N_("Filtering operator"),
        "ariaInputEditor": N_("Input Editor"),
        "ariaSkeletonCellLoading": N_("Row data is loading"),
        "ariaSkeletonCellLoadingFailed": N_("Row failed to load"),
    }
)


def grid_locale_text() -> dict[str, str]:
    """AG Grid's `localeText` option: every word of GRID_WORDS in the active language."""
    return {key: _(text) for key, text in GRID_WORDS.items()}
