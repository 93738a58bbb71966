"""What the payment receipt and the signing PDF have in common: a heading, facts, a footer, and
the receipt's pipeline to draw them (the same autoescaping Jinja environment, stylesheet, Inter
font and bundle-only fetcher, PDF/UA-1) and to seal them. A second engine or stylesheet would
drift from the receipt; these are the receipt's pages with other content."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from forms.formatting import oslo_time
from receipts.html import environment
from receipts.pdf import html_to_pdf
from receipts.sealing import Sealer, seal_pdf


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    css: str = ""  # a class for the value (a hash wraps anywhere)


@dataclass
class TaskDocument:
    """One sealed document: `<html lang>`, the owner line, h1 and the facts under it."""

    lang: str
    owner: str
    app_name: str
    title: str
    reference: str  # the last block of the instance id, as the receipt shows it
    reference_label: str
    facts: list[Fact] = field(default_factory=list)

    @property
    def document_title(self) -> str:
        """Never empty (PDF/UA asks for one), and tells two such documents apart."""
        return f"{self.title} – {self.app_name} – {self.reference_label} {self.reference}"

    @property
    def footer(self) -> str:
        return " · ".join(p for p in (self.app_name, self.title,
                                      f"{self.reference_label} {self.reference}") if p)


def render_pdf(template: str, document: TaskDocument, **more: Any) -> bytes:
    """`templates/<template>` with `doc`, as an unsealed PDF/UA-1 document."""
    html = environment().get_template(template).render(doc=document, **more)
    return html_to_pdf(html)


def render_sealed(template: str, document: TaskDocument, sealer: Sealer) -> bytes:
    return seal_pdf(render_pdf(template, document), sealer)


def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 moment as stored (Altinn's "…Z", Nets' offsets), or None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None


def oslo(value: Any) -> str:
    """An ISO moment as dd.mm.yyyy hh:mm in Oslo time; what was stored when it cannot be read."""
    moment = parse_time(value)
    return oslo_time(moment) if moment is not None else str(value or "")


def short_reference(instance_id: str) -> str:
    return instance_id.rsplit("-", 1)[-1]
