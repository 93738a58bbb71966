"""The only files a receipt may load while it is drawn: its stylesheet and the bundled Inter
font. WeasyPrint would otherwise follow any URL in the document (http, https, file, data), so a
stray `<img>` or `url()` could make the worker call out (SSRF) or read local files into a PDF.
`BundleFetcher` answers for the files named here and refuses every other URL, data: included
(nothing in a receipt needs it, and refusing it keeps the rule simple: only these files)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
STYLESHEET = STATIC / "pdf" / "receipt.css"
FONT_DIR = STATIC / "vendor" / "inter"  # vendored by scripts/vendor-assets (@fontsource/inter)
FONTS = tuple(FONT_DIR / f"inter-{subset}-{weight}-normal.woff2"
              for subset in ("latin", "latin-ext") for weight in (400, 600))

_TYPES = {".css": "text/css", ".woff2": "font/woff2"}


class RefusedURL(ValueError):
    """A receipt asked for something outside its bundle."""


class BundleFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves the bundled files by their file: URL and nothing
    else; the network is never touched (no HTTP handler is ever used)."""

    def __init__(self, allowed: tuple[Path, ...] = (STYLESHEET, *FONTS)) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self._allowed = {path.resolve() for path in allowed}
        self._cache: dict[Path, bytes] = {}

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = self._path(url)
        if path is None:
            log.warning("Receipt: refused to load %s (only the bundled assets are served)",
                        url[:200])
            raise RefusedURL(f"not a bundled receipt asset: {url[:200]}")
        body = self._cache.get(path)
        if body is None:
            body = self._cache[path] = path.read_bytes()
        return URLFetcherResponse(path.as_uri(), body,
                                  {"Content-Type": _TYPES.get(path.suffix, "")})

    def _path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()  # `..` and symlinks out of the bundle fail
        return path if path in self._allowed else None
