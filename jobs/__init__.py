"""Background jobs: work that must happen after a commit and must not be lost (receipt PDFs,
hand-offs to the archive), through a transactional outbox.

    process step ──(same transaction)──▶ outbox row ──▶ relay ──▶ rq on Redis ──▶ run_job
                                                  └──▶ in-process worker (no REDIS_URL) ──┘

- outbox.py: the table's states (add, claim, done, retry with growing pauses, dead, send_again)
- handlers.py: the job kinds and their contract; receipt.py and handoff.py are the kinds
- runner.py: one attempt; relay.py and rq_entry.py: the Redis path; local.py: local mode"""

from jobs.outbox import add

# The job kinds the process engine leaves (their handlers: jobs/receipt.py, jobs/handoff.py).
RECEIPT_PDF = "receipt_pdf"
EFORMIDLING_SEND = "eformidling_send"
EFORMIDLING_STATUS = "eformidling_status"
# Left by task types' end hooks (jobs/payment_receipt.py, jobs/signing_pdf.py).
PAYMENT_RECEIPT_PDF = "payment_receipt_pdf"
SIGNING_PDF = "signing_pdf"

__all__ = ["EFORMIDLING_SEND", "EFORMIDLING_STATUS", "PAYMENT_RECEIPT_PDF", "RECEIPT_PDF",
           "SIGNING_PDF", "add"]
