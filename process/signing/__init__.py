"""The signing task's core (Altinn's `signing` task type): its config, signing, who must sign
and who has, and the checks before the task ends. Pure functions on the caller's session;
the process engine and the pages call them.

    config = signature_config(task, app)
    element = sign(session, app, instance, task, Signee("1337", "01039012345"),
                   register=register)
    states = signee_states(app, instance, task, register)
    issues = signing_issues(app, instance, task)     # for process_next's validate
"""

from process.signing.config import (
    SignatureConfig,
    SignatureConfigError,
    SigningError,
    signature_config,
)
from process.signing.sign import Signee, SigningRefused, discard_signatures, sign
from process.signing.signees import (
    RequiredSignee,
    SigneeState,
    provider_file,
    required_signees,
    signee_states,
)
from process.signing.stored import StoredSignature, signatures
from process.signing.verify import (
    INVALID_SIGNATURE,
    INVALID_SIGNATURE_HASH,
    MISSING_SIGNATURES,
    SIGNED_DATA_ELEMENT_MISSING,
    UNSIGNED_DATA_ELEMENT,
    signing_issues,
)

__all__ = [
    "INVALID_SIGNATURE", "INVALID_SIGNATURE_HASH", "MISSING_SIGNATURES",
    "SIGNED_DATA_ELEMENT_MISSING", "UNSIGNED_DATA_ELEMENT",
    "RequiredSignee", "SignatureConfig", "SignatureConfigError", "Signee", "SigneeState",
    "SigningError", "SigningRefused", "StoredSignature",
    "discard_signatures", "provider_file", "required_signees", "sign", "signature_config",
    "signatures", "signee_states", "signing_issues",
]
