"""Page views over a stored instance, for a worker with no request: the same `PageView` the
form pages draw from (expressions, hidden components and rows, option labels, number and date
formats, summaries), read-only and with nothing to link to.

The instance's shape for expressions comes from storage/shapes.py, as on the web pages; the
party's name from a `Register` handed in, or the Flask app's."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import object_session

from forms.definitions import AppDefinition, LayoutSet, Page
from forms.render import PageView
from integrations.register import LocalRegister, PersonRegister, Register
from storage import repository
from storage.models import Instance
from storage.shapes import entries_of

RECEIPT_PAGE = "__receipt__"  # the page a receipt's views stand on: none of the app's


def app_register(instance: Instance) -> Register | None:
    """The register the web pages use (web/context.py), found without a request: local mode's
    test parties, or in production the people table, read through the instance's own
    session. None outside a Flask app context."""
    from flask import current_app, has_app_context

    if not has_app_context():
        return None
    configured = current_app.extensions.get("blankett.register")
    if configured is None:
        return None
    if current_app.config.get("LOCAL_MODE") or not isinstance(configured, LocalRegister):
        return configured  # type: ignore[no-any-return]
    session = object_session(instance)
    return PersonRegister(lambda: session) if session is not None else None


def task_view(app: AppDefinition, layout_set: LayoutSet, instance: Instance, lang: str,
              info: dict[str, Any], page: Page | None = None) -> PageView:
    """A read-only view of `layout_set` over the instance's form data for it, with its subform
    entries. It stands on `page` (a pdfLayout page) or on no page of the set, so that a
    summary of the whole set leaves none of the set's pages out."""
    element = repository.form_data_element(instance, layout_set.data_type or "")
    data = repository.read_form_data(element) if element is not None else {}
    view = PageView(app, layout_set, page or Page(RECEIPT_PAGE, ""), data, lang,
                    page_url=lambda _name: "", show_unsupported=False, read_only=True,
                    instance_info=info)
    view.subform_entries = subform_entries(app, layout_set, instance)
    return view


def subform_entries(app: AppDefinition, layout_set: LayoutSet, instance: Instance
                    ) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """The entries of the set's Subform components, as the web pages put them on a page."""
    data_types = [c.data_type(app) for c in layout_set.components.values()  # type: ignore[attr-defined]
                  if c.type_name == "Subform"]
    return entries_of(instance, [t for t in data_types if t])
