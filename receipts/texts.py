"""The few words a receipt needs that the form pages do not have. As with forms/ui_texts.py, an
app overrides any of them with a text resource of the same id; the rest (section headings,
"Not answered", the instance facts) are the pages' own texts, so paper and screen agree."""

from __future__ import annotations

from forms.definitions import AppDefinition
from forms.ui_texts import has_ui_text, ui_text

RECEIPT_TEXTS: dict[str, dict[str, str]] = {
    "nb": {
        "pdf.attachments": "Vedlegg",
        "pdf.file_type": "Filtype",
        "pdf.reference": "Referanse",
        "pdf.receipt": "Kvittering",
    },
    "nn": {
        "pdf.attachments": "Vedlegg",
        "pdf.file_type": "Filtype",
        "pdf.reference": "Referanse",
        "pdf.receipt": "Kvittering",
    },
    "en": {
        "pdf.attachments": "Attachments",
        "pdf.file_type": "File type",
        "pdf.reference": "Reference",
        "pdf.receipt": "Receipt",
    },
}


def receipt_text(app: AppDefinition, key: str, lang: str) -> str:
    """The app's text of this id if it has one, else the receipt's or the pages' own."""
    if app.texts.has(key):
        return app.texts.resolve(key, lang)
    own = RECEIPT_TEXTS.get(lang, RECEIPT_TEXTS["nb"]).get(key)
    if own is not None:
        return own
    return ui_text(key, lang) if has_ui_text(key) else key
