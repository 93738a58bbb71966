"""A signing task's `altinn:signatureConfig`, read once and checked, so signing and its checks
never meet a half-configured task: which data types are signed, where signatures go, and who
must sign (a signee provider)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from forms.bpmn import ALTINN, FlowNode
from forms.definitions import AppDefinition
from process.gateways import ProcessError

SIGNING = "signing"


class SigningError(ProcessError):
    """Signing cannot go on; the message says why (a ProcessError, so callers that handle
    process refusals handle these too)."""


class SignatureConfigError(SigningError):
    """The signing task's `altinn:signatureConfig` is missing or wrong: the app's fault."""


@dataclass(frozen=True)
class SignatureConfig:
    task_id: str
    data_types_to_sign: tuple[str, ...]
    signature_data_type: str
    signee_states_data_type: str | None = None
    signee_provider_id: str | None = None
    signing_pdf_data_type: str | None = None
    correspondence_resource: str | None = None
    unique_from_signatures_in: tuple[str, ...] = ()
    run_default_validator: bool = False


def _text(config: ET.Element, name: str, env: str | None = None) -> str | None:
    """The element's text: the variant for `env` if there is one, else the one without env."""
    found = config.findall(f"{ALTINN}{name}")
    chosen = next((e for e in found if env is not None and e.get("env") == env), None)
    chosen = chosen if chosen is not None else next(
        (e for e in found if e.get("env") is None), None)
    text = (chosen.text or "").strip() if chosen is not None else ""
    return text or None


def _list(config: ET.Element, name: str) -> tuple[str, ...]:
    return tuple((e.text or "").strip() for e in config.findall(f"{ALTINN}{name}/{ALTINN}dataType")
                 if (e.text or "").strip())


def signature_config(task: FlowNode, app: AppDefinition | None = None,
                     env: str | None = None) -> SignatureConfig:
    """The task's signature config; SignatureConfigError when the task is not a signing task
    or its config is missing or invalid. With `app`, every data type it names must be one of
    the app's (applicationmetadata.json), as Altinn's process validation demands."""
    where = f"the signing task '{task.id}'"
    if task.task_type != SIGNING:
        raise SignatureConfigError(f"'{task.id}' is a {task.task_type} task, not a signing task")
    config = task.config.get("signatureConfig")
    if config is None:
        raise SignatureConfigError(f"{where} has no altinn:signatureConfig")
    to_sign = _list(config, "dataTypesToSign")
    if not to_sign:
        raise SignatureConfigError(f"{where} has no altinn:dataTypesToSign: nothing to sign")
    signature_type = _text(config, "signatureDataType")
    if signature_type is None:
        raise SignatureConfigError(f"{where} has no altinn:signatureDataType")
    if signature_type in to_sign:
        raise SignatureConfigError(f"{where} signs its own signatures ('{signature_type}')")
    default_validator = (_text(config, "runDefaultValidator") or "false").lower()
    if default_validator not in ("true", "false"):
        raise SignatureConfigError(f"{where}: altinn:runDefaultValidator must be true or false")
    result = SignatureConfig(
        task_id=task.id,
        data_types_to_sign=to_sign,
        signature_data_type=signature_type,
        signee_states_data_type=_text(config, "signeeStatesDataTypeId"),
        signee_provider_id=_text(config, "signeeProviderId"),
        signing_pdf_data_type=_text(config, "signingPdfDataType"),
        correspondence_resource=_text(config, "correspondenceResource", env),
        unique_from_signatures_in=_list(config, "uniqueFromSignaturesInDataTypes"),
        run_default_validator=default_validator == "true",
    )
    if app is not None:
        named = [*result.data_types_to_sign, result.signature_data_type,
                 *result.unique_from_signatures_in,
                 *(t for t in (result.signee_states_data_type, result.signing_pdf_data_type)
                   if t is not None)]
        unknown = [t for t in named if app.data_type(t) is None]
        if unknown:
            raise SignatureConfigError(
                f"{where} names data types that applicationmetadata.json does not have: "
                + ", ".join(f"'{t}'" for t in unknown))
    return result
