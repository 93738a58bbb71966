"""What the inbox's pages show, worked out from the stored rows: texts in the case worker's
language, the orgs' names, a party's name and number, an instance's status, its files with
their downloads, and its events as a timeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import url_for

from forms.definitions import AppDefinition
from storage import repository
from storage.models import DataElement, Instance
from web.context import known_user, register, registry
from web.inbox_files import PDF_DATA_TYPE, file_type_name
from web.inbox_texts import inbox_text

FORM_DATA_TYPE = repository.FORM_DATA_CONTENT_TYPE


def texts(lang: str) -> Callable[..., str]:
    def tx(key: str, *args: object) -> str:
        return inbox_text(key, lang, *args)
    return tx


def org_names(orgs: frozenset[str], lang: str) -> str:
    """The orgs by the name their apps give them (`appOwner`), else their code."""
    names = {}
    for app in sorted(registry().apps.values(), key=lambda a: a.id):
        if app.org in orgs and app.org not in names and app.texts.has("appOwner"):
            names[app.org] = app.texts.resolve("appOwner", lang)
    return ", ".join(names.get(org, org) for org in sorted(orgs))


def party_facts(party_id: int) -> dict[str, str]:
    party = register().party(party_id)
    if party is None:
        return {"name": str(party_id), "number": str(party_id)}
    return {"name": party.name, "number": party.org_number or party.ssn or str(party_id)}


def instance_status(instance: Instance) -> str:
    """in_progress, submitted or archived (web/inbox_query.py says what each means)."""
    if not instance.is_archived:
        return "in_progress"
    return "archived" if instance.completed_by_owner is not None else "submitted"


def is_form_data(app: AppDefinition | None, element: DataElement) -> bool:
    return element.content_type == FORM_DATA_TYPE and (
        app is None or app.data_type(element.data_type) is not None)


def file_rows(app: AppDefinition | None, instance: Instance, lang: str) -> list[dict[str, Any]]:
    """Each data element as the files table shows it, with its downloads."""
    tx = texts(lang)
    files = []
    for element in instance.data_elements:
        links: list[tuple[str, str]] = []
        if is_form_data(app, element):
            label = tx("form_data_file", element.data_type)
            if app is not None and element.data_type in app.schemas:
                links.append(("XML", url_for("inbox.form_data_xml", instance_id=instance.id,
                                             element_id=element.id)))
            links.append(("JSON", url_for("inbox.form_data_json", instance_id=instance.id,
                                          element_id=element.id)))
        else:
            label = tx("receipt") if element.data_type == PDF_DATA_TYPE else (
                element.filename or element.data_type)
            links.append((file_type_name(element), url_for(
                "inbox.download", instance_id=instance.id, element_id=element.id)))
        files.append({"element": element, "label": label, "links": links,
                      "type": file_type_name(element)})
    return files


def event_rows(instance: Instance, lang: str) -> list[dict[str, Any]]:
    """The timeline: what happened, when (Oslo time), by whom, in which step."""
    tx = texts(lang)
    names: dict[str, str] = {}
    out = []
    for event in instance.events:
        who = event.user_id or ""
        if who not in names:
            user = known_user(int(who)) if who.isdigit() and len(who) <= 9 else None
            names[who] = user.name if user is not None else (tx("system") if not who
                                                             or who == "blankett" else who)
        info = event.process_info if isinstance(event.process_info, dict) else {}
        task = info.get("currentTask")
        step = (info.get("elementId") or (task.get("elementId") if isinstance(task, dict)
                                          else None) or info.get("dataType"))
        key = f"event.{event.event_type}"
        label = tx(key)
        out.append({"event": event, "label": event.event_type if label == key else label,
                    "by": names[who], "step": step if isinstance(step, str) else None})
    return out
