"""What a template needs to draw one page: texts in the chosen language, values from the form
data, options, visibility and errors, resolved per component. No Flask here: the web layer
builds a `PageView` and hands it to the templates."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from forms.app_code import InstanceInfo, Registered, call, checked_options, checked_rows
from forms.components.base import Component
from forms.datamodel import get_value
from forms.definitions import AppDefinition, LayoutSet, Page
from forms.dynamics import Dynamics, dependency_index
from forms.formatting import NumberFormat, format_date
from forms.options import Option, option_value
from forms.texts import Variable, as_html, plain_text
from forms.ui_texts import has_ui_text, ui_text

log = logging.getLogger(__name__)
_FAILED = object()  # what a provider that failed answered (logged once per page view)


@dataclass(frozen=True)
class OptionView:
    value: str
    label: Markup
    description: Markup | None
    help_text: Markup | None


@dataclass(frozen=True)
class SummaryRow:
    component: Component
    label: Markup
    value: str
    page: str
    empty_text: str | None = None
    href: str = ""  # where to change the answer (with its row open)


def _overrides(summary: Component) -> dict[str, dict[str, Any]]:
    """Summary2 `overrides`, by the component or page they name."""
    out: dict[str, dict[str, Any]] = {}
    for item in summary.props.get("overrides") or []:
        if isinstance(item, dict):
            key = item.get("componentId") or item.get("pageId")
            if isinstance(key, str):
                out[key] = item
    return out


@dataclass
class SummarySection:
    page: Page
    title: str
    rows: list[Any] = field(default_factory=list)  # SummaryRow, or a Subform's SubformSummary

    def blocks(self) -> list[tuple[str, Any]]:
        """The rows in runs, for the template: ("fields", [SummaryRow...]) and ("subform",
        SubformSummary), in page order (a table cannot sit inside the fields' list)."""
        out: list[tuple[str, Any]] = []
        for row in self.rows:
            if not isinstance(row, SummaryRow):
                out.append(("subform", row))
            elif out and out[-1][0] == "fields":
                out[-1][1].append(row)
            else:
                out.append(("fields", [row]))
        return out


@dataclass(frozen=True)
class RowView:
    """One row of a repeating group as the page shows it."""

    index: int
    row_id: str
    instances: list[Component]
    cells: list[Component]
    hidden: bool
    open: bool
    path: str = ""  # the row in the data model as drawn: `group[3]`

    @property
    def key(self) -> str:
        """The row id as element ids carry it."""
        from forms.components.repeatinggroup import row_key

        return row_key(self.row_id)


@dataclass
class PageView:
    app: AppDefinition
    layout_set: LayoutSet
    page: Page
    data: dict[str, Any]
    lang: str
    page_url: Callable[[str], str]
    errors: dict[str, str] = field(default_factory=dict)  # component id → message (text)
    typed: dict[str, str] = field(default_factory=dict)  # component id → text kept
    show_unsupported: bool = True
    read_only: bool = False
    instance_info: dict[str, Any] | None = None  # Altinn's instance shape, for expressions
    open_rows: dict[str, str] = field(default_factory=dict)  # group instance id → row id
    error_links: dict[str, str] = field(default_factory=dict)  # error id → where to fix it
    # Warnings, infos and successes beside their fields: component id → [(severity, text)]
    notices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    row_pages: dict[str, int] = field(default_factory=dict)  # group instance id → table page
    editor_pages: dict[str, int] = field(default_factory=dict)  # group id → multiPage page
    confirm_delete: tuple[str, str] | None = None  # (group instance id, row id) to confirm
    # Subform entries, filled by the web layer: data type → [(data element id, its data)], and
    # where an entry's pages are, (element id, page name) → URL; None where entries cannot be
    # opened (preview)
    subform_entries: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)
    subform_url: Callable[[str, str], str] | None = None
    # List components: instance id → (page, rows per page, sort column, "asc"/"desc") asked for
    list_state: dict[str, tuple[int, int, str, str]] = field(default_factory=dict)
    # The process actions the instance's current task accepts (ActionButton), set by the web
    task_actions: list[str] = field(default_factory=list)
    dynamics: Dynamics = field(init=False)
    _provided: dict[tuple[Any, ...], Any] = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Evaluate expressions against the current data (again, after the data changed)."""
        self.dynamics = Dynamics.for_data(self.app, self.layout_set, self.data, self.lang,
                                          self.instance_info)

    # ---- texts -------------------------------------------------------------------------
    def _variable(self, var: Variable) -> Any:
        source = var.data_source
        if source.startswith("dataModel"):
            return get_value(self.data, var.key)
        return None

    def text(self, key: Any) -> str:
        """The plain text of a text key (or literal), variables filled."""
        resolved = self.dynamics.text(key)
        if resolved is None:
            return ""
        if not self.app.texts.has(resolved) and has_ui_text(resolved):
            return ui_text(resolved, self.lang)  # Altinn's built-in texts, e.g. "next"
        return self.app.texts.resolve(resolved, self.lang, self._variable)

    def html(self, key: Any, inline: bool = True) -> Markup:
        """A text as sanitised HTML (app texts are Markdown)."""
        return as_html(self.text(key), inline)

    def ui(self, key: str, *args: Any) -> str:
        """Blankett's own texts, which an app may override by text id."""
        text = self.app.texts.resolve(key, self.lang) if self.app.texts.has(key) else ui_text(
            key, self.lang)
        for i, arg in enumerate(args):
            text = text.replace(f"{{{i}}}", str(arg))
        return text

    def label(self, component: Component) -> Markup:
        return self.html(component.texts.get("title"))

    def label_text(self, component: Component) -> str:
        return plain_text(self.label(component)) or component.id

    def has_text(self, component: Component, name: str) -> bool:
        return bool(self.text(component.texts.get(name)))

    def page_title(self, page_name: str | None = None) -> str:
        name = page_name or self.page.name
        return self.text(name) if self.app.texts.has(name) else name

    # ---- state -------------------------------------------------------------------------
    def hidden(self, component: Component) -> bool:
        return self.dynamics.hidden(component)  # a row's copy carries its rows

    def required(self, component: Component) -> bool:
        return self.dynamics.required(component)

    def is_read_only(self, component: Component) -> bool:
        return self.read_only or self.dynamics.read_only(component)

    def state(self, component: Component) -> tuple[Any, ...]:
        """Everything expressions decide about a component (and its children), to tell which
        parts of a page changed after an answer changed."""
        if self.hidden(component):
            return (False,)
        if component.type_name == "RepeatingGroup":
            rows = self.rows(component)
            return (True, tuple(r.hidden for r in rows),
                    tuple(self.state(i) for r in rows if r.open for i in r.instances))
        texts = tuple(self.text(v) for v in component.texts.values())
        if component.raw.get("value") is not None:  # display components: Text, Number, ...
            texts += (str(self.dynamics.resolve_values(component.raw["value"], component)),)
        dynamic_options = any(component.raw.get(k) is not None for k in (
            "optionFilter", "source", "queryParameters", "mapping"))
        options = tuple((o.value, str(o.label)) for o in self.options(component)
                        ) if dynamic_options else ()
        return (True, self.required(component), self.is_read_only(component), texts, options,
                tuple(self.state(child) for child in component.children))

    @property
    def triggers(self) -> set[str]:
        """Components whose answers other parts of the app depend on."""
        return dependency_index(self.app, self.layout_set).triggers

    # ---- repeating groups ----------------------------------------------------------------
    def rows(self, group: Component, only: set[int] | None = None) -> list[RowView]:
        from forms.components.repeatinggroup import expand_rows

        rows = expand_rows(group, self.data, only)
        open_id = self.open_rows.get(group.id)
        if open_id is None:
            default = group.edit.get("openByDefault")  # type: ignore[attr-defined]
            if rows and default in (True, "first"):
                open_id = rows[0][1]
            elif rows and default == "last":
                open_id = rows[-1][1]
        column_ids = [c.id for c in group.columns]  # type: ignore[attr-defined]
        group_path = group.bindings.get("group") or ""
        out = []
        for index, row_id, instances in rows:
            cells = [i for i in instances if getattr(i, "base_id", i.id) in column_ids]
            hidden = self.dynamics.row_hidden(group, getattr(instances[0], "rows", ()))\
                if instances else False
            out.append(RowView(index, row_id, instances, cells, hidden, row_id == open_id,
                               f"{group_path}[{index}]"))
        return out

    def rows_per_page(self, group: Component) -> int | None:
        pagination = group.props.get("pagination")
        size = pagination.get("rowsPerPage") if isinstance(pagination, dict) else None
        return size if isinstance(size, int) and size > 0 else None

    def row_page_count(self, group: Component) -> int:
        size = self.rows_per_page(group)
        return max(1, -(-self.row_count(group) // size)) if size else 1

    def row_page(self, group: Component) -> int:
        """The table page shown: asked for, else the open row's, else the first."""
        from forms.components.repeatinggroup import row_index

        size = self.rows_per_page(group)
        if not size:
            return 1
        if group.id in self.row_pages:
            return min(max(1, self.row_pages[group.id]), self.row_page_count(group))
        open_id = self.open_rows.get(group.id)
        index = row_index(group, self.data, open_id) if open_id else None
        return index // size + 1 if index is not None else 1

    def page_rows(self, group: Component) -> list[RowView]:
        """The rows on the table page shown (all rows when the group is not paginated): only
        those rows are expanded, so a long group costs what is on screen."""
        size = self.rows_per_page(group)
        if not size:
            return self.rows(group)
        start = (self.row_page(group) - 1) * size
        return self.rows(group, set(range(start, start + size)))

    def row(self, group: Component, row_id: str) -> RowView | None:
        """One row by its id, without going through the others."""
        from forms.components.repeatinggroup import row_index

        index = row_index(group, self.data, row_id)
        found = self.rows(group, {index}) if index is not None else []
        return found[0] if found else None

    def editor_page(self, group: Component) -> int:
        """The page of a `multiPage` row editor shown (0-based, kept within its pages)."""
        last = group.editor_page_count - 1  # type: ignore[attr-defined]
        return min(max(0, self.editor_pages.get(group.id, 0)), last)

    def editor_fields(self, group: Component, row: RowView) -> list[Component]:
        """What the open row's editor shows: the children on the editor page shown, less
        those edited in the table (unless `showInExpandedEdit` asks for them too)."""
        page = self.editor_page(group)
        out = []
        for child in row.instances:
            column = group.column(child)  # type: ignore[attr-defined]
            if column.get("showInExpandedEdit") is False or (
                    column.get("editInTable") and column.get("showInExpandedEdit") is not True):
                continue
            if group.editor_page(child) == page:  # type: ignore[attr-defined]
                out.append(child)
        return out

    def row_count(self, group: Component) -> int:
        rows = get_value(self.data, group.bindings.get("group") or "")
        return len(rows) if isinstance(rows, list) else 0

    def edit_mode(self, group: Component) -> str:
        mode = group.edit.get("mode")  # type: ignore[attr-defined]
        return mode if mode in ("showTable", "hideTable", "showAll", "onlyTable") else (
            "showTable")

    def asks_before_delete(self, group: Component) -> bool:
        alert = group.edit.get("alertOnDelete")  # type: ignore[attr-defined]
        return self.dynamics.resolve_values(alert, group) is True

    def can_add(self, group: Component) -> bool:
        if self.is_read_only(group) or self.edit_mode(group) == "onlyTable":
            return False
        button = group.edit.get("addButton", True)  # type: ignore[attr-defined]
        if self.dynamics.resolve_values(button, group) is False:
            return False
        max_count = group.props.get("maxCount") or 0
        return not max_count or self.row_count(group) < max_count

    def column_title(self, component: Component) -> str:
        for key in ("tableTitle", "shortName", "title"):
            text = self.text(component.texts.get(key))
            if text:
                return plain_text(as_html(text))
        return component.id

    def find_instance(self, instance_id: str) -> Component | None:
        """A component or a row's copy of it, by its element id."""
        return self.find(lambda component: component.id == instance_id)

    def find(self, wanted: Callable[[Component], bool]) -> Component | None:
        """The first component of the page, or row's copy of one, that is `wanted`."""
        stack = list(self.page.components)
        while stack:
            component = stack.pop()
            if wanted(component):
                return component
            if component.type_name == "RepeatingGroup":
                for row in self.rows(component):
                    stack.extend(row.instances)
            else:
                stack.extend(component.children)
        return None

    def visible(self, components: list[Component]) -> list[Component]:
        return [c for c in components if not self.hidden(c)]

    def raw_value(self, component: Component, binding: str = "simpleBinding") -> Any:
        path = component.bindings.get(binding)
        return get_value(self.data, path) if path else None

    def value(self, component: Component, binding: str = "simpleBinding") -> str:
        """What goes into the field: the text typed if it could not be saved, else the value."""
        if component.id in self.typed:
            return self.typed[component.id]
        raw = self.raw_value(component, binding)
        if raw is None or isinstance(raw, (dict, list)):
            return ""
        formatting = self.formatting(component)
        if formatting:
            return NumberFormat(formatting, self.lang).format(raw)
        return option_value(raw)

    def formatting(self, component: Component) -> dict[str, Any] | None:
        """An Input's `formatting`, with any expression values (prefix, suffix, currency...)
        evaluated for this component."""
        formatting = component.props.get("formatting")
        if not isinstance(formatting, dict):
            return None
        return self.dynamics.resolve_values(formatting, component)

    def selected(self, component: Component) -> set[str]:
        """The chosen option values; Checkboxes keep them comma-separated. With nothing chosen
        yet, `preselectedOptionIndex` marks an option (saved when the page is posted)."""
        value = self.value(component)
        if not value:
            index = component.props.get("preselectedOptionIndex")
            if isinstance(index, int) and component.id not in self.typed and self.raw_value(
                    component) is None:
                options = self.options(component)
                if 0 <= index < len(options):
                    return {options[index].value}
            return set()
        if component.comma_separated:
            return {v.strip() for v in value.split(",") if v.strip()}
        return {value}

    def error(self, component: Component) -> str | None:
        return self.errors.get(component.id)

    def describedby(self, component: Component, *extra: str) -> str:
        ids = []
        if self.has_text(component, "description"):
            ids.append(f"{component.id}__description")
        if self.has_text(component, "help"):
            ids.append(f"{component.id}__help")
        ids.extend(extra)
        if self.error(component):
            ids.append(f"{component.id}__error")
        if self.notices.get(component.id):
            ids.append(f"{component.id}__notice")
        return " ".join(ids)

    # ---- options -----------------------------------------------------------------------
    def options(self, component: Component) -> list[OptionView]:
        """The options to choose from: inline, `source` rows, the options file of `optionsId`
        or the app's provider for it; a List's options are its rows."""
        if component.type_name == "List":
            return component.row_options(self)  # type: ignore[attr-defined, no-any-return]
        source: list[Option] = component.props.get("options") or []
        if component.props.get("optionsId"):
            source = self._listed_options(component) or []
        if isinstance(component.raw.get("source"), dict):
            source = self.dynamics.source_options(component)
        if component.raw.get("optionFilter") is not None:
            source = [o for o in source if self.dynamics.option_allowed(component, {
                "value": o.value, "label": o.label, "description": o.description,
                "helpText": o.help_text})]
        views = [
            OptionView(
                value=o.value,
                label=self.html(o.label),
                description=self.html(o.description) if o.description else None,
                help_text=self.html(o.help_text) if o.help_text else None,
            )
            for o in source
        ]
        order = component.props.get("sortOrder")
        if order in ("asc", "desc"):
            views.sort(key=lambda v: plain_text(v.label).lower(), reverse=order == "desc")
        return views

    def has_option_list(self, component: Component) -> bool:
        """True when the options are known here (inline, an options file or a provider of the
        app, a List's rows); options an app computes elsewhere cannot be checked against."""
        if component.type_name == "List":
            return True  # without rows nothing may be picked
        if component.props.get("optionsId"):
            return self._options_file(component) is not None or (
                self._provider(component, "options") is not None)
        return component.props.get("options") is not None or isinstance(
            component.raw.get("source"), dict)

    def options_failed(self, component: Component) -> bool:
        """True when the app's provider failed for what the component asks now (logged)."""
        kind = "data_list" if component.type_name == "List" else "options"
        entry = self._provider(component, kind)
        if entry is None:
            return False
        return self._provided_for(entry, component) is _FAILED

    def data_rows(self, component: Component) -> list[dict[str, Any]] | None:
        """A List's rows: from the app's data list provider, else the options file of the same
        id as rows of value, label and description; None when there are none to show."""
        entry = self._provider(component, "data_list")
        if entry is not None:
            rows = self._provided_for(entry, component)
            return None if rows is _FAILED else rows  # type: ignore[no-any-return]
        if component.props.get("secure") is True:
            return None
        items = self.app.options.get(component.props.get("dataListId") or "")
        if items is None:
            return None
        return [{"value": o.value, "label": o.label, "description": o.description}
                for o in items]

    def _options_file(self, component: Component) -> list[Option] | None:
        if component.props.get("secure") is True:
            return None  # instance-aware options come from the app's code only
        return self.app.options.get(component.props.get("optionsId") or "")

    def _provider(self, component: Component, kind: str) -> Registered | None:
        key = component.props.get("dataListId" if kind == "data_list" else "optionsId")
        return self.app.code.find(kind, key, component.props.get("secure") is True)

    def _listed_options(self, component: Component) -> list[Option] | None:
        """`optionsId`: the app's provider, else the options file (as in Altinn, where a
        registered provider replaces the file); `secure: true`: the secure provider only."""
        entry = self._provider(component, "options")
        if entry is None:
            return self._options_file(component)
        options = self._provided_for(entry, component)
        return None if options is _FAILED else options  # type: ignore[no-any-return]

    def _provided_for(self, entry: Registered, component: Component) -> Any:
        """What the app's code answers for the component's query as the data is now: asked
        once per page view and query; an exception or a wrong answer is logged and counts as
        failed, so the page still renders."""
        query = self.dynamics.query_parameters(component)
        key = (entry.kind, entry.key, entry.secure, tuple(sorted(query.items())))
        if key in self._provided:
            return self._provided[key]
        instance = InstanceInfo.from_altinn(self.instance_info) if (
            entry.secure and self.instance_info) else None
        if entry.secure and instance is None:  # no instance here (the preview): nothing to ask
            self._provided[key] = _FAILED
            return _FAILED
        try:
            answer = call(entry, self.lang, query, instance)
            result: Any = checked_rows(answer) if entry.kind == "data_list" else (
                checked_options(answer))
        except Exception:  # the app's code: log it, never break the page
            log.exception("App code failed in %s: @%s('%s') at %s (component %s, query %s)",
                          self.app.id, entry.kind, entry.key, entry.where, component.id, query)
            result = _FAILED
        self._provided[key] = result
        return result

    def option_label(self, component: Component, value: str) -> str:
        for option in self.options(component):
            if option.value == value:
                return plain_text(option.label)
        return value

    # ---- navigation --------------------------------------------------------------------
    def pages(self) -> list[Page]:
        return self.dynamics.visible_pages()

    def neighbour(self, step: int) -> Page | None:
        pages = self.pages()
        names = [p.name for p in pages]
        if self.page.name not in names:
            return pages[0] if pages and step > 0 else None
        i = names.index(self.page.name) + step
        return pages[i] if 0 <= i < len(pages) else None

    def position(self) -> tuple[int, int]:
        names = [p.name for p in self.pages()]
        index = names.index(self.page.name) + 1 if self.page.name in names else 0
        return index, len(names)

    # ---- summary -----------------------------------------------------------------------
    def display_value(self, component: Component) -> str:
        """The value as a person reads it: option labels, formatted numbers, local dates."""
        own = component.display(self)
        if own is not None:
            return own
        if self.has_option_list(component) or component.props.get("optionsId"):
            values = self.selected(component)
            return ", ".join(self.option_label(component, v) for v in sorted(values))
        value = self.value(component)
        if component.type_name == "Datepicker" and component.id not in self.typed:
            return format_date(value, str(component.props.get("format") or "dd.MM.yyyy"))
        return value

    def summary(self, summary: Component) -> list[SummarySection]:
        kind, ident = summary.target()  # type: ignore[attr-defined]
        overrides = _overrides(summary)
        hide_empty = summary.props.get("hideEmptyFields") is True
        if kind == "component" and ident in self.layout_set.components:
            target = self.layout_set.components[ident]
            page = self.layout_set.pages[target.page]
            section = SummarySection(page, self.page_title(page.name))
            self._summary_rows(section, [target], overrides, hide_empty)
            return [section]
        pages = self.pages()
        if kind == "page":
            pages = [p for p in pages if p.name == ident]
        return self.page_summaries([p for p in pages if p.name != self.page.name], overrides,
                                   hide_empty)

    def page_summaries(self, pages: list[Page], overrides: dict[str, dict[str, Any]],
                       hide_empty: bool) -> list[SummarySection]:
        """A section per page with something to show (a subform entry's summary too)."""
        sections = []
        for page in pages:
            if overrides.get(page.name, {}).get("hidden") is True:
                continue
            section = SummarySection(page, self.page_title(page.name))
            self._summary_rows(section, page.components, overrides, hide_empty)
            if section.rows:
                sections.append(section)
        return sections

    def _summary_rows(self, section: SummarySection, components: list[Component],
                      overrides: dict[str, dict[str, Any]], hide_empty: bool,
                      row_label: str = "", row_query: str = "") -> None:
        """Visible fields (and hidden ones the app forces into the summary), each repeating
        group row's fields under the row's name; Summary2 `overrides` hide a component or
        give the text for an empty answer."""
        for component in [c for c in components
                          if not self.hidden(c) or self.dynamics.force_show_in_summary(c)]:
            override = overrides.get(getattr(component, "base_id", component.id), {})
            if override.get("hidden") is True:
                continue
            if component.type_name == "Subform":  # its entries, from their own data elements
                section.rows.append(component.summary(  # type: ignore[attr-defined]
                    self, overrides, hide_empty))
                continue
            if component.type_name == "RepeatingGroup":
                for row in self.rows(component):
                    if not row.hidden:
                        self._summary_rows(section, row.instances, overrides, hide_empty,
                                           self.ui("row_n", row.index + 1),
                                           f"?edit={component.id}:{row.row_id}")
                continue
            if component.is_form_field:
                value = self.display_value(component)
                if hide_empty and not value:
                    continue
                label = self.label(component)
                if row_label:
                    label = Markup("{}: {}").format(row_label, label)
                empty = self.text(override.get("emptyFieldText")) if override.get(
                    "emptyFieldText") else None
                href = f"{self.page_url(component.page)}{row_query}#{component.id}"
                section.rows.append(SummaryRow(component, label, value or "", component.page,
                                               empty, href))
            self._summary_rows(section, component.children, overrides, hide_empty, row_label,
                               row_query)
