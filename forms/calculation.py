"""The app's calculations (`@calculation(data_type)` in App/logic, Altinn's
IDataProcessor.ProcessDataWrite): run on the form data after a post is read and before it is
saved, in registration order. A calculation that raises, returns something, or leaves data
that cannot be stored is logged and its changes are undone, so what the person typed is always
saved."""

from __future__ import annotations

import copy
import json
import logging
from typing import Any

from forms.app_code import AppCodeError, FormContext
from forms.dynamics import changed_fields
from forms.render import PageView

log = logging.getLogger(__name__)


def calculate(view: PageView) -> set[str]:
    """Run the calculations of the view's data type on `view.data` (changed in place); the
    fields they changed, row indices left out (`ansatte.sum`). The caller saves the data and
    refreshes the view."""
    entries = view.app.code.all("calculation", view.layout_set.data_type)
    if not entries or view.read_only:
        return set()
    data = view.data
    before = copy.deepcopy(data)
    context = FormContext.of(view)
    for number, entry in enumerate(entries):
        last_good = before if number == 0 else copy.deepcopy(data)
        try:
            result: Any = entry.function(data, context)
            if result is not None:
                raise AppCodeError(f"must change the data in place and return None, not "
                                   f"{type(result).__name__}")
            json.dumps(data, allow_nan=False)  # what cannot be stored would fail the save
        except Exception:  # the app's code: anything may go wrong in it
            log.exception("App code failed in %s: @calculation('%s') %s at %s; its changes "
                          "are undone", view.app.id, entry.key,
                          getattr(entry.function, "__name__", "?"), entry.where)
            data.clear()
            data.update(last_good if number else copy.deepcopy(before))
    return changed_fields(before, data)
