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


def redact_query(query: bytes) -> bytes:
    """`query` with each secret-looking parameter's value replaced by `<redacted>`."""
    if not query:
        return query
    parts = query.split(b"&")
    for index, part in enumerate(parts):
        name, equals, value = part.partition(b"=")
        if not equals:  # `?sk-...`: a bare value
            if _SECRET_VALUE.match(_plain(name)):
                parts[index] = REDACTED
        elif value and (_SECRET_NAME.search(_plain(name)) or _SECRET_VALUE.match(_plain(value))):
            parts[index] = name + equals + REDACTED
    return b"&".join(parts)


def _plain(text: bytes) -> bytes:
    """As the client meant it: %6Bey is `key`, %73k- is `sk-`."""
    return unquote_to_bytes(text.replace(b"+", b" "))


class RedactAccessLog(logging.Filter):
    """uvicorn's access line shows the path with its query (its third argument)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) > 2 and isinstance(args[2], str):
            path, mark, query = args[2].partition("?")
            if mark:
                shown = redact_query(query.encode("latin-1")).decode("latin-1")
                record.args = (*args[:2], f"{path}?{shown}", *args[3:])
        return True


def hide_from_access_log() -> None:
    """Install the filter on uvicorn's access logger, once."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(found, RedactAccessLog) for found in access.filters):
        access.addFilter(RedactAccessLog())
