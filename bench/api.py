"""API submissions per second, in-process: create an instance, PUT its form data, and move the
process to the end (`process/next`, validated), with a user's bearer token, on SQLite and on
PostgreSQL (a schema of its own on 127.0.0.1:5432/test, dropped afterwards).

    .venv/bin/python bench/api.py [--count 300] [--only sqlite|postgresql]"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import sample_form_data  # noqa: E402

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BASE = "/ekom/serveringsbevilling/instances"


def run(database_url: str, count: int, tmp: Path) -> float:
    from app import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": database_url,
                      "API_SIGNING_KEY_FILE": str(tmp / "key.json"),
                      "BLANKETT_APPS_DIR": str(ROOT / "layouts")})
    if database_url.startswith("postgresql"):
        from storage import db

        db.upgrade(database_url)
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

    for _ in range(5):  # warm up: app loading, first queries
        submit()
    start = time.perf_counter()
    for _ in range(count):
        submit()
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    try:
        if args.only in (None, "sqlite"):
            rate = run(f"sqlite:///{tmp / 'bench.db'}", args.count, tmp)
            print(f"{'SQLite: create + PUT data + next to end':<46} {rate:8.1f} submissions/s")
        if args.only in (None, "postgresql"):
            from sqlalchemy import create_engine, text

            schema = f"bench_{uuid.uuid4().hex[:10]}"
            admin = create_engine(POSTGRES)
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            try:
                rate = run(f"{POSTGRES}?options=-csearch_path%3D{schema}", args.count, tmp)
                print(f"{'PostgreSQL: create + PUT data + next to end':<46} "
                      f"{rate:8.1f} submissions/s")
            finally:
                with admin.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
