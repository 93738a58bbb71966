"""The layout as expressions see it: every component instance on every page, with repeating
groups expanded into rows from the data (nested too). It answers `component` lookups (same row
first, then outward), decides whether an instance is hidden (itself, a container, its row or its
page), and transposes `dataModel` paths into the row an expression is evaluated in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from forms.datamodel import BindingPathError, get_value, split_path
from forms.expressions.values import ExprError, to_boolean

if TYPE_CHECKING:
    from forms.expressions.context import ExpressionContext

def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def is_repeating(raw: dict[str, Any]) -> bool:
    """A RepeatingGroup, or the older form: a Group with a group binding and maxCount > 1."""
    if raw.get("type") == "RepeatingGroup":
        return True
    max_count = raw.get("maxCount")
    return (str(raw.get("type", "")).lower() == "group" and bool(_group_binding(raw))
            and isinstance(max_count, int) and max_count > 1)


def child_ids(raw: dict[str, Any]) -> list[str]:
    """The ids a container component claims, in Altinn's order for each container type."""
    ids: list[str] = []
    if is_repeating(raw):
        for row in _items(raw.get("rowsBefore")):
            ids.extend(_cell_ids(row))
        ids.extend(c.split(":", 1)[-1] for c in _items(raw.get("children")) if isinstance(c, str))
        for row in _items(raw.get("rowsAfter")):
            ids.extend(_cell_ids(row))
        return ids
    ids.extend(c.split(":", 1)[-1] for c in _items(raw.get("children")) if isinstance(c, str))
    for key in ("tabs", "cards"):
        for item in _items(raw.get(key)):
            if isinstance(item, dict):
                ids.extend(c for c in _items(item.get("children")) if isinstance(c, str))
    for row in _items(raw.get("rows")):
        ids.extend(_cell_ids(row))
    return ids


def _cell_ids(row: Any) -> list[str]:
    if not isinstance(row, dict):
        return []
    return [cell["component"] for cell in _items(row.get("cells"))
            if isinstance(cell, dict) and isinstance(cell.get("component"), str)]


def _group_binding(raw: dict[str, Any]) -> str | None:
    bindings = raw.get("dataModelBindings")
    if isinstance(bindings, dict) and isinstance(bindings.get("group"), str):
        return bindings["group"]
    return None


def _outside_rows(raw: dict[str, Any]) -> set[str]:
    """Components of rowsBefore/rowsAfter: inside the group, but not repeated per row."""
    return {i for key in ("rowsBefore", "rowsAfter") for row in _items(raw.get(key))
            for i in _cell_ids(row)}


def transpose_path(path: str, context_path: str | None) -> str:
    """Altinn's transposeDataBinding: give `path` the row indices of `context_path` part by part
    while the names match, stopping at the first part of `path` that has an index of its own."""
    if not context_path:
        return path
    try:
        target = _parts(path)
        context = _parts(context_path)
    except BindingPathError:
        return path
    out: list[str] = []
    copying = True
    for i, (name, index) in enumerate(target):
        if copying and index is not None:
            copying = False
        if copying and (i >= len(context) or context[i][0] != name):
            copying = False
        if copying:
            index = context[i][1]
        out.append(name if index is None else f"{name}[{index}]")
    return ".".join(out)


@lru_cache(maxsize=65536)
def _transpose_cached(path: str, context: str) -> str:
    return transpose_path(path, context)


def _parts(path: str) -> list[tuple[str, int | None]]:
    return list(_parts_cached(path))


@lru_cache(maxsize=65536)
def _parts_cached(path: str) -> tuple[tuple[str, int | None], ...]:
    parts: list[tuple[str, int | None]] = []
    for piece in split_path(path):
        if isinstance(piece, int):
            if not parts:
                raise BindingPathError(path)
            parts[-1] = (parts[-1][0], piece)
        else:
            parts.append((piece, None))
    return tuple(parts)


@dataclass(eq=False)
class LayoutNode:
    id: str
    type: str
    raw: dict[str, Any]
    page: str
    row_indices: tuple[int, ...]
    parent: LayoutNode | None
    bindings: dict[str, str] = field(default_factory=dict)
    binding_types: dict[str, str] = field(default_factory=dict)  # binding → other data type
    raw_bindings: dict[str, str] = field(default_factory=dict)  # as written, without rows
    children: list[LayoutNode] = field(default_factory=list)
    row_of: LayoutNode | None = None  # the repeating group whose row this node is in
    repeats: bool = False  # a repeating group (its children come once per row)

    def walk(self) -> list[LayoutNode]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


class LayoutTree:
    """Pages in order, each a node whose children are the page's top-level components.

    Component instances are made when first asked for (`node_at`), so a page with a thousand
    rows costs only the instances an expression or a render touches; `pages` and `by_id` expand
    everything, for the callers that walk the whole layout."""

    def __init__(self, layouts: dict[str, dict[str, Any]], data: Any,
                 on_error: Callable[[LayoutNode, str, Any, ExprError], None] | None = None
                 ) -> None:
        self.layouts = layouts
        self.data = data
        self.on_error = on_error  # told about expressions that fail (they count as false)
        self.known_ids: set[str] = set()
        self._hidden_cache: dict[int, bool] = {}
        self._raw: dict[str, dict[str, Any]] = {}
        self._page_of: dict[str, str] = {}
        self._parent: dict[str, str] = {}  # child id → container id
        self._top: dict[str, list[str]] = {}  # page → top-level ids in order
        self._page_nodes: dict[str, LayoutNode] = {}
        self._nodes: dict[tuple[str, tuple[int, ...]], LayoutNode | None] = {}
        self._expanded: list[LayoutNode] | None = None
        self._outside_cache: dict[str, set[str]] = {}
        for page_name, layout in layouts.items():
            self._scan_page(page_name, layout)

    # ---- the static layout --------------------------------------------------------------
    def _scan_page(self, name: str, layout: dict[str, Any]) -> None:
        data = layout.get("data") if isinstance(layout, dict) else None
        components = _items(data.get("layout")) if isinstance(data, dict) else []
        raw_by_id: dict[str, dict[str, Any]] = {}
        for c in components:
            if isinstance(c, dict) and isinstance(c.get("id"), str):
                if c["id"] in raw_by_id or c["id"] in self.known_ids:
                    raise ExprError(f"Layout has two components with id *{c['id']}*")
                raw_by_id[c["id"]] = c
        self.known_ids.update(raw_by_id)
        claimed: set[str] = set()
        for c in raw_by_id.values():
            for child in child_ids(c):
                if child not in raw_by_id:
                    raise ExprError(f"Component {c['id']} refers to a missing child *{child}*")
                if child in claimed:
                    raise ExprError(f"Component *{child}* is a child of two containers")
                claimed.add(child)
                self._parent[child] = c["id"]
        self._raw.update(raw_by_id)
        self._page_of.update({comp_id: name for comp_id in raw_by_id})
        self._top[name] = [comp_id for comp_id in raw_by_id if comp_id not in claimed]
        self._page_nodes[name] = LayoutNode(name, "__page__", data if isinstance(data, dict)
                                            else {}, name, (), None)

    # ---- instances, made on demand -------------------------------------------------------
    def node_at(self, component_id: str, rows: tuple[int, ...]) -> LayoutNode | None:
        """The instance of a component in the given rows, or None if there is none."""
        key = (component_id, rows)
        if key in self._nodes:
            return self._nodes[key]
        node = self._make(component_id, rows)
        self._nodes[key] = node
        return node

    def _make(self, component_id: str, rows: tuple[int, ...]) -> LayoutNode | None:
        raw = self._raw.get(component_id)
        if raw is None:
            return None
        page = self._page_of[component_id]
        parent_id = self._parent.get(component_id)
        row_of: LayoutNode | None = None
        if parent_id is None:
            if rows:
                return None
            parent: LayoutNode | None = self._page_nodes[page]
        else:
            parent = self.node_at(parent_id, rows)
            if parent is not None and parent.repeats and component_id not in self._outside(
                    parent):
                return None  # a row child is never in its group's own rows
            if parent is None or parent.repeats is False:
                if parent is None and rows:
                    parent = self.node_at(parent_id, rows[:-1])
                    if parent is None or not parent.repeats or component_id in self._outside(
                            parent):
                        return None
                    count = len(_items(_safe_get(self.data, parent.bindings.get("group", ""))))
                    if rows[-1] >= count:
                        return None
                    row_of = parent
                elif parent is None:
                    return None
            if row_of is None and parent is not None and parent.type != "__page__":
                row_of = parent.row_of
        return self._instance(raw, page, rows, parent, row_of)

    def _outside(self, group: LayoutNode) -> set[str]:
        """`_outside_rows` of a group, worked out once per group."""
        found = self._outside_cache.get(group.id)
        if found is None:
            found = self._outside_cache[group.id] = _outside_rows(group.raw)
        return found

    def _instance(self, raw: dict[str, Any], page: str, rows: tuple[int, ...],
                  parent: LayoutNode | None, row_of: LayoutNode | None) -> LayoutNode:
        bindings: dict[str, str] = {}
        binding_types: dict[str, str] = {}
        raw_bindings: dict[str, str] = {}
        declared = raw.get("dataModelBindings")
        for key, value in (declared.items() if isinstance(declared, dict) else []):
            if isinstance(value, dict) and isinstance(value.get("field"), str):
                if isinstance(value.get("dataType"), str):
                    binding_types[key] = value["dataType"]
                value = value["field"]
            if isinstance(value, str):
                bindings[key] = transpose_indexed(value, rows, self)
                raw_bindings[key] = value
        node = LayoutNode(raw["id"], str(raw.get("type", "")), raw, page, rows, parent,
                          bindings, binding_types, raw_bindings, row_of=row_of)
        group_path = bindings.get("group")
        # An old-style Group repeats when its group binding points at rows in the data.
        node.repeats = bool(group_path) and (is_repeating(raw) or (
            node.type.lower() == "group" and isinstance(_safe_get(self.data, group_path), list)))
        return node

    # ---- the whole layout, for callers that walk it --------------------------------------
    @property
    def pages(self) -> list[LayoutNode]:
        if self._expanded is None:
            self._expanded = []
            for name, top in self._top.items():
                page = self._page_nodes[name]
                page.children = [n for n in (self._expand(i, ()) for i in top) if n is not None]
                self._expanded.append(page)
        return self._expanded

    def _expand(self, component_id: str, rows: tuple[int, ...]) -> LayoutNode | None:
        node = self.node_at(component_id, rows)
        if node is None:
            return None
        children = [self._expand(i, r) for i, r in self._child_slots(node)]
        node.children = [c for c in children if c is not None]
        return node

    def _child_slots(self, node: LayoutNode) -> list[tuple[str, tuple[int, ...]]]:
        """The (component id, rows) of a node's children in layout order: a repeating group's
        rowsBefore, its children once per row, then its rowsAfter."""
        raw, rows = node.raw, node.row_indices
        if not node.repeats:
            return [(i, rows) for i in child_ids(raw)]
        outside = self._outside(node)
        before = [i for row in _items(raw.get("rowsBefore")) for i in _cell_ids(row)]
        after = [i for row in _items(raw.get("rowsAfter")) for i in _cell_ids(row)]
        inner = [c.split(":", 1)[-1] for c in _items(raw.get("children"))
                 if isinstance(c, str) and c.split(":", 1)[-1] not in outside]
        count = len(_items(_safe_get(self.data, node.bindings.get("group", ""))))
        return ([(i, rows) for i in before]
                + [(i, rows + (index,)) for index in range(count) for i in inner]
                + [(i, rows) for i in after])

    def raw_components(self) -> dict[str, dict[str, Any]]:
        """Every component's layout JSON, by id."""
        return self._raw

    def instances_of(self, wanted: set[str]) -> list[LayoutNode]:
        """The instances of the `wanted` components in layout order, rows expanded, making
        only them and the containers they stand in: much cheaper than `pages` when a long
        group has a few components that matter."""
        holds: dict[str, bool] = {}

        def holds_wanted(component_id: str) -> bool:
            if component_id not in holds:
                holds[component_id] = False  # a cycle is not followed twice
                raw = self._raw.get(component_id) or {}
                holds[component_id] = component_id in wanted or any(
                    holds_wanted(i) for i in child_ids(raw))
            return holds[component_id]

        out: list[LayoutNode] = []

        def visit(component_id: str, rows: tuple[int, ...]) -> None:
            if not holds_wanted(component_id):
                return
            node = self.node_at(component_id, rows)
            if node is None:
                return
            if component_id in wanted:
                out.append(node)
            for child, child_rows in self._child_slots(node):
                visit(child, child_rows)

        for top in self._top.values():
            for component_id in top:
                visit(component_id, ())
        return out

    @property
    def by_id(self) -> dict[str, list[LayoutNode]]:
        out: dict[str, list[LayoutNode]] = {}
        for page in self.pages:
            for node in page.walk()[1:]:
                out.setdefault(node.id, []).append(node)
        return out

    # ---- queries ------------------------------------------------------------------------
    def page(self, name: str) -> LayoutNode | None:
        return self._page_nodes.get(name)

    def node_for(self, component_id: str, page: str | None, rows: tuple[int, ...]
                 ) -> LayoutNode | None:
        """The instance an expression is evaluated for (a page name gives the page node)."""
        node = self.node_at(component_id, rows)
        if node is not None:
            return node
        return self.page(component_id)

    def find(self, component_id: str, context: LayoutNode | None) -> LayoutNode | None:
        """`component` lookup: the instance in the same row (or outward); an id the layout does
        not have is an error, as is a component in rows the context cannot choose between."""
        if component_id not in self.known_ids:
            raise ExprError(f"Unable to find component with identifier {component_id}")
        rows = context.row_indices if context is not None else ()
        for depth in range(len(rows), -1, -1):  # same row first, then outward
            found = self.node_at(component_id, rows[:depth])
            if found is not None:
                return found
        if not self._has_instances(component_id):
            return None  # exists, but in a group with no rows
        # Only instances in rows the context is not in: it cannot choose between them.
        raise ExprError(f"Unable to find component with identifier {component_id}")

    def _has_instances(self, component_id: str) -> bool:
        return bool(self.by_id.get(component_id))

    def binding_from(self, target: LayoutNode, key: str, context: LayoutNode | None
                     ) -> str | None:
        """Where `target`'s binding points as seen from `context`: a component outside the
        context's innermost rows is read in the context's rows (rowsBefore/rowsAfter)."""
        if context is not None and len(context.row_indices) > len(target.row_indices):
            raw = target.raw_bindings.get(key)
            if raw is not None:
                return self.transpose(context, raw)
        return target.bindings.get(key)

    def transpose(self, node: LayoutNode, path: str) -> str:
        """A `dataModel` path evaluated in `node`'s rows."""
        if not node.row_indices:
            return path
        context = self._row_binding(node)
        return _transpose_cached(path, context) if context else path

    def _row_binding(self, node: LayoutNode) -> str | None:
        """The innermost repeating group binding with row indices, e.g. `a[1].b[0]`."""
        current: LayoutNode | None = node
        while current is not None:
            if current.row_of is not None:
                group = current.row_of.bindings.get("group")
                if group:
                    return f"{group}[{current.row_indices[-1]}]"
            current = current.parent
        return None

    def is_hidden(self, node: LayoutNode, ctx: ExpressionContext) -> bool:
        """Hidden itself, by a container, by its row (hiddenRow) or by its page."""
        key = id(node)
        if key in self._hidden_cache:
            return self._hidden_cache[key]
        result = self._hidden_uncached(node, ctx)
        self._hidden_cache[key] = result
        return result

    def _hidden_uncached(self, node: LayoutNode, ctx: ExpressionContext) -> bool:
        if self._evaluate_flag(node.raw.get("hidden"), node, ctx, "hidden"):
            return True
        if node.row_of is not None and node.row_of is not node:
            row_node = _row_context(node)
            if self._evaluate_flag(node.row_of.raw.get("hiddenRow"), row_node, ctx,
                                   "hiddenRow"):
                return True
        if node.parent is None:
            return False
        return self.is_hidden(node.parent, ctx)

    def _evaluate_flag(self, value: Any, node: LayoutNode, ctx: ExpressionContext,
                       what: str) -> bool:
        if value is None or value is False:
            return False
        if value is True:
            return True
        from forms.dynamics import compiled

        try:
            return to_boolean(compiled(value).evaluate(ctx.at(node))) is True
        except ExprError as exc:
            if self.on_error is not None:
                self.on_error(node, what, value, exc)
            return False

    def display_value(self, node: LayoutNode, ctx: ExpressionContext) -> Any:
        from forms.expressions.display import display_value

        return display_value(node, ctx)


def _row_context(node: LayoutNode) -> LayoutNode:
    """The node that stands for `node`'s row, for evaluating the group's hiddenRow."""
    current = node
    while current.parent is not None and current.parent is not node.row_of:
        current = current.parent
    return current


def _safe_get(data: Any, path: str) -> Any:
    try:
        return get_value(data, path)
    except BindingPathError:
        return None


def transpose_indexed(path: str, rows: tuple[int, ...], tree: LayoutTree) -> str:
    """A component's binding inside rows: `a.b.c` with rows (1, 0) → `a[1].b[0].c`, following
    the repeating groups' array paths in the data."""
    if not rows:
        return path
    try:
        parts = _parts(path)
    except BindingPathError:
        return path
    out: list[str] = []
    remaining = list(rows)
    node: Any = tree.data
    for name, index in parts:
        node = node.get(name) if isinstance(node, dict) else None
        if index is None and isinstance(node, list) and remaining:
            index = remaining.pop(0)
        elif index is not None and remaining:
            remaining.pop(0)
        out.append(name if index is None else f"{name}[{index}]")
        if isinstance(node, list):
            node = node[index] if index is not None and index < len(node) else None
    return ".".join(out)
