"""A stand-in eFormidling integration point: the routes and JSON of Digdir's integration point
(eFormidling 2 REST API) that a sender uses, so Blankett's client talks to it over real HTTP
in local mode and in tests.

Integration point routes (as the real one):

    POST /api/messages/out                 create from an SBD; 400 if the id exists
    GET  /api/messages/out/{id}            the SBD of an unsent message; 404 once sent
    PUT  /api/messages/out/{id}            add a file (Content-Disposition: filename, name);
                                           a file of the same name is replaced
    POST /api/messages/out/{id}            send: checks the files against arkivmelding.xml
    GET  /api/statuses?messageId={id}      statuses as a Spring page (also ?status=, page,
    GET  /api/statuses/{id}                size), oldest first

A sent message moves on by itself: OPPRETTET (created) → SENDT (sent) → MOTTATT (half of
`deliver_after` later) → LEVERT (`deliver_after`, default 0.2 s, later). A message id is
never created twice and a sent message is never sent again.

Control routes (for tests and people; never failed or delayed themselves):

    POST /_standin/fail?times=3[&route=any][&code=500][&when=before]
         the next `times` requests to `route` (create, get, upload, send, statuses or any)
         answer `code`; when=after does the work first and then fails (a lost answer)
    POST /_standin/hang?seconds=5[&times=1][&route=any]   sleep before answering
    POST /_standin/config?deliver_after=0.5|never         how soon sent messages are LEVERT
    POST /_standin/messages/{id}/status?status=FEIL[&description=…]   add a status
    POST /_standin/reset                                  forget everything
    GET  /_standin/messages                               what arrived, with status history
    GET  /_standin/messages/{id}/files/{name}             one file as uploaded

With a folder, messages and files are kept there and read back on start, so a restarted
stand-in still knows what it was sent (fail and hang rules are not kept).

    python -m integrations.standins.eformidling --port 8099 [--folder DIR]"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import defusedxml.ElementTree as SafeET
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from integrations.standins.serving import StandIn, run_until_stopped, serve

OPPRETTET, SENDT, MOTTATT, LEVERT = "OPPRETTET", "SENDT", "MOTTATT", "LEVERT"
FAILED = {"FEIL", "LEVETID_UTLOPT"}
ROUTES = ("create", "get", "upload", "send", "statuses")
ARKIVMELDING_FILE = "arkivmelding.xml"
_AM = "{http://www.arkivverket.no/standarder/noark5/arkivmelding}"
_EXCEPTIONS = "no.difi.meldingsutveksling.exceptions."
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

_URLS = Map([
    Rule("/api/messages/out", methods=["POST"], endpoint="create"),
    Rule("/api/messages/out/<message_id>", methods=["GET"], endpoint="get"),
    Rule("/api/messages/out/<message_id>", methods=["PUT"], endpoint="upload"),
    Rule("/api/messages/out/<message_id>", methods=["POST"], endpoint="send"),
    Rule("/api/statuses", methods=["GET"], endpoint="statuses"),
    Rule("/api/statuses/<message_id>", methods=["GET"], endpoint="statuses"),
    Rule("/_standin/fail", methods=["POST"], endpoint="ctl_fail"),
    Rule("/_standin/hang", methods=["POST"], endpoint="ctl_hang"),
    Rule("/_standin/config", methods=["POST"], endpoint="ctl_config"),
    Rule("/_standin/reset", methods=["POST"], endpoint="ctl_reset"),
    Rule("/_standin/messages", methods=["GET"], endpoint="ctl_messages"),
    Rule("/_standin/messages/<message_id>/status", methods=["POST"], endpoint="ctl_status"),
    Rule("/_standin/messages/<message_id>/files/<path:name>", methods=["GET"],
         endpoint="ctl_file"),
])


class ApiError(Exception):
    """An answer in Spring's error JSON, as the integration point gives it."""

    def __init__(self, code: int, exception: str, message: str) -> None:
        super().__init__(message)
        self.code, self.exception, self.message = code, exception, message


@dataclass
class StoredFile:
    name: str
    content_type: str
    title: str | None
    size: int
    sha256: str
    data: bytes | None = None  # in memory; on disk under the message's folder otherwise


@dataclass
class StoredMessage:
    id: str
    sbd: dict[str, Any]
    created_at: float
    files: dict[str, StoredFile] = field(default_factory=dict)  # by name, in upload order
    statuses: list[dict[str, Any]] = field(default_factory=list)
    sent_at: float | None = None
    send_count: int = 0


@dataclass
class _Rule:
    route: str  # one of ROUTES, or "any"
    remaining: int
    code: int = 500
    when: str = "before"
    seconds: float = 0.0


def _now_iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="milliseconds")


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status,
                    content_type="application/json")


def parse_content_disposition(value: str) -> tuple[str | None, str | None]:
    """(name, filename) of a Content-Disposition header; RFC 5987's filename* wins over
    filename, as in the integration point."""
    params: dict[str, str] = {}
    for part in re.findall(r'(?:[^;"]|"(?:[^"\\]|\\.)*")+', value)[1:]:
        key, eq, raw = part.strip().partition("=")
        if not eq:
            continue
        raw = raw.strip()
        if len(raw) >= 2 and raw[0] == raw[-1] == '"':
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
        params[key.strip().lower()] = raw
    filename = params.get("filename")
    if "filename*" in params:
        charset, _, rest = params["filename*"].partition("'")
        _, _, encoded = rest.partition("'")
        try:
            filename = unquote(encoded, encoding=charset or "utf-8", errors="strict")
        except (LookupError, UnicodeDecodeError):
            pass
    return params.get("name"), filename


class IntegrationPointStandIn:
    """The WSGI app. Its state is also reachable from Python (fail, hang, messages, …)."""

    def __init__(self, folder: str | Path | None = None, deliver_after: float | None = 0.2
                 ) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.deliver_after = deliver_after
        self._lock = threading.RLock()
        self._wake = threading.Event()  # ends hangs early on reset and stop
        self._messages: dict[str, StoredMessage] = {}
        self._rules: list[_Rule] = []
        self._hangs: list[_Rule] = []
        self._next_status_id = 1
        self.requests: dict[str, int] = {r: 0 for r in ROUTES}
        if self.folder is not None:
            self._load()

    # --- WSGI -----------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        return self._dispatch(request)(environ, start_response)

    def _dispatch(self, request: Request) -> Response:
        try:
            endpoint, args = _URLS.bind_to_environ(request.environ).match()
        except HTTPException as exc:
            return self._error(request, exc.code or 500, "HttpException", exc.description or "")
        if endpoint.startswith("ctl_"):
            return getattr(self, f"_{endpoint}")(request, **args)
        with self._lock:
            self.requests[endpoint] += 1
        hang = self._take(self._hangs, endpoint)
        if hang is not None:
            self._wake.wait(hang.seconds)
        rule = self._take(self._rules, endpoint)
        if rule is not None and rule.when == "before":
            return self._error(request, rule.code, "StandInFailure", "told to fail")
        try:
            response = getattr(self, f"_{endpoint}")(request, **args)
        except ApiError as error:
            response = self._error(request, error.code, _EXCEPTIONS + error.exception,
                                   error.message)
        except ValueError as error:  # a query parameter that is not a number
            response = self._error(request, 400, "IllegalArgumentException", str(error))
        if rule is not None:  # when == "after": the work is done, the answer is lost
            return self._error(request, rule.code, "StandInFailure", "failed after the work")
        return response

    @staticmethod
    def _error(request: Request, code: int, exception: str, message: str) -> Response:
        return _json({"timestamp": _now_iso(time.time()), "status": code,
                      "error": HTTP_STATUS_CODES.get(code, "Error"), "exception": exception,
                      "message": message, "path": request.path}, code)

    def _take(self, rules: list[_Rule], endpoint: str) -> _Rule | None:
        with self._lock:
            for rule in rules:
                if rule.remaining > 0 and rule.route in (endpoint, "any"):
                    rule.remaining -= 1
                    if rule.remaining == 0:
                        rules.remove(rule)
                    return rule
        return None

    # --- the integration point's routes ---------------------------------------------------------

    def _create(self, request: Request) -> Response:
        sbd = request.get_json(silent=True)
        header = sbd.get("standardBusinessDocumentHeader") if isinstance(sbd, dict) else None
        if not isinstance(header, dict):
            raise ApiError(400, "InvalidDocumentException",
                           "The body must be a standard business document (JSON)")
        ident = header.setdefault("documentIdentification", {})
        message_id = ident.get("instanceIdentifier") or str(uuid.uuid4())
        if not isinstance(message_id, str) or not _UUID.fullmatch(message_id):
            raise ApiError(400, "NotUUIDException", f"messageId {message_id!r} is not a UUID")
        ident["instanceIdentifier"] = message_id = message_id.lower()
        receivers = header.get("receiver")
        if not isinstance(receivers, list) or not receivers:
            raise ApiError(400, "ReceiverException", "The SBD has no receiver")
        scope = _conversation_scope(header)
        if scope is None or not scope.get("identifier"):
            raise ApiError(400, "ProcessException", "The SBD has no ConversationId process")
        scope.setdefault("instanceIdentifier", str(uuid.uuid4()))
        with self._lock:
            if message_id in self._messages:
                raise ApiError(400, "MessageAlreadyExistsException",
                               f"Message with messageId={message_id} already exists")
            message = StoredMessage(message_id, sbd, time.time())
            self._status(message, OPPRETTET, message.created_at)
            self._messages[message_id] = message
            self._save(message)
        return _json(sbd)

    def _outgoing(self, message_id: str) -> StoredMessage:
        """A created, unsent message; the real IP drops a message from its outgoing store once
        it is sent, so a sent one is not found either."""
        message = self._messages.get(message_id.lower())
        if message is None or message.sent_at is not None:
            raise ApiError(404, "MessageNotFoundException",
                           f"Message with messageId={message_id} not found")
        return message

    def _get(self, request: Request, message_id: str) -> Response:
        with self._lock:
            return _json(self._outgoing(message_id).sbd)

    def _upload(self, request: Request, message_id: str) -> Response:
        disposition = request.headers.get("Content-Disposition")
        content_type = request.headers.get("Content-Type")
        if not disposition or not content_type:
            raise ApiError(400, "MissingHttpHeaderException",
                           "Content-Type and Content-Disposition are required")
        title, name = parse_content_disposition(disposition)
        if not name:
            raise ApiError(400, "MissingFilenameException", "Content-Disposition has no filename")
        data = request.get_data()
        with self._lock:
            message = self._outgoing(message_id)
            message.files.pop(name, None)  # replaced, and moved to the end
            message.files[name] = StoredFile(name, content_type, title, len(data),
                                             hashlib.sha256(data).hexdigest(), data)
            self._save(message, new_file=message.files[name])
        return Response(status=200)

    def _send(self, request: Request, message_id: str) -> Response:
        with self._lock:
            message = self._outgoing(message_id)
            self._check_files(message)
            expires = _expected_response(message.sbd)
            now = time.time()
            if expires is not None and expires < now:
                self._status(message, "LEVETID_UTLOPT", now, "expectedResponseDateTime passed")
                self._save(message)
                raise ApiError(400, "TimeToLiveException", "The message's time to live is over")
            message.sent_at, message.send_count = now, message.send_count + 1
            self._status(message, SENDT, now)
            self._save(message)
        return Response(status=200)

    def _check_files(self, message: StoredMessage) -> None:
        """What the real IP checks before it sends: some file, and for an arkivmelding its
        arkivmelding.xml naming only files that are there."""
        if not message.files:
            raise ApiError(400, "MissingFileException", "The message has no files")
        ident = message.sbd["standardBusinessDocumentHeader"]["documentIdentification"]
        if ident.get("type") != "arkivmelding":
            return
        stored = message.files.get(ARKIVMELDING_FILE)
        if stored is None:
            raise ApiError(400, "MissingArkivmeldingException", "arkivmelding.xml is missing")
        try:
            root = SafeET.fromstring(self._read(message, stored))
        except Exception:  # noqa: BLE001 - any unreadable XML is the same answer
            raise ApiError(400, "UnmarshalArkivmeldingException",
                           "arkivmelding.xml is not readable") from None
        named = [(e.text or "").strip() for e in root.iter(f"{_AM}referanseDokumentfil")]
        missing = [n for n in named if n not in message.files]
        if missing:
            raise ApiError(400, "MissingArkivmeldingFileException",
                           "Files named in arkivmelding.xml are missing: " + ", ".join(missing))

    def _statuses(self, request: Request, message_id: str | None = None) -> Response:
        wanted = message_id or request.args.get("messageId")
        status = request.args.get("status")
        page = max(int(request.args.get("page", "0") or 0), 0)
        size = min(max(int(request.args.get("size", "20") or 20), 1), 2000)
        with self._lock:
            self._advance_all()
            items = [s for m in self._messages.values() for s in m.statuses
                     if (wanted is None or m.id == wanted.lower())
                     and (status is None or s["status"] == status)]
        items.sort(key=lambda s: s["id"])
        chunk = items[page * size:(page + 1) * size]
        pages = max((len(items) + size - 1) // size, 1)
        return _json({"content": chunk, "totalElements": len(items), "totalPages": pages,
                      "number": page, "size": size, "numberOfElements": len(chunk),
                      "first": page == 0, "last": page >= pages - 1, "empty": not chunk})

    # --- statuses over time -----------------------------------------------------------------

    def _status(self, message: StoredMessage, status: str, at: float,
                description: str | None = None) -> None:
        conversation = _conversation_scope(message.sbd["standardBusinessDocumentHeader"]) or {}
        message.statuses.append({
            "id": self._next_status_id, "lastUpdate": _now_iso(at), "status": status,
            "description": description, "messageId": message.id,
            "conversationId": conversation.get("instanceIdentifier")})
        self._next_status_id += 1

    def _advance_all(self) -> None:
        """Sent messages reach MOTTATT and LEVERT when their time has come (worked out when
        someone looks, so nothing runs in the background and a restart loses nothing)."""
        if self.deliver_after is None:
            return
        now = time.time()
        for message in self._messages.values():
            if message.sent_at is None:
                continue
            seen = {s["status"] for s in message.statuses}
            if seen & FAILED:
                continue
            changed = False
            for status, delay in ((MOTTATT, self.deliver_after / 2), (LEVERT, self.deliver_after)):
                if status not in seen and now >= message.sent_at + delay:
                    self._status(message, status, message.sent_at + delay)
                    changed = True
            if changed:
                self._save(message)

    # --- control, from Python -------------------------------------------------------------------

    def fail(self, times: int = 1, route: str = "any", code: int = 500, when: str = "before"
             ) -> None:
        if route not in (*ROUTES, "any") or when not in ("before", "after"):
            raise ValueError(f"route must be one of {ROUTES} or any; when before or after")
        with self._lock:
            self._rules.append(_Rule(route, times, code, when))

    def hang(self, seconds: float, times: int = 1, route: str = "any") -> None:
        if route not in (*ROUTES, "any"):
            raise ValueError(f"route must be one of {ROUTES} or any")
        with self._lock:
            self._hangs.append(_Rule(route, times, seconds=seconds))

    def set_status(self, message_id: str, status: str, description: str | None = None) -> None:
        with self._lock:
            message = self._messages.get(message_id.lower())
            if message is None:
                raise KeyError(message_id)
            self._status(message, status, time.time(), description)
            self._save(message)

    def reset(self) -> None:
        """Forget messages, rules and counts (and the folder's contents)."""
        self._wake.set()
        with self._lock:
            self._messages.clear()
            self._rules.clear()
            self._hangs.clear()
            self.requests = {r: 0 for r in ROUTES}
            self._next_status_id = 1
            if self.folder is not None:
                shutil.rmtree(self.folder / "messages", ignore_errors=True)
        self._wake = threading.Event()

    def release(self) -> None:
        """End every hang now (stop() calls this, so a hung request does not hold it up)."""
        self._wake.set()

    def messages(self) -> list[dict[str, Any]]:
        """Everything received, oldest first, as GET /_standin/messages lists it."""
        with self._lock:
            self._advance_all()
            return [self._describe(m) for m in
                    sorted(self._messages.values(), key=lambda m: m.created_at)]

    def file(self, message_id: str, name: str) -> bytes | None:
        with self._lock:
            message = self._messages.get(message_id.lower())
            stored = message.files.get(name) if message else None
            return self._read(message, stored) if message and stored else None

    @staticmethod
    def _describe(message: StoredMessage) -> dict[str, Any]:
        return {
            "id": message.id, "sbd": message.sbd, "createdAt": _now_iso(message.created_at),
            "sent": message.sent_at is not None, "sendCount": message.send_count,
            "files": [{"name": f.name, "title": f.title, "contentType": f.content_type,
                       "size": f.size, "sha256": f.sha256} for f in message.files.values()],
            "statuses": [dict(s) for s in message.statuses],
        }

    # --- control, over HTTP ---------------------------------------------------------------------

    def _ctl_fail(self, request: Request) -> Response:
        try:
            self.fail(int(request.args.get("times", "1")), request.args.get("route", "any"),
                      int(request.args.get("code", "500")), request.args.get("when", "before"))
        except ValueError as exc:
            return _json({"error": str(exc)}, 400)
        return _json({"ok": True})

    def _ctl_hang(self, request: Request) -> Response:
        try:
            self.hang(float(request.args.get("seconds", "5")),
                      int(request.args.get("times", "1")), request.args.get("route", "any"))
        except ValueError as exc:
            return _json({"error": str(exc)}, 400)
        return _json({"ok": True})

    def _ctl_config(self, request: Request) -> Response:
        value = request.args.get("deliver_after")
        if value is not None:
            try:
                self.deliver_after = None if value == "never" else max(float(value), 0.0)
            except ValueError:
                return _json({"error": "deliver_after is seconds or 'never'"}, 400)
        return _json({"deliver_after": self.deliver_after})

    def _ctl_reset(self, request: Request) -> Response:
        self.reset()
        return _json({"ok": True})

    def _ctl_messages(self, request: Request) -> Response:
        with self._lock:
            counts = dict(self.requests)
        return _json({"messages": self.messages(), "requests": counts})

    def _ctl_status(self, request: Request, message_id: str) -> Response:
        status = request.args.get("status")
        if not status:
            return _json({"error": "give ?status="}, 400)
        try:
            self.set_status(message_id, status, request.args.get("description"))
        except KeyError:
            return _json({"error": "no such message"}, 404)
        return _json({"ok": True})

    def _ctl_file(self, request: Request, message_id: str, name: str) -> Response:
        data = self.file(message_id, name)
        if data is None:
            return _json({"error": "no such file"}, 404)
        with self._lock:
            content_type = self._messages[message_id.lower()].files[name].content_type
        return Response(data, content_type=content_type)

    # --- keeping it in a folder -----------------------------------------------------------------

    def _message_dir(self, message_id: str) -> Path:
        assert self.folder is not None
        return self.folder / "messages" / message_id  # ids are checked UUIDs

    @staticmethod
    def _blob_name(name: str) -> str:
        return hashlib.sha256(name.encode()).hexdigest()[:40] + ".bin"

    def _save(self, message: StoredMessage, new_file: StoredFile | None = None) -> None:
        if self.folder is None:
            return
        where = self._message_dir(message.id)
        (where / "files").mkdir(parents=True, exist_ok=True)
        if new_file is not None and new_file.data is not None:
            _write_atomic(where / "files" / self._blob_name(new_file.name), new_file.data)
            new_file.data = None  # read back from the folder when needed
        record = {
            "id": message.id, "sbd": message.sbd, "created_at": message.created_at,
            "sent_at": message.sent_at, "send_count": message.send_count,
            "statuses": message.statuses,
            "files": [{"name": f.name, "content_type": f.content_type, "title": f.title,
                       "size": f.size, "sha256": f.sha256} for f in message.files.values()],
        }
        _write_atomic(where / "message.json", json.dumps(record, ensure_ascii=False).encode())

    def _read(self, message: StoredMessage, stored: StoredFile) -> bytes:
        if stored.data is not None:
            return stored.data
        return (self._message_dir(message.id) / "files" / self._blob_name(stored.name)).read_bytes()

    def _load(self) -> None:
        assert self.folder is not None
        for record_file in sorted((self.folder / "messages").glob("*/message.json")):
            try:
                record = json.loads(record_file.read_text())
            except (OSError, ValueError):
                continue  # a half-written record from a crash: that message never was
            message = StoredMessage(record["id"], record["sbd"], record["created_at"],
                                    statuses=record["statuses"], sent_at=record["sent_at"],
                                    send_count=record["send_count"])
            for f in record["files"]:
                message.files[f["name"]] = StoredFile(f["name"], f["content_type"], f["title"],
                                                      f["size"], f["sha256"])
            self._messages[message.id] = message
            ids = [s["id"] for s in message.statuses]
            self._next_status_id = max([self._next_status_id, *(i + 1 for i in ids)])


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + f".{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _conversation_scope(header: dict[str, Any]) -> dict[str, Any] | None:
    business = header.get("businessScope")
    scopes = business.get("scope") if isinstance(business, dict) else None
    for scope in scopes if isinstance(scopes, list) else []:
        if isinstance(scope, dict) and scope.get("type") == "ConversationId":
            return scope
    return None


def _expected_response(sbd: dict[str, Any]) -> float | None:
    scope = _conversation_scope(sbd["standardBusinessDocumentHeader"]) or {}
    for info in scope.get("scopeInformation") or []:
        value = info.get("expectedResponseDateTime") if isinstance(info, dict) else None
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
            except ValueError:
                return None
    return None


# --- serving it --------------------------------------------------------------------------------


def serve_standin(host: str = "127.0.0.1", port: int = 0, folder: str | Path | None = None,
                  deliver_after: float | None = 0.2, quiet: bool = True) -> StandIn:
    """Start a stand-in in a daemon thread (port 0: any free port) and return it."""
    app = IntegrationPointStandIn(folder, deliver_after)
    return serve(app, host, port, "eformidling-standin", quiet)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A stand-in eFormidling integration point.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9093)
    parser.add_argument("--folder", help="keep messages here, across restarts")
    parser.add_argument("--deliver-after", default="0.2",
                        help="seconds from SENDT to LEVERT, or 'never'")
    args = parser.parse_args(argv)
    deliver = None if args.deliver_after == "never" else float(args.deliver_after)
    app = IntegrationPointStandIn(args.folder, deliver)
    run_until_stopped(app, args.host, args.port,
                      "eFormidling stand-in on {url}/api/ (control: /_standin/messages)")


if __name__ == "__main__":
    main()
