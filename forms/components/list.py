"""List: a table of rows from an app's data list (`dataListId`), one of which a person picks.
Altinn's data lists come from the app's own code (an IDataListProvider), which Blankett does not
run. An options file with the same id (`options/<dataListId>.json`) is shown as the table; the
list cannot be picked from yet, and without such a file the page says the list is not available."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from forms.components.base import Component, Prop, register

_OPTION_FIELDS = ("value", "label", "description")


@dataclass(frozen=True)
class ListTable:
    headers: list[Markup]
    rows: list[list[Markup]] = field(default_factory=list)


@register
class List(Component):
    type_name = "List"
    template = "components/list.html"
    text_names = ("title", "description", "help", "summaryTitle")
    props_spec = (
        Prop("dataListId", "string"),
        Prop("tableHeaders", "object", {}, doc="{field: text key}: the columns"),
        Prop("sortableColumns", "array", []),
        Prop("pagination", "object"),
        Prop("bindingToShowInSummary", "string"),
        Prop("summaryBinding", "string"),
        Prop("tableHeadersMobile", "array"),
        Prop("secure", "boolean", False),
        Prop("mapping", "object"),
        Prop("queryParameters", "object"),
    )

    def table(self, view: Any) -> ListTable | None:
        """The app's static rows for `dataListId`, or None when Blankett has none."""
        items = view.app.options.get(self.props.get("dataListId") or "")
        if not items:
            return None
        headers = self.props.get("tableHeaders") or {}
        columns = [k for k in headers if k in _OPTION_FIELDS] if isinstance(headers, dict) else []
        if headers and not columns:
            return None  # the columns are fields only the app's own provider knows
        columns = columns or ["label"]
        table = ListTable([view.html(headers[k]) if k in headers else Markup(k) for k in columns])
        for item in items:
            cells = {"value": Markup.escape(item.value), "label": view.html(item.label),
                     "description": view.html(item.description) if item.description
                     else Markup("")}
            table.rows.append([cells[k] for k in columns])
        return table
