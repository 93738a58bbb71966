"""A client for the eFormidling integration point's REST API ("eFormidling 2"), the part a
sender needs, step by step as Digdir describes it:

    POST /api/messages/out                   create the message from its SBD (JSON)
    GET  /api/messages/out/{messageId}       the SBD of a message not yet sent (404 otherwise)
    PUT  /api/messages/out/{messageId}       add one file (Content-Disposition names it)
    POST /api/messages/out/{messageId}       send it
    GET  /api/statuses?messageId={messageId} its statuses, oldest first (OPPRETTET, SENDT, …)

Every failure is an EFormidlingError whose `retryable` tells a job whether trying again later
can help: timeouts, broken connections and 5xx answers can; other 4xx answers cannot (the
message is wrong), except the IP saying the message already exists, which ship() resolves.
The client itself never retries: the job pipeline owns retries and their pauses."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests

# Statuses from Digdir's list. Anything but OPPRETTET means the IP has taken the message on.
OPPRETTET, SENDT, MOTTATT, LEVERT, LEST = "OPPRETTET", "SENDT", "MOTTATT", "LEVERT", "LEST"
FEIL, LEVETID_UTLOPT = "FEIL", "LEVETID_UTLOPT"
DELIVERED = frozenset({LEVERT, LEST})
FAILED = frozenset({FEIL, LEVETID_UTLOPT})
_RETRYABLE_CODES = {408, 425, 429}  # timeout, too early, too many requests
_MAX_STATUS_PAGES = 50
# Letters NFKD does not take apart (å does: a + ring).
_SPELLED = str.maketrans({"æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d"})


class EFormidlingError(Exception):
    """A call to the integration point failed. `retryable`: a later attempt may succeed."""

    def __init__(self, message: str, *, retryable: bool, status_code: int | None = None,
                 already_exists: bool = False, ip_status: str | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status_code = status_code
        self.already_exists = already_exists
        self.ip_status = ip_status  # set by ship() when the IP reports the message failed


@dataclass(frozen=True)
class MessageStatus:
    status: str  # OPPRETTET, SENDT, MOTTATT, LEVERT, LEST, FEIL, LEVETID_UTLOPT, …
    last_update: str | None = None
    description: str | None = None
    id: int | None = None

    @classmethod
    def from_json(cls, item: Mapping[str, Any]) -> MessageStatus:
        raw_id = item.get("id")
        return cls(str(item.get("status") or ""), item.get("lastUpdate"),
                   item.get("description"), raw_id if isinstance(raw_id, int) else None)


def _ascii(text: str, fallback: str) -> str:
    """Header-safe text: accents dropped, quotes, backslashes and control characters removed."""
    spelled = text.translate(_SPELLED)
    folded = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    clean = "".join(c for c in folded if c.isprintable() and c not in '"\\')
    return clean.strip() or fallback


def content_disposition(name: str, title: str | None = None) -> str:
    """`attachment; name="<title>"; filename="<name>"`, plus RFC 5987's `filename*` for a
    name that is not plain ASCII (the IP reads it in preference to `filename`)."""
    parts = ["attachment", f'name="{_ascii(title or name, "file")}"',
             f'filename="{_ascii(name, "file")}"']
    if _ascii(name, "") != name:
        parts.append("filename*=UTF-8''" + quote(name, safe=""))
    return "; ".join(parts)


class IntegrationPointClient:
    """One integration point, at `base_url` (its root, or its `/api/` URL as Altinn's
    EFormidlingClientSettings.BaseUrl gives it). `timeout` is seconds, or (connect, read).
    A client keeps a connection pool: use one per thread."""

    def __init__(self, base_url: str, timeout: float | tuple[float, float] = 30.0, *,
                 headers: Mapping[str, str] | None = None,
                 session: requests.Session | None = None) -> None:
        root = base_url.rstrip("/")
        self.api = root if root.endswith("/api") else f"{root}/api"
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.headers.update({"Accept": "application/json", **(headers or {})})

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> IntegrationPointClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the calls ------------------------------------------------------------------------------

    def create_message(self, sbd: Mapping[str, Any]) -> dict[str, Any]:
        """POST the SBD; returns the SBD as the IP stored it. Raises EFormidlingError, with
        `already_exists` (and `retryable`) when the IP has a message with this id."""
        response = self._call("POST", "messages/out", json=dict(sbd), what="create the message")
        return self._json(response)

    def get_message(self, message_id: str) -> dict[str, Any] | None:
        """The SBD of a created, unsent message; None when the IP has none by that id."""
        response = self._call("GET", f"messages/out/{quote(message_id)}", allow={404},
                              what="look up the message")
        return None if response.status_code == 404 else self._json(response)

    def upload_file(self, message_id: str, name: str, content_type: str, data: bytes,
                    title: str | None = None) -> None:
        """PUT one file into a created message, named by Content-Disposition."""
        headers = {"Content-Type": content_type,
                   "Content-Disposition": content_disposition(name, title)}
        self._call("PUT", f"messages/out/{quote(message_id)}", data=data, headers=headers,
                   what=f"upload {name}")

    def send(self, message_id: str) -> None:
        """Ask the IP to send the message with the files uploaded so far."""
        self._call("POST", f"messages/out/{quote(message_id)}", what="send the message")

    def statuses(self, message_id: str) -> list[MessageStatus]:
        """Every status of the message, oldest first; empty when the IP does not know it."""
        found: list[MessageStatus] = []
        for page in range(_MAX_STATUS_PAGES):
            response = self._call("GET", "statuses", allow={404}, what="read the status",
                                  params={"messageId": message_id, "page": page})
            if response.status_code == 404:
                break
            body = self._json(response)
            items = body.get("content") if isinstance(body, dict) else body
            found.extend(MessageStatus.from_json(i) for i in items or [] if isinstance(i, dict))
            if not isinstance(body, dict) or body.get("last", True) or not items:
                break
        return sorted(found, key=lambda s: (s.id is None, s.id or 0))

    def status(self, message_id: str) -> str | None:
        """The latest status name (LEVERT, …), or None when the IP has no such message."""
        found = self.statuses(message_id)
        return found[-1].status if found else None

    # --- plumbing -------------------------------------------------------------------------------

    def _call(self, method: str, path: str, *, what: str, allow: Collection[int] = (),
              **kwargs: Any) -> requests.Response:
        url = f"{self.api}/{path}"
        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.Timeout as exc:
            raise EFormidlingError(f"eFormidling: timed out trying to {what} ({method} {url})",
                                   retryable=True) from exc
        except requests.RequestException as exc:  # connection refused, reset, DNS, ...
            raise EFormidlingError(f"eFormidling: could not {what} ({method} {url}): {exc}",
                                   retryable=True) from exc
        if response.ok or response.status_code in allow:
            return response
        detail = _detail(response)
        exists = _already_exists(response, detail) and path == "messages/out"
        code = response.status_code
        raise EFormidlingError(
            f"eFormidling: could not {what}: {code} {detail}".rstrip(),
            retryable=code >= 500 or code in _RETRYABLE_CODES or exists,
            status_code=code, already_exists=exists)

    @staticmethod
    def _json(response: requests.Response) -> Any:
        if not response.content:
            return {}
        try:
            return response.json()
        except ValueError as exc:
            raise EFormidlingError(
                f"eFormidling: the answer from {response.url} is not JSON",
                retryable=True, status_code=response.status_code) from exc


def _detail(response: requests.Response) -> str:
    """The IP's own words (Spring's error JSON: message, error, exception), kept short."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    if isinstance(body, dict):
        words = [str(body[k]) for k in ("message", "errorDescription", "error", "exception")
                 if body.get(k)]
        return " - ".join(words)[:300]
    return str(body)[:300]


def _already_exists(response: requests.Response, detail: str) -> bool:
    """The IP answers 400 with its MessageAlreadyExistsException (a 409 means the same)."""
    if response.status_code == 409:
        return True
    text = f"{detail} {response.text[:2000]}".lower()
    return response.status_code == 400 and (
        "messagealreadyexists" in text or "already exists" in text)
