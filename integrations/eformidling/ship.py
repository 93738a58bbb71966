"""Handing a message to the integration point (IP) once, however often ship() is called.

A job may run again after a crash or a timeout at any step, so ship() never trusts memory of
an earlier attempt; it asks the IP, which is the one record that counts. The message id is the
instance guid, so the same instance always asks about the same message:

1. GET /api/statuses?messageId=ID. A status past OPPRETTET (SENDT, MOTTATT, LEVERT, LEST)
   means the IP has taken the send: ship() returns without sending. FEIL or LEVETID_UTLOPT
   mean it was taken and failed: a non-retryable EFormidlingError (the same id cannot be
   sent again; someone must look at it).
2. GET /api/messages/out/ID. Found (created, not sent): go on at 4 without creating it.
   Not found, but the IP has statuses for it (OPPRETTET only): the IP holds it between
   queue and transport; a retryable error, so a later attempt looks again. Never re-created.
3. POST /api/messages/out with the SBD. "Already exists" (a create whose answer was lost, or
   another worker) counts as created.
4. PUT every file again, arkivmelding.xml first. A file of the same name replaces the one
   there (the stand-in does so; see the note below).
5. POST /api/messages/out/ID: send.

So each crash point heals: before 3 nothing is at the IP and the next call creates it;
between 3 and 5 the next call finds it unsent and finishes it; after 5 the next call sees
SENDT and stops. The message cannot be created twice (the IP refuses a second message with
the same id), and a sent message is never sent again.

Two limits of the real IP, not of the stand-in:
- It registers SENDT when its queue hands the message to the transport, seconds after it
  accepts POST …/ID. A second ship() inside that moment would send again; the job
  pipeline's pause between attempts (far longer) keeps retries out of it.
- Its PUT adds a file even when one of that name is there, so a message finished after a
  crash halfway through step 4 may carry a file twice. Duplicate files, never a lost or
  doubled delivery."""

from __future__ import annotations

from dataclasses import dataclass

from integrations.eformidling.client import (
    FAILED,
    OPPRETTET,
    EFormidlingError,
    IntegrationPointClient,
)
from integrations.eformidling.config import EFormidlingConfig
from integrations.eformidling.message import OutgoingMessage


@dataclass(frozen=True)
class ShipResult:
    message_id: str
    sent_now: bool  # False: the IP already had it as sent (or eFormidling is disabled)
    status: str | None  # the IP's latest status afterwards, when it could be read
    disabled: bool = False


def ship(client: IntegrationPointClient, config: EFormidlingConfig,
         message: OutgoingMessage) -> ShipResult:
    """Make sure the IP has `message` sent, sending it at most once (see the module doc).

    Raises EFormidlingError: `retryable` for timeouts, lost connections and 5xx answers (call
    ship() again later), not retryable for a message the IP refuses (4xx) or reports failed."""
    message_id = message.message_id
    if config.disabled:
        return ShipResult(message_id, sent_now=False, status=None, disabled=True)
    known = client.statuses(message_id)
    taken = [s.status for s in known if s.status != OPPRETTET]
    if taken:
        latest = known[-1].status
        if latest in FAILED:
            raise EFormidlingError(
                f"eFormidling: the integration point reports message {message_id} as "
                f"{latest}: {known[-1].description or 'no description'}",
                retryable=False, ip_status=latest)
        return ShipResult(message_id, sent_now=False, status=latest)
    if client.get_message(message_id) is None:
        if known:
            raise EFormidlingError(
                f"eFormidling: the integration point knows message {message_id} "
                "(OPPRETTET) but has it neither to send nor as sent; looking again later",
                retryable=True, ip_status=OPPRETTET)
        try:
            client.create_message(message.sbd)
        except EFormidlingError as error:
            if not error.already_exists:
                raise
    try:
        for file in message.files:
            client.upload_file(message_id, file.name, file.content_type, file.data, file.title)
        client.send(message_id)
    except EFormidlingError as error:
        if error.status_code != 404:
            raise
        return _gone(client, message_id)  # sent by another attempt between our steps
    try:
        status = client.status(message_id)
    except EFormidlingError:
        status = None  # sent; the status is read again by whoever follows the delivery
    return ShipResult(message_id, sent_now=True, status=status)


def _gone(client: IntegrationPointClient, message_id: str) -> ShipResult:
    """The message left the IP's outgoing store while this call worked on it: another attempt
    sent it, or the IP is about to. Sent counts as done; anything else is looked at again."""
    known = client.statuses(message_id)
    if any(s.status != OPPRETTET for s in known):
        return ShipResult(message_id, sent_now=False, status=known[-1].status)
    raise EFormidlingError(
        f"eFormidling: message {message_id} went missing from the integration point while "
        "it was being sent; looking again later", retryable=True, status_code=404)
