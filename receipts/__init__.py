"""PDF receipts: an instance's answers drawn from the same summaries the form pages show, as a
tagged PDF (PDF/UA-1, WeasyPrint) sealed with the agency's certificate (PAdES, pyHanko).

Called by the job pipeline's worker, with or without a Flask app context:

    sealer = sealer_from_env(os.environ) or local_sealer(Path(app.instance_path) / "pdf-seal")
    pdf = make_receipt(app_definition, instance, "nb", sealer, task_id=None)
    name = receipt_filename(app_definition, instance, "nb")
"""

from receipts.filename import receipt_filename
from receipts.html import render_receipt_html
from receipts.local_seal import local_sealer
from receipts.pdf import html_to_pdf, make_receipt, render_receipt_pdf
from receipts.sealing import SealConfigError, Sealer, seal_pdf, sealer_from_env
from receipts.tasks import NoSuchTask

__all__ = [
    "NoSuchTask",
    "SealConfigError",
    "Sealer",
    "html_to_pdf",
    "local_sealer",
    "make_receipt",
    "receipt_filename",
    "render_receipt_html",
    "render_receipt_pdf",
    "seal_pdf",
    "sealer_from_env",
]
