"""A validation issue as Altinn has it: a severity, where it comes from, a code, a message for
people and the field (data model path) or component it is about. Errors block; warnings,
infos and successes are shown but never block."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    """Altinn's numbers for the wire format."""

    ERROR = 1
    WARNING = 2
    INFO = 3
    SUCCESS = 5

    @classmethod
    def named(cls, name: Any) -> Severity:
        """"error", "warning", "info"/"informational", "success" (else error)."""
        text = str(name or "").lower()
        return {"warning": cls.WARNING, "info": cls.INFO, "informational": cls.INFO,
                "success": cls.SUCCESS}.get(text, cls.ERROR)

    @property
    def label(self) -> str:
        return {1: "error", 2: "warning", 3: "info", 5: "success"}[self.value]


# Where an issue comes from (Altinn's `source`; the `show` masks of validateOnNext use these).
REQUIRED, SCHEMA, COMPONENT, EXPRESSION, CUSTOM, DATA_ELEMENT = (
    "Required", "Schema", "Component", "Expression", "Custom", "DataElement")


@dataclass
class Issue:
    severity: Severity
    source: str
    code: str
    description: str  # the message, in the person's language
    field: str | None = None  # data model path with row indices, e.g. `ansatte[2].navn`
    component_id: str | None = None  # the element it is shown beside (set when mapped)
    data_element_id: str | None = None
    link: str | None = None  # where to fix it, when that is not the component on this page
    custom_text_key: str | None = None
    custom_text_parameters: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def blocks(self) -> bool:
        return self.severity is Severity.ERROR

    def wire(self) -> dict[str, Any]:
        """Altinn's ValidationIssueWithSource."""
        return {"severity": int(self.severity), "dataElementId": self.data_element_id,
                "field": self.field, "code": self.code, "description": self.description,
                "source": self.source, "noIncrementalUpdates": False,
                "customTextKey": self.custom_text_key,
                "customTextParameters": self.custom_text_parameters or None}
