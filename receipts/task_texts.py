"""The words of the payment receipt and the signing PDF, in nb, nn and en. As with the receipt's
own texts (receipts/texts.py), an app overrides any of them with a text resource of the same id,
so an agency can say "Kvittering for gebyr" without Blankett changing."""

from __future__ import annotations

from forms.definitions import AppDefinition
from forms.texts import DEFAULT_LANGUAGE, LANGUAGES, plain_text

_NB = {
    "pdf.reference": "Referanse", "pdf.instance": "Innsendings-ID",
    "pdf.made": "Laget",
    "payment_receipt.title": "Kvittering for betaling",
    "payment_receipt.file_name": "Betalingskvittering",
    "payment_receipt.payer": "Betalt av", "payment_receipt.order_reference": "Ordrereferanse",
    "payment_receipt.payment_id": "Betalings-ID", "payment_receipt.status": "Status",
    "payment_receipt.paid": "Betalt", "payment_receipt.method": "Betalingsmåte",
    "payment_receipt.lines": "Ordrelinjer", "payment_receipt.item": "Beskrivelse",
    "payment_receipt.quantity": "Antall", "payment_receipt.price": "Pris eks. mva.",
    "payment_receipt.vat": "Mva.", "payment_receipt.sum": "Sum",
    "payment_receipt.total_ex_vat": "Sum eks. mva.", "payment_receipt.total_vat": "Mva.",
    "payment_receipt.total": "Totalt betalt",
    "payment_receipt.status.Paid": "Betalt",
    "payment_receipt.status.Skipped": "Ingenting å betale",
    "signing_pdf.title": "Signaturer", "signing_pdf.file_name": "Signaturer",
    "signing_pdf.task": "Steg", "signing_pdf.intro":
        "Dokumentet viser hva som ble signert og av hvem. Kontrollsummene (SHA-256) er "
        "regnet ut av de lagrede dataene da de ble signert, og dokumentet er forseglet med "
        "virksomhetens segl, så enhver endring etterpå vises.",
    "signing_pdf.documents": "Signerte dokumenter", "signing_pdf.document": "Dokument",
    "signing_pdf.data_type": "Datatype", "signing_pdf.element_id": "Element-ID",
    "signing_pdf.content_type": "Innholdstype", "signing_pdf.sha256": "SHA-256",
    "signing_pdf.signatures": "Signert av", "signing_pdf.person_number": "Fødselsnummer",
    "signing_pdf.organisation": "På vegne av", "signing_pdf.signed_time": "Signert",
    "signing_pdf.signature_id": "Signatur-ID",
    "signing_pdf.signature_sha256": "Signaturens SHA-256",
    "signing_pdf.signed_elements": "Signerte elementer (SHA-256)",
    "signing_pdf.none": "Ingen signaturer.", "signing_pdf.unknown": "Ukjent",
}
_NN = {
    **_NB,
    "pdf.instance": "Innsendings-ID", "pdf.made": "Laga",
    "payment_receipt.title": "Kvittering for betaling",
    "payment_receipt.quantity": "Tal", "payment_receipt.item": "Skildring",
    "payment_receipt.status.Skipped": "Ingenting å betale",
    "signing_pdf.intro":
        "Dokumentet viser kva som vart signert og av kven. Kontrollsummane (SHA-256) er "
        "rekna ut av dei lagra dataa då dei vart signerte, og dokumentet er forsegla med "
        "verksemda sitt segl, så kvar endring etterpå syner.",
    "signing_pdf.organisation": "På vegner av", "signing_pdf.unknown": "Ukjend",
}
_EN = {
    "pdf.reference": "Reference", "pdf.instance": "Submission ID", "pdf.made": "Made",
    "payment_receipt.title": "Payment receipt", "payment_receipt.file_name": "Payment receipt",
    "payment_receipt.payer": "Paid by", "payment_receipt.order_reference": "Order reference",
    "payment_receipt.payment_id": "Payment ID", "payment_receipt.status": "Status",
    "payment_receipt.paid": "Paid", "payment_receipt.method": "Payment method",
    "payment_receipt.lines": "Order lines", "payment_receipt.item": "Description",
    "payment_receipt.quantity": "Quantity", "payment_receipt.price": "Price excl. VAT",
    "payment_receipt.vat": "VAT", "payment_receipt.sum": "Amount",
    "payment_receipt.total_ex_vat": "Total excl. VAT", "payment_receipt.total_vat": "VAT",
    "payment_receipt.total": "Total paid",
    "payment_receipt.status.Paid": "Paid",
    "payment_receipt.status.Skipped": "Nothing to pay",
    "signing_pdf.title": "Signatures", "signing_pdf.file_name": "Signatures",
    "signing_pdf.task": "Step", "signing_pdf.intro":
        "This document shows what was signed and by whom. The checksums (SHA-256) were "
        "computed from the stored data when it was signed, and the document is sealed with "
        "the agency's seal, so any later change shows.",
    "signing_pdf.documents": "Signed documents", "signing_pdf.document": "Document",
    "signing_pdf.data_type": "Data type", "signing_pdf.element_id": "Element ID",
    "signing_pdf.content_type": "Content type", "signing_pdf.sha256": "SHA-256",
    "signing_pdf.signatures": "Signed by", "signing_pdf.person_number": "National ID number",
    "signing_pdf.organisation": "On behalf of", "signing_pdf.signed_time": "Signed",
    "signing_pdf.signature_id": "Signature ID",
    "signing_pdf.signature_sha256": "Signature's SHA-256",
    "signing_pdf.signed_elements": "Signed elements (SHA-256)",
    "signing_pdf.none": "No signatures.", "signing_pdf.unknown": "Unknown",
}
TASK_PDF_TEXTS: dict[str, dict[str, str]] = {"nb": _NB, "nn": _NN, "en": _EN}


def pdf_language(lang: str | None) -> str:
    """A language Blankett has texts for (else bokmål), so `<html lang>` says what the text is."""
    return lang if lang in LANGUAGES and lang in TASK_PDF_TEXTS else DEFAULT_LANGUAGE


def task_text(app: AppDefinition, key: str, lang: str) -> str:
    """The app's text of this id as plain text if it has one, else Blankett's."""
    if app.texts.has(key):
        return plain_text(app.texts.resolve(key, lang))
    return TASK_PDF_TEXTS.get(lang, _NB).get(key) or _NB.get(key, key)


def app_owner(app: AppDefinition, lang: str) -> str:
    """The owner's name from the app's texts, else its org code (as the receipt does)."""
    for key in ("appOwner", "appReceiver"):
        if app.texts.has(key):
            return plain_text(app.texts.resolve(key, lang))
    return app.org
