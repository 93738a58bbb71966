"""Running a stand-in on loopback in a daemon thread, for local mode and tests."""

from __future__ import annotations

import threading
from typing import Any, Protocol

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server


class StandInApp(Protocol):
    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any: ...
    def release(self) -> None: ...  # let go of requests told to hang, so stopping is quick


class StandIn:
    """A running stand-in: `url` to point the client at, `app` to control it from Python."""

    def __init__(self, app: Any, server: BaseWSGIServer, name: str) -> None:
        self.app = app
        self._server = server
        self.url = f"http://{server.server_address[0]}:{server.server_port}"
        # A short poll, so stop() returns at once rather than after half a second.
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,),
                                        daemon=True, name=name)
        self._thread.start()

    def stop(self) -> None:
        self.app.release()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> StandIn:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _QuietHandler(WSGIRequestHandler):
    """No access log line per request: a stand-in inside tests or local mode stays quiet (and
    never echoes a request that carries a secret)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def serve(app: StandInApp, host: str, port: int, name: str, quiet: bool = True) -> StandIn:
    """Serve `app` at host:port (port 0: any free one) until `stop()`."""
    handler = _QuietHandler if quiet else None
    return StandIn(app, make_server(host, port, app, threaded=True, request_handler=handler),
                   name)


def run_until_stopped(app: StandInApp, host: str, port: int, banner: str) -> None:
    """A stand-in on its own (`python -m ...`): serve in the foreground until Ctrl-C.
    `banner` is printed with `{url}` filled in."""
    server = make_server(host, port, app, threaded=True)
    print(banner.format(url=f"http://{host}:{server.server_port}"), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
