"""The classify page's rules editor: the engineer's own ordered rules (add with a preview of the
VMs they match, reorder, delete, CSV download and upload), drawn beside the naming families."""

from __future__ import annotations

from typing import Any

from nicegui import events, ui
from pydantic import ValidationError

from .. import vocabulary as vocab
from ..i18n import _, format_number, ngettext
from ..pipeline import (
    ATTRIBUTE_FIELD_PREFIX,
    Inventory,
    SizingSettings,
    StorePredictError,
    UserRule,
    describe_validation_error,
)
from ..pipeline.classify import (
    apply_scope,
    check_user_rules,
    first_user_rule,
    load_catalogue,
    rules_from_csv,
    rules_to_csv,
)
from ..pipeline.sizing import SizingResult
from . import language, store, widgets
from .families_panel import FamiliesPanel
from .forms import ApplyEdit

MAX_CSV_BYTES = 1024 * 1024
PREVIEW_NAMES = 8
ATTRIBUTE_FIELD = "custom_attributes"


class ClassificationTools:
    """Naming families and the rules editor side by side; `refresh` redraws both."""

    def __init__(self, inventory: Inventory, result: SizingResult, change: ApplyEdit) -> None:
        side_by_side = "w-full gap-5 items-stretch flex-col md:flex-row md:flex-nowrap"
        with ui.row().classes(side_by_side) as self._box:  # stacked on a phone
            with ui.column().classes("w-full md:w-auto grow min-w-0 md:basis-1/2"):
                self.families = FamiliesPanel(result, change)
            with ui.column().classes("w-full md:w-auto grow min-w-0 md:basis-1/2"):
                self.rules = RulesEditor(inventory, change)

    def refresh(self, result: SizingResult) -> None:
        """Redraw after a new sizing (settings or overrides changed)."""
        # The button that started this may be redrawn away: work in a slot that stays.
        with self._box:
            settings = store.get_state().settings
            self.families.refresh(result, settings)
            self.rules.refresh(settings)


def classification_tools(
    inventory: Inventory, result: SizingResult, change: ApplyEdit
) -> ClassificationTools:
    """Draw the naming families and the rules editor here; the classify page calls this."""
    return ClassificationTools(inventory, result, change)


class RulesEditor:
    """'Your rules' card: the ordered list with move/delete, a form to add one, CSV in and out."""

    def __init__(self, inventory: Inventory, change: ApplyEdit) -> None:
        self._inventory = inventory
        self._change = change
        self._catalogue = load_catalogue()
        self._classes = {c: vocab.class_label(c) for c in self._catalogue}
        with widgets.card(
            _("Your rules"),
            _("Applied in order after per-VM class changes and before the built-in rules."),
            icon="rule",
        ):
            self._list = ui.column().classes("w-full gap-1")
            self._form()
            with ui.row().classes("w-full items-center gap-3"):
                ui.button(_("Download CSV"), icon="download", on_click=self._download).props(
                    "no-caps outline"
                ).mark("rules-download")
                ui.upload(
                    label=_("Upload rules CSV"),
                    auto_upload=True,
                    max_file_size=MAX_CSV_BYTES,
                    on_upload=language.in_tab_language(self._upload),  # an HTTP request
                ).props('accept=".csv" flat bordered dense').classes("w-64").mark("rules-upload")
        self.refresh(store.get_state().settings)

    def refresh(self, settings: SizingSettings) -> None:
        """Redraw the list of rules from `settings`."""
        rules = settings.rules
        self._list.clear()
        with self._list:
            if not rules:
                ui.label(
                    _("No rules yet: add one below or make one from a naming family.")
                ).classes("text-sm text-slate-500")
            for index, rule in enumerate(rules):
                self._rule_row(index, rule, len(rules))

    def _rule_row(self, index: int, rule: UserRule, count: int) -> None:
        with ui.row().classes("w-full items-center gap-2 no-wrap"):
            ui.label(f"{index + 1}.").classes("text-sm text-slate-500 w-6")
            ui.label(self._describe(rule)).classes("text-sm grow min-w-0").mark(f"rule-{index}")
            up = ui.button(icon="arrow_upward", on_click=lambda: self._move(index, -1))
            up.props("flat dense round").mark(f"rule-up-{index}").set_enabled(index > 0)
            down = ui.button(icon="arrow_downward", on_click=lambda: self._move(index, 1))
            down.props("flat dense round").mark(f"rule-down-{index}").set_enabled(index < count - 1)
            ui.button(icon="delete", on_click=lambda: self._delete(index)).props(
                "flat dense round color=negative"
            ).mark(f"rule-delete-{index}")

    def _describe(self, rule: UserRule) -> str:
        target = self._classes.get(rule.class_id, rule.class_id)
        field = vocab.rule_field_label(rule.field)
        kind = vocab.rule_kind_label(rule.kind)
        return _(
            "{field} {kind} {pattern} → {target}",
            field=field,
            kind=kind,
            pattern=rule.pattern,
            target=target,
        )

    def _form(self) -> None:
        fields = vocab.translated(vocab.RULE_FIELD_LABELS)
        with ui.row().classes("w-full items-center gap-2"):
            self._field = ui.select(fields, value="name", label=_("Field")).props("outlined dense")
            self._field.classes("w-40").mark("rule-field")
            self._attribute = ui.input(label=_("Attribute")).props("outlined dense").classes("w-36")
            self._attribute.mark("rule-attribute").bind_visibility_from(
                self._field, "value", value=ATTRIBUTE_FIELD
            )
            kinds = vocab.translated(vocab.RULE_KIND_LABELS)
            self._kind = ui.select(kinds, value="prefix", label=_("Match"))
            self._kind.props("outlined dense").classes("w-48").mark("rule-kind")
            self._pattern = ui.input(label=_("Text or pattern")).props("outlined dense")
            self._pattern.classes("w-40").mark("rule-pattern")
            self._class = ui.select(self._classes, label=_("Class"), with_input=True)
            self._class.props("outlined dense").classes("w-56").mark("rule-class")
        with ui.row().classes("w-full items-center gap-3"):
            ui.button(_("Preview"), icon="visibility", on_click=self._preview).props(
                "no-caps outline"
            ).mark("rule-preview")
            ui.button(_("Add rule"), icon="add", on_click=self._add).props(
                "no-caps unelevated"
            ).mark("rule-add")
            self._preview_text = ui.label().classes("text-sm text-slate-600 grow min-w-0")
            self._preview_text.mark("rule-preview-text")

    def _form_rule(self) -> UserRule | None:
        """The rule the form describes, checked; None (with a notice) when it is not valid."""
        field = str(self._field.value or "")
        if field == ATTRIBUTE_FIELD:
            field = ATTRIBUTE_FIELD_PREFIX + str(self._attribute.value or "").strip()
        data = {
            "field": field,
            "kind": self._kind.value,
            "pattern": self._pattern.value or "",
            "class": self._class.value or "",
        }
        try:
            rule = UserRule.model_validate(data)
            check_user_rules([rule], self._catalogue)
        except ValidationError as error:
            ui.notify(describe_validation_error(error, _("rule value")), type="warning")
            return None
        except StorePredictError as error:
            ui.notify(error.message, type="warning")
            return None
        return rule

    def _preview(self) -> None:
        rule = self._form_rule()
        if rule is None:
            return
        self._preview_text.set_text(self.preview_text(rule))

    def preview_text(self, rule: UserRule) -> str:
        """How many VMs (and which) a rule would match, before it is applied."""
        vms = self._inventory.vms
        hits = (first_user_rule(vms, [rule]) >= 0).tolist()
        matched = [vm for vm, hit in zip(vms, hits, strict=True) if hit]
        if not matched:
            return _("Matches no VM.")
        scope = store.get_state().settings.scope
        in_scope = set(apply_scope(self._inventory, scope).in_scope)
        names = [vm.name for vm in matched[:PREVIEW_NAMES]]
        shown = ", ".join(names) + ("…" if len(matched) > PREVIEW_NAMES else "")
        counted = sum(vm.vm_id in in_scope for vm in matched)
        return ngettext(
            "Matches {number} VM, {counted} in scope: {names}",
            "Matches {number} VMs, {counted} in scope: {names}",
            len(matched),
            number=format_number(len(matched)),
            counted=format_number(counted),
            names=shown,
        )

    async def _add(self) -> None:
        rule = self._form_rule()
        if rule is None:
            return
        if await self._change(lambda d: d["rules"].append(rule.model_dump())):
            self._preview_text.set_text(self.preview_text(rule))
            self._pattern.set_value("")

    async def _move(self, index: int, step: int) -> None:
        def edit(data: dict[str, Any]) -> None:
            rules = data["rules"]
            rules[index], rules[index + step] = rules[index + step], rules[index]

        await self._change(edit)

    async def _delete(self, index: int) -> None:
        await self._change(lambda d: d["rules"].pop(index))

    def _download(self) -> None:
        text = rules_to_csv(store.get_state().settings.rules)
        ui.download.content(text.encode("utf-8"), "storepredict-rules.csv", "text/csv")

    async def _upload(self, event: events.UploadEventArguments) -> None:
        data = await event.file.read()
        event.sender.reset()  # type: ignore[attr-defined]
        try:
            if len(data) > MAX_CSV_BYTES:
                raise StorePredictError(
                    _("{name} is larger than 1 MiB: not a rules CSV.", name=event.file.name)
                )
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise StorePredictError(
                    _(
                        "{name} is not UTF-8 text: save the rules as a UTF-8 CSV.",
                        name=event.file.name,
                    )
                ) from None
            rules = rules_from_csv(text, self._catalogue, event.file.name)
        except StorePredictError as error:
            ui.notify(error.message, type="negative", multi_line=True)
            return
        dumped = [rule.model_dump() for rule in rules]
        if await self._change(lambda d: d.update(rules=dumped)):
            ui.notify(
                ngettext(
                    "{number} rule loaded from {name}.",
                    "{number} rules loaded from {name}.",
                    len(rules),
                    number=format_number(len(rules)),
                    name=event.file.name,
                )
            )
