"""The job kinds and what each is handed. A handler is a function of a JobContext, registered
by name with `@handler("kind")`; it must be idempotent (it may run again after a crash), and
ends in one of three ways: it returns (done, with an optional result to show people), raises
RetryLater (it failed, try again after a pause), or raises GiveUp (it cannot ever succeed).
NotYet says the work is under way elsewhere (a status to poll again), which is no failure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from forms.definitions import AppDefinition
from storage.models import Instance, OutboxJob


class RetryLater(Exception):
    """This attempt failed, a later one may succeed (a service that is down, a timeout)."""


class GiveUp(Exception):
    """No attempt can succeed (the app has no such task, the receiver refuses the message)."""


class NotYet(Exception):
    """The work is under way elsewhere; look again after `wait`."""

    def __init__(self, message: str, wait: timedelta,
                 result: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.wait, self.result = wait, result


@dataclass
class JobContext:
    flask_app: Flask
    session: Session  # the attempt's transaction: what the handler writes commits with `done`
    job: OutboxJob
    instance: Instance
    app: AppDefinition

    @property
    def payload(self) -> dict[str, Any]:
        return self.job.payload or {}

    def then(self, kind: str, payload: dict[str, Any] | None = None,
             wait: timedelta | None = None) -> OutboxJob:
        """A follow-up job, committed with this one's success."""
        from jobs.outbox import add
        from storage.models import utcnow

        return add(self.session, kind, self.instance.id, payload,
                   run_after=utcnow() + wait if wait is not None else None)


Handler = Callable[[JobContext], "dict[str, Any] | None"]
HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        return function
    return register
