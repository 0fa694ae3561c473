"""The `Prefer` header, as Prism reads it: `code=` and `example=` pick a documented
response, `delay=` adds latency. What cannot be honoured is a 400 that says why, whatever
else the header asks: an unknown example name, an undocumented code, garbage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mockserver.errors import MockError
from mockserver.spec_loader import OperationModel

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
    return _parse(header, max_delay_ms)


# A test suite sends the same few Prefer values over and over: each is parsed once (a
# refused one is not cached: lru_cache keeps no exceptions). Bounded by _MAX_LENGTH each.
@lru_cache(maxsize=256)
def _parse(header: str, max_delay_ms: int) -> Preferences:
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


@dataclass(frozen=True)
class Canned:
    """A documented response chosen by `Prefer`: a named example, or (body None) the
    example of the operation's error response for `status`."""

    status: int
    body: bytes | None


def choose_canned(operation: OperationModel, preferences: Preferences) -> Canned | None:
    """What `Prefer` picks for this operation; None to handle the request normally."""
    code, name = preferences.code, preferences.example
    if code is not None and code not in operation.statuses:
        documented = sorted(operation.statuses)
        raise MockError(400, "prefer.undocumented_code", code=code, documented=documented)
    if name is not None:
        statuses = [code] if code is not None else sorted(operation.examples)
        for status in statuses:
            if name in operation.examples[status]:
                return Canned(status, operation.examples[status][name])
        known = sorted({n for status in statuses for n in operation.examples[status]})
        if code is not None:
            raise MockError(
                400, "prefer.unknown_example_for_code", name=repr(name[:40]), code=code, known=known
            )
        raise MockError(400, "prefer.unknown_example", name=repr(name[:40]), known=known)
    if code is None or code < 300:
        return None  # a success is what normal handling gives
    return Canned(code, None)
