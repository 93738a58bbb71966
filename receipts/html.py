"""The receipt as HTML, from its own Jinja environment: a background worker has no request, and
may have no Flask app context at all. Autoescaping is on, so answers are text, never markup;
app texts arrive already rendered and sanitised (forms/texts.py)."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from forms.components.base import Component
from forms.definitions import AppDefinition
from forms.render import PageView, SummaryRow
from forms.texts import plain_text
from integrations.register import Register
from receipts.assets import ROOT
from receipts.content import build_receipt
from storage.models import Instance

TEMPLATES = ROOT / "templates"


@cache
def environment() -> Environment:
    """One per process; templates are compiled once. It reads templates/ like the web app, so
    the receipt shares the subform summary template with the form pages."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(
        default=True, default_for_string=True), undefined=StrictUndefined, auto_reload=False)
    env.globals["group_runs"] = group_runs
    return env


def group_runs(view: PageView, rows: list[SummaryRow]) -> list[tuple[str, list[SummaryRow]]]:
    """The rows in runs under the title of the Group they sit in ("" for none): the page
    summary lists fields only, and on paper "Name" twice needs its group to tell them apart."""
    runs: list[tuple[str, list[SummaryRow]]] = []
    for row in rows:
        title = _group_title(view, row.component)
        if runs and runs[-1][0] == title:
            runs[-1][1].append(row)
        else:
            runs.append((title, [row]))
    return runs


def _group_title(view: PageView, component: Component) -> str:
    parent: Any = component.parent
    while parent is not None:
        if parent.type_name == "Group" and view.has_text(parent, "title"):
            return plain_text(view.html(parent.texts.get("title")))
        parent = parent.parent
    return ""


def render_receipt_html(app: AppDefinition, instance: Instance, lang: str,
                        task_id: str | None = None, *, register: Register | None = None) -> str:
    """The receipt page for `instance` in `lang` (nb, nn or en). `task_id` names a pdf service
    task (or any task) to draw that task's PDF; `register` gives the sender's name (default: the
    Flask app's register, when called inside an app context)."""
    receipt = build_receipt(app, instance, lang, task_id, register)
    return environment().get_template("pdf/receipt.html").render(receipt=receipt)
