"""Where an app says what to hand off through eFormidling, and to whom.

Two places, as in Altinn:

- an `eFormidling` service task in process.bpmn, with `<altinn:eFormidlingConfig>` (Altinn 8.9+
  and 9). Every setting may be given more than once with `env="…"`: the one whose environment
  matches wins, else the one without `env`.
- the legacy `eFormidling` section of applicationmetadata.json, sent when the task
  `sendAfterTaskId` ends (Altinn 7/8; Altinn 9 drops it).

The sender is the agency running Blankett, so its organisation number comes from settings and
is passed to the message builder, not read here."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from forms.bpmn import ALTINN
from forms.definitions import AppDefinition

CONFIG_ELEMENT = "eFormidlingConfig"
TASK_TYPE = "eFormidling"
_ORG_NUMBER = re.compile(r"\d{9}")
# Altinn's names for its hosting environments, and Blankett's (BLANKETT_ENV) mapped onto them.
_ENVIRONMENTS = {
    "local": "development", "dev": "development", "development": "development",
    "tt02": "staging", "test": "staging", "staging": "staging",
    "prod": "production", "production": "production",
}


class EFormidlingConfigError(ValueError):
    """The app's eFormidling settings are missing something a message needs."""


@dataclass(frozen=True)
class EFormidlingConfig:
    receivers: tuple[str, ...]  # organisation numbers, without the 0192: prefix
    process: str  # urn:no:difi:profile:arkivmelding:…:ver1.0
    standard: str  # urn:no:difi:arkivmelding:xsd::arkivmelding
    type_version: str  # 2.0
    type: str  # arkivmelding
    security_level: int  # 3 or 4
    data_types: tuple[str, ...]  # the data types whose elements are handed off
    dpf_shipment_type: str | None = None  # KS SvarUt's forsendelsestype
    service_id: str | None = None  # legacy: DPO or DPF
    disabled: bool = False
    task_id: str | None = None  # the service task, or the legacy sendAfterTaskId
    source: str = "task"  # "task" or "metadata"


def normalise_environment(name: str | None) -> str:
    """`local` and `Development` are the same environment; unknown names are kept as they are."""
    key = (name or "").strip().lower()
    return _ENVIRONMENTS.get(key, key)


def eformidling_config(app: AppDefinition, task_id: str | None, env: str
                       ) -> EFormidlingConfig | None:
    """The eFormidling settings for `task_id` in environment `env`, or None when it has none.

    - A task with `<altinn:eFormidlingConfig>` gives its own settings.
    - Otherwise the legacy metadata section, when `sendAfterTaskId` is that task.
    - Without a task id: the legacy section if there is one, else the first eFormidling task.

    Raises EFormidlingConfigError when settings are there but incomplete or malformed."""
    legacy = app.metadata.get("eFormidling")
    if task_id is not None:
        node = app.process.nodes.get(task_id)
        if node is not None and CONFIG_ELEMENT in node.config:
            return from_task_element(node.config[CONFIG_ELEMENT], env, task_id)
        if isinstance(legacy, dict) and legacy.get("sendAfterTaskId") == task_id:
            return from_metadata(legacy, _legacy_disabled(app))
        return None
    if isinstance(legacy, dict):
        return from_metadata(legacy, _legacy_disabled(app))
    for node in app.process.nodes.values():
        if CONFIG_ELEMENT in node.config:
            return from_task_element(node.config[CONFIG_ELEMENT], env, node.id)
    return None


def eformidling_tasks(app: AppDefinition) -> list[str]:
    """The ids of the app's eFormidling service tasks, in document order."""
    return [n.id for n in app.process.nodes.values()
            if n.task_type == TASK_TYPE or CONFIG_ELEMENT in n.config]


# --- the service task's XML ---------------------------------------------------------------------


def from_task_element(element: ET.Element, env: str, task_id: str | None = None
                      ) -> EFormidlingConfig:
    """Read `<altinn:eFormidlingConfig>`, choosing each setting's variant for `env`."""
    wanted = normalise_environment(env)

    def value(name: str) -> str | None:
        chosen = _for_environment(element.findall(f"{ALTINN}{name}"), wanted)
        text = (chosen.text or "").strip() if chosen is not None else ""
        return text or None

    enabled, disabled = value("enabled"), value("disabled")
    is_disabled = _flag(disabled, "disabled") if disabled is not None else (
        not _flag(enabled, "enabled") if enabled is not None else False)
    data_types_element = _for_environment(element.findall(f"{ALTINN}dataTypes"), wanted)
    data_types = () if data_types_element is None else tuple(
        (d.text or "").strip() for d in data_types_element.findall(f"{ALTINN}dataType")
        if (d.text or "").strip())
    return _checked(
        receivers=value("receiver"), process=value("process"), standard=value("standard"),
        type_version=value("typeVersion"), type_=value("type"),
        security_level=value("securityLevel"), data_types=data_types,
        dpf_shipment_type=value("dpfShipmentType"), service_id=None, disabled=is_disabled,
        task_id=task_id, source="task", where=f"task {task_id or '?'}",
    )


def _for_environment(candidates: Iterable[ET.Element], wanted: str) -> ET.Element | None:
    """Altinn's rule: a variant for this environment, else the one without `env`; of several
    for the same environment the last counts."""
    specific: ET.Element | None = None
    general: ET.Element | None = None
    for candidate in candidates:
        env = candidate.get("env")
        if env is None or not env.strip():
            general = candidate
        elif normalise_environment(env) == wanted:
            specific = candidate
    return specific if specific is not None else general


def _flag(text: str, name: str) -> bool:
    if text.lower() in ("true", "1"):
        return True
    if text.lower() in ("false", "0"):
        return False
    raise EFormidlingConfigError(f"eFormidling {name}: '{text}' is not true or false")


# --- the legacy metadata section ------------------------------------------------------------------


def from_metadata(section: dict[str, Any], disabled: bool = False) -> EFormidlingConfig:
    """Read applicationmetadata.json's `eFormidling` section."""
    data_types = section.get("dataTypes") or []
    if not isinstance(data_types, list) or not all(isinstance(d, str) for d in data_types):
        raise EFormidlingConfigError("eFormidling.dataTypes must be a list of data type ids")
    return _checked(
        receivers=_text(section.get("receiver")), process=_text(section.get("process")),
        standard=_text(section.get("standard")), type_version=_text(section.get("typeVersion")),
        type_=_text(section.get("type")), security_level=_text(section.get("securityLevel")),
        data_types=tuple(data_types), dpf_shipment_type=_text(section.get("dpfShipmentType")),
        service_id=_text(section.get("serviceId")), disabled=disabled,
        task_id=_text(section.get("sendAfterTaskId")), source="metadata",
        where="applicationmetadata.json eFormidling",
    )


def _legacy_disabled(app: AppDefinition) -> bool:
    """Altinn sends the legacy shipment only with AppSettings.EnableEFormidling; Blankett apps
    often have no appsettings.json, so only an explicit false turns it off."""
    settings = app.app_settings.get("AppSettings")
    return isinstance(settings, dict) and settings.get("EnableEFormidling") is False


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


# --- checks common to both ------------------------------------------------------------------------


def _checked(*, receivers: str | None, process: str | None, standard: str | None,
             type_version: str | None, type_: str | None, security_level: str | None,
             data_types: tuple[str, ...], dpf_shipment_type: str | None,
             service_id: str | None, disabled: bool, task_id: str | None, source: str,
             where: str) -> EFormidlingConfig:
    required = {"process": process, "standard": standard, "typeVersion": type_version,
                "type": type_, "securityLevel": security_level}
    missing = [name for name, found in required.items() if not found]
    if missing:
        raise EFormidlingConfigError(f"{where}: missing {', '.join(missing)}")
    try:
        level = int(str(security_level))
    except ValueError:
        raise EFormidlingConfigError(
            f"{where}: securityLevel '{security_level}' is not a whole number") from None
    numbers = tuple(n for n in re.split(r"[\s,;]+", receivers or "") if n)
    bad = [n for n in numbers if not _ORG_NUMBER.fullmatch(n.removeprefix("0192:"))]
    if bad:
        raise EFormidlingConfigError(
            f"{where}: receiver {', '.join(bad)} is not a 9-digit organisation number")
    if not numbers and not disabled:
        raise EFormidlingConfigError(f"{where}: no receiver")
    return EFormidlingConfig(
        receivers=tuple(n.removeprefix("0192:") for n in numbers),
        process=str(process), standard=str(standard), type_version=str(type_version),
        type=str(type_), security_level=level, data_types=data_types,
        dpf_shipment_type=dpf_shipment_type, service_id=service_id, disabled=disabled,
        task_id=task_id, source=source,
    )
