"""AttachmentList: the files attached to the instance, by data type. The instance's data
elements come in Altinn's shape (`data: [{id, dataType, filename, contentType, size}]`) on the
view's `instance_info`; with none, the title and a note that there are no attachments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forms.components.accordion import heading_level
from forms.components.base import Component, Prop, register

PDF_TYPE = "ref-data-as-pdf"
_SPECIAL = {"include-all", "current-task", "from-task"}


@dataclass(frozen=True)
class Attachment:
    filename: str
    data_type: str
    size: int | None


@register
class AttachmentList(Component):
    type_name = "AttachmentList"
    template = "components/attachmentlist.html"
    text_names = ("title",)
    props_spec = (
        Prop("dataTypeIds", "array", doc="Data types to list; empty: the current task's"),
        Prop("includePDF", "boolean", False, doc="Also list the generated PDF"),
        Prop("showDataTypeDescriptions", "boolean", False),
        Prop("groupByDataTypes", "boolean", False),
    )

    @property
    def level(self) -> int:
        return heading_level(self)

    def attachments(self, view: Any) -> list[Attachment]:
        info = view.instance_info or {}
        elements = info.get("data")
        if not isinstance(elements, list):
            return []
        ids = [i for i in self.props.get("dataTypeIds") or [] if isinstance(i, str)]
        if self.props.get("includePDF"):
            ids.append(PDF_TYPE)
        wanted = set(ids) - _SPECIAL
        out = []
        for element in elements:
            if not isinstance(element, dict) or not isinstance(element.get("dataType"), str):
                continue
            data_type = element["dataType"]
            meta = view.app.data_type(data_type) or {}
            if meta.get("appLogic"):
                continue  # form data, not an attachment
            if "include-all" in ids:
                keep = data_type != PDF_TYPE or PDF_TYPE in ids
            elif wanted:
                keep = data_type in wanted
            else:  # the current task's attachments
                task = meta.get("taskId")
                keep = data_type != PDF_TYPE and (not task or task in view.layout_set.tasks)
            if keep:
                size = element.get("size")
                out.append(Attachment(str(element.get("filename") or element.get("id") or ""),
                                      data_type, size if isinstance(size, int) else None))
        return out
