"""The receipt as data, between the summaries and the template: a list of blocks (headings,
paragraphs, facts, summaries) and the attached files, with the texts around them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from markupsafe import Markup

from forms.components.instanceinformation import Fact
from forms.render import PageView, SummarySection


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    level: int
    text: Markup


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    html: Markup


@dataclass(frozen=True)
class Facts:
    kind: ClassVar[str] = "facts"
    facts: list[Fact]


@dataclass
class Summary:
    """Summary sections (h3 each) drawn from `view`, under an h2 `title` when there is one."""

    kind: ClassVar[str] = "summary"
    view: PageView
    sections: list[SummarySection]
    title: str = ""
    section_titles: bool = True


Block = Heading | Paragraph | Facts | Summary


@dataclass(frozen=True)
class AttachmentRow:
    filename: str
    file_type: str
    size: str


@dataclass
class Receipt:
    lang: str
    app_name: str
    owner: str
    show_app_name: bool
    submitted: str  # dd.mm.yyyy HH:MM, Europe/Oslo
    reference: str  # the last block of the instance id, as Altinn shows it
    blocks: list[Block] = field(default_factory=list)
    attachments: list[AttachmentRow] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def document_title(self) -> str:
        """Never empty: PDF/UA asks for a title, also when the app hides its name."""
        name = self.app_name if self.show_app_name else self.labels["pdf.receipt"]
        return f"{name} – {self.labels['pdf.reference']} {self.reference}"

    @property
    def footer(self) -> str:
        parts = [self.app_name] if self.show_app_name else []
        parts += [self.submitted, f"{self.labels['pdf.reference']} {self.reference}"]
        return " · ".join(p for p in parts if p)
