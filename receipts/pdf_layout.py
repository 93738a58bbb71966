"""A `pdfLayoutName` page, drawn instead of the automatic summary: its headings, paragraphs,
instance facts and summaries top to bottom. A Summary2 whose target names a `taskId`
summarises that task's layout set over that task's form data (service-task apps use this for
their pdf task). A form field on the page shows as its summary row; buttons and the like are
left out, since there is nothing to press on paper."""

from __future__ import annotations

import dataclasses
from typing import Any

from forms.components.base import Component
from forms.definitions import AppDefinition, Page
from forms.render import PageView
from receipts.model import Block, Facts, Heading, Paragraph, Summary
from receipts.settings import excluded, pdf_overrides, task_title
from receipts.tasks import TaskPart
from receipts.views import task_view
from storage.models import Instance

_SUMMARIES = ("Summary", "Summary2")


def custom_blocks(app: AppDefinition, instance: Instance, view: PageView,
                  info: dict[str, Any]) -> list[Block]:
    """The blocks of the page `view` stands on."""
    left_out = set(excluded(view.layout_set))
    blocks: list[Block] = []
    for component in view.page.components:
        if component.id in left_out or view.hidden(component):
            continue
        kind = component.type_name
        if kind == "Header":
            blocks.append(Heading(component.level,  # type: ignore[attr-defined]
                                  view.html(component.texts.get("title"))))
        elif kind == "Paragraph":
            blocks.append(Paragraph(view.html(component.texts.get("title"), inline=False)))
        elif kind == "InstanceInformation":
            facts = component.facts(view, instance)  # type: ignore[attr-defined]
            if facts:
                blocks.append(Facts(facts))
        elif kind in _SUMMARIES:
            blocks.append(_summary_block(app, instance, view, component, info))
        elif component.is_form_field:
            page = Page(view.page.name, view.page.file, components=[component])
            sections = view.page_summaries([page], pdf_overrides(view.layout_set), False)
            blocks.append(Summary(view, sections, section_titles=False))
    return blocks


def _summary_block(app: AppDefinition, instance: Instance, view: PageView, summary: Component,
                   info: dict[str, Any]) -> Summary:
    target = summary.props.get("target")
    task_id = target.get("taskId") if isinstance(target, dict) else None
    task = app.process.nodes.get(task_id) if isinstance(task_id, str) else None
    layout_set = app.layout_set_for_task(task_id) if isinstance(task_id, str) else None
    source = view if layout_set is None or layout_set is view.layout_set else task_view(
        app, layout_set, instance, view.lang, info)
    overrides = pdf_overrides(source.layout_set, summary.props.get("overrides"),
                              excluded(view.layout_set))
    adjusted = dataclasses.replace(summary, props={**summary.props, "overrides": [
        {"componentId": key, **value} for key, value in overrides.items()]})
    # Always a heading above the sections (h2 over their h3s, no level skipped): the
    # summary's own title, else the task it summarises, else "Summary".
    title = view.text(summary.texts.get("title")) if summary.texts.get("title") else ""
    if not title and task is not None and layout_set is not None:
        title = task_title(app, TaskPart(task, layout_set))
    return Summary(source, source.summary(adjusted), title or view.ui("summary"))
