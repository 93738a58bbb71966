"""Handing submissions to agencies' archives through eFormidling, as Altinn apps do.

- config.py: what the app says (its eFormidling service task, or the legacy metadata section).
- message.py: the SBD, arkivmelding.xml and the files of one instance's hand-off.
- client.py: the integration point's REST API, with errors that say whether to retry.
- ship.py: sending a message at most once, however often a job is run.

A stand-in integration point for local mode and tests is in integrations/standins/."""

from integrations.eformidling.client import (
    DELIVERED,
    FAILED,
    EFormidlingError,
    IntegrationPointClient,
    MessageStatus,
)
from integrations.eformidling.config import (
    EFormidlingConfig,
    EFormidlingConfigError,
    eformidling_config,
    eformidling_tasks,
)
from integrations.eformidling.message import (
    ARKIVMELDING_FILE,
    MessageFile,
    OutgoingMessage,
    build_arkivmelding,
    build_sbd,
    outgoing_message,
    unique_names,
)
from integrations.eformidling.ship import ShipResult, ship

__all__ = [
    "ARKIVMELDING_FILE", "DELIVERED", "FAILED", "EFormidlingConfig", "EFormidlingConfigError",
    "EFormidlingError", "IntegrationPointClient", "MessageFile", "MessageStatus",
    "OutgoingMessage", "ShipResult", "build_arkivmelding", "build_sbd", "eformidling_config",
    "eformidling_tasks", "outgoing_message", "ship", "unique_names",
]
