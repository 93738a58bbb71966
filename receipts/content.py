"""What a receipt says, before it is drawn: the app owner and name, the facts about the
submission, each task's pages as summaries and the attached files, in one language.

The summaries are the form pages' own (`PageView.page_summaries` / `PageView.summary`): the
same visible pages, hidden components and rows, option labels and formats the person saw on
the summary page. What Settings.json excludes from the PDF is hidden through Summary2
overrides (receipts/settings.py); a `pdfLayoutName` page is drawn instead of the automatic
summary (receipts/pdf_layout.py)."""

from __future__ import annotations

from forms.components.instanceinformation import Fact, InstanceInformation
from forms.definitions import AppDefinition
from forms.formatting import oslo_time
from forms.render import PageView
from forms.texts import DEFAULT_LANGUAGE, LANGUAGES
from integrations.register import Register
from receipts.attachments import attachments
from receipts.model import Facts, Receipt, Summary
from receipts.pdf_layout import custom_blocks
from receipts.settings import page_setting, pdf_overrides, pdf_page, setting_true, task_title
from receipts.tasks import receipt_tasks
from receipts.texts import receipt_text
from receipts.views import app_register, task_view
from storage.models import Instance
from storage.shapes import instance_info

LABELS = ("pdf.attachments", "pdf.file_type", "pdf.reference", "pdf.receipt",
          "fileupload.file_name", "fileupload.size")


def build_receipt(app: AppDefinition, instance: Instance, lang: str, task_id: str | None = None,
                  register: Register | None = None) -> Receipt:
    """Everything the receipt template draws. A language Blankett has no texts for falls back
    to bokmål, as the form pages do, so `<html lang>` always says what the text is."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    parts = receipt_tasks(app, instance, task_id)
    register = register if register is not None else app_register(instance)
    party = register.party(instance.instance_owner_party_id) if register is not None else None
    info = instance_info(instance, party)
    views = [task_view(app, part.layout_set, instance, lang, info, pdf_page(part.layout_set))
             for part in parts]
    first = views[0]
    hide_name = page_setting(app, parts[0].layout_set, "hideAppNameInPdf")
    receipt = Receipt(
        lang=lang, app_name=app.title(lang), owner=_owner(first),
        show_app_name=not setting_true(first, hide_name),
        submitted=oslo_time(instance.archived or instance.last_changed),
        reference=instance.id.rsplit("-", 1)[-1],
        labels={key: receipt_text(app, key, lang) for key in LABELS},
    )
    if any(pdf_page(p.layout_set) is None for p in parts):  # a pdfLayout places its own
        facts = _facts(first, instance)
        if facts:
            receipt.blocks.append(Facts(facts))
    for part, view in zip(parts, views, strict=True):
        if pdf_page(part.layout_set) is not None:
            receipt.blocks.extend(custom_blocks(app, instance, view, info))
            continue
        title = view.ui("summary") if len(parts) == 1 else task_title(app, part)
        sections = view.page_summaries(view.pages(), pdf_overrides(part.layout_set), False)
        receipt.blocks.append(Summary(view, sections, title))
    receipt.attachments = attachments(app, instance, receipt.blocks, lang)
    return receipt


def _owner(view: PageView) -> str:
    """The app owner's name from the app's texts (Altinn takes it from its list of
    organisations, which Blankett does not have), else the org code."""
    for key in ("appOwner", "appReceiver"):
        if view.app.texts.has(key):
            return view.text(key)
    return view.app.org


def _facts(view: PageView, instance: Instance) -> list[Fact]:
    """The facts InstanceInformation shows on the form pages: date sent, sender, receiver,
    reference number."""
    component = InstanceInformation(id="receipt-facts", raw={"type": "InstanceInformation"},
                                    page=view.page.name, file="", json_path="")
    return component.facts(view, instance)
