"""Full validation of a form with a repeating group of 200 rows (5 fields each, all required,
with schema limits and an expression validation per row), as submit and the validation
endpoint run it: every source, every visible page of the sample service.

    .venv/bin/python bench/validation.py [--rows 200] [--rounds 20]"""

from __future__ import annotations

import argparse
import json
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
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    try:
        components, schema = person_group(required=True, max_length=20)
        target = build_app(tmp, components, schema_properties=schema)
        (target / "App/models/model.validation.json").write_text(json.dumps({"validations": {
            "personer.navn": [{"message": "Navnet kan ikke være «test»", "severity": "error",
                               "condition": ["equals", ["dataModel", ["argv", 0]], "test"]}]}}))

        from forms.loader import load_app
        from forms.render import PageView
        from forms.validation import validate

        app, _problems = load_app(target)
        assert app is not None
        layout_set = app.layout_sets["form"]
        rows = [{"altinnRowId": f"row-{i}", **{f: f"{f} {i}" for f in FIELDS}}
                for i in range(args.rows)]
        rows[3]["navn"] = "test"  # one expression error
        rows[7]["epost"] = "x" * 30  # one schema error
        rows[9].pop("telefon")  # one required error
        data = {"personer": rows}
        view = PageView(app, layout_set, layout_set.pages["test"], data, "nb",
                        lambda name: f"/p/{name}")
        issues = validate(view)
        print(f"{args.rows} rows x {len(FIELDS)} fields; {len(issues)} issues, e.g. "
              + "; ".join(sorted({f'{i.source}: {i.description}' for i in issues})[:4]))
        samples = []
        for _ in range(args.rounds):
            view.refresh()  # as after a post: expressions evaluated anew
            start = time.perf_counter()
            validate(view)
            samples.append((time.perf_counter() - start) * 1000)
        print(f"{'full validation (all sources, all pages)':<46} median "
              f"{statistics.median(samples):8.1f} ms   min {min(samples):8.1f} ms")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
