"""What a signing task checks before it ends (process_next's `validate` adds these): every
signature still matches the data it signed (Altinn's SignatureHashValidator,
`InvalidSignatureHash`), and everyone who must sign has (SigningTaskValidator,
`MissingSignatures`). The hashes are recomputed from the stored bytes, so data changed after
signing is caught however it was changed."""

from __future__ import annotations

from forms.bpmn import FlowNode
from forms.definitions import AppDefinition
from forms.validation.issues import DATA_ELEMENT, Issue, Severity
from process.signing.config import SIGNING, signature_config
from process.signing.signees import required_signees
from process.signing.stored import (
    BadSignature,
    StoredSignature,
    blob_sha256,
    parse_signature,
    signature_elements,
)
from storage.models import DataElement, Instance

INVALID_SIGNATURE_HASH = "InvalidSignatureHash"
MISSING_SIGNATURES = "MissingSignatures"
SIGNED_DATA_ELEMENT_MISSING = "SignedDataElementMissing"
UNSIGNED_DATA_ELEMENT = "UnsignedDataElement"
INVALID_SIGNATURE = "InvalidSignature"

_TEXTS = {
    "nb": {
        INVALID_SIGNATURE_HASH: "{element} er endret etter at den ble signert.",
        SIGNED_DATA_ELEMENT_MISSING: "{element} ble signert, men finnes ikke lenger.",
        UNSIGNED_DATA_ELEMENT: "{element} er ikke med i signaturen til {signee}.",
        INVALID_SIGNATURE: "Signaturen {element} kan ikke leses.",
        MISSING_SIGNATURES: "Mangler signatur.",
        MISSING_SIGNATURES + ".signee": "Mangler signatur fra {signee}.",
    },
    "nn": {
        INVALID_SIGNATURE_HASH: "{element} er endra etter at han vart signert.",
        SIGNED_DATA_ELEMENT_MISSING: "{element} vart signert, men finst ikkje lenger.",
        UNSIGNED_DATA_ELEMENT: "{element} er ikkje med i signaturen til {signee}.",
        INVALID_SIGNATURE: "Signaturen {element} kan ikkje lesast.",
        MISSING_SIGNATURES: "Manglar signatur.",
        MISSING_SIGNATURES + ".signee": "Manglar signatur frå {signee}.",
    },
    "en": {
        INVALID_SIGNATURE_HASH: "{element} has changed since it was signed.",
        SIGNED_DATA_ELEMENT_MISSING: "{element} was signed but no longer exists.",
        UNSIGNED_DATA_ELEMENT: "{element} is not covered by the signature of {signee}.",
        INVALID_SIGNATURE: "The signature {element} cannot be read.",
        MISSING_SIGNATURES: "A signature is missing.",
        MISSING_SIGNATURES + ".signee": "The signature of {signee} is missing.",
    },
}


def _text(language: str, key: str, **params: str) -> str:
    text = _TEXTS.get(language, _TEXTS["nb"])[key]
    for name, value in params.items():
        text = text.replace(f"{{{name}}}", value)
    return text


def _describe(element: DataElement) -> str:
    name = f" ({element.filename})" if element.filename else ""
    return f"'{element.data_type}'{name} {element.id}"


def _issue(language: str, code: str, element_id: str | None, key: str | None = None,
           **params: str) -> Issue:
    return Issue(Severity.ERROR, DATA_ELEMENT, code, _text(language, key or code, **params),
                 data_element_id=element_id,
                 custom_text_key=f"signing.{code}", custom_text_parameters=dict(params))


def signing_issues(app: AppDefinition, instance: Instance, task: FlowNode,
                   language: str = "nb") -> list[Issue]:
    """The errors that keep a signing task from ending ([] for any other task type).
    SignatureConfigError when the task's config or signee provider is broken."""
    if task.task_type != SIGNING:
        return []
    config = signature_config(task, app)
    elements = {d.id: d for d in instance.data_elements}
    to_sign = [d for d in instance.data_elements if d.data_type in config.data_types_to_sign]
    issues: list[Issue] = []
    valid: list[StoredSignature] = []
    for element in signature_elements(instance, config.signature_data_type):
        try:
            signature = parse_signature(element)
        except BadSignature:
            issues.append(_issue(language, INVALID_SIGNATURE, element.id,
                                 element=_describe(element)))
            continue
        sound = True
        for signed in signature.signed:
            target = elements.get(signed.data_element_id)
            if target is None:
                sound = False
                issues.append(_issue(language, SIGNED_DATA_ELEMENT_MISSING,
                                     signed.data_element_id,
                                     element=f"'{signed.data_element_id}'"))
            elif blob_sha256(target) != signed.sha256:
                sound = False
                issues.append(_issue(language, INVALID_SIGNATURE_HASH, target.id,
                                     element=_describe(target)))
        covered = {s.data_element_id for s in signature.signed}
        signee = signature.person_number or signature.user_id or "?"
        for element_to_sign in to_sign:
            if element_to_sign.id not in covered:
                sound = False
                issues.append(_issue(language, UNSIGNED_DATA_ELEMENT, element_to_sign.id,
                                     element=_describe(element_to_sign), signee=signee))
        if sound:
            valid.append(signature)
    required = required_signees(app, instance, task)
    if not required:
        if not valid and not issues:
            issues.append(_issue(language, MISSING_SIGNATURES, None))
        return issues
    for signee in required:
        if not any(signee.signed_by(s) for s in valid):
            issues.append(_issue(language, MISSING_SIGNATURES, None,
                                 MISSING_SIGNATURES + ".signee", signee=signee.name))
    return issues
