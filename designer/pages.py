"""Pages and the components on them, as the designer changes them: pure edits of an app's files
through its Workspace (no Flask). Each edit reads the files as they are now, checks what the
admin asked for and raises `EditError` (a field and a message code) before writing anything;
the Workspace writes only files whose JSON changed, so the other pages keep their bytes.

Altinn's layout: a page is `layouts/<name>.json` holding `data.layout`, a list of components;
containers (Group, RepeatingGroup, ...) list the ids of components on the same page in their
`children` (a RepeatingGroup with `edit.multiPage` writes them "N:id"). Page order lives in the
layout set's Settings.json `pages.order`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from designer.workspace import Workspace
from forms.components import REGISTRY
from forms.components.base import ID_PATTERN, Component
from forms.definitions import LayoutSet
from forms.expressions import ExprError, compile_expression
from forms.expressions.layout import child_ids

PAGE_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
LAYOUT_SCHEMA = ("https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/"
                 "layout.schema.v1.json")


class EditError(ValueError):
    """What the admin asked for cannot be done: `field` is the form field to mark, `code` the
    designer text key of the message (with `args`)."""

    def __init__(self, field: str, code: str, *args: object) -> None:
        super().__init__(f"{field}: {code} {args}")
        self.field = field
        self.code = code
        self.args_ = args


# --- reading ---------------------------------------------------------------------------

def page_names(ws: Workspace, layout_set: LayoutSet) -> list[str]:
    """Every page file of the set, by name (also those not in the order)."""
    folder = ws.set_folder(layout_set) / "layouts"
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


def page_order(ws: Workspace, layout_set: LayoutSet) -> list[str]:
    """The order as Settings.json says now, else as the loader reads it (files sorted)."""
    pages = ws.read_settings(layout_set).get("pages")
    pages = pages if isinstance(pages, dict) else {}
    order = pages.get("order")
    if order is None and isinstance(pages.get("groups"), list):
        order = [name for group in pages["groups"] if isinstance(group, dict)
                 and isinstance(group.get("order"), list) for name in group["order"]]
    if isinstance(order, list) and all(isinstance(n, str) for n in order):
        return list(order)
    return page_names(ws, layout_set)


def layout_of(content: dict[str, Any]) -> list[Any]:
    """The page's component list, created if the file had none."""
    data = content.setdefault("data", {})
    if not isinstance(data, dict):
        data = content["data"] = {}
    layout = data.setdefault("layout", [])
    if not isinstance(layout, list):
        layout = data["layout"] = []
    return layout


def _components(content: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in layout_of(content) if isinstance(c, dict) and isinstance(c.get("id"), str)]


def set_component_ids(ws: Workspace, layout_set: LayoutSet) -> dict[str, str]:
    """Every component id in the set → its page (ids are unique in a layout set)."""
    found: dict[str, str] = {}
    for name in page_names(ws, layout_set):
        for component in _components(ws.read_page(layout_set, name)):
            found.setdefault(component["id"], name)
    return found


def ref_id(ref: Any) -> str | None:
    """The component id a container's `children` entry names ("N:id" in multipage groups)."""
    return ref.split(":", 1)[-1] if isinstance(ref, str) else None


def has_children_list(raw: dict[str, Any]) -> bool:
    """A container whose declaration takes a plain `children` list (Group, RepeatingGroup...),
    so the designer can put components into it."""
    cls = REGISTRY.get(str(raw.get("type", "")))
    return cls is not None and any(p.name == "children" for p in cls.props_spec)


@dataclass
class Node:
    """One component in the page's tree: its raw JSON and what it contains."""

    raw: dict[str, Any]
    parent: str | None = None  # the id of the container holding it
    children: list[Node] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.raw["id"])

    @property
    def type(self) -> str:
        return str(self.raw.get("type", ""))


def page_tree(content: dict[str, Any]) -> list[Node]:
    """The page's components as the renderer nests them: top level in layout order, each
    container's children in the order it lists them (each component once)."""
    by_id = {c["id"]: c for c in _components(content)}
    claimed: dict[str, str] = {}
    for raw in by_id.values():
        for child in child_ids(raw):
            if child in by_id and child != raw["id"] and child not in claimed:
                claimed[child] = raw["id"]
    placed: set[str] = set()

    def build(raw: dict[str, Any], parent: str | None) -> Node:
        placed.add(raw["id"])
        node = Node(raw, parent)
        for child in child_ids(raw):
            if child in by_id and claimed.get(child) == raw["id"] and child not in placed:
                node.children.append(build(by_id[child], raw["id"]))
        return node

    roots = [build(raw, None) for cid, raw in by_id.items() if cid not in claimed]
    # Whatever a cycle of containers hid still shows, at the top level.
    roots += [build(raw, None) for cid, raw in by_id.items() if cid not in placed]
    return roots


def flatten(tree: list[Node]) -> list[Node]:
    out: list[Node] = []
    for node in tree:
        out.append(node)
        out.extend(flatten(node.children))
    return out


def find_node(content: dict[str, Any], component_id: str) -> Node | None:
    return next((n for n in flatten(page_tree(content)) if n.id == component_id), None)


# --- the palette ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PaletteType:
    name: str
    description: str
    has_title: bool


def palette() -> list[PaletteType]:
    """Every supported component type once (aliases left out), sorted, described by the first
    line of its declaration's docstring: a new type appears here with no designer code."""
    out = []
    for name, cls in REGISTRY.items():
        if name != cls.type_name or not cls.supported:
            continue
        doc = (cls.__doc__ or "").strip().splitlines()
        out.append(PaletteType(name, doc[0] if doc else "", "title" in cls.text_names))
    return sorted(out, key=lambda t: t.name.lower())


def free_id(taken: set[str], stem: str) -> str:
    """The first `<stem><n>` not taken; it follows Altinn's id rule (a letter before digits)."""
    stem = re.sub(r"[^0-9a-zA-Z-]+", "-", stem).strip("-") or "component"
    if not stem[-1].isalpha():
        stem += "c"
    n = 1
    while f"{stem}{n}" in taken:
        n += 1
    return f"{stem}{n}"


def proposed_id(ws: Workspace, layout_set: LayoutSet, page: str) -> str:
    return free_id(set(set_component_ids(ws, layout_set)), f"{page}-field")


# --- pages ---------------------------------------------------------------------------------

def check_page_name(ws: Workspace, layout_set: LayoutSet, name: str, field_name: str,
                    current: str | None = None) -> str:
    """A page name is its file name: letters, digits, - and _, unique in the set (also when
    the file system ignores case)."""
    name = name.strip()
    if not name:
        raise EditError(field_name, "pages.error.name_missing")
    if not PAGE_NAME.match(name):
        raise EditError(field_name, "pages.error.name_chars")
    taken = {n.lower() for n in page_names(ws, layout_set) if n != current}
    if name.lower() in taken:
        raise EditError(field_name, "pages.error.name_taken", name)
    return name


def _require_page(ws: Workspace, layout_set: LayoutSet, page: str) -> None:
    if page not in page_names(ws, layout_set):
        raise EditError("page", "pages.error.no_page", page)


def add_page(ws: Workspace, layout_set: LayoutSet, name: str, title: str) -> str:
    """A new page last in the order, with a Header showing its title and the next and back
    buttons. The title is the nb text whose id is the page name, which is also what the page
    is called in the navigation."""
    name = check_page_name(ws, layout_set, name, "name")
    title = title.strip()
    if not title:
        raise EditError("title", "pages.error.title_missing")
    taken = set(set_component_ids(ws, layout_set))
    header_id = free_id(taken, f"{name.replace('_', '-')}-header")
    buttons_id = free_id(taken | {header_id}, f"{name.replace('_', '-')}-buttons")
    ws.write_page(layout_set, name, {"$schema": LAYOUT_SCHEMA, "data": {"layout": [
        {"id": header_id, "type": "Header", "size": "L",
         "textResourceBindings": {"title": name}},
        # Next and back, as Altinn Studio puts on every new page.
        {"id": buttons_id, "type": "NavigationButtons", "showBackButton": True},
    ]}})
    set_text(ws, "nb", name, title)
    ws.write_page_order(layout_set, [*page_order(ws, layout_set), name])
    return name


def set_text(ws: Workspace, lang: str, key: str, value: str) -> None:
    resources = ws.read_texts(lang)
    resource = dict(resources.get(key) or {"id": key})
    resource["value"] = value
    resources[key] = resource
    ws.write_texts(lang, resources)


def rename_page(ws: Workspace, layout_set: LayoutSet, old: str, new: str) -> str:
    """Rename the file and the page everywhere the set names it: the order, Summary `pageRef`,
    Summary2 page targets, Settings.json's page lists, and the page's navigation text (copied
    to the new id when that is free). Files that do not name the page keep their bytes."""
    _require_page(ws, layout_set, old)
    new = check_page_name(ws, layout_set, new, f"rename-{old}", current=old)
    if new == old:
        return old
    content = ws.read_page(layout_set, old)
    ws.delete(ws.page_file(layout_set, old))
    ws.write_page(layout_set, new, content)
    order = [new if n == old else n for n in page_order(ws, layout_set)]
    if order != page_order(ws, layout_set):
        ws.write_page_order(layout_set, order)
    _rename_in_settings(ws, layout_set, old, new)
    text_copied = _copy_text(ws, old, new)
    for name in page_names(ws, layout_set):
        page = ws.read_page(layout_set, name)
        if _rename_page_refs(page, old, new, text_copied):
            ws.write_page(layout_set, name, page)
    return new


def _rename_in_settings(ws: Workspace, layout_set: LayoutSet, old: str, new: str) -> None:
    settings = ws.read_settings(layout_set)
    pages = settings.get("pages")
    if not isinstance(pages, dict):
        return
    changed = False
    if pages.get("pdfLayoutName") == old:
        pages["pdfLayoutName"], changed = new, True
    if isinstance(pages.get("excludeFromPdf"), list) and old in pages["excludeFromPdf"]:
        pages["excludeFromPdf"] = [new if n == old else n for n in pages["excludeFromPdf"]]
        changed = True
    if changed:
        ws.write_json(ws.settings_file(layout_set), settings)


def _rename_page_refs(content: dict[str, Any], old: str, new: str, text_copied: bool) -> bool:
    """Summaries of the page, and (when its title text moved) texts bound to the old id."""
    changed = False
    for raw in _components(content):
        texts = raw.get("textResourceBindings")
        if text_copied and isinstance(texts, dict):
            for name, key in texts.items():
                if key == old:
                    texts[name], changed = new, True
        if raw.get("type") == "Summary" and raw.get("pageRef") == old:
            raw["pageRef"], changed = new, True
        target = raw.get("target")
        if (raw.get("type") == "Summary2" and isinstance(target, dict)
                and target.get("type") == "page" and target.get("id") == old):
            target["id"], changed = new, True
    return changed


def _copy_text(ws: Workspace, old: str, new: str) -> bool:
    """The page's navigation title follows its name: the texts with id `old` are copied to
    `new` (where no text has that id yet). The old ones stay, as other layout sets may use
    them. True if anything was copied."""
    copied = False
    for lang in ("nb", "nn", "en"):
        if not ws.path(ws.texts_file(lang)).is_file():
            continue
        resources = ws.read_texts(lang)
        if old in resources and new not in resources:
            resources[new] = {**resources[old], "id": new}
            ws.write_texts(lang, resources)
            copied = True
    return copied


def move_page(ws: Workspace, layout_set: LayoutSet, name: str, delta: int) -> None:
    """Move a page `delta` places in the order (up is -1); a page out of the order is added
    at the end first."""
    order = page_order(ws, layout_set)
    if name not in order:
        _require_page(ws, layout_set, name)
        order.append(name)
    i = order.index(name)
    j = max(0, min(len(order) - 1, i + delta))
    order.insert(j, order.pop(i))
    ws.write_page_order(layout_set, order)


def delete_page(ws: Workspace, layout_set: LayoutSet, name: str) -> None:
    _require_page(ws, layout_set, name)
    ws.delete(ws.page_file(layout_set, name))
    order = page_order(ws, layout_set)
    if name in order:
        ws.write_page_order(layout_set, [n for n in order if n != name])


def parse_hidden(text: str, field_name: str) -> Any:
    """The page's `hidden` from what the admin typed: empty (None: not hidden), `true`,
    `false`, or an expression that the runtime engine compiles."""
    text = text.strip()
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise EditError(field_name, "pages.error.hidden_json", exc.msg) from exc
    if isinstance(value, bool):
        return value
    if not isinstance(value, list) or not value or not isinstance(value[0], str):
        raise EditError(field_name, "pages.error.hidden_kind")
    try:
        compile_expression(value)
    except ExprError as exc:
        raise EditError(field_name, "pages.error.hidden_expression", str(exc)) from exc
    return value


def set_page_hidden(ws: Workspace, layout_set: LayoutSet, name: str, text: str) -> None:
    _require_page(ws, layout_set, name)
    hidden = parse_hidden(text, f"hidden-{name}")
    content = ws.read_page(layout_set, name)
    layout_of(content)
    if hidden is None:
        content["data"].pop("hidden", None)
    else:
        content["data"]["hidden"] = hidden
    ws.write_page(layout_set, name, content)


def hidden_text(content: dict[str, Any]) -> str:
    """The page's `hidden` as the admin edits it (compact JSON; empty when not there)."""
    data = content.get("data")
    if not isinstance(data, dict) or "hidden" not in data:
        return ""
    return json.dumps(data["hidden"], ensure_ascii=False)


# --- components ------------------------------------------------------------------------------

def check_component_id(ws: Workspace, layout_set: LayoutSet, component_id: str) -> str:
    component_id = component_id.strip()
    if not component_id:
        raise EditError("component_id", "pages.error.id_missing")
    if not ID_PATTERN.match(component_id):
        raise EditError("component_id", "pages.error.id_pattern")
    where = set_component_ids(ws, layout_set).get(component_id)
    if where is not None:
        raise EditError("component_id", "pages.error.id_taken", component_id, where)
    return component_id


def add_component(ws: Workspace, layout_set: LayoutSet, page: str, type_name: str,
                  component_id: str, label: str, group: str | None = None) -> str:
    """A new component at the end of the page (or of `group`); no data binding yet. Its title
    is a new nb text `<page>.<id>.title` when the type has a title."""
    _require_page(ws, layout_set, page)
    cls: type[Component] | None = REGISTRY.get(type_name)
    if cls is None or cls.type_name != type_name or not cls.supported:
        raise EditError("type", "pages.error.type_unknown", type_name)
    if not component_id.strip():
        component_id = free_id(set(set_component_ids(ws, layout_set)), type_name.lower())
    component_id = check_component_id(ws, layout_set, component_id)
    label = label.strip()
    content = ws.read_page(layout_set, page)
    container = _container(content, group, "group") if group else None
    raw: dict[str, Any] = {"id": component_id, "type": type_name}
    if "title" in cls.text_names:
        if not label:
            raise EditError("label", "pages.error.label_missing")
        key = f"{page}.{component_id}.title"
        set_text(ws, "nb", key, label)
        raw["textResourceBindings"] = {"title": key}
    layout_of(content).append(raw)
    if container is not None:
        container.setdefault("children", []).append(component_id)
    ws.write_page(layout_set, page, content)
    return component_id


def _container(content: dict[str, Any], group: str | None, field_name: str) -> dict[str, Any]:
    raw = next((c for c in _components(content) if c["id"] == group), None)
    if raw is None or not has_children_list(raw) or not isinstance(
            raw.get("children", []), list):
        raise EditError(field_name, "pages.error.no_group", group or "")
    return raw


def _node(content: dict[str, Any], component_id: str) -> Node:
    node = find_node(content, component_id)
    if node is None:
        raise EditError("component", "pages.error.no_component", component_id)
    return node


def _siblings(content: dict[str, Any], node: Node) -> list[Any] | None:
    """The list `node` is ordered in: its container's `children`, or None for the top level."""
    if node.parent is None:
        return None
    parent = next(c for c in _components(content) if c["id"] == node.parent)
    children = parent.get("children")
    return children if isinstance(children, list) else None


def move_component(ws: Workspace, layout_set: LayoutSet, page: str, component_id: str,
                   delta: int) -> None:
    """Up (-1) or down (+1) among the components beside it: in its container's `children`
    ("N:id" entries keep their N), or among the page's top-level components."""
    _require_page(ws, layout_set, page)
    content = ws.read_page(layout_set, page)
    node = _node(content, component_id)
    siblings = _siblings(content, node)
    if node.parent is not None:
        if siblings is None:
            raise EditError("component", "pages.error.cannot_move", component_id)
        i = next(k for k, ref in enumerate(siblings) if ref_id(ref) == component_id)
        j = max(0, min(len(siblings) - 1, i + delta))
        siblings.insert(j, siblings.pop(i))
    else:
        layout = layout_of(content)
        tops = [n.raw for n in page_tree(content)]
        k = next(k for k, raw in enumerate(tops) if raw is node.raw)
        other_k = k + delta
        if not 0 <= other_k < len(tops):
            return
        other = tops[other_k]
        layout.remove(node.raw)
        at = next(i for i, raw in enumerate(layout) if raw is other)
        layout.insert(at if delta < 0 else at + 1, node.raw)
    ws.write_page(layout_set, page, content)


def _descendants(node: Node) -> list[Node]:
    return flatten([node])


def _unlink(content: dict[str, Any], ids: set[str]) -> None:
    """Take `ids` out of every container on the page (children, tabs, cards, grid cells)."""
    for raw in _components(content):
        if isinstance(raw.get("children"), list):
            raw["children"] = [r for r in raw["children"] if ref_id(r) not in ids]
        for key in ("tabs", "cards"):
            for item in raw.get(key) or [] if isinstance(raw.get(key), list) else []:
                if isinstance(item, dict) and isinstance(item.get("children"), list):
                    item["children"] = [r for r in item["children"] if r not in ids]
        for key in ("rows", "rowsBefore", "rowsAfter"):
            for row in raw.get(key) or [] if isinstance(raw.get(key), list) else []:
                if isinstance(row, dict) and isinstance(row.get("cells"), list):
                    row["cells"] = [c for c in row["cells"] if not (
                        isinstance(c, dict) and c.get("component") in ids)]


def _take_out(content: dict[str, Any], node: Node) -> list[dict[str, Any]]:
    """Remove `node` and everything inside it from the page; returns their JSON in order."""
    moved = _descendants(node)
    ids = {n.id for n in moved}
    layout = layout_of(content)
    raws = [raw for raw in layout if isinstance(raw, dict) and raw.get("id") in ids]
    layout[:] = [raw for raw in layout if not (isinstance(raw, dict) and raw.get("id") in ids)]
    _unlink(content, ids)
    return raws


def remove_component(ws: Workspace, layout_set: LayoutSet, page: str,
                     component_id: str) -> list[str]:
    """Delete the component and what it contains; returns the ids deleted. Its texts stay:
    other components may use them."""
    _require_page(ws, layout_set, page)
    content = ws.read_page(layout_set, page)
    node = _node(content, component_id)
    removed = [raw["id"] for raw in _take_out(content, node)]
    ws.write_page(layout_set, page, content)
    return removed


def move_component_to_page(ws: Workspace, layout_set: LayoutSet, page: str,
                           component_id: str, target: str) -> None:
    """Last on another page of the set, with what it contains (children live on their
    container's page)."""
    _require_page(ws, layout_set, page)
    if target == page:
        return
    if target not in page_names(ws, layout_set):
        raise EditError("target_page", "pages.error.no_page", target)
    content = ws.read_page(layout_set, page)
    raws = _take_out(content, _node(content, component_id))
    other = ws.read_page(layout_set, target)
    layout_of(other).extend(raws)
    ws.write_page(layout_set, page, content)
    ws.write_page(layout_set, target, other)


def move_into_group(ws: Workspace, layout_set: LayoutSet, page: str, component_id: str,
                    group: str) -> None:
    """Last in a container on the same page (not into itself or what it contains)."""
    _require_page(ws, layout_set, page)
    content = ws.read_page(layout_set, page)
    node = _node(content, component_id)
    if group in {n.id for n in _descendants(node)}:
        raise EditError("group", "pages.error.into_itself")
    container = _container(content, group, "group")
    if node.parent == group:
        return
    _unlink(content, {component_id})
    container.setdefault("children", []).append(component_id)
    ws.write_page(layout_set, page, content)


def move_out_of_group(ws: Workspace, layout_set: LayoutSet, page: str,
                      component_id: str) -> None:
    """Out of its container, just after it: into the container's own container, or to the
    top level of the page."""
    _require_page(ws, layout_set, page)
    content = ws.read_page(layout_set, page)
    node = _node(content, component_id)
    if node.parent is None:
        return
    parent = _node(content, node.parent)
    _unlink(content, {component_id})
    holder = _siblings(content, parent)
    if parent.parent is not None and holder is not None:
        at = next(i for i, ref in enumerate(holder) if ref_id(ref) == parent.id)
        holder.insert(at + 1, component_id)
    else:
        layout = layout_of(content)
        layout.remove(node.raw)
        layout.insert(layout.index(parent.raw) + 1, node.raw)
    ws.write_page(layout_set, page, content)
