"""How fast the designer's texts page is with many keys: a copy of the sample app with KEYS text
ids in nb, nn and en (some translations missing), timed through the Flask test client as an
admin: the first page, searches, the missing filter, the last page, and the first page with
the rows' cache emptied (as right after a save). Prints the median and
slowest milliseconds; asserts nothing about time.

    .venv/bin/python bench/designer_texts.py [--keys 5000] [--rounds 15]"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from designer import texts_edit  # noqa: E402
from designer.workspace import Workspace  # noqa: E402
from tests.conftest import SAMPLE_APPS, login, make_app  # noqa: E402
from web.org_roles import ADMIN  # noqa: E402

URL = "/designer/ekom/serveringsbevilling/texts"


def add_keys(folder: Path, keys: int) -> None:
    """`keys` texts in each language; every tenth lacks nynorsk."""
    workspace = Workspace(folder)
    for lang in ("nb", "nn", "en"):
        resources = workspace.read_texts(lang)
        for i in range(keys):
            if lang == "nn" and i % 10 == 0:
                continue
            key = f"bench.section{i // 100:03d}.field{i:05d}"
            resources[key] = {"id": key, "value": f"Tekst nummer {i} på {lang}, litt lengre "
                                                  f"slik at den ligner en ledetekst"}
        workspace.write_texts(lang, resources)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        apps = Path(tmp) / "apps"
        shutil.copytree(SAMPLE_APPS, apps)
        add_keys(apps / "serveringsbevilling", args.keys)
        app = make_app(Path(tmp), BLANKETT_APPS_DIR=str(apps))
        client = app.test_client()
        login(client, ADMIN.local_user_id("ekom"))
        last_page = (args.keys + 100) // 50 + 1  # clamped to the last page by the server
        cases = {
            "first page": URL,
            "search 'field0421'": URL + "?q=field0421",
            "search 'nummer 3' (many hits)": URL + "?q=nummer+3",
            "missing filter": URL + "?missing=1",
            "last page": URL + f"?page={last_page}",
            "htmx search (results only)": URL + "?q=section007",
            "first page, files read again": URL,
        }
        print(f"Texts page with {args.keys} keys × 3 languages, {args.rounds} rounds each")
        for name, url in cases.items():
            headers = {"HX-Request": "true"} if name.startswith("htmx") else {}
            response = client.get(url, headers=headers)  # warm up
            if response.status_code != 200:
                raise SystemExit(f"{name}: HTTP {response.status_code}")
            times = []
            for _ in range(args.rounds):
                if name.endswith("read again"):
                    texts_edit._ROWS.clear()  # as after a save: the three files parsed
                start = time.perf_counter()
                client.get(url, headers=headers)
                times.append((time.perf_counter() - start) * 1000)
            print(f"  {name:32} median {statistics.median(times):7.1f} ms   "
                  f"slowest {max(times):7.1f} ms")


if __name__ == "__main__":
    main()
