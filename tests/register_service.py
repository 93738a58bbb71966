"""A stand-in register service for tests, speaking Altinn Platform's Register and Profile JSON
(camelCase, as the platform answers) on 127.0.0.1, served by werkzeug in a thread, so
`HttpRegister` talks to it over real HTTP and nothing leaves the machine.

    GET /register/api/v1/parties/{partyId}   Party with `person` or `organization`
    GET /profile/api/v1/users/{userId}       UserProfile with `party`

The data is the localtest data (LocalRegister), with every key made camelCase. `requests` lists
the paths asked for; `status` (when set) is answered to every request instead."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from integrations.register import LocalRegister


def camel(value: Any) -> Any:
    """Newtonsoft's camelCase: the leading capitals lowered ("SSN" → "ssn",
    "EMailAddress" → "eMailAddress", "PartyId" → "partyId")."""
    if isinstance(value, dict):
        return {_camel_name(str(k)): camel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [camel(v) for v in value]
    return value


def _camel_name(name: str) -> str:
    if name.isupper():
        return name.lower()
    head = re.match(r"^[A-Z]+(?=[A-Z][a-z])|^[A-Z]", name)
    return name if head is None else head.group(0).lower() + name[head.end():]


@dataclass
class StandInRegister:
    local: LocalRegister = field(default_factory=LocalRegister)
    status: int | None = None
    requests: list[str] = field(default_factory=list)
    url: str = ""

    def wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        self.requests.append(request.path)
        return self.answer(request)(environ, start_response)

    def answer(self, request: Request) -> Response:
        if self.status is not None:
            return Response("stand-in failure", status=self.status)
        if request.method != "GET":
            return Response(status=405)
        found: Any = None
        if m := re.fullmatch(r"/register/api/v1/parties/(\d+)", request.path):
            found = self.local.party_details(int(m.group(1)))
        elif m := re.fullmatch(r"/profile/api/v1/users/(\d+)", request.path):
            found = self.local.user_profile(int(m.group(1)))
        if found is None:
            return Response(status=404)
        return Response(json.dumps(camel(found)), content_type="application/json")

    def start(self) -> StandInRegister:
        self._server = make_server("127.0.0.1", 0, self.wsgi, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="stand-in-register")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
