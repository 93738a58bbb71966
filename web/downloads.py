"""Files sent to a browser: always as a download (never shown as a page), kept out of shared
caches, never sniffed into another type, and sandboxed should a browser open one anyway."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from flask import current_app
from werkzeug.wrappers import Response

_NORDIC = str.maketrans({"æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "å": "aa", "Å": "AA"})


def attachment(body: bytes, mimetype: str, name: str) -> Response:
    """`body` as a download named `name` (and, for browsers that read only `filename`, an ASCII
    name with the Norwegian letters spelt out)."""
    response = current_app.response_class(body, mimetype=mimetype)
    plain = ascii_name(name)
    extended = {"filename*": "UTF-8''" + quote(name, safe="")} if plain != name else {}
    response.headers.set("Content-Disposition", "attachment", filename=plain, **extended)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def ascii_name(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name.translate(_NORDIC))
    return plain.encode("ascii", "ignore").decode("ascii").strip() or "vedlegg"
