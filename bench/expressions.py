"""How fast expressions are evaluated for a realistic page, and one live update round trip.

    .venv/bin/python bench/expressions.py [--rows 200] [--rounds 20]

The layout: a repeating group of ROWS rows whose row has 50 components, 30 of them with
expressions (hidden, required, readOnly, texts) that read fields of the same row and of the
page outside the group. Measured in-process:
  * building the layout tree (rows expanded from the data);
  * a full re-evaluation: every expression-driven property of every component in every row;
  * one live-update round trip through Flask (post a changed answer, get the swaps back)."""

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

from forms.dynamics import Dynamics  # noqa: E402
from forms.loader import load_app  # noqa: E402

SAMPLE = ROOT / "layouts" / "serveringsbevilling"


def build_app(folder: Path, rows: int) -> tuple[Path, dict]:
    target = folder / "apps" / "bench"
    shutil.copytree(SAMPLE, target)
    app_root = target / "App"
    children, components, props = [], [], {}
    for i in range(50):
        field = f"f{i}"
        props[field] = {"type": "string" if i % 3 else "integer"}
        component = {"id": f"rad-felt{i}a", "type": "Input",
                     "textResourceBindings": {"title": f"Felt {i}"},
                     "dataModelBindings": {"simpleBinding": f"linjer.{field}"}}
        if i < 30:
            kind = i % 5
            if kind == 0:
                component["hidden"] = ["equals", ["dataModel", "linjer.f1"], "skjul"]
            elif kind == 1:
                component["required"] = ["greaterThan", ["component", "rad-felt0a"], 10]
            elif kind == 2:
                component["readOnly"] = ["and", ["dataModel", "laast"],
                                         ["notEquals", ["dataModel", "linjer.f2"], "x"]]
            elif kind == 3:
                component["textResourceBindings"]["title"] = [
                    "concat", "Linje ", ["dataModel", "linjer.f4"], " av ", ["dataModel", "navn"]]
            else:
                component["hidden"] = ["or", ["lessThan", ["plus", ["dataModel", "linjer.f0"], 1],
                                              0], ["commaContains", ["dataModel", "valg"], "b"]]
        components.append(component)
        children.append(component["id"])
    group = {"id": "linjer-gruppe", "type": "RepeatingGroup",
             "dataModelBindings": {"group": "linjer"}, "children": children}
    layout = {"data": {"layout": [group, *components]}}
    (app_root / "ui/form/layouts/bench.json").write_text(json.dumps(layout))
    settings = json.loads((app_root / "ui/form/Settings.json").read_text())
    settings["pages"]["order"].insert(0, "bench")
    (app_root / "ui/form/Settings.json").write_text(json.dumps(settings))
    schema_file = app_root / "models/model.schema.json"
    schema = json.loads(schema_file.read_text())
    root = schema["$defs"].get(schema.get("@xsdRootElement", ""), schema)
    root.setdefault("properties", {}).update({
        "linjer": {"type": "array", "items": {"type": "object", "properties": props}},
        "laast": {"type": "boolean"}, "navn": {"type": "string"}, "valg": {"type": "string"}})
    schema_file.write_text(json.dumps(schema))
    data = {"laast": True, "navn": "Kari", "valg": "a,c",
            "linjer": [{f"f{i}": (r if i % 3 == 0 else f"v{r}") for i in range(50)}
                       for r in range(rows)]}
    return target, data


def timed(fn, rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    fn()
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def report(name: str, samples: list[float], extra: str = "") -> None:
    print(f"{name:<50} median {statistics.median(samples):8.2f} ms   "
          f"min {min(samples):8.2f} ms{extra}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    try:
        folder, data = build_app(tmp, args.rows)
        app, problems = load_app(folder)
        assert app is not None, problems
        layout_set = app.layout_sets["form"]
        group = layout_set.components["linjer-gruppe"]
        row_components = group.children

        built = Dynamics.for_data(app, layout_set, data, "nb")

        def evaluate_only() -> int:
            built.tree._hidden_cache.clear()
            return evaluate(Dynamics(app, layout_set, built.ctx, built.tree))

        def full() -> int:
            return evaluate(Dynamics.for_data(app, layout_set, data, "nb"))

        def evaluate(dynamics: Dynamics) -> int:
            count = 0
            for row in range(args.rows):
                for component in row_components:
                    rows = (row,)
                    dynamics.hidden(component, rows)
                    dynamics.required(component, rows)
                    dynamics.read_only(component, rows)
                    for value in component.texts.values():
                        dynamics.text(value, component, rows)
                    count += 1
            return count

        expressions = sum(1 for c in row_components for v in (
            c.hidden, c.required, c.read_only, *c.texts.values()) if isinstance(v, list))
        evaluations = expressions * args.rows
        print(f"{args.rows} rows x {len(row_components)} components, {expressions} expressions "
              f"per row: {evaluations} evaluations per full pass")
        report("build layout tree", timed(
            lambda: Dynamics.for_data(app, layout_set, data, "nb"), args.rounds))
        samples = timed(evaluate_only, args.rounds)
        per_second = evaluations / (statistics.median(samples) / 1000)
        report("evaluate every property (tree built)", samples,
               f"   {per_second:,.0f} evaluations/s")
        report("full re-evaluation (tree + every property)", timed(full, args.rounds))

        from app import create_app
        flask_app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                                "WTF_CSRF_ENABLED": False,
                                "DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}",
                                "BLANKETT_APPS_DIR": str(folder.parent)})
        client = flask_app.test_client()
        client.post("/login", data={"user_id": "12345"})
        location = client.post("/instances", data={"app_id": "ekom/serveringsbevilling"}).location
        first = client.get(location).location
        soker = first.rsplit("/", 1)[0] + "/soker"
        answers = iter(["organisasjon", "person"] * (args.rounds + 5))
        report("live update round trip (soker page, in-process)", timed(
            lambda: client.post(soker, headers={"HX-Request": "true"}, data={
                "action": "live", "soker.sokertype": next(answers)}), args.rounds))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
