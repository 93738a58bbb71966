"""Submit-to-delivered time in local mode: from the answer to `process/next` (the submission)
until the stand-in integration point reports the message LEVERT. On the way: the receipt PDF
job (render and seal), the eFormidling hand-off (arkivmelding, form data as XML, the PDF) and the
status job, all run by the in-process worker; the stand-in delivers 0.2 s after a send.

    .venv/bin/python bench/handoff.py [--count 20]"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import sample_form_data  # noqa: E402

BASE = "/ekom/serveringsbevilling/instances"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args()
    from app import create_app
    from integrations.standins.eformidling import serve_standin

    tmp = Path(tempfile.mkdtemp())
    standin = serve_standin(folder=tmp / "standin")
    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}",
                      "BLANKETT_INSTANCE_DIR": str(tmp / "instance"),
                      "BLANKETT_APPS_DIR": str(ROOT / "layouts"),
                      "EFORMIDLING_URL": standin.url, "RUN_JOBS_IN_PROCESS": True})
    client = app.test_client()
    client.get("/")  # the first request starts the in-process worker
    token = client.get("/Home/GetTestUserToken/12345").get_data(as_text=True)
    auth = {"Authorization": f"Bearer {token}"}
    answers = sample_form_data(app)

    def delivered(instance_id: str) -> bool:
        listing = requests.get(f"{standin.url}/_standin/messages", timeout=5).json()
        return any(s["status"] == "LEVERT" for m in listing["messages"]
                   if m["id"] == instance_id for s in m["statuses"])

    times = []
    for n in range(args.count + 2):
        instance = client.post(f"{BASE}?instanceOwnerPartyId=512345", headers=auth).get_json()
        url = f"{BASE}/{instance['id']}"
        form = next(d for d in instance["data"] if d["dataType"] == "model")
        client.put(f"{url}/data/{form['id']}", json=answers, headers=auth)
        assert client.put(f"{url}/process/next", headers=auth).status_code == 200
        submitted = time.perf_counter()
        guid = instance["id"].split("/")[-1]
        while not delivered(guid):
            if time.perf_counter() - submitted > 60:
                raise SystemExit(f"not delivered after 60 s: {guid}")
            time.sleep(0.01)
        if n >= 2:  # the first two warm up (fonts, seal certificate, templates)
            times.append(time.perf_counter() - submitted)
    app.extensions["blankett.jobs"].stop()
    standin.stop()
    print(f"{'submit to LEVERT at the stand-in (local mode), median':<56} "
          f"{statistics.median(times) * 1000:8.0f} ms")
    print(f"{'  min / max':<56} {min(times) * 1000:8.0f} / {max(times) * 1000:.0f} ms "
          f"over {len(times)} submissions")


if __name__ == "__main__":
    main()
