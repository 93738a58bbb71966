"""HTML to a tagged PDF (PDF/UA-1) with WeasyPrint. The stylesheet is parsed and the fonts are
loaded once per process, with one FontConfiguration for both (or @font-face does not apply),
so a receipt costs its layout and little else. Only the bundled assets can be loaded."""

from __future__ import annotations

from functools import cache

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from forms.definitions import AppDefinition
from integrations.register import Register
from receipts.assets import STYLESHEET, BundleFetcher
from receipts.html import render_receipt_html
from receipts.sealing import Sealer, seal_pdf
from storage.models import Instance


@cache
def _renderer() -> tuple[FontConfiguration, BundleFetcher, CSS]:
    fonts = FontConfiguration()
    fetcher = BundleFetcher()
    css = CSS(url=STYLESHEET.as_uri(), font_config=fonts, url_fetcher=fetcher)
    return fonts, fetcher, css


def html_to_pdf(html: str) -> bytes:
    """A PDF/UA-1 document of `html` (which needs `<title>` and `<html lang>`). Relative URLs
    resolve next to the stylesheet, and the fetcher refuses all but the bundle."""
    fonts, fetcher, css = _renderer()
    document = HTML(string=html, base_url=STYLESHEET.parent.as_uri() + "/", url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(stylesheets=[css], font_config=fonts,
                                    pdf_variant="pdf/ua-1", presentational_hints=False)
    return pdf


def render_receipt_pdf(app: AppDefinition, instance: Instance, lang: str,
                       task_id: str | None = None, *, register: Register | None = None) -> bytes:
    """The receipt as an unsealed PDF."""
    return html_to_pdf(render_receipt_html(app, instance, lang, task_id, register=register))


def make_receipt(app: AppDefinition, instance: Instance, lang: str, sealer: Sealer,
                 task_id: str | None = None, *, register: Register | None = None) -> bytes:
    """The receipt, rendered and sealed: what a worker stores as `ref-data-as-pdf`."""
    return seal_pdf(render_receipt_pdf(app, instance, lang, task_id, register=register), sealer)
