"""How quick the designer feels: through the Flask test client as an admin, on a copy of the
sample service and of Altinn's frontend-test app (the biggest in shared/): opening the page
editor, a component's panel, the live preview, a save of one component (change, check by
loading the whole app, write, reload), and the publish check. Prints the median and slowest
milliseconds; asserts nothing about time.

    .venv/bin/python bench/designer.py [--rounds 15]"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import SAMPLE_APPS, SHARED_APPS, login, make_app  # noqa: E402
from web.org_roles import ADMIN  # noqa: E402

# (folder, org/app, layout set, page, component whose panel is opened and saved)
CASES = [
    (SAMPLE_APPS / "serveringsbevilling", "ekom/serveringsbevilling", "form", "soker",
     "soker-navn"),
    (SHARED_APPS / "frontend-test", "ttd/frontend-test", "changename", "form", "newFirstName"),
]


def timed(label: str, rounds: int, call: Callable[[], int]) -> None:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        status = call()
        times.append((time.perf_counter() - start) * 1000)
        assert status < 400, f"{label}: HTTP {status}"
    print(f"  {label:<34} median {statistics.median(times):7.1f} ms   "
          f"slowest {max(times):7.1f} ms")


def bench_case(folder: Path, app_id: str, set_id: str, page: str, component: str,
               rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        apps = Path(tmp) / "apps"
        shutil.copytree(folder, apps / folder.name)
        app = make_app(Path(tmp), BLANKETT_APPS_DIR=str(apps))
        client = app.test_client()
        login(client, ADMIN.local_user_id(app_id.split("/")[0]))
        base = f"/designer/{app_id}"
        panel = f"{base}/{set_id}/{page}/components/{component}"
        form = {"action": "save", "set_id": set_id, "page_name": page,
                "component_id": component, "id": component}
        assert "Egenskaper" in client.get(panel).get_data(as_text=True)
        count = sum(len(s.pages) for s in app.extensions["blankett.apps"].draft(
            app_id).layout_sets.values())
        print(f"{app_id} ({count} pages), {rounds} rounds:")
        timed("page editor (GET)", rounds,
              lambda: client.get(f"{base}/{set_id}/{page}").status_code)
        timed("component panel (GET)", rounds, lambda: client.get(panel).status_code)
        timed("live preview (GET)", rounds,
              lambda: client.get(f"{base}/preview/{set_id}/{page}?lang=nb").status_code)
        flip = iter(range(10**6))

        def save() -> int:
            # hidden alternates between yes and no, so every save writes the page file
            mode = "yes" if next(flip) % 2 == 0 else "no"
            return client.post(panel, data={**form, "flag.hidden.mode": mode}).status_code

        timed("save one component (POST)", rounds, save)
        timed("publish check (GET)", rounds, lambda: client.get(f"{base}/publish").status_code)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    for folder, app_id, set_id, page, component in CASES:
        if folder.is_dir():
            bench_case(folder, app_id, set_id, page, component, args.rounds)
        else:
            print(f"{app_id}: {folder} is missing; skipped")


if __name__ == "__main__":
    main()
