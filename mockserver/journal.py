"""A bounded ring buffer of recent API requests, with secrets redacted before storage."""

from __future__ import annotations

import time
from collections import deque
from typing import Any

# Header values never stored, whatever the client sent.
_SECRET_HEADERS = frozenset({"authorization", "cookie", "x-api-key", "proxy-authorization"})


def redact_headers(headers: dict[str, str]) -> dict[str, str]:
    """A copy with secret values replaced and long values cut (ASGI names are lower-case)."""
    kept = dict(headers)
    for name in _SECRET_HEADERS & kept.keys():
        kept[name] = "<redacted>"
    for name, value in kept.items():
        if len(value) > 200:
            kept[name] = value[:200] + "..."
    return kept


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


class Journal:
    def __init__(self, size: int) -> None:
        self._entries: deque[dict[str, Any]] = deque(maxlen=size)

    def record(self, entry: dict[str, Any]) -> None:
        entry["time"] = time.time()
        self._entries.append(entry)

    def entries(self) -> list[dict[str, Any]]:
        return list(self._entries)

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def capacity(self) -> int:
        return self._entries.maxlen or 0
