"""SigningDocumentList: the documents a signing task signs, so the signee sees what they sign.
Attached files link to the citizen download route; form data (no file of its own) is listed
by its data type, and its answers are shown by the page's summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forms.components.base import Component, register
from forms.components.signing_common import signing_task


@dataclass(frozen=True)
class Document:
    name: str
    data_type: str
    url: str | None  # a download link, for a file


@register
class SigningDocumentList(Component):
    type_name = "SigningDocumentList"
    template = "components/signingdocumentlist.html"
    text_names = ("title", "description", "help")

    def documents(self, view: Any, instance: Any = None) -> list[Document]:
        from process.signing import signature_config

        task = signing_task(view, instance)
        if task is None:
            return []
        wanted = signature_config(task, view.app).data_types_to_sign
        out = []
        for element in instance.data_elements:
            if element.data_type not in wanted:
                continue
            meta = view.app.data_type(element.data_type) or {}
            is_file = element.filename is not None and not meta.get("appLogic")
            url = None
            if is_file:
                from flask import url_for

                url = url_for("attachments.download",
                              party_id=instance.instance_owner_party_id,
                              instance_id=instance.id, data_element_id=element.id)
            out.append(Document(element.filename or element.data_type, element.data_type, url))
        return out
