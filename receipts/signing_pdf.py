"""The signing PDF ("the signatures"): the documents a signing task signed, with the SHA-256 of
each as stored, and every signature with its signee, the time and the hashes it signed. Sealed,
it lets anyone check the signing from the PDF alone: the hashes in the PDF against the data
elements, the seal against the agency's certificate.

A person number is shown as its birth date part only (the first six digits); the rest is
masked, as the PDF may travel further than the instance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from forms.bpmn import FlowNode
from forms.definitions import AppDefinition
from forms.formatting import oslo_time
from integrations.register import Register
from process.signing.signees import RequiredSignee
from process.signing.stored import StoredSignature, blob_sha256
from receipts.filename import safe_filename
from receipts.sealing import Sealer
from receipts.task_document import (
    Fact,
    TaskDocument,
    oslo,
    render_pdf,
    render_sealed,
    short_reference,
)
from receipts.task_texts import app_owner, pdf_language, task_text
from storage.models import Instance, utcnow

TEMPLATE = "pdf/signatures.html"
HASH = "hash"  # the CSS class that lets a 64-digit hash wrap


@dataclass(frozen=True)
class SignedDocument:
    title: str
    facts: list[Fact]


@dataclass(frozen=True)
class SignatureEntry:
    signee: str
    facts: list[Fact]
    signed: list[Fact]  # each element's id, then the hash the signature holds for it


@dataclass
class SigningDocument(TaskDocument):
    intro: str = ""
    documents: list[SignedDocument] = field(default_factory=list)
    signatures: list[SignatureEntry] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)


def mask_person_number(number: str | None) -> str:
    """"01039012345" as "010390*****": the birth date shows, the individual number does not."""
    digits = (number or "").strip()
    if len(digits) <= 6:
        return "*" * len(digits)
    return digits[:6] + "*" * (len(digits) - 6)


def build_signing_document(app: AppDefinition, instance: Instance, task: FlowNode,
                           signed: Sequence[StoredSignature], lang: str,
                           register: Register | None = None,
                           required: Sequence[RequiredSignee] = ()) -> SigningDocument:
    """The PDF's content for the signatures `signed` of `task`, in `lang`; names come from
    `register`, else from the task's `required` signees."""
    lang = pdf_language(lang)

    def text(key: str) -> str:
        return task_text(app, key, lang)

    reference = short_reference(instance.id)
    document = SigningDocument(
        lang=lang, owner=app_owner(app, lang), app_name=app.title(lang),
        title=text("signing_pdf.title"), reference=reference,
        reference_label=text("pdf.reference"), intro=text("signing_pdf.intro"),
        labels={key: text(f"signing_pdf.{key}") for key in (
            "documents", "signatures", "signed_elements", "none")})
    document.facts = [Fact(text("pdf.reference"), reference),
                      Fact(text("pdf.instance"), instance.id),
                      Fact(text("signing_pdf.task"), task.name or task.id),
                      Fact(text("pdf.made"), oslo_time(utcnow()))]
    elements = {d.id: d for d in instance.data_elements}
    seen: list[str] = []
    for signature in signed:
        seen += [s.data_element_id for s in signature.signed if s.data_element_id not in seen]
    for element_id in seen:
        element = elements.get(element_id)
        if element is None:
            document.documents.append(SignedDocument(text("signing_pdf.unknown"), [
                Fact(text("signing_pdf.element_id"), element_id)]))
            continue
        document.documents.append(SignedDocument(element.filename or element.data_type, [
            Fact(text("signing_pdf.data_type"), element.data_type),
            Fact(text("signing_pdf.content_type"), element.content_type),
            Fact(text("signing_pdf.element_id"), element.id),
            Fact(text("signing_pdf.sha256"), blob_sha256(element), HASH)]))
    for signature in signed:
        name, organisation = _names(signature, register, required)
        facts = [Fact(text("signing_pdf.person_number"),
                      mask_person_number(signature.person_number)),
                 Fact(text("signing_pdf.organisation"), organisation),
                 Fact(text("signing_pdf.signed_time"), oslo(signature.signed_time)),
                 Fact(text("signing_pdf.signature_id"), signature.element.id),
                 Fact(text("signing_pdf.signature_sha256"), blob_sha256(signature.element),
                      HASH)]
        document.signatures.append(SignatureEntry(
            name or text("signing_pdf.unknown"), [f for f in facts if f.value],
            [fact for s in signature.signed for fact in (
                Fact(text("signing_pdf.element_id"), s.data_element_id),
                Fact(text("signing_pdf.sha256"), s.sha256, HASH))]))
    return document


def _names(signature: StoredSignature, register: Register | None,
           required: Sequence[RequiredSignee]) -> tuple[str, str]:
    """(the signee's name, the organisation they signed for as "name (number)" or "")."""
    name = org_name = ""
    user_id = signature.user_id or ""
    if register is not None and user_id.isdigit():
        user = register.user(int(user_id))
        name = user.name if user is not None else ""
        if signature.organisation_number:
            party = next((p for p in register.parties_for(int(user_id))
                          if p.org_number == signature.organisation_number), None)
            org_name = party.name if party is not None else ""
    for signee in required:
        if not name and signee.ssn and signee.ssn == signature.person_number:
            name = signee.name
        if not org_name and signee.org_number and signee.org_number == (
                signature.organisation_number):
            org_name = signee.name
    number = signature.organisation_number or ""
    organisation = f"{org_name} ({number})" if org_name and number else org_name or number
    return name, organisation


def render_signing_pdf(document: SigningDocument) -> bytes:
    return render_pdf(TEMPLATE, document)


def make_signing_pdf(document: SigningDocument, sealer: Sealer) -> bytes:
    """The signing PDF drawn and sealed (PAdES): what the job stores."""
    return render_sealed(TEMPLATE, document, sealer)


def signing_pdf_filename(app: AppDefinition, lang: str) -> str:
    """Chosen by the server: "Signaturer.pdf"."""
    return safe_filename(task_text(app, "signing_pdf.file_name", pdf_language(lang)),
                         fallback="signatures")
