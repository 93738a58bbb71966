"""An instance's answers for the inbox, drawn by the form pages' own summary (a Summary2 of each
task's whole layout set, `components/summary.html`), read-only and with nothing to link to, so
a case worker sees exactly what the person saw on their summary page."""

from __future__ import annotations

from dataclasses import dataclass

from forms.components.summary import Summary2
from forms.definitions import AppDefinition, Page
from forms.render import PageView
from storage import repository
from storage.models import Instance
from web.filling import instance_info
from web.subforms import show_entries

SUMMARY_PAGE = "__inbox__"  # the page the views stand on: none of the app's, so none is left out


@dataclass
class FormSummary:
    layout_set: str
    view: PageView
    component: Summary2


def form_summaries(app: AppDefinition, instance: Instance, lang: str) -> list[FormSummary]:
    """A summary for each task's form data the instance has, in the app's order."""
    info = instance_info(instance)
    found = []
    for layout_set in app.layout_sets.values():
        if not layout_set.tasks or not layout_set.data_type:
            continue  # a subform's entries are summarised by the form that holds them
        element = repository.form_data_element(instance, layout_set.data_type)
        if element is None:
            continue
        view = PageView(app, layout_set, Page(SUMMARY_PAGE, ""),
                        repository.read_form_data(element), lang, page_url=lambda _name: "",
                        show_unsupported=False, read_only=True, instance_info=info)
        show_entries(view, instance)
        view.subform_url = None  # the entries' own pages are the citizen's, not linked here
        component = Summary2(id=f"bk_inbox_summary{len(found) + 1}", raw={"type": "Summary2"},
                             page=SUMMARY_PAGE, file="", json_path="")
        component.props = {"target": {"type": "layoutSet"}, "hideEmptyFields": False,
                           "isCompact": False, "showPageInAccordion": False, "overrides": []}
        found.append(FormSummary(layout_set.id, view, component))
    return found
