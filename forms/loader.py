"""Load app definitions from a folder of apps, checking them as they are read.

Every problem names the file, the JSON path and the reason. An app with errors is refused while
the others still serve. Accepts the folder with or without its `App/` level, the layout-sets
form, the older single-set form (`App/ui/layouts/`) and the 2026 form without layout-sets.json.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forms import jsonc
from forms.app_code import AppCode, load_app_code
from forms.bpmn import load_process
from forms.components import component_class
from forms.components.base import ID_PATTERN, Component
from forms.datamodel import BindingPathError, Schema, split_path
from forms.definitions import AppDefinition, LayoutSet, Page
from forms.expression_validation import ValidationConfig, parse_config
from forms.expressions import ExprError, compile_expression
from forms.options import Option, load_option_files, parse_options
from forms.payment_order import ORDER_FILE, OrderSpec, parse_order
from forms.prefill import load_prefill
from forms.problems import Problem, ProblemList
from forms.texts import load_texts


@dataclass
class LoadResult:
    """What one scan of the apps folder found: the apps that serve and the ones refused."""

    apps: dict[str, AppDefinition] = field(default_factory=dict)
    refused: dict[str, list[Problem]] = field(default_factory=dict)  # folder → problems


def app_root(folder: Path) -> Path:
    return folder / "App" if (folder / "App").is_dir() else folder


def looks_like_app(folder: Path) -> bool:
    return (app_root(folder) / "config" / "applicationmetadata.json").is_file()


def load_apps(apps_dir: Path) -> LoadResult:
    """Every app folder directly under `apps_dir` (or `apps_dir` itself if it is one app)."""
    result = LoadResult()
    folders = [apps_dir] if looks_like_app(apps_dir) else sorted(
        p for p in apps_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
    ) if apps_dir.is_dir() else []
    for folder in folders:
        try:
            app, problems = load_app(folder)
        except Exception as exc:  # a bug of ours must not take the other apps down
            app, problems = None, [Problem("", "$", f"internal error while loading: {exc!r}")]
        if app is None:
            result.refused[str(folder)] = problems
        elif app.id in result.apps:
            other = result.apps[app.id].folder
            result.refused[str(folder)] = problems + [
                Problem("App/config/applicationmetadata.json", "$.id",
                        f"app id '{app.id}' is already used by {other}")
            ]
        else:
            result.apps[app.id] = app
    return result


def load_app(folder: Path) -> tuple[AppDefinition | None, list[Problem]]:
    """Parse one app; returns (None, problems) when it has errors."""
    problems = ProblemList(folder)
    root = app_root(folder)
    meta_file = root / "config" / "applicationmetadata.json"
    if not meta_file.is_file():
        problems.error(meta_file, "", "missing: every app needs its application metadata")
        return None, problems.items
    metadata = jsonc.read_reporting(meta_file, problems)
    if not isinstance(metadata, dict):
        if metadata is not None:
            problems.error(meta_file, "$", "must be a JSON object")
        return None, problems.items
    app_id = metadata.get("id")
    org = metadata.get("org")
    if not isinstance(app_id, str) or "/" not in app_id:
        if isinstance(org, str) and org:
            app_id = f"{org}/{folder.name}"
            problems.warning(meta_file, "$.id", f"missing or not 'org/app'; using '{app_id}'")
        else:
            problems.error(meta_file, "$.id", "must be 'org/app' (or give 'org')")
            return None, problems.items
    org, name = app_id.split("/", 1)
    data_types = metadata.get("dataTypes")
    if not isinstance(data_types, list):
        problems.error(meta_file, "$.dataTypes", "must be an array of data types")
        data_types = []
    for i, data_type in enumerate(data_types):
        if not isinstance(data_type, dict) or not isinstance(data_type.get("id"), str):
            problems.error(meta_file, f"$.dataTypes[{i}]", "a data type needs a string 'id'")

    allowed = metadata.get("partyTypesAllowed")
    if allowed is not None and not isinstance(allowed, dict):
        problems.error(meta_file, "$.partyTypesAllowed", "must be an object of true/false flags")
    texts = load_texts(root / "config" / "texts", problems)
    options = load_option_files(root / "options", problems)
    code = load_app_code(root / "logic", folder, problems)
    _check_code_data_types(code, data_types, problems)
    schemas = _load_schemas(root / "models", data_types, problems)
    validations = _load_validations(root / "models", problems)
    prefill = load_prefill(root / "models", data_types, schemas, problems)
    process = load_process(root / "config" / "process" / "process.bpmn", problems)
    payment_order = _load_payment_order(root / ORDER_FILE, problems)
    task_ids = {t.id for t in process.tasks}
    layout_sets, ui_settings = _load_layout_sets(root / "ui", data_types, task_ids, problems)
    for layout_set in layout_sets.values():
        schema = schemas.get(layout_set.data_type or "")
        _check_components(layout_set, schema, options, code, problems)

    app_settings: dict[str, Any] = {}
    if (root / "appsettings.json").is_file():
        raw_settings = jsonc.read_reporting(root / "appsettings.json", problems)
        if isinstance(raw_settings, dict):
            app_settings = raw_settings
        elif raw_settings is not None:
            problems.error(root / "appsettings.json", "$", "must be a JSON object")
    if problems.errors:
        return None, problems.items
    app = AppDefinition(
        id=app_id, org=org, name=name, folder=folder, metadata=metadata,
        layout_sets=layout_sets, texts=texts, options=options, schemas=schemas,
        process=process, ui_settings=ui_settings, app_settings=app_settings,
        code=code, validations=validations, prefill=prefill, warnings=problems.warnings,
        payment_order=payment_order,
    )
    return app, problems.items


def _check_code_data_types(code: AppCode, data_types: list[Any], problems: ProblemList
                           ) -> None:
    """A validator or calculation for a data type the app does not have never runs."""
    known = {t.get("id") for t in data_types if isinstance(t, dict)}
    for (kind, data_type), entries in code.chains.items():
        if data_type not in known:
            for entry in entries:
                problems.warning(Path(entry.file), f"line {entry.line}",
                                 f"@{kind}('{data_type}'): the app has no data type "
                                 f"'{data_type}', so this never runs")


def _load_schemas(folder: Path, data_types: list[Any], problems: ProblemList) -> dict[str, Schema]:
    """Schemas by data type id: `<id>.schema.json`, or the file named after its classRef."""
    files = {f.name.removesuffix(".schema.json"): f for f in folder.glob("*.schema.json")}
    schemas: dict[str, Schema] = {}
    for data_type in data_types:
        if not isinstance(data_type, dict) or not isinstance(data_type.get("id"), str):
            continue
        app_logic = data_type.get("appLogic") if isinstance(data_type.get("appLogic"), dict) else {}
        class_ref = str(app_logic.get("classRef") or "")
        if not class_ref:
            continue
        file = files.get(data_type["id"]) or files.get(class_ref.rsplit(".", 1)[-1])
        if file is None:
            problems.warning(folder / f"{data_type['id']}.schema.json", "",
                             f"no JSON Schema for data type '{data_type['id']}'")
            continue
        document = jsonc.read_reporting(file, problems)
        if isinstance(document, dict):
            schemas[data_type["id"]] = Schema(document, root_name=class_ref.rsplit(".", 1)[-1])
        elif document is not None:
            problems.error(file, "$", "a JSON Schema must be an object")
    return schemas


def _load_validations(folder: Path, problems: ProblemList) -> dict[str, ValidationConfig]:
    """Expression validations by data type: `models/<dataType>.validation.json`."""
    out: dict[str, ValidationConfig] = {}
    for file in sorted(folder.glob("*.validation.json")):
        document = jsonc.read_reporting(file, problems)
        if document is None:
            continue
        try:
            out[file.name.removesuffix(".validation.json")] = parse_config(document)
        except ValueError as exc:  # "definitions.x: reason", or just the reason
            where, found, reason = str(exc).partition(": ")
            located = found and " " not in where
            problems.error(file, f"$.{where}" if located else "$",
                           reason if located else str(exc))
    return out


def _load_payment_order(file: Path, problems: ProblemList) -> OrderSpec | None:
    """What the app's payment tasks charge (forms/payment_order.py), if it says."""
    if not file.is_file():
        return None
    document = jsonc.read_reporting(file, problems)
    if document is None:
        return None
    try:
        return parse_order(document)
    except ValueError as exc:  # "lines[0].quantity: reason", or just the reason
        where, found, reason = str(exc).partition(": ")
        located = found and " " not in where
        problems.error(file, f"$.{where}" if located else "$", reason if located else str(exc))
        return None


def _load_layout_sets(
    ui: Path, data_types: list[Any], task_ids: set[str], problems: ProblemList
) -> tuple[dict[str, LayoutSet], dict[str, Any]]:
    sets_file = ui / "layout-sets.json"
    ui_settings: dict[str, Any] = {}
    declared: list[tuple[str, str | None, list[str], Path]] = []
    if sets_file.is_file():
        raw = jsonc.read_reporting(sets_file, problems)
        if raw is None:
            return {}, ui_settings
        if not isinstance(raw, dict) or not isinstance(raw.get("sets"), list):
            problems.error(sets_file, "$.sets", "must be an array of layout sets")
            return {}, ui_settings
        ui_settings = raw.get("uiSettings") if isinstance(raw.get("uiSettings"), dict) else {}
        for i, item in enumerate(raw["sets"]):
            path = f"$.sets[{i}]"
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                problems.error(sets_file, path, "a layout set needs a string 'id'")
                continue
            tasks = item.get("tasks") or []
            if not isinstance(tasks, list) or not all(isinstance(t, str) for t in tasks):
                problems.error(sets_file, f"{path}.tasks", "must be an array of task ids")
                tasks = []
            for t in tasks:
                if task_ids and t not in task_ids and t != "CustomReceipt":
                    problems.warning(sets_file, f"{path}.tasks",
                                     f"task '{t}' is not in process.bpmn")
            folder = ui / item["id"]
            if not folder.is_dir():
                problems.warning(sets_file, f"{path}.id",
                                 f"no folder App/ui/{item['id']}; this layout set is skipped")
                continue
            data_type = item.get("dataType") if isinstance(item.get("dataType"), str) else None
            declared.append((item["id"], data_type, list(tasks), folder))
    elif (ui / "layouts").is_dir():  # the older single-set form
        data_type = next((d["id"] for d in data_types if isinstance(d, dict)
                          and isinstance(d.get("appLogic"), dict) and d.get("id")), None)
        task = next((d.get("taskId") for d in data_types if isinstance(d, dict)
                     and d.get("id") == data_type), None)
        declared.append(("form", data_type, [task] if task else sorted(task_ids)[:1], ui))
    else:  # 2026: one folder per task, named after it, with defaultDataType in Settings.json
        global_settings = ui / "Settings.json"
        if global_settings.is_file():
            raw = jsonc.read_reporting(global_settings, problems)
            ui_settings = raw if isinstance(raw, dict) else {}
        for folder in sorted(p for p in ui.iterdir() if p.is_dir()) if ui.is_dir() else []:
            if not (folder / "layouts").is_dir():
                continue
            settings = jsonc.read_reporting(folder / "Settings.json", problems) if (
                folder / "Settings.json").is_file() else {}
            data_type = settings.get("defaultDataType") if isinstance(settings, dict) else None
            if data_type is not None and not isinstance(data_type, str):
                problems.error(folder / "Settings.json", "$.defaultDataType",
                               "must be a data type id (a string)")
                data_type = None
            tasks = [folder.name] if folder.name in task_ids else []
            declared.append((folder.name, data_type, tasks, folder))

    sets: dict[str, LayoutSet] = {}
    for set_id, data_type, tasks, folder in declared:
        sets[set_id] = _load_layout_set(set_id, data_type, tasks, folder, problems)
    return sets, ui_settings


def _load_layout_set(
    set_id: str, data_type: str | None, tasks: list[str], folder: Path, problems: ProblemList
) -> LayoutSet:
    settings_file = folder / "Settings.json"
    settings: dict[str, Any] = {}
    if settings_file.is_file():
        raw = jsonc.read_reporting(settings_file, problems)
        if isinstance(raw, dict):
            settings = raw
        elif raw is not None:
            problems.error(settings_file, "$", "must be a JSON object")
    if data_type is None and isinstance(settings.get("defaultDataType"), str):
        data_type = settings["defaultDataType"]
    if "pages" in settings and not isinstance(settings["pages"], dict):
        problems.error(settings_file, "$.pages", "must be an object")

    pages: dict[str, Page] = {}
    components: dict[str, Component] = {}
    for file in sorted((folder / "layouts").glob("*.json")):
        page = _load_page(file, problems, components)
        if page is not None:
            pages[page.name] = page

    pages_settings = settings.get("pages") if isinstance(settings.get("pages"), dict) else {}
    order = pages_settings.get("order")
    if order is None and isinstance(pages_settings.get("groups"), list):
        order = [name for group in pages_settings["groups"] if isinstance(group, dict)
                 and isinstance(group.get("order"), list) for name in group["order"]]
    if order is None:
        order = sorted(pages)
    if not isinstance(order, list) or not all(isinstance(p, str) for p in order):
        problems.error(settings_file, "$.pages.order", "must be an array of page names")
        order = sorted(pages)
    files = {f.stem for f in (folder / "layouts").glob("*.json")}
    for i, name in enumerate(order):
        if name not in files:
            problems.error(settings_file, f"$.pages.order[{i}]",
                           f"page '{name}' has no file layouts/{name}.json")
    return LayoutSet(set_id, data_type, tasks, settings, pages, list(order), components,
                     folder=folder)


def _load_page(file: Path, problems: ProblemList, components: dict[str, Component]) -> Page | None:
    raw = jsonc.read_reporting(file, problems)
    if raw is None:
        return None
    data = raw.get("data") if isinstance(raw, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("layout"), list):
        problems.error(file, "$.data.layout", "must be an array of components")
        return None
    page = Page(name=file.stem, file=str(file), hidden=data.get("hidden", False), raw=data)
    if isinstance(page.hidden, list):
        _check_expression(page.hidden, file, "$.data.hidden", problems)
    local: dict[str, Component] = {}
    for i, item in enumerate(data["layout"]):
        path = f"$.data.layout[{i}]"
        if not isinstance(item, dict):
            problems.error(file, path, "a component must be an object")
            continue
        comp_id, comp_type = item.get("id"), item.get("type")
        if not isinstance(comp_id, str) or not comp_id:
            problems.error(file, f"{path}.id", "a component needs a string 'id'")
            continue
        if not isinstance(comp_type, str) or not comp_type:
            problems.error(file, f"{path}.type", f"component '{comp_id}' needs a string 'type'")
            continue
        if comp_id in components:
            other = components[comp_id]
            problems.error(file, f"{path}.id", f"duplicate component id '{comp_id}' "
                           f"(also on page '{other.page}' at {other.json_path})")
            continue
        if not ID_PATTERN.match(comp_id):
            problems.warning(file, f"{path}.id", f"'{comp_id}' does not follow Altinn's id rule "
                             "(letters, digits and '-', and not ending in '-<digit>')")
        component = component_class(comp_type)(
            id=comp_id, raw=item, page=page.name, file=str(file), json_path=path
        )
        component.parse(problems)
        components[comp_id] = local[comp_id] = component
        page.all_components.append(component)

    claimed: set[str] = set()
    for component in page.all_components:
        for child_id in component.child_ids:
            child = local.get(child_id)
            if child is None:
                problems.warning(file, f"{component.json_path}",
                                 f"'{component.id}' refers to child '{child_id}', "
                                 "which is not on this page; ignored")
                continue
            if child_id in claimed or child is component:
                problems.error(file, f"{component.json_path}",
                               f"child '{child_id}' belongs to more than one container")
                continue
            claimed.add(child_id)
            child.parent = component
            component.children.append(child)
    page.components = [c for c in page.all_components if c.id not in claimed]
    reachable = {c.id for root in page.components for c in root.walk()}
    for component in page.all_components:
        if component.id not in reachable:
            problems.error(file, component.json_path,
                           f"'{component.id}' is inside a cycle of containers "
                           f"(it contains itself through its children)")
    return page


def _check_components(
    layout_set: LayoutSet, schema: Schema | None, options: dict[str, list[Option]],
    code: AppCode, problems: ProblemList,
) -> None:
    """Checks that need the whole app: bindings against the schema, option lists and data
    lists (a file in options/ or a provider in App/logic)."""
    for component in layout_set.components.values():
        for key, path in component.bindings.items():
            try:
                split_path(path)
            except BindingPathError as exc:
                problems.error(component.file,
                               f"{component.json_path}.dataModelBindings.{key}", str(exc))
                continue
            if schema is None:
                continue
            field_type = schema.field_type(path)
            if field_type is None:
                problems.warning(component.file, f"{component.json_path}.dataModelBindings.{key}",
                                 f"'{path}' is not in the data model '{layout_set.data_type}'")
            else:
                component.binding_types[key] = field_type
        _check_sources(component, options, code, problems)
        _check_expressions(component, problems)
        inline = component.props.get("options")
        if inline is not None:
            component.props["options"] = parse_options(
                inline, component.file, f"{component.json_path}.options", problems)


def _check_expressions(component: Component, problems: ProblemList) -> None:
    """A component's expression that can never work (an unknown function, the wrong number of
    arguments, a literal of the wrong type) is a warning: the form falls back to the
    property's default at run time, but `apps check`, the designer and publish should say so."""
    for key in ("hidden", "required", "readOnly"):
        raw = component.raw.get(key)
        if isinstance(raw, list):
            _check_expression(raw, component.file, f"{component.json_path}.{key}", problems)


def _check_expression(raw: list[Any], file: str | Path, path: str,
                      problems: ProblemList) -> None:
    try:
        compile_expression(raw)
    except ExprError as exc:
        problems.warning(file, path, f"this expression cannot work: {exc}")


def _check_sources(component: Component, options: dict[str, list[Option]], code: AppCode,
                   problems: ProblemList) -> None:
    """Where `optionsId` and `dataListId` come from. Options: a provider, else the options file;
    a data list: its provider, else an options file; `secure: true`: a secure provider only."""
    secure = component.props.get("secure") is True
    for prop, kind in (("optionsId", "options"), ("dataListId", "data_list")):
        key = component.props.get(prop)
        if not isinstance(key, str) or not key:
            continue
        where = f"{component.json_path}.{prop}"
        provider = code.find(kind, key, secure)
        if secure and provider is None:
            problems.warning(component.file, where,
                             f"no @{kind}('{key}', secure=True) in App/logic")
        elif not secure and key not in options and provider is None:
            problems.warning(component.file, where, f"no options file options/{key}.json "
                             f"and no @{kind}('{key}') in App/logic")
        elif kind == "options" and not secure and key in options and provider is not None:
            problems.warning(component.file, where, f"both options/{key}.json and "
                             f"@options('{key}') at {provider.where}; the provider is used")
