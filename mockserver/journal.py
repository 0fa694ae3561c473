"""A bounded ring buffer of recent API requests, with secrets removed before storage.

Recording is on every API request and reading is rare, so a request is stored as a tuple
of references and turned into its dict, with its body summary, when /_mock/requests is
read. Secret header values are dropped before storage (only their names are kept, shown
as `<redacted>`), and so are secret-looking query values (query_secrets); a body larger
than LAZY_BODY_BYTES is summarised at once, so the journal never holds a key, nor
megabytes of image.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Mapping
from typing import Any

from mockserver.query_secrets import redact_query

# Header values never stored, whatever the client sent.
_SECRET_HEADERS = frozenset(
    {
        "authorization",
        "cookie",
        "proxy-authorization",
        "x-api-key",
        "api-key",
        "apikey",
        "x-auth-token",
        "x-access-token",
    }
)
# The same names as ASGI sends them: the journal stores headers as they arrive, and
# decodes them only when read.
_SECRET_RAW = frozenset(name.encode("latin-1") for name in _SECRET_HEADERS)
_REDACTED = "<redacted>"
# What a secret header's value becomes in storage: one shared object, so a request with
# a key costs the journal no more memory than one without.
_REDACTED_RAW = _REDACTED.encode("latin-1")
_MAX_HEADER_CHARS = 200
# A parsed body up to this size is kept by reference and summarised when read.
LAZY_BODY_BYTES = 8 * 1024


def redact_headers(headers: dict[str, str]) -> dict[str, str]:
    """A copy with secret values replaced and long values cut (ASGI names are lower-case)."""
    kept = dict(headers)
    for name in _SECRET_HEADERS & kept.keys():
        kept[name] = _REDACTED
    return _shown_headers(kept)


def _shown_headers(headers: dict[str, str]) -> dict[str, str]:
    for name, value in headers.items():
        if len(value) > _MAX_HEADER_CHARS:
            headers[name] = value[:_MAX_HEADER_CHARS] + "..."
    return headers


def summarize_body(data: dict[str, Any] | None, size: int, content_type: str) -> dict[str, Any]:
    """Field names and short values only: images and prompts can be megabytes."""
    summary: dict[str, Any] = {"content_type": content_type[:100], "bytes": size}
    if data is not None:
        summary["fields"] = {k: _short(v) for k, v in list(data.items())[:32]}
    return summary


def _short(value: Any) -> Any:
    if isinstance(value, bytes):
        return f"<file {len(value)} bytes>"
    if isinstance(value, str) and len(value) > 80:
        return f"{value[:60]}... ({len(value)} chars)"
    if isinstance(value, dict | list):
        return f"<{type(value).__name__}>"
    if isinstance(value, int) and abs(value) > 10**18:
        return "<huge integer>"
    return value


# A parsed body not yet summarised (small enough to keep; see LAZY_BODY_BYTES): its data,
# size in bytes and media type, as the pipeline hands it over.
_Body = tuple[dict[str, Any], int, str]
# One request as stored: request id, method, path, query, headers (as ASGI sent them,
# secret values replaced by _REDACTED_RAW), the body
# (a small one to summarise when read, or its summary), status and time. A plain tuple:
# a NamedTuple's constructor is a Python function, and this is built on every request.
_Entry = tuple[
    str,
    str,
    str,
    bytes,
    Mapping[bytes, bytes],
    _Body | dict[str, Any],
    int,
    float,
]


def _shown(entry: _Entry) -> dict[str, Any]:
    request_id, method, path, query, raw_headers, body, status, at = entry
    headers = _shown_headers(
        {name.decode("latin-1"): value.decode("latin-1") for name, value in raw_headers.items()}
    )
    return {
        "request_id": request_id,
        "method": method,
        "path": path,
        "query": query.decode("latin-1"),
        "headers": headers,
        "body": summarize_body(*body) if isinstance(body, tuple) else body,
        "status": status,
        "time": at,
    }


class Journal:
    def __init__(self, size: int) -> None:
        self._entries: deque[_Entry] = deque(maxlen=size)

    def record(
        self,
        request_id: str,
        method: str,
        path: str,
        query: bytes,
        headers: dict[bytes, bytes],
        body: tuple[dict[str, Any], int, str] | None,
        status: int,
    ) -> None:
        """`headers`: as ASGI sends them (lower-case names, bytes), handed over: the
        secret values are replaced in it, not in a copy (the copy was ~12 % of this
        call, on every request with a key). `body`: the parsed body, its size in bytes
        and its media type, if it parsed."""
        if query:
            query = redact_query(query)
        for name in _SECRET_RAW & headers.keys():
            headers[name] = _REDACTED_RAW
        kept: _Body | dict[str, Any] = {}
        if body is not None:
            kept = body if body[1] <= LAZY_BODY_BYTES else summarize_body(*body)
        self._entries.append((request_id, method, path, query, headers, kept, status, time.time()))

    def entries(self) -> list[dict[str, Any]]:
        return [_shown(entry) for entry in self._entries]

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def capacity(self) -> int:
        return self._entries.maxlen or 0
