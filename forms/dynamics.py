"""Properties that may be expressions (`hidden`, `required`, `readOnly`, texts, page `hidden`),
resolved on the server for one page view. A `Dynamics` is made per request from the layout set,
the form data and the instance; each expression is compiled once per app (cached) and evaluated
in the component's own context. An expression that fails is logged with app, file, component and
expression, and the property takes its default, as in Altinn."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from forms.datamodel import get_value
from forms.expressions.context import ExpressionContext
from forms.expressions.dependencies import ANY, References, normalise, references
from forms.expressions.engine import Expression, compile_expression
from forms.expressions.layout import LayoutNode, LayoutTree
from forms.expressions.values import ExprError, to_boolean, to_string
from forms.options import Option, option_value

if TYPE_CHECKING:
    from forms.components.base import Component
    from forms.definitions import AppDefinition, LayoutSet, Page

log = logging.getLogger(__name__)
_ROW_INDEX = re.compile(r"\[\{(\d+)\}\]")  # `[{0}]`: the row of the component, in mappings
_COMPILED: dict[int, tuple[Any, Expression | ExprError]] = {}


def is_expression(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], str)


def compiled(raw: list[Any]) -> Expression:
    """Compile once: keyed by the identity of the JSON list, which lives as long as its app."""
    entry = _COMPILED.get(id(raw))
    if entry is None or entry[0] is not raw:
        try:
            result: Expression | ExprError = compile_expression(raw)
        except ExprError as exc:
            result = exc
        entry = _COMPILED[id(raw)] = (raw, result)
    if isinstance(entry[1], ExprError):
        raise entry[1]
    return entry[1]


def in_rows(component: Component) -> bool:
    """True for a component declared inside a repeating group (it exists once per row)."""
    if getattr(component, "rows", ()):
        return False  # a row's own copy
    parent = component.parent
    while parent is not None:
        if parent.type_name == "RepeatingGroup":
            return True
        parent = parent.parent
    return False


@dataclass
class Dynamics:
    """Expression-driven state of one layout set for one person's data."""

    app: AppDefinition
    layout_set: LayoutSet
    ctx: ExpressionContext
    tree: LayoutTree
    _cache: dict[tuple[int, int], Any] = field(default_factory=dict)

    @classmethod
    def for_data(cls, app: AppDefinition, layout_set: LayoutSet, data: dict[str, Any],
                 lang: str, instance: dict[str, Any] | None = None) -> Dynamics:
        layouts = {name: {"data": page.raw} for name, page in layout_set.pages.items()}

        def failed(node: LayoutNode, what: str, raw: Any, exc: ExprError) -> None:
            log.warning("Expression failed in %s (%s/%s, %s): %s: %s", app.id, node.page,
                        node.id, what, json.dumps(raw, ensure_ascii=False), exc)

        try:
            tree = LayoutTree(layouts, data, on_error=failed)
        except ExprError as exc:  # the loader reports such layouts; never break the page
            log.warning("%s: layout set %s: %s", app.id, layout_set.id, exc)
            tree = LayoutTree({}, data)
        ctx = ExpressionContext(
            data=data, default_data_type=layout_set.data_type or "default", layout=tree,
            lang=lang, texts=app.texts, instance=instance,
            option_lists={k: [{"value": o.value, "label": o.label} for o in v]
                          for k, v in app.options.items()},
        )
        return cls(app, layout_set, ctx, tree)

    # ---- evaluation ---------------------------------------------------------------------
    def node(self, component: Component, rows: tuple[int, ...] | None = None
             ) -> LayoutNode | None:
        """The layout instance of `component` (a row's copy knows its own rows)."""
        if rows is None:
            rows = getattr(component, "rows", ())
        return self.tree.node_at(getattr(component, "base_id", component.id), rows)

    def row_hidden(self, group: Component, rows: tuple[int, ...]) -> bool:
        """A repeating group's `hiddenRow`, evaluated in the row."""
        raw = group.raw.get("hiddenRow")
        if not is_expression(raw) and not isinstance(raw, bool):
            return False
        first = next((self.node(child, rows) for child in group.children
                      if self.node(child, rows) is not None), None)
        return self._evaluate(raw, first, "hiddenRow", False, to_boolean) is True

    def _evaluate(self, raw: Any, node: LayoutNode | None, what: str, default: Any,
                  cast: Any) -> Any:
        if not is_expression(raw):
            return raw if raw is not None else default
        key = (id(raw), id(node))
        if key in self._cache:
            return self._cache[key]
        try:
            value = cast(compiled(raw).evaluate(self.ctx.at(node)))
            if value is None:
                value = default
        except ExprError as exc:
            where = f"{node.page}/{node.id}" if node is not None else self.layout_set.id
            log.warning("Expression failed in %s (%s, %s): %s: %s", self.app.id, where, what,
                        json.dumps(raw, ensure_ascii=False), exc)
            value = default
        self._cache[key] = value
        return value

    def hidden(self, component: Component, rows: tuple[int, ...] | None = None) -> bool:
        """Hidden by itself, a container, its row or its page."""
        node = self.node(component, rows)
        if node is None and in_rows(component):
            return False  # only its copies in the rows are evaluated
        if node is None:
            return self._evaluate(component.hidden, None, "hidden", False, to_boolean) is True
        return self.tree.is_hidden(node, self.ctx)

    def visible_pages(self) -> list[Page]:
        """The pages a person moves through, less those hidden by their expressions."""
        return [p for p in self.layout_set.navigable_pages() if not self.page_hidden(p.name)]

    def page_hidden(self, page_name: str) -> bool:
        page = self.tree.page(page_name)
        raw = self.layout_set.pages[page_name].hidden if page_name in self.layout_set.pages else (
            False)
        return self._evaluate(raw, page, "page hidden", False, to_boolean) is True

    def required(self, component: Component, rows: tuple[int, ...] | None = None) -> bool:
        if not is_expression(component.required):  # no layout node needed
            return component.required is True
        return self._evaluate(component.required, self.node(component, rows), "required",
                              False, to_boolean) is True

    def resolve_values(self, value: Any, component: Component) -> Any:
        """A settings object with expressions inside (e.g. `formatting`), evaluated."""
        if is_expression(value):
            return self._evaluate(value, self.node(component), "formatting", None,
                                  lambda v: v)
        if isinstance(value, dict):
            return {k: self.resolve_values(v, component) for k, v in value.items()}
        return value

    def force_show_in_summary(self, component: Component) -> bool:
        return self._evaluate(component.raw.get("forceShowInSummary"), self.node(component),
                              "forceShowInSummary", False, to_boolean) is True

    def read_only(self, component: Component, rows: tuple[int, ...] | None = None) -> bool:
        if not is_expression(component.read_only):  # no layout node needed
            return component.read_only is True
        return self._evaluate(component.read_only, self.node(component, rows), "readOnly",
                              False, to_boolean) is True

    def option_allowed(self, component: Component, option: dict[str, Any],
                       rows: tuple[int, ...] | None = None) -> bool:
        """`optionFilter`: keep an option when the expression, with `["value"]` bound to the
        option (value, label, description, helpText), is true."""
        raw = component.raw.get("optionFilter")
        if not is_expression(raw):
            return True
        node = self.node(component, rows)
        ctx = self.ctx.at(node)
        ctx = ExpressionContext(**{**ctx.__dict__, "value_args": {
            "data": option, "defaultKey": "value"}})
        try:
            return to_boolean(compiled(raw).evaluate(ctx)) is not False
        except ExprError as exc:
            log.warning("Expression failed in %s (%s, optionFilter): %s: %s", self.app.id,
                        component.id, json.dumps(raw, ensure_ascii=False), exc)
            return True

    def source_options(self, component: Component) -> list[Option]:
        """Options made from the rows of a repeating group (`source`): one per row, the value
        read from the row and the label a text (with the row's variables) or an expression
        evaluated in the row."""
        source = component.raw.get("source")
        if not isinstance(source, dict) or not isinstance(source.get("group"), str):
            return []
        group, value_path = source["group"], source.get("value")
        rows = get_value(self.ctx.data, group)
        if not isinstance(rows, list) or not isinstance(value_path, str):
            return []
        group_node = LayoutNode(f"{component.id}__source", "", {}, component.page, (), None,
                                {"group": group})
        options = []
        for row in range(len(rows)):
            node = LayoutNode(f"{component.id}__row", "", {}, component.page, (row,), None,
                              row_of=group_node)
            value = get_value(self.ctx.data, value_path.replace("{0}", str(row)))
            if value is None:
                continue
            texts = [self._row_text(source.get(key), node, component)
                     for key in ("label", "description", "helpText")]
            options.append(Option(option_value(value), texts[0] or option_value(value),
                                  texts[1], texts[2]))
        return options

    def query_parameters(self, component: Component) -> dict[str, str]:
        """What an app's options or data list provider is asked with, as Altinn's app-frontend
        builds it: `mapping` ({data path: key}, `[{0}]` standing for the row; only values that
        are there) and then `queryParameters` ({key: expression or text}, evaluated as strings,
        null as ""). Both are read in the component's own row, from the data as it is now."""
        node = self.node(component)
        rows: tuple[int, ...] = getattr(component, "rows", ())
        query: dict[str, str] = {}
        mapping = component.raw.get("mapping")
        for path, key in (mapping.items() if isinstance(mapping, dict) else ()):
            if not isinstance(key, str):
                continue
            path = _ROW_INDEX.sub(lambda m: f"[{rows[int(m.group(1))]}]" if int(
                m.group(1)) < len(rows) else m.group(0), path)
            value = self.ctx.at(node).data_model(path)
            if isinstance(value, (str, int, float, Decimal, bool)):
                query[key] = str(to_string(value)) if isinstance(value, Decimal) else (
                    option_value(value))
        parameters = component.raw.get("queryParameters")
        for key, raw in (parameters.items() if isinstance(parameters, dict) else ()):
            try:
                value = to_string(compiled(raw).evaluate(self.ctx.at(node))) if is_expression(
                    raw) else raw
            except ExprError as exc:
                log.warning("Expression failed in %s (%s, queryParameters.%s): %s: %s",
                            self.app.id, component.id, key, json.dumps(raw, ensure_ascii=False),
                            exc)
                value = ""
            query[key] = option_value(value)
        return query

    def _row_text(self, raw: Any, node: LayoutNode, component: Component) -> str | None:
        if raw is None:
            return None
        if is_expression(raw):
            return self._evaluate(raw, node, "source", None, to_string)
        return self.ctx.at(node).text(str(raw))

    def text(self, value: Any, component: Component | None = None,
             rows: tuple[int, ...] | None = None) -> str | None:
        """A text binding: a key or literal as is; an expression evaluated to a string."""
        if isinstance(value, str):
            return value
        if not is_expression(value):
            return None
        node = self.node(component, rows) if component is not None else None
        return self._evaluate(value, node, "text", None, to_string)



@dataclass
class DependencyIndex:
    """For each data field: the components and pages whose expressions read it."""

    watch: dict[str, set[str]] = field(default_factory=dict)  # path → component ids
    pages: dict[str, set[str]] = field(default_factory=dict)  # path → page names
    always: set[str] = field(default_factory=set)  # components whose reads are computed
    always_pages: set[str] = field(default_factory=set)
    triggers: set[str] = field(default_factory=set)  # components others depend on

    def affected(self, changed: set[str]) -> tuple[set[str], set[str]]:
        components = set(self.always)
        pages = set(self.always_pages)
        for path in changed:
            components |= self.watch.get(path, set())
            pages |= self.pages.get(path, set())
        return components, pages


def dependency_index(app: AppDefinition, layout_set: LayoutSet) -> DependencyIndex:
    """Built once per layout set (kept on it): which fields each component's state reads."""
    if layout_set._dependencies is None:
        layout_set._dependencies = _build_index(app, layout_set)
    return layout_set._dependencies


def _text_paths(app: AppDefinition, key: str) -> set[str]:
    paths = set()
    for texts in app.texts.by_language.values():
        resource = texts.get(key)
        for var in resource.variables if resource else ():
            if var.data_source.startswith("dataModel"):
                paths.add(normalise(re.sub(r"\[\{\d+\}\]", "", var.key)))
    return paths


def _reads(app: AppDefinition, layout_set: LayoutSet, raw_values: list[Any],
           seen: set[str] | None = None) -> set[str]:
    """Every data path the given property values read, following component references to the
    referenced component's binding and its own visibility."""
    seen = seen if seen is not None else set()
    refs = References()
    for value in raw_values:
        if is_expression(value):
            refs.merge(references(value))
        elif isinstance(value, str):
            refs.paths |= _text_paths(app, value)
    paths = set(refs.paths)
    for key in refs.texts:
        paths |= _text_paths(app, key)
    for component_id in refs.components:
        target = layout_set.components.get(component_id)
        if component_id == ANY or target is None:
            paths.add(ANY)
            continue
        paths |= {normalise(p) for p in target.bindings.values()}
        if component_id not in seen:
            seen.add(component_id)
            paths |= _reads(app, layout_set, [target.hidden], seen)
    return paths


def _query_reads(app: AppDefinition, layout_set: LayoutSet, component: Component) -> set[str]:
    """The fields an options or data list provider is asked with (`mapping` paths and what the
    `queryParameters` expressions read): a new answer there means new options or rows."""
    if not (component.raw.get("optionsId") or component.raw.get("dataListId")):
        return set()  # `mapping` means something else elsewhere (InstantiationButton)
    mapping = component.raw.get("mapping")
    parameters = component.raw.get("queryParameters")
    paths = {normalise(_ROW_INDEX.sub("", path)) for path in mapping} if isinstance(
        mapping, dict) else set()
    if isinstance(parameters, dict):
        paths |= _reads(app, layout_set, [v for v in parameters.values() if is_expression(v)])
    return paths


def _build_index(app: AppDefinition, layout_set: LayoutSet) -> DependencyIndex:
    index = DependencyIndex()
    for component in layout_set.components.values():
        values = [component.hidden, component.required, component.read_only,
                  *component.texts.values(), component.raw.get("hiddenRow"),
                  component.raw.get("optionFilter"), component.raw.get("forceShowInSummary"),
                  component.raw.get("value")]
        reads = _reads(app, layout_set, values) | _query_reads(app, layout_set, component)
        source = component.raw.get("source")
        if isinstance(source, dict) and isinstance(source.get("group"), str):
            reads |= {normalise(source["group"]),
                      normalise(str(source.get("value", "")).replace("[{0}]", ""))}
            reads |= _reads(app, layout_set, [source.get("label")])
        for path in reads:
            if path == ANY:
                index.always.add(component.id)
            else:
                index.watch.setdefault(path, set()).add(component.id)
    for page in layout_set.pages.values():
        for path in _reads(app, layout_set, [page.hidden]):
            if path == ANY:
                index.always_pages.add(page.name)
            else:
                index.pages.setdefault(path, set()).add(page.name)
    watched = set(index.watch) | set(index.pages)
    for component in layout_set.components.values():
        if any(normalise(p) in watched for p in component.bindings.values()):
            index.triggers.add(component.id)
    return index


def changed_fields(before: Any, after: Any) -> set[str]:
    """The fields (row indices left out) whose values differ between two versions of data."""
    old, new = _leaves(before, ""), _leaves(after, "")
    return {normalise(path) for path in old.keys() | new.keys() if old.get(path) != new.get(path)}


def _leaves(value: Any, prefix: str) -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_leaves(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list):
        out = {prefix: len(value)}  # rows added or removed change the group itself
        for i, item in enumerate(value):
            out.update(_leaves(item, f"{prefix}[{i}]"))
        return out
    return {prefix: value}


def remove_hidden_data(app: AppDefinition, layout_set: LayoutSet, data: dict[str, Any],
                       lang: str = "nb") -> bool:
    """Remove the answers of every hidden component instance (rows included); True if any."""
    from forms.datamodel import BindingPathError, get_value, set_value

    dynamics = Dynamics.for_data(app, layout_set, data, lang)
    doomed: set[str] = set()
    for nodes in dynamics.tree.by_id.values():
        for node in nodes:
            if node.bindings and dynamics.tree.is_hidden(node, dynamics.ctx):
                doomed |= {path for key, path in node.bindings.items() if key != "group"}
    removed = False
    for path in sorted(doomed, key=len, reverse=True):
        try:
            if get_value(data, path) is not None:
                set_value(data, path, None)
                removed = True
        except BindingPathError:
            continue
    return removed
