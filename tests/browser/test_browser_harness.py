"""Self-test of the browser harness (Chromium, axe, no-JS handling) and the vendored assets.

Serves static pages with http.server, so it needs neither the Flask app nor a database.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
VENDOR = REPO_ROOT / "static" / "vendor"

PAGES = {
    "ok.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Accessible page</title></head>
<body><main>
  <h1>Contact us</h1>
  <form method="post" action="/ok.html">
    <label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="email">
    <button type="submit">Send</button>
  </form>
</main></body></html>""",
    "broken.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Broken page</title></head>
<body><main><h1>Contact us</h1><input id="unlabelled" name="q" type="text"></main></body></html>""",
    # Only broken for people without JavaScript.
    "noscript.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Noscript page</title></head>
<body><main><h1>Search</h1>
  <noscript><input id="nojs-only" name="q" type="text"></noscript>
</main></body></html>""",
    # Only broken for people with JavaScript; also has a strict CSP (axe must still run).
    "scripted.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Scripted page</title>
<script src="scripted.js"></script></head>
<body><main><h1>Search</h1></main></body></html>""",
    "scripted.js": """document.addEventListener('DOMContentLoaded', () => {
  const i = document.createElement('input');
  i.id = 'js-only';
  document.querySelector('main').append(i);
});""",
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        if self.path.startswith("/scripted.html"):
            self.send_header("Content-Security-Policy", "script-src 'self'")
        super().end_headers()

    def do_POST(self) -> None:  # a no-JS form submission lands on a POST response
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.do_GET()


def _designsystemet_page() -> str:
    """All HTML snippets from the cheat sheet on one page with the vendored assets."""
    notes = (VENDOR / "DESIGNSYSTEMET-NOTES.md").read_text(encoding="utf-8")
    snippets = [
        s for s in re.findall(r"```html\n(.*?)```", notes, re.S) if "<!doctype" not in s.lower()
    ]
    assert len(snippets) >= 8, "cheat sheet snippets not found"
    return f"""<!doctype html>
<html lang="nb" data-color-scheme="light" data-size="md"><head><meta charset="utf-8">
<title>Designsystemet</title>
<link rel="stylesheet" href="vendor/designsystemet/theme.css">
<link rel="stylesheet" href="vendor/designsystemet/designsystemet.css">
<style>body {{ font-family: var(--ds-font-family), system-ui, sans-serif; margin: 0 }}
form > * + * {{ margin-top: var(--ds-size-6) }}</style>
<script src="vendor/htmx/htmx.min.js" defer></script></head>
<body><a class="ds-skip-link" href="#main">Hopp til hovedinnhold</a>
<main id="main" tabindex="-1"><form method="post" action="designsystemet.html" novalidate>
{"".join(snippets)}
</form></main></body></html>"""


@pytest.fixture(scope="module")
def static_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("static-site")
    for name, body in PAGES.items():
        (root / name).write_text(body, encoding="utf-8")
    (root / "designsystemet.html").write_text(_designsystemet_page(), encoding="utf-8")
    (root / "vendor").symlink_to(VENDOR, target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.mark.parametrize("mode", ["js", "nojs"])
def test_accessible_page_has_no_violations(request, static_server, axe_check, mode):
    pg = request.getfixturevalue("page" if mode == "js" else "page_nojs")
    pg.goto(f"{static_server}/ok.html")
    axe_check(pg)


@pytest.mark.parametrize("mode", ["js", "nojs"])
def test_unlabelled_input_is_reported(request, static_server, axe_check, mode):
    pg = request.getfixturevalue("page" if mode == "js" else "page_nojs")
    pg.goto(f"{static_server}/broken.html")
    with pytest.raises(AssertionError) as excinfo:
        axe_check(pg)
    message = str(excinfo.value)
    assert "- label [critical]" in message
    assert "#unlabelled" in message
    assert "Form elements must have labels" in message


def test_page_nojs_really_has_javascript_disabled(page, page_nojs, static_server):
    page.goto(f"{static_server}/scripted.html")
    page_nojs.goto(f"{static_server}/scripted.html")
    assert page.locator("#js-only").count() == 1
    assert page_nojs.locator("#js-only").count() == 0


def test_nojs_audit_sees_noscript_content_and_runs_no_page_scripts(
    page, page_nojs, static_server, axe_check
):
    # <noscript> content is audited only without JS ...
    page.goto(f"{static_server}/noscript.html")
    axe_check(page)
    page_nojs.goto(f"{static_server}/noscript.html")
    with pytest.raises(AssertionError, match="#nojs-only"):
        axe_check(page_nojs)
    # ... and script-inserted content only with JS (and despite the page's CSP).
    page_nojs.goto(f"{static_server}/scripted.html")
    axe_check(page_nojs)
    page.goto(f"{static_server}/scripted.html")
    with pytest.raises(AssertionError, match="#js-only"):
        axe_check(page)


def test_nojs_audit_of_a_post_response(page_nojs, static_server, axe_check):
    page_nojs.goto(f"{static_server}/ok.html")
    page_nojs.fill("#email", "a@example.org")
    page_nojs.click("button[type=submit]")
    page_nojs.wait_for_load_state()
    assert page_nojs.url.endswith("/ok.html")
    axe_check(page_nojs)


def test_vendored_assets_and_cheat_sheet_snippets_are_accessible(
    page, page_nojs, static_server, axe_check
):
    page.goto(f"{static_server}/designsystemet.html")
    # The vendored CSS and theme are applied (primary button gets the accent colour) ...
    bg = page.eval_on_selector("button.ds-button", "b => getComputedStyle(b).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "rgb(239, 239, 239)", "rgb(240, 240, 240)"), bg
    # ... htmx loads, and it is the pinned version.
    versions = (VENDOR / "VERSIONS.txt").read_text(encoding="utf-8")
    assert f"htmx.org@{page.evaluate('htmx.version')}" in versions.splitlines()
    axe_check(page)
    page_nojs.goto(f"{static_server}/designsystemet.html")
    axe_check(page_nojs)
