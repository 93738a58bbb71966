"""API submissions per second, in-process: create an instance, PUT its form data, and move the
process to the end (`process/next`, validated), with a user's bearer token, on SQLite and on
PostgreSQL (a schema of its own on 127.0.0.1:5432/test, dropped afterwards).

Each figure is measured twice: by one process (one request at a time), and by one process per
core at once, as a production server runs its web workers. Each process calls the app
in-process (Flask's test client, no HTTP server), with its own connection pool.

    .venv/bin/python bench/api.py [--count 600] [--only sqlite|postgresql] [--processes N]"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import postgres_schema, sample_form_data  # noqa: E402

BASE = "/ekom/serveringsbevilling/instances"


def submit_many(database_url: str, count: int, tmp: str, ready: Any, go: Any) -> float:
    """Make the app, warm it up, wait for the start signal, then submit `count` times;
    the seconds it took."""
    from app import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": database_url,
                      "API_SIGNING_KEY_FILE": str(Path(tmp) / "key.json"),
                      "BLANKETT_APPS_DIR": str(ROOT / "layouts")})
    client = app.test_client()
    token = client.get("/Home/GetTestUserToken/12345?authenticationLevel=2").get_data(
        as_text=True)
    auth = {"Authorization": f"Bearer {token}"}
    answers = sample_form_data(app)

    def submit() -> None:
        created = client.post(f"{BASE}?instanceOwnerPartyId=512345", headers=auth)
        assert created.status_code == 201, created.get_data(as_text=True)
        instance = created.get_json()
        form = next(d for d in instance["data"] if d["dataType"] == "model")
        url = f"{BASE}/{instance['id']}"
        assert client.put(f"{url}/data/{form['id']}", json=answers,
                          headers=auth).status_code == 200
        moved = client.put(f"{url}/process/next", headers=auth)
        assert moved.status_code == 200, moved.get_data(as_text=True)

    for _ in range(10):  # warm up: app loading, first queries
        submit()
    ready.wait()
    go.wait()
    start = time.perf_counter()
    for _ in range(count):
        submit()
    return time.perf_counter() - start


def _worker(args: tuple[str, int, str, Any, Any]) -> float:
    return submit_many(*args)


def rate(database_url: str, count: int, processes: int, tmp: Path) -> float:
    """Submissions per second over `processes` processes submitting `count` in all."""
    per = count // processes
    with multiprocessing.Manager() as manager:
        ready, go = manager.Barrier(processes + 1), manager.Barrier(processes + 1)
        with multiprocessing.get_context("spawn").Pool(processes) as pool:
            result = pool.map_async(_worker, [(database_url, per, str(tmp), ready, go)]
                                    * processes)
            ready.wait()  # every process has warmed up
            go.wait()
            seconds = result.get()
    return per * processes / max(seconds)


def report(name: str, database_url: str, count: int, processes: int, tmp: Path) -> None:
    label = f"{name}: create + PUT data + next to end"
    print(f"{label + ', 1 process':<62} {rate(database_url, count, 1, tmp):8.1f} submissions/s")
    if processes > 1:
        print(f"{label + f', {processes} processes':<62} "
              f"{rate(database_url, count, processes, tmp):8.1f} submissions/s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1,
                        help="processes for the second figure (default: one per core)")
    args = parser.parse_args()
    from storage import db

    tmp = Path(tempfile.mkdtemp())
    try:
        if args.only in (None, "sqlite"):
            url = f"sqlite:///{tmp / 'bench.db'}"
            db.upgrade(url)
            report("SQLite", url, args.count, args.processes, tmp)
        if args.only in (None, "postgresql"):
            with postgres_schema(migrated=True) as url:
                report("PostgreSQL", url, args.count, args.processes, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
