"""Page views over a stored instance, for a worker with no request: the same `PageView` the
form pages draw from (expressions, hidden components and rows, option labels, number and date
formats, summaries), read-only and with nothing to link to.

`instance_info` repeats what web/filling.py gives a page (Altinn's instance shape for
expressions, InstanceInformation and file lists), because receipts/ sits below web/ and must
not import it; the party's name comes from a `Register` handed in, or the Flask app's."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import object_session

from forms.definitions import AppDefinition, LayoutSet, Page
from forms.render import PageView
from integrations.register import LocalRegister, Party, PersonRegister, Register
from storage import repository
from storage.models import Instance

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


def instance_info(instance: Instance, party: Party | None) -> dict[str, Any]:
    """The instance in Altinn's shape, as the form pages had it."""
    owner: dict[str, Any] = {"partyId": str(instance.instance_owner_party_id)}
    if party is not None:
        owner["party"] = {"name": party.name}
        if party.party_type in ("organisation", "subUnit"):
            owner["organisationNumber"] = party.org_number
        elif party.party_type == "person":
            owner["personNumber"] = party.ssn
        else:
            owner["username"] = party.name
    data = [{"id": e.id, "dataType": e.data_type, "filename": e.filename, "size": e.size,
             "contentType": e.content_type, "tags": list(e.tags or []), "locked": e.locked,
             "created": e.created.isoformat() if e.created else None}
            for e in instance.data_elements]
    return {"id": f"{instance.instance_owner_party_id}/{instance.id}",
            "appId": instance.app_id, "instanceOwner": owner, "data": data,
            "lastChanged": (instance.archived or instance.last_changed).isoformat()
            if (instance.archived or instance.last_changed) else None}


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
    """The entries of the set's Subform components (data type → [(element id, data)]), as
    web/subforms.py puts them on a page."""
    entries: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for component in layout_set.components.values():
        if component.type_name != "Subform":
            continue
        data_type = component.data_type(app)  # type: ignore[attr-defined]
        if data_type and data_type not in entries:
            entries[data_type] = [(e.id, repository.read_form_data(e))
                                  for e in instance.data_elements if e.data_type == data_type]
    return entries
