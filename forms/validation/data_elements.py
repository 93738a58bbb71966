"""DataElement: the application metadata's `minCount`/`maxCount` for each attachment data type
of the task, counted over the whole instance (every row's files together), as Altinn's
backend checks them when a task ends (codes TooFewDataElementsOfType and
TooManyDataElementsOfType). An issue is shown on a visible FileUpload of that data type; when
the layout set has one but none is visible (hidden, or on a page not checked), there is no
issue here, as no one could fix it. Form data types (those with `appLogic.classRef`; subforms
count their entries themselves) and types only the app writes (`app:owned`) are not counted."""

from __future__ import annotations

from typing import Any

from forms.components.fileupload import FileUpload
from forms.render import PageView
from forms.validation.fields import FieldRef, Target
from forms.validation.issues import DATA_ELEMENT, Issue, Severity
from forms.validation.messages import message


def attachment_types(view: PageView) -> list[dict[str, Any]]:
    """The data types of the layout set's task(s) that people upload files to."""
    tasks = set(view.layout_set.tasks)
    out = []
    for data_type in view.app.metadata.get("dataTypes") or []:
        if not isinstance(data_type, dict) or data_type.get("taskId") not in tasks:
            continue
        logic = data_type.get("appLogic")
        if isinstance(logic, dict) and logic.get("classRef"):
            continue
        writers = data_type.get("allowedContributors") or data_type.get(
            "allowedContributers") or []
        if isinstance(writers, list) and "app:owned" in writers:
            continue
        out.append(data_type)
    return out


def _count(limit: Any) -> int:
    return limit if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0 else 0


def check(target: Target) -> list[Issue]:
    view = target.view
    elements = (view.instance_info or {}).get("data")
    elements = elements if isinstance(elements, list) else []
    issues: list[Issue] = []
    for data_type in attachment_types(view):
        type_id = str(data_type.get("id"))
        least, most = _count(data_type.get("minCount")), _count(data_type.get("maxCount"))
        if not least and not most:
            continue
        count = sum(1 for e in elements if isinstance(e, dict) and e.get("dataType") == type_id)
        if least <= count and (not most or count <= most):
            continue
        shown = next((ref for ref in target.fields if isinstance(ref.component, FileUpload)
                      and ref.component.data_type == type_id), None)
        if shown is None and any(isinstance(c, FileUpload) and c.data_type == type_id
                                 for c in view.layout_set.components.values()):
            continue  # hidden, or not on the pages checked
        if count < least:
            key = "fileupload.min_one" if least == 1 else "fileupload.min_many"
            text, used = message(view, key, [least], also=[
                "backend.validation_errors.too_few_data_elements", "TooFewDataElementsOfType"],
                named={"minCount": least, "dataType": type_id})
            issues.append(_issue(target, shown, type_id, "TooFewDataElementsOfType", text, used,
                                 {"minCount": str(least), "dataType": type_id}))
        else:
            text, used = message(view, "data_element.too_many", [count, most], also=[
                "backend.validation_errors.too_many_data_elements", "TooManyDataElementsOfType"],
                named={"maxCount": most, "dataType": type_id})
            issues.append(_issue(target, shown, type_id, "TooManyDataElementsOfType", text,
                                 used, {"maxCount": str(most), "dataType": type_id}))
    return issues


def _issue(target: Target, ref: FieldRef | None, type_id: str, code: str, text: str, key: str,
           params: dict[str, str]) -> Issue:
    """On the FileUpload when one shows; else about the data type only (Altinn's `field` is
    the data type's id), which only a check of the whole layout set keeps."""
    issue = Issue(Severity.ERROR, DATA_ELEMENT, code, text, field=type_id,
                  data_element_id=target.data_element_id, custom_text_key=key,
                  custom_text_parameters=params)
    if ref is not None:
        issue.component_id = ref.component.id
        issue.field = ref.component.bindings.get("simpleBinding") or type_id
        issue.link = target.link(ref)
    return issue
