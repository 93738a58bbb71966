"""What the signing components (SigningDocumentList, SigneeList, SigningActions) share: the
current signing task of the page's instance and, in a request, the signed-in user and the
register (read lazily from web/, so the components render without a request too: the preview
shows them empty)."""

from __future__ import annotations

from typing import Any


def signing_task(view: Any, instance: Any) -> Any:
    """The instance's current task if it is a signing task with a valid config, else None."""
    from process.signing import SigningError, signature_config  # process imports forms

    if instance is None:
        return None
    task = view.app.process.nodes.get(getattr(instance, "current_task", None) or "")
    if task is None or task.task_type != "signing":
        return None
    try:
        signature_config(task, view.app)
    except SigningError:
        return None
    return task


def request_register() -> Any:
    """The app's register in a request (names of signees, the user's roles), else None."""
    from flask import has_request_context

    if not has_request_context():
        return None
    from web.context import register

    return register()


def request_user() -> Any:
    from flask import has_request_context

    if not has_request_context():
        return None
    from web.context import current_user

    return current_user()
