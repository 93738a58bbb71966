"""What an app's Settings.json says about its PDF: `pdfLayoutName`, `excludeFromPdf` for pages
and components, `hideAppNameInPdf` (a boolean or an expression), and the task names of its
task navigation. Exclusions become Summary2 overrides, so the shared summary code leaves them
out exactly as an app's own override would."""

from __future__ import annotations

from typing import Any

from forms.definitions import AppDefinition, LayoutSet, Page
from forms.dynamics import compiled, is_expression
from forms.expressions.values import ExprError, to_boolean
from forms.render import PageView
from receipts.tasks import TaskPart


def page_setting(app: AppDefinition, layout_set: LayoutSet, name: str) -> Any:
    """A `pages` setting of the layout set's Settings.json, else the app's global one."""
    for pages in (layout_set.settings.get("pages"), app.ui_settings,
                  app.ui_settings.get("pages")):
        if isinstance(pages, dict) and name in pages:
            return pages[name]
    return None


def setting_true(view: PageView, raw: Any) -> bool:
    """A boolean setting that may be an expression, evaluated on the view's data."""
    if not is_expression(raw):
        return raw is True
    try:
        return to_boolean(compiled(raw).evaluate(view.dynamics.ctx)) is True
    except ExprError:
        return False


def pdf_page(layout_set: LayoutSet) -> Page | None:
    """The set's `pdfLayoutName` page, when it names one that exists."""
    pages = layout_set.settings.get("pages")
    name = pages.get("pdfLayoutName") if isinstance(pages, dict) else None
    return layout_set.pages.get(name) if isinstance(name, str) else None


def excluded(layout_set: LayoutSet) -> list[str]:
    """The pages and components the set's Settings.json leaves out of the PDF."""
    out: list[str] = []
    for group in ("pages", "components"):
        settings = layout_set.settings.get(group)
        names = settings.get("excludeFromPdf") if isinstance(settings, dict) else None
        out += [n for n in names or [] if isinstance(n, str)]
    return out


def pdf_overrides(layout_set: LayoutSet, own: Any = None,
                  also_excluded: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Summary2 overrides for paper, by component or page id: subforms in full (each entry's
    answers, not only the table), then the app's `own` overrides, and what Settings.json
    excludes from the PDF hidden whatever else is said."""
    out: dict[str, dict[str, Any]] = {
        c.id: {"display": "full"} for c in layout_set.components.values()
        if c.type_name == "Subform"}
    for item in own if isinstance(own, list) else []:
        key = item.get("componentId") or item.get("pageId") if isinstance(item, dict) else None
        if isinstance(key, str):
            out[key] = {**out.get(key, {}), **item}
    for name in excluded(layout_set) + (also_excluded or []):
        out[name] = {**out.get(name, {}), "hidden": True}
    return out


def task_title(app: AppDefinition, part: TaskPart) -> str:
    """The task's name in the app's task navigation, else in the process."""
    for item in app.ui_settings.get("taskNavigation") or []:
        if isinstance(item, dict) and item.get("taskId") == part.task.id and item.get("name"):
            return str(item["name"])
    return part.name
