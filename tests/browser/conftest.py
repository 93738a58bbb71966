"""Browser-test harness: headless Chromium (Playwright sync API), axe-core, live server.

Fixtures
    browser             session-wide Chromium (Debian's ``chromium`` package, or $CHROMIUM)
    page                fresh context + page with JavaScript enabled
    page_nojs           fresh context + page with ``java_script_enabled=False``
    axe_check           the ``assert_no_axe_violations`` function, for tests to call
    live_server         base URL (str) of the Flask app served on 127.0.0.1:<random port>
    live_server_factory start more servers with other config: ``live_server_factory({...})``

Serving other Altinn apps (e.g. the shared ones) through ``live_server``::

    @pytest.mark.parametrize(
        "live_server", [{"BLANKETT_APPS_DIR": str(SHARED_APPS_DIR)}], indirect=True
    )
    def test_x(live_server, page): ...

Every test in this directory is marked ``browser`` automatically.

Notes on JavaScript-disabled pages (found empirically with Chromium 156 / Playwright 1.65):
``page.evaluate`` still runs in a ``java_script_enabled=False`` context and native
promises resolve, but timers and MutationObserver callbacks never fire, so ``axe.run``
hangs there forever, and ``page.add_script_tag`` is a silent no-op. So for a no-JS page
``run_axe`` snapshots the DOM as the no-JS user sees it (``<noscript>`` content
included) and audits that snapshot in a throwaway JS-enabled context at the same URL,
with a ``script-src 'none'`` CSP so the page's own scripts still do not run.
axe is injected with ``page.evaluate`` rather than ``add_script_tag`` so that it also
works on pages whose Content-Security-Policy forbids inline scripts.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
DEFAULT_APPS_DIR = REPO_ROOT / "layouts"
# In a developer checkout and in CI, shared/ sits beside the repository.
SHARED_APPS_DIR = REPO_ROOT.parent / "shared" / "altinn" / "apps"

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
DEFAULT_TIMEOUT_MS = 15_000
# Assertions wait as long as actions do: a loaded CI machine must not turn a slow answer into a
# failure (a test never fails on a time).
expect_timeout = DEFAULT_TIMEOUT_MS
AXE_TIMEOUT_MS = 60_000


# --------------------------------------------------------------------------- markers


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


# --------------------------------------------------------------------------- browser


def chromium_executable() -> str:
    """Path of the Chromium binary to drive: $CHROMIUM or /usr/bin/chromium."""
    wanted = os.environ.get("CHROMIUM") or DEFAULT_CHROMIUM
    found = wanted if os.sep in wanted else shutil.which(wanted)
    if not found or not (os.path.isfile(found) and os.access(found, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {wanted!r}. Install it with `apt-get install chromium` "
            "(Debian) or set CHROMIUM=/path/to/chromium. (`playwright install` cannot "
            "download browsers on this network.)",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="session")
def _playwright() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(_playwright: Any) -> Iterator[Any]:
    executable = chromium_executable()
    try:
        b = _playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
    except Exception as exc:  # any launch error becomes a clear failure
        pytest.fail(
            f"Could not launch Chromium at {executable}: {exc}\n"
            "Is the Debian package installed (`apt-get install chromium`)?",
            pytrace=False,
        )
    yield b
    b.close()


def _new_page(browser: Any, **context_options: Any) -> tuple[Any, Any]:
    context = browser.new_context(**context_options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    return context, context.new_page()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context, pg = _new_page(browser)
    yield pg
    context.close()


@pytest.fixture
def page_nojs(browser: Any) -> Iterator[Any]:
    context, pg = _new_page(browser, java_script_enabled=False)
    yield pg
    context.close()


# --------------------------------------------------------------------------- axe


def _axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(
            f"{AXE_JS.relative_to(REPO_ROOT)} is missing: run `npm ci` in {REPO_ROOT} "
            "(axe-core is pinned in package.json).",
            pytrace=False,
        )
    return AXE_JS.read_text(encoding="utf-8")


# True when the page's document runs scripts. Works even under a strict CSP and in a
# JS-disabled context (where evaluate still works): the HTML fragment parser treats
# <noscript> content as raw text only when scripting is enabled.
_SCRIPTING_PROBE = """() => {
  const d = document.createElement('div');
  d.innerHTML = '<noscript><p>x</p></noscript>';
  return d.querySelector('noscript p') === null;
}"""

# Serialise the DOM as a JS-disabled browser shows it, for re-rendering with JS on:
# <noscript> wrappers are unwrapped (their content is what the no-JS user sees) and a
# CSP meta goes first in <head> so none of the page's scripts run in the snapshot.
_NOJS_SNAPSHOT = """() => {
  const root = document.documentElement.cloneNode(true);
  for (const ns of root.querySelectorAll('noscript')) ns.replaceWith(...ns.childNodes);
  let head = root.querySelector('head');
  if (!head) { head = document.createElement('head'); root.prepend(head); }
  const csp = document.createElement('meta');
  csp.setAttribute('http-equiv', 'Content-Security-Policy');
  csp.setAttribute('content', "script-src 'none'");
  head.prepend(csp);
  const dt = document.doctype ? new XMLSerializer().serializeToString(document.doctype) : '';
  return dt + '\\n' + root.outerHTML;
}"""

_RUN_AXE = """async ([context, options, timeoutMs]) => {
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error('axe.run timed out after ' + timeoutMs + ' ms')), timeoutMs));
  const results = await Promise.race([axe.run(context || document, options), timeout]);
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({
      target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t),
      html: n.html,
    })),
  }));
}"""


def _scripting_enabled(page: Any) -> bool:
    return bool(page.evaluate(_SCRIPTING_PROBE))


def _axe_violations_in(page: Any, context: Any, options: dict[str, Any]) -> list[dict]:
    page.evaluate("(src) => { (0, eval)(src); }", _axe_source())
    return page.evaluate(_RUN_AXE, [context, options, AXE_TIMEOUT_MS])


def run_axe(
    page: Any,
    *,
    tags: tuple[str, ...] | list[str] = WCAG_TAGS,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    disable_rules: tuple[str, ...] | list[str] = (),
) -> list[dict]:
    """Run axe-core on the page's current document; return the violations.

    Works for JS-enabled and JS-disabled pages (see module docstring).
    """
    options: dict[str, Any] = {"runOnly": {"type": "tag", "values": list(tags)}}
    if disable_rules:
        options["rules"] = {rule: {"enabled": False} for rule in disable_rules}
    context = None
    if include or exclude:
        context = {"include": [[s] for s in include or ["html"]]}
        if exclude:
            context["exclude"] = [[s] for s in exclude]

    if _scripting_enabled(page):
        return _axe_violations_in(page, context, options)

    html = page.evaluate(_NOJS_SNAPSHOT)
    url = page.url.split("#", 1)[0]
    browser = page.context.browser
    if browser is None:
        pytest.fail("run_axe: a JS-disabled page needs a non-persistent browser context")
    helper_context = browser.new_context(viewport=page.viewport_size)
    try:
        helper_context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        helper = helper_context.new_page()
        if url.startswith(("http://", "https://")):
            helper_context.add_cookies(page.context.cookies())

            def serve_snapshot(route: Any) -> None:
                request = route.request
                if request.resource_type == "document" and request.url == url:
                    route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
                else:
                    route.continue_()

            helper.route("**/*", serve_snapshot)
            helper.goto(url, wait_until="load")
        else:
            helper.set_content(html, wait_until="load")
        return _axe_violations_in(helper, context, options)
    finally:
        helper_context.close()


def format_violations(violations: list[dict], url: str = "") -> str:
    lines = [
        f"axe found {len(violations)} accessibility violation(s) "
        f"({', '.join(WCAG_TAGS)}){' on ' + url if url else ''}:"
    ]
    for v in violations:
        lines.append(f"  - {v['id']} [{v.get('impact')}]: {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:15]:
            snippet = " ".join(node["html"].split())
            if len(snippet) > 120:
                snippet = snippet[:117] + "..."
            lines.append(f"      {', '.join(node['target'])}    {snippet}")
        if len(v["nodes"]) > 15:
            lines.append(f"      ... and {len(v['nodes']) - 15} more")
    return "\n".join(lines)


def assert_no_axe_violations(page: Any, **kwargs: Any) -> None:
    """Fail (AssertionError) listing every WCAG 2.1 A/AA violation axe finds on the page.

    Keyword arguments are passed to ``run_axe`` (tags, include, exclude, disable_rules).
    """
    violations = run_axe(page, **kwargs)
    if violations:
        raise AssertionError(format_violations(violations, page.url))


@pytest.fixture
def axe_check() -> Callable[..., None]:
    """``axe_check(page, **kwargs)``: the ``assert_no_axe_violations`` helper."""
    return assert_no_axe_violations


# --------------------------------------------------------------------------- live server


@dataclass
class LiveServer:
    url: str
    app: Any
    _server: Any = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _tmpdir: tempfile.TemporaryDirectory | None = field(default=None, repr=False)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
        if self._tmpdir is not None:
            self._tmpdir.cleanup()
            self._tmpdir = None

    def __enter__(self) -> LiveServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def live_server_config(data_dir: Path) -> dict[str, Any]:
    """The default test config: temporary SQLite database, the repository's layouts/."""
    return {
        "TESTING": True,
        "DATABASE_URL": f"sqlite:///{data_dir}/blankett.db",
        "SECRET_KEY": "test",
        "BLANKETT_APPS_DIR": str(DEFAULT_APPS_DIR),
    }


def start_live_server(
    config_overrides: Mapping[str, Any] | None = None,
    *,
    data_dir: Path | None = None,
    create_app: Callable[[dict | None], Any] | None = None,
) -> LiveServer:
    """Start ``create_app(config)`` on 127.0.0.1:<free port> in a daemon thread.

    ``config_overrides`` is merged over ``live_server_config``. Without ``data_dir`` a
    temporary directory is made for the SQLite file and removed by ``stop()``.
    """
    from werkzeug.serving import make_server

    if create_app is None:
        from app import create_app

    tmpdir = None
    if data_dir is None:
        tmpdir = tempfile.TemporaryDirectory(prefix="blankett-live-")
        data_dir = Path(tmpdir.name)
    data_dir.mkdir(parents=True, exist_ok=True)
    config = live_server_config(data_dir)
    config.update(config_overrides or {})
    try:
        app = create_app(config)
        server = make_server("127.0.0.1", 0, app, threaded=True)
    except BaseException:
        if tmpdir is not None:
            tmpdir.cleanup()
        raise
    thread = threading.Thread(
        target=server.serve_forever, name=f"live-server-{server.server_port}", daemon=True
    )
    thread.start()
    return LiveServer(f"http://127.0.0.1:{server.server_port}", app, server, thread, tmpdir)


@pytest.fixture
def live_server_factory(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """``live_server_factory(config_overrides=None) -> LiveServer`` (stopped after the test)."""
    servers: list[LiveServer] = []

    def factory(config_overrides: Mapping[str, Any] | None = None, **kwargs: Any) -> LiveServer:
        kwargs.setdefault("data_dir", tmp_path / f"live-server-{len(servers)}")
        server = start_live_server(config_overrides, **kwargs)
        servers.append(server)
        return server

    yield factory
    for server in reversed(servers):
        server.stop()


@pytest.fixture
def live_server(request: pytest.FixtureRequest, live_server_factory: Callable) -> str:
    """Base URL of the app; config overrides via indirect parametrization (a dict)."""
    overrides = getattr(request, "param", None)
    return live_server_factory(overrides).url


def pytest_configure(config: pytest.Config) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=expect_timeout)
