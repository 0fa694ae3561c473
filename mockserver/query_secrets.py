"""Secrets a client put in a query string (`?api_key=sk-...`), masked wherever a query is
kept or shown: the journal, the proxy's recordings and the access log.

The API takes its key in the Authorization header only; a key in the URL is a client's
mistake, and the mock must not spread it. A parameter is masked when its name looks like
a credential's or its value like a key; the rest of the query is kept byte for byte.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote_to_bytes

_SECRET_NAME = re.compile(rb"key|token|secret|passw|auth|sign|credential|session", re.IGNORECASE)
_SECRET_VALUE = re.compile(rb"\s*(sk-|bearer\s)", re.IGNORECASE)
REDACTED = b"<redacted>"
# `;` separates parameters too, for some servers (and the WHATWG URL spec once did).
_SEPARATOR = re.compile(rb"([&;])")


def redact_query(query: bytes) -> bytes:
    """`query` with each secret-looking parameter's value replaced by `<redacted>`."""
    if not query:
        return query
    parts = _SEPARATOR.split(query)  # the separators kept, at the odd indexes
    for index in range(0, len(parts), 2):
        part = parts[index]
        # Judged as the client meant it (%6Bey is `key`, %73k- is `sk-`), so a part whose
        # `=` is encoded (`api_key%3Dsk-...`) is judged as name and value too.
        name, _, value = unquote_to_bytes(part.replace(b"+", b" ")).partition(b"=")
        if (
            _SECRET_VALUE.match(value)
            or _SECRET_VALUE.match(name)
            or (value and _SECRET_NAME.search(name))
        ):
            raw_name, equals, _ = part.partition(b"=")
            parts[index] = raw_name + equals + REDACTED if equals else REDACTED
    return b"".join(parts)


def redact_url(url: str) -> str:
    """`url` (or a path) with its query's secrets masked."""
    path, mark, query = url.partition("?")
    if not mark:
        return url
    return f"{path}?{redact_query(query.encode('latin-1', 'replace')).decode('latin-1')}"


class RedactLoggedUrls(logging.Filter):
    """A record's arguments that are URLs or paths with a query get it masked: uvicorn's
    access line (the path, its third argument) and httpx's request line (the URL the
    proxy forwards to, an httpx.URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and any("?" in str(arg) for arg in args):
            record.args = tuple(redact_url(str(arg)) if "?" in str(arg) else arg for arg in args)
        return True


# The loggers that print a request's URL: uvicorn's access log, and httpx's (the proxy's
# requests upstream, at INFO).
_URL_LOGGERS = ("uvicorn.access", "httpx")


def mask_logged_urls() -> None:
    """Install the filter on the loggers that print URLs, once each."""
    for name in _URL_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(found, RedactLoggedUrls) for found in logger.filters):
            logger.addFilter(RedactLoggedUrls())
