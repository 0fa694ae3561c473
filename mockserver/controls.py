"""The `Prefer` header (Prism-compatible `code=` and `example=`, plus `delay=`) and latency."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from mockserver.errors import MockError

_MAX_LENGTH = 512
_KNOWN = ("code", "example", "delay")
_TOKEN = re.compile(r"\s*([a-zA-Z_-]+)\s*=\s*\"?([^\";,]*)\"?\s*")


@dataclass(frozen=True)
class Preferences:
    code: int | None = None
    example: str | None = None
    delay_ms: int | None = None


NO_PREFERENCES = Preferences()


def parse_prefer(header: str | None, max_delay_ms: int) -> Preferences:
    """Parse `Prefer: code=429, example=done, delay=200`; garbage is a 400, not ignored."""
    if not header or not header.strip():
        return NO_PREFERENCES
    if len(header) > _MAX_LENGTH:
        raise MockError(400, "prefer.too_long", limit=_MAX_LENGTH)
    values: dict[str, str] = {}
    for item in re.split(r"[;,]", header):
        if not item.strip():
            continue
        match = _TOKEN.fullmatch(item)
        if match is None:
            raise MockError(400, "prefer.unreadable", item=repr(item.strip()[:40]))
        key, value = match.group(1).lower(), match.group(2).strip()
        if key not in _KNOWN:
            raise MockError(
                400, "prefer.unknown_key", preference=repr(key), known=", ".join(_KNOWN)
            )
        values[key] = value
    return Preferences(
        code=_int(values, "code", 100, 599),
        example=values.get("example") or None,
        delay_ms=_int(values, "delay", 0, max_delay_ms),
    )


def _int(values: dict[str, str], key: str, low: int, high: int) -> int | None:
    if key not in values:
        return None
    text = values[key]
    if not text.isdigit() or not low <= int(text) <= high:
        raise MockError(400, "prefer.bad_number", preference=key, low=low, high=high)
    return int(text)


class Latency:
    """Milliseconds to wait before an API response: fixed, or uniform in a range."""

    def __init__(self, low_ms: int, high_ms: int, seed: int) -> None:
        self._low, self._high = low_ms, high_ms
        self._random = random.Random(seed)

    def pick_ms(self, preferences: Preferences) -> int:
        if preferences.delay_ms is not None:
            return preferences.delay_ms
        if self._high <= self._low:
            return self._low
        return self._random.randint(self._low, self._high)
