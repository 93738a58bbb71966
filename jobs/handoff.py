"""The eFormidling hand-off jobs: send the submission to the archive through the integration
point, then follow the message's status until it is delivered.

The message id is the instance guid and `ship` is idempotent, so a send that is repeated after
a crash (or by a person's "send again") never delivers twice. A status that is not final yet is
no failure: the status job looks again, with growing pauses, for up to JOB_RETRY_HOURS."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask

from jobs import EFORMIDLING_SEND, EFORMIDLING_STATUS
from jobs.handlers import GiveUp, JobContext, NotYet, RetryLater, handler
from storage.repository import add_event

DELIVERED = ("LEVERT", "LEST")
FAILED = ("FEIL", "LEVETID_UTLOPT")
FIRST_LOOK_SECONDS = 0.3


def integration_point(flask_app: Flask) -> Any:
    from integrations.eformidling import IntegrationPointClient

    url = flask_app.config.get("EFORMIDLING_URL") or flask_app.extensions.get(
        "blankett.eformidling_url")
    if not url:
        raise RetryLater("EFORMIDLING_URL is not set: the worker does not know the "
                         "integration point")
    return IntegrationPointClient(str(url))


def _config(context: JobContext) -> Any:
    from integrations.eformidling import eformidling_config

    env = "development" if context.flask_app.config.get("LOCAL_MODE") else "production"
    try:
        config = eformidling_config(context.app, context.payload.get("task_id"), env)
    except ValueError as error:  # the app's settings are wrong: a person must fix them
        raise GiveUp(f"the app's eFormidling settings: {error}") from error
    if config is None:
        raise GiveUp("the app has no eFormidling settings for this task")
    return config


def _message(context: JobContext, config: Any) -> Any:
    """What is sent: arkivmelding.xml, then the data elements of the configured data types,
    oldest first (form data as XML in the data model's shape)."""
    from integrations.eformidling import outgoing_message

    lang = str(context.payload.get("language") or "nb")
    party = context.flask_app.extensions["blankett.register"].party(
        context.instance.instance_owner_party_id)
    return outgoing_message(context.app, context.instance, config,
                            str(context.flask_app.config.get("EFORMIDLING_SENDER")),
                            title=context.app.title(lang),
                            sender_name=party.name if party is not None else None)


@handler(EFORMIDLING_SEND)
def send(context: JobContext) -> dict[str, Any]:
    from integrations.eformidling import EFormidlingError, ship

    config = _config(context)
    if config.disabled:
        return {"status": "disabled"}
    message = _message(context, config)
    try:
        shipped = ship(integration_point(context.flask_app), config, message)
    except EFormidlingError as error:
        if error.retryable:
            raise RetryLater(str(error)) from error
        raise GiveUp(str(error)) from error
    files = [f.name for f in message.files]
    add_event(context.session, context.instance, "eFormidling_Sent", None,
              context.instance.instance_owner_party_id,
              {"messageId": message.message_id, "files": files, "sentNow": shipped.sent_now})
    context.then(EFORMIDLING_STATUS, {"task_id": context.payload.get("task_id")},
                 wait=timedelta(seconds=FIRST_LOOK_SECONDS))
    return {"status": shipped.status or "SENDT", "messageId": message.message_id,
            "files": files}


@handler(EFORMIDLING_STATUS)
def follow(context: JobContext) -> dict[str, Any]:
    from integrations.eformidling import EFormidlingError

    try:
        status = integration_point(context.flask_app).status(context.instance.id)
    except EFormidlingError as error:
        raise RetryLater(str(error)) from error
    status = str(status or "").upper()
    if status in FAILED:
        raise GiveUp(f"the integration point reports the message as {status}")
    if status not in DELIVERED:
        wait = min(FIRST_LOOK_SECONDS * 2 ** context.job.attempts, 15 * 60)
        raise NotYet(f"the message is {status or 'not known yet'}", timedelta(seconds=wait),
                     {"status": status})
    add_event(context.session, context.instance, "eFormidling_Delivered", None,
              context.instance.instance_owner_party_id, {"status": status})
    return {"status": status, "messageId": context.instance.id}
