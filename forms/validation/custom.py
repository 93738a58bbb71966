"""The app's own checks (`@validator(data_type)` in App/logic, Altinn's IFormDataValidator):
each validator of the layout set's data type gets a copy of the data and a `FormContext`, and
its issues become Custom issues on the fields they name. App code that raises or answers with
something else than issues is logged and gives one blocking error: a form that could not be
checked is never let through as if it had been."""

from __future__ import annotations

import copy
import logging
from typing import Any

from forms.app_code import AppCodeError, AppIssue, FormContext, Registered, fill_params
from forms.validation.fields import Target
from forms.validation.issues import CUSTOM, Issue, Severity

log = logging.getLogger(__name__)


def check(target: Target) -> list[Issue]:
    view = target.view
    validators = view.app.code.all("validator", view.layout_set.data_type)
    if not validators:
        return []
    context = FormContext.of(view)
    issues: list[Issue] = []
    failed = False
    for entry in validators:
        try:
            found = _issues(entry, copy.deepcopy(view.data), context)
        except Exception:  # the app's code: anything may go wrong in it
            log.exception("App code failed in %s: @validator('%s') %s at %s", view.app.id,
                          entry.key, getattr(entry.function, "__name__", "?"), entry.where)
            failed = True
            continue
        issues.extend(_issue(target, context, item) for item in found)
    if failed:
        issues.append(Issue(Severity.ERROR, CUSTOM, "customValidationFailed",
                            view.ui("custom_validation_failed"),
                            data_element_id=target.data_element_id))
    return issues


def _issues(entry: Registered, data: dict[str, Any], context: FormContext) -> list[AppIssue]:
    """Run one validator; AppCodeError when it answers with something else than issues."""
    result = entry.function(data, context)
    if result is None:
        return []
    if isinstance(result, (str, bytes, dict, AppIssue)) or not hasattr(result, "__iter__"):
        raise AppCodeError(f"must return or yield issues made with issue(), not "
                           f"{type(result).__name__}")
    found = list(result)  # a generator runs here
    for i, item in enumerate(found):
        if not isinstance(item, AppIssue):
            raise AppCodeError(f"issue {i} is a {type(item).__name__}, not made with issue()")
    return found


def _issue(target: Target, context: FormContext, item: AppIssue) -> Issue:
    if item.text_key is not None:
        description = context.text(item.text_key, item.params)
    else:
        description = fill_params(item.message or "", item.params)
    return Issue(Severity.named(item.severity), CUSTOM, item.code, description,
                 field=item.field, data_element_id=target.data_element_id,
                 custom_text_key=item.text_key, custom_text_parameters=dict(item.params))
