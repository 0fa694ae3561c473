"""A bounded ring buffer of recent API requests, with secrets removed before storage.

Recording is on every API request and reading is rare, so a request is stored as a tuple
of references and turned into its dict, with its body summary, when /_mock/requests is
read. Secret header values are dropped before storage (only their names are kept, shown
as `<redacted>`), and a body larger than LAZY_BODY_BYTES is summarised at once, so the
journal never holds a key, nor megabytes of image.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Mapping
from typing import Any, NamedTuple

# Header values never stored, whatever the client sent.
_SECRET_HEADERS = frozenset({"authorization", "cookie", "x-api-key", "proxy-authorization"})
# The same names as ASGI sends them: the journal stores headers as they arrive, and
# decodes them only when read.
_SECRET_RAW = frozenset(name.encode("latin-1") for name in _SECRET_HEADERS)
_REDACTED = "<redacted>"
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


class _Body(NamedTuple):
    """A parsed body not yet summarised (small enough to keep; see LAZY_BODY_BYTES)."""

    data: dict[str, Any]
    size: int
    content_type: str


class _Entry(NamedTuple):
    request_id: str
    method: str
    path: str
    query: bytes
    headers: Mapping[bytes, bytes]  # as ASGI sent them, secret ones removed
    secret_names: frozenset[bytes]  # which were there: shown as <redacted>
    body: _Body | dict[str, Any]  # a summary, or a small body to summarise when read
    status: int
    time: float

    def shown(self) -> dict[str, Any]:
        headers = _shown_headers(
            {
                name.decode("latin-1"): value.decode("latin-1")
                for name, value in self.headers.items()
            }
        )
        headers.update((name.decode("latin-1"), _REDACTED) for name in self.secret_names)
        body = self.body
        if isinstance(body, _Body):
            body = summarize_body(body.data, body.size, body.content_type)
        return {
            "request_id": self.request_id,
            "method": self.method,
            "path": self.path,
            "query": self.query.decode("latin-1"),
            "headers": headers,
            "body": body,
            "status": self.status,
            "time": self.time,
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
        headers: Mapping[bytes, bytes],
        body: tuple[dict[str, Any], int, str] | None,
        status: int,
    ) -> None:
        """`headers`: as ASGI sends them (lower-case names, bytes), not kept by the caller.
        `body`: the parsed body, its size in bytes and its media type, if it parsed."""
        secret = _SECRET_RAW & headers.keys()
        if secret:
            headers = dict(headers)
            for name in secret:
                del headers[name]
        kept: _Body | dict[str, Any] = {}
        if body is not None:
            kept = _Body(*body) if body[1] <= LAZY_BODY_BYTES else summarize_body(*body)
        entry = _Entry(
            request_id, method, path, query, headers, frozenset(secret), kept, status, time.time()
        )
        self._entries.append(entry)

    def entries(self) -> list[dict[str, Any]]:
        return [entry.shown() for entry in self._entries]

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def capacity(self) -> int:
        return self._entries.maxlen or 0
