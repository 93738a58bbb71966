"""SigneeList: who must sign the current signing task and who has, with when, as a table (a
screen reader reads each signee's row with its headers)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from forms.components.base import Component, register
from forms.components.signing_common import request_register, signing_task
from forms.formatting import oslo_time

if TYPE_CHECKING:
    from process.signing import SigneeState


@register
class SigneeList(Component):
    type_name = "SigneeList"
    template = "components/signeelist.html"
    text_names = ("title", "description", "help")

    def states(self, view: Any, instance: Any = None) -> list[SigneeState]:
        from process.signing import SigningError, signee_states

        task = signing_task(view, instance)
        if task is None:
            return []
        try:
            return signee_states(view.app, instance, task, request_register())
        except SigningError:
            return []

    @staticmethod
    def when(state: SigneeState) -> str:
        from datetime import datetime

        if state.signed_time is None:
            return ""
        try:
            return oslo_time(datetime.fromisoformat(state.signed_time.replace("Z", "+00:00")))
        except ValueError:
            return state.signed_time
