"""A repeating group of 1,000 rows (5 fields each): the whole page, and adding, opening, saving
and deleting a row through the htmx routes, measured in-process.

    .venv/bin/python bench/repeating_group.py [--rows 1000] [--rounds 10]"""

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

from bench.people import FIELDS, person_group  # noqa: E402
from tests.components.conftest import build_app  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    try:
        components, schema = person_group()
        target = build_app(tmp, components, schema_properties=schema)

        from app import create_app
        from storage import repository
        from web.db import db_session

        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                          "DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}",
                          "BLANKETT_APPS_DIR": str(target.parent)})
        client = app.test_client()
        client.post("/login", data={"user_id": "12345"})
        page = client.get(client.post("/instances", data={
            "app_id": "ekom/serveringsbevilling"}).location).location
        with app.app_context():
            instance = repository.get_instance(db_session(), page.split("/")[3])
            element = repository.form_data_element(instance, "model")
            rows = [{"altinnRowId": f"row-{i}", **{f: f"{f} {i}" for f in FIELDS}}
                    for i in range(args.rows)]
            repository.save_form_data(element, {"personer": rows}, "12345")
            db_session().commit()
        htmx = {"HX-Request": "true"}

        def timed(name: str, fn, rounds: int = args.rounds) -> None:  # type: ignore[no-untyped-def]
            fn()
            samples = []
            for _ in range(rounds):
                start = time.perf_counter()
                response = fn()
                samples.append((time.perf_counter() - start) * 1000)
                assert response.status_code in (200, 204, 303), response.status_code
            print(f"{name:<46} median {statistics.median(samples):8.1f} ms   "
                  f"min {min(samples):8.1f} ms")

        size = len(client.get(page).get_data())
        print(f"{args.rows} rows x {len(FIELDS)} fields; the page is {size / 1024:.0f} KiB of HTML")
        timed("GET the whole page", lambda: client.get(page))
        timed("open a row (htmx)", lambda: client.post(page, headers=htmx, data={
            "action": f"row-edit:personer:row-{args.rows // 2}"}))
        timed("save a row (htmx)", lambda: client.post(page, headers=htmx, data={
            "action": f"row-save:personer:row-{args.rows // 2}",
            f"personer[{args.rows // 2}].navn": "Endret"}))
        timed("add a row (htmx)", lambda: client.post(page, headers=htmx, data={
            "action": "row-add:personer"}), rounds=3)
        with app.app_context():  # delete from the front: every later row moves up
            instance = repository.get_instance(db_session(), page.split("/")[3])
            element = repository.form_data_element(instance, "model")
            ids = [r["altinnRowId"] for r in repository.read_form_data(element)["personer"]]

        def delete():  # type: ignore[no-untyped-def]
            return client.post(page, headers=htmx, data={
                "action": f"row-delete:personer:{ids.pop(0)}"})

        timed("delete the first row (htmx)", delete, rounds=5)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
