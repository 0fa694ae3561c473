"""The `Prefer` header (Prism-compatible `code=` and `example=`, plus `delay=`) and latency."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from mockserver.errors import MockError

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
    if len(header) > 512:
        raise MockError(400, "the Prefer header is longer than 512 characters")
    values: dict[str, str] = {}
    for item in re.split(r"[;,]", header):
        if not item.strip():
            continue
        match = _TOKEN.fullmatch(item)
        if match is None:
            raise MockError(400, f"Prefer: cannot read {item.strip()[:40]!r}; use key=value")
        key, value = match.group(1).lower(), match.group(2).strip()
        if key not in ("code", "example", "delay"):
            raise MockError(400, f"Prefer: unknown preference {key!r}; known: code, example, delay")
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
        raise MockError(400, f"Prefer: {key} must be a whole number from {low} to {high}")
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
