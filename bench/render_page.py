"""How fast a form page renders, and how many bytes a citizen downloads for the first page.

    .venv/bin/python bench/render_page.py [--rounds N]

Builds a service with one 30-field page (inputs, text areas, radios, checkboxes, dropdowns, dates,
with filled-in data), then measures in-process:
  * render: PageView + template → HTML, the work done for every page view;
  * GET: the whole request through Flask (session, database read, render);
  * POST: saving the page and rendering the next one as an htmx fragment.
and the gzipped bytes of the sample service's first page (HTML + CSS + JS)."""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from bench.timing import report, timed  # noqa: E402

SAMPLE = ROOT / "layouts" / "serveringsbevilling"


def thirty_field_app(folder: Path) -> Path:
    """The sample service plus a page `bench` with 30 fields bound to a `bench` object."""
    target = folder / "apps" / "bench"
    shutil.copytree(SAMPLE, target)
    app_root = target / "App"
    kinds = ["Input"] * 12 + ["TextArea"] * 3 + ["RadioButtons"] * 5 + ["Checkboxes"] * 4 + [
        "Dropdown"] * 3 + ["Datepicker"] * 3
    layout, props, data = [], {}, {}
    for i, kind in enumerate(kinds):
        field = f"felt{i}"
        component = {"id": f"bench-{kind.lower()}{i}a", "type": kind,
                     "textResourceBindings": {"title": f"Spørsmål nummer {i + 1}",
                                              "description": "En kort forklaring"},
                     "dataModelBindings": {"simpleBinding": f"bench.{field}"},
                     "required": i % 2 == 0}
        if kind in ("RadioButtons", "Checkboxes", "Dropdown"):
            component["optionsId"] = "stedstype"
            data[field] = "kafe"
        elif kind == "Datepicker":
            data[field] = "2027-01-01"
        else:
            data[field] = f"Svar {i}"
        if kind == "Input" and i % 4 == 0:
            component["formatting"] = {"number": {"thousandSeparator": " "}}
            props[field] = {"type": "number"}
            data[field] = 1234567.5
        else:
            props[field] = {"type": "string"}
        layout.append(component)
    layout.append({"id": "bench-nav", "type": "NavigationButtons", "showBackButton": True})
    (app_root / "ui/form/layouts/bench.json").write_text(json.dumps({"data": {"layout": layout}}))
    settings = json.loads((app_root / "ui/form/Settings.json").read_text())
    settings["pages"]["order"].insert(0, "bench")
    (app_root / "ui/form/Settings.json").write_text(json.dumps(settings))
    schema_file = app_root / "models/model.schema.json"
    schema = json.loads(schema_file.read_text())
    schema["$defs"]["Bench"] = {"type": "object", "properties": props}
    root = schema["$defs"].get(schema.get("@xsdRootElement", ""), schema)
    root.setdefault("properties", {})["bench"] = {"$ref": "#/$defs/Bench"}
    schema_file.write_text(json.dumps(schema))
    return target, data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    try:
        app_dir, bench_data = thirty_field_app(tmp)
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                          "DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}",
                          "BLANKETT_APPS_DIR": str(app_dir.parent), "BLANKETT_ENV": "local"})
        app.config["TEMPLATES_AUTO_RELOAD"] = False
        client = app.test_client()
        client.post("/login", data={"user_id": "12345"})
        location = client.post("/instances", data={"app_id": "ekom/serveringsbevilling"}).location
        page_url = client.get(location).location
        assert page_url.endswith("/bench"), page_url
        posted = {f"bench.{k}": str(v) for k, v in bench_data.items()}
        assert client.post(page_url, data={"action": "save", **posted}).status_code == 303

        from flask import render_template

        from forms.render import PageView
        registry = app.extensions["blankett.apps"]
        definition = registry.get("ekom/serveringsbevilling")
        layout_set = definition.layout_sets["form"]
        page = layout_set.pages["bench"]
        fields = sum(1 for c in page.all_components if c.is_form_field)
        data = {"bench": bench_data}

        with app.test_request_context(page_url):
            def render() -> str:
                view = PageView(definition, layout_set, page, data, "nb", lambda n: n)
                return render_template("form_page.html", view=view, instance=None, lang="nb")
            html = render()
            print(f"page with {fields} fields: {len(html)} bytes of HTML")
            report("render (PageView + template)", timed(render, args.rounds, warmup=20))

        report("GET page through Flask (incl. database)",
               timed(lambda: client.get(page_url), args.rounds, warmup=20))
        report("POST page + htmx fragment of the next page",
               timed(lambda: client.post(page_url, data={"action": "next", **posted},
                                         headers={"HX-Request": "true"}), args.rounds // 2,
                     warmup=20))

        # What a citizen downloads for the sample service's first page.
        first = client.get(page_url.rsplit("/", 1)[0] + "/intro")
        html_bytes = first.get_data()
        total = 0
        rows = [("HTML (first page)", html_bytes)]
        for asset in ("vendor/designsystemet/theme.css", "vendor/designsystemet/designsystemet.css",
                      "app.css", "vendor/htmx/htmx.min.js", "app.js"):
            rows.append((asset, (ROOT / "static" / asset).read_bytes()))
        print("\nbytes a citizen downloads for the first page (gzip -9):")
        for name, body in rows:
            size = len(gzip.compress(body, 9))
            total += size
            print(f"  {name:<42} {len(body):>8} raw {size:>8} gzipped")
        print(f"  {'total':<42} {'':>8}     {total:>8} gzipped ({total / 1024:.1f} KiB)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
