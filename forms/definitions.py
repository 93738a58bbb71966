"""An app definition, parsed once: metadata, layout sets with their pages and components,
texts, options, data model schemas and the process shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forms.app_code import AppCode
from forms.bpmn import ProcessDefinition
from forms.components.base import Component
from forms.datamodel import Schema
from forms.options import Option
from forms.payment_order import OrderSpec
from forms.prefill import PrefillConfig
from forms.problems import Problem
from forms.texts import TextResources


@dataclass(eq=False)
class Page:
    name: str
    file: str
    hidden: Any = False
    components: list[Component] = field(default_factory=list)  # top level, in order
    all_components: list[Component] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(eq=False)
class LayoutSet:
    id: str
    data_type: str | None
    tasks: list[str]
    settings: dict[str, Any]
    pages: dict[str, Page]  # every layout file, by name
    order: list[str]  # the pages a person moves through
    components: dict[str, Component]
    _dependencies: Any = field(default=None, repr=False)
    folder: Path | None = None  # holds layouts/ and Settings.json

    def navigable_pages(self) -> list[Page]:
        return [self.pages[name] for name in self.order if name in self.pages]


@dataclass(eq=False)
class AppDefinition:
    id: str  # "org/app"
    org: str
    name: str
    folder: Path
    metadata: dict[str, Any]
    layout_sets: dict[str, LayoutSet]
    texts: TextResources
    options: dict[str, list[Option]]
    schemas: dict[str, Schema]  # by data type id
    process: ProcessDefinition
    ui_settings: dict[str, Any] = field(default_factory=dict)
    app_settings: dict[str, Any] = field(default_factory=dict)  # App/appsettings.json
    code: AppCode = field(default_factory=AppCode)  # what App/logic/*.py registered
    validations: dict[str, Any] = field(default_factory=dict)  # data type → validation.json
    prefill: dict[str, PrefillConfig] = field(default_factory=dict)  # data type → prefill.json
    payment_order: OrderSpec | None = None  # config/payment/order-lines.json
    warnings: list[Problem] = field(default_factory=list)
    version: int | None = None  # the published version; None: the files as they are

    @property
    def remove_hidden_data(self) -> bool:
        """Altinn's AppSettings.RemoveHiddenData: drop hidden answers when a task ends."""
        settings = self.app_settings.get("AppSettings")
        return isinstance(settings, dict) and settings.get("RemoveHiddenData") is True

    def title(self, lang: str) -> str:
        resource = self.texts.find("appName", lang)
        if resource is not None:
            return resource.value
        titles = self.metadata.get("title") or {}
        for key in (lang, "nb", "nn", "en"):
            if isinstance(titles, dict) and titles.get(key):
                return str(titles[key])
        return self.name

    def layout_set_for_task(self, task_id: str | None) -> LayoutSet | None:
        for layout_set in self.layout_sets.values():
            if task_id in layout_set.tasks:
                return layout_set
        return None

    def data_type(self, data_type_id: str) -> dict[str, Any] | None:
        for data_type in self.metadata.get("dataTypes") or []:
            if isinstance(data_type, dict) and data_type.get("id") == data_type_id:
                return data_type
        return None

    @property
    def party_types_allowed(self) -> dict[str, bool]:
        allowed = self.metadata.get("partyTypesAllowed")
        allowed = allowed if isinstance(allowed, dict) else {}
        flags = {k: bool(allowed.get(k)) for k in ("person", "organisation", "subUnit",
                                                     "bankruptcyEstate")}
        if not any(flags.values()):  # all false means everyone may
            return {k: True for k in flags}
        return flags
