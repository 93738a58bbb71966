"""How long a PDF receipt takes, and whether a long-lived process grows while it makes them.

    .venv/bin/python bench/receipt_pdf.py [--rounds N] [--receipts 200]

The sample service filled in (every page answered, an attachment, ended) on SQLite, in a Flask
app context as the job worker runs it. Prints the process's peak resident memory (VmHWM)
after 10, 100 and 200 receipts, with the current resident size beside it, so that growth per
receipt shows; then the median and p95 of:
  * render only (summaries → HTML → PDF/UA with WeasyPrint),
  * render + seal (PAdES with the local self-signed seal, pyHanko), what a worker does.
Figures only: nothing is asserted (machines differ)."""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from bench.timing import report, timed  # noqa: E402
from tests.conftest import sample_form_data  # noqa: E402


def memory() -> tuple[float, float]:
    """(peak, current) resident memory in MiB, from /proc (ru_maxrss where it is missing)."""
    found: dict[str, float] = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                found[key] = int(value.split()[0]) / 1024
    except OSError:
        pass
    peak = found.get("VmHWM", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return peak, found.get("VmRSS", peak)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--receipts", type=int, default=200)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    try:
        run(tmp, args.rounds, args.receipts)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(tmp: Path, rounds: int, receipts: int) -> None:
    from receipts import local_sealer, make_receipt, render_receipt_pdf
    from storage import repository
    from storage.models import utcnow

    flask_app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                            "DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}",
                            "BLANKETT_APPS_DIR": str(ROOT / "layouts")})
    print(f"process start: peak {memory()[0]:.0f} MiB")
    with flask_app.app_context(), flask_app.extensions["blankett.sessions"]() as session:
        app = flask_app.extensions["blankett.apps"].get("ekom/serveringsbevilling")
        instance = repository.create_instance(session, app_id=app.id, party_id=512345,
                                              user_id="12345", task_id="Task_1",
                                              form_data_types=["model"])
        session.flush()
        element = repository.form_data_element(instance, "model")
        assert element is not None
        repository.save_form_data(element, sample_form_data(flask_app), "12345")
        repository.add_attachment(session, instance, "vedlegg", filename="plantegning.pdf",
                                  content_type="application/pdf", blob=b"%PDF-1.4\n" * 4000,
                                  user_id="12345")
        instance.current_task, instance.archived = None, utcnow()
        session.commit()

        started = time.perf_counter()
        sealer = local_sealer(tmp / "seal")  # made here, as on a first local start
        print(f"local seal made and loaded: {(time.perf_counter() - started) * 1000:.0f} ms")
        started = time.perf_counter()
        first = make_receipt(app, instance, "nb", sealer)
        print(f"first receipt (cold: fonts, stylesheet, templates): "
              f"{(time.perf_counter() - started) * 1000:.0f} ms, {len(first)} bytes")

        print("\nmemory after receipts (VmHWM peak / VmRSS now), this process only:")
        made = 1
        for target in sorted({t for t in (10, 100, 200, receipts) if t <= receipts}):
            while made < target:
                make_receipt(app, instance, "nb", sealer)
                made += 1
            peak, now = memory()
            print(f"  after {made:>4} receipts: peak {peak:6.1f} MiB   now {now:6.1f} MiB")

        print()
        report("render only (HTML + PDF/UA)",
               timed(lambda: render_receipt_pdf(app, instance, "nb"), rounds))
        report("render + seal (make_receipt)",
               timed(lambda: make_receipt(app, instance, "nb", sealer), rounds))

if __name__ == "__main__":
    main()
