"""What an expression may ask about the world: form data (several data models), the layout
(components, their rows and visibility), texts, the instance, settings and permissions.

`ExpressionContext` is filled in by whoever evaluates: the page renderer, validation, process
gateways, or the conformance runner with Altinn's test data."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from forms.datamodel import BindingPathError, get_value
from forms.expressions.values import ExprError, to_json
from forms.texts import TextResources, Variable

if TYPE_CHECKING:
    from forms.expressions.layout import LayoutNode, LayoutTree

_ROW_PLACEHOLDER = re.compile(r"\[\{(\d+)\}\]")
_INSTANCE_KEYS = ("instanceId", "appId", "instanceOwnerPartyId", "instanceOwnerPartyType",
                  "instanceOwnerName")
_AUTH_ACTIONS = ("read", "write")


@dataclass
class ExpressionContext:
    data: dict[str, Any] = field(default_factory=dict)  # the default data model
    default_data_type: str = "default"
    other_data: dict[str, Any] = field(default_factory=dict)  # data type id → data
    data_type_counts: dict[str, int] = field(default_factory=dict)
    data_elements: list[dict[str, Any]] = field(default_factory=list)  # the instance's files
    layout: LayoutTree | None = None
    node: LayoutNode | None = None  # the component instance evaluated for (with its rows)
    lang: str = "nb"
    texts: TextResources = field(default_factory=TextResources)
    instance: dict[str, Any] | None = None
    process: dict[str, Any] | None = None
    frontend: dict[str, Any] = field(default_factory=dict)
    permissions: dict[str, Any] | None = None
    positional: list[Any] | None = None
    value_args: dict[str, Any] | None = None  # {"data": {...}, "defaultKey": "..."}
    option_lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    external_apis: dict[str, Any] = field(default_factory=dict)
    gateway: str | None = None
    stateless: bool = False
    page_url: Any = None  # callable(page, component_id | None, back_to | None) → href
    current_page: str | None = None  # the page shown, when there is no component context

    def at(self, node: LayoutNode | None) -> ExpressionContext:
        """The same world, evaluated for another component instance (a cheap shallow copy)."""
        if node is self.node:
            return self
        other = object.__new__(ExpressionContext)
        other.__dict__.update(self.__dict__)
        other.node = node
        return other

    # ---- data ---------------------------------------------------------------------------
    def row_indices(self) -> tuple[int, ...]:
        return self.node.row_indices if self.node is not None else ()

    def data_for(self, data_type: str | None) -> Any:
        if data_type is None or data_type == self.default_data_type or data_type == "default":
            return self.data
        if data_type not in self.other_data:
            raise ExprError(f"Data model with type {data_type} not found")
        return self.other_data[data_type]

    def data_model(self, path: str, data_type: str | None = None) -> Any:
        source = self.data_for(data_type)
        if self.node is not None and self.layout is not None:
            path = self.layout.transpose(self.node, path)
        try:
            value = get_value(source, path)
        except BindingPathError:
            return None
        # Lists and objects are returned whole, as Altinn's backend does (for list functions).
        if isinstance(value, float):
            return Decimal(str(value))
        return value

    # ---- layout -------------------------------------------------------------------------
    def _tree(self) -> LayoutTree:
        if self.layout is None:
            raise ExprError("No layout is available to look up components in")
        return self.layout

    def component(self, component_id: str) -> Any:
        tree = self._tree()
        target = tree.find(component_id, self.node)
        if target is None or tree.is_hidden(target, self):
            return None
        binding = tree.binding_from(target, "simpleBinding", self.node)
        if binding is None:
            raise ExprError(f"Component {component_id} has no simple binding")
        source = self.data_for(target.binding_types.get("simpleBinding"))
        try:
            value = get_value(source, binding)
        except BindingPathError:
            return None
        return Decimal(str(value)) if isinstance(value, float) else value

    def display_value(self, component_id: str) -> Any:
        tree = self._tree()
        target = tree.find(component_id, self.node)
        if target is None or tree.is_hidden(target, self):
            return None
        return tree.display_value(target, self)

    def option_label(self, options_id: str, value: Any) -> Any:
        options = self.option_lists.get(options_id)
        if options is None:
            raise ExprError(f'Could not find options with id "{options_id}"')
        wanted = "" if value is None else str(to_json(value)).lower() if isinstance(
            value, bool) else str(to_json(value))
        for option in options:
            if str(to_json(option.get("value"))) == wanted or (
                    isinstance(option.get("value"), bool) and str(option["value"]).lower()
                    == wanted):
                return self.text(str(option.get("label", "")))
        return None

    # ---- texts --------------------------------------------------------------------------
    def _variable(self, var: Variable) -> Any:
        key = _ROW_PLACEHOLDER.sub(
            lambda m: f"[{self.row_indices()[int(m.group(1))]}]"
            if int(m.group(1)) < len(self.row_indices()) else m.group(0), var.key)
        source = var.data_source
        try:
            if source.startswith("dataModel."):
                data_type = source.split(".", 1)[1]
                value = self.data_model(key, None if data_type == "default" else data_type)
            elif source == "applicationSettings":
                value = self.frontend.get(key)
            elif source == "instanceContext":
                value = self.instance_context(key)
            else:
                value = None
        except ExprError:
            value = None
        return to_json(value)

    def text(self, key: str) -> str:
        return self.texts.resolve(key, self.lang, self._variable)

    def language(self) -> str:
        return self.lang or "nb"

    # ---- instance, settings, permissions ------------------------------------------------
    def instance_context(self, key: str | None) -> Any:
        if key not in _INSTANCE_KEYS:
            raise ExprError(f"Unknown Instance context property {key or ''}")
        if self.instance is None:
            return None
        owner = self.instance.get("instanceOwner") or {}
        if key == "instanceId":
            return self.instance.get("id")
        if key == "appId":
            return self.instance.get("appId")
        if key == "instanceOwnerPartyId":
            return owner.get("partyId")
        if key == "instanceOwnerPartyType":
            if owner.get("organisationNumber"):
                return "org"
            if owner.get("personNumber"):
                return "person"
            if owner.get("username"):
                return "selfIdentified"
            return "unknown"
        party = owner.get("party") or {}
        return party.get("name")

    def frontend_settings(self, key: str | None) -> Any:
        if key is None:
            raise ExprError("Value cannot be null. (Parameter 'key')")
        return self.frontend.get(key)

    def auth_context(self, action: str | None) -> Any:
        permissions = self.permissions or {}
        if action in _AUTH_ACTIONS:
            return bool(permissions.get(action))
        actions = permissions.get("actions") or {}
        if action in actions:
            return bool(actions[action])
        task = ((self.process or {}).get("currentTask") or {}).get("elementId", "")
        raise ExprError(f"Unknown Auth context property {action} for task {task}")

    def count_data_elements(self, data_type: str | None) -> int:
        return self.data_type_counts.get(data_type or "", 0)

    def argv(self, index: Decimal | None) -> Any:
        if not self.positional:
            raise ExprError("No positional arguments available")
        i = int(index or 0)
        if i < 0 or i >= len(self.positional):
            raise ExprError(f"Index {i} out of range")
        return self.positional[i]

    def value(self, key: str | None) -> Any:
        args = self.value_args or {}
        data = args.get("data") or {}
        key = key if key is not None else args.get("defaultKey")
        if key not in data:
            raise ExprError(f"Unknown key {key}, Valid keys are: {', '.join(data)}")
        return data[key]

    def gateway_action(self) -> Any:
        return self.gateway

    def external_api(self, api_id: str | None, path: str | None) -> Any:
        if api_id not in self.external_apis:
            raise ExprError(f"{api_id} not found")
        value = self.external_apis[api_id]
        if path:
            value = get_value(value, path) if isinstance(value, (dict, list)) else None
        return None if isinstance(value, (dict, list)) else value

    # ---- links --------------------------------------------------------------------------
    def _link(self, text: str, href: str, kind: str) -> str:
        href = href.replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
        return f'<a href="{href}" data-link-type="{kind}">{html.escape(text, quote=False)}</a>'

    def _current_page(self) -> str | None:
        return self.node.page if self.node is not None else self.current_page

    def link_to_page(self, text: str, page: str, back: bool) -> str:
        current = self._current_page()
        href = self.page_url(page, None, current if back and current != page else None)
        return self._link(text, href, "LinkToPotentialPage")

    def link_to_component(self, text: str, component_id: str, back: bool) -> str:
        target = self._tree().find(component_id, None)
        if target is None:
            raise ExprError(f"Unable to find component with identifier {component_id}")
        current = self._current_page()
        href = self.page_url(target.page, component_id,
                             current if back and current != target.page else None)
        return self._link(text, href, "LinkToPotentialNode")
