"""JSON parsing for request bodies and for JSON carried in a string field (`req_json`).

orjson for speed; the stdlib where orjson refuses valid JSON (integers beyond a float's
range) or would cost too much memory (large bodies). NaN and Infinity are not JSON and
are refused, as is nesting deeper than MAX_JSON_DEPTH in a decoded string field, and a
lone surrogate escape (\\ud800: JSON's grammar allows it, but it names no character,
and neither the schema validator nor any encoder takes it). So is a number with a
fraction or exponent beyond a double's range (1e400): orjson refuses it, and the stdlib
would read it as infinity; and an integer of more digits than mockserver.numbers allows.
Bodies from SIMDJSON_MIN_BYTES to LARGE_BODY_BYTES try simdjson before all of that.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Callable
from typing import Any

import orjson
import simdjson

from mockserver.errors import MockError
from mockserver.messages import library_reason
from mockserver.numbers import TooManyDigits, int_refuses_past_limit, read_int, shown

# How deep a decoded JSON string (req_json) may nest before it is refused.
MAX_JSON_DEPTH = 32
# Above this, JSON is parsed for memory rather than speed (see parse_json_object).
LARGE_BODY_BYTES = 1024 * 1024
# Below this, orjson is faster than simdjson (its fixed cost per call is lower): measured
# on headshot bodies, simdjson overtakes it near 2 KB and takes half the time at 100 KB.
SIMDJSON_MIN_BYTES = 2048
# The first byte of a UTF-8 byte order mark. No JSON text starts with it, and simdjson
# skips a BOM where orjson and the stdlib (on bytes decoded to str) refuse it.
_BOM_FIRST_BYTE = 0xEF

# One simdjson parser per thread, made on first use: a Parser is not documented as safe
# to share. pysimdjson 7 holds the GIL while it parses (its bindings have no `nogil`), so
# threads parse one at a time either way. Each parser keeps the buffers of the largest
# body it has parsed, which max_capacity bounds: resident about 1 MB after a 1 MB data
# URI, 13 MB at worst (a 1 MiB array of single digits). Not traced by tracemalloc.
_parsers = threading.local()


def parse_json_object(body: bytes | bytearray) -> dict[str, Any]:
    if not body:
        raise MockError(400, "body.empty")
    size = len(body)
    # Small bodies first, the most frequent: they pay one comparison, as before simdjson.
    if size < SIMDJSON_MIN_BYTES:
        data = load_json(body)
    elif size <= LARGE_BODY_BYTES:
        data = _simdjson_first(body)
    else:
        return parse_json_text(json_text(body))
    return _object(data)


def parse_json_text(text: str) -> dict[str, Any]:
    """A large body (over LARGE_BODY_BYTES), decoded by json_text: parsed by the stdlib,
    whose memory peaks at the text and the strings made from it, where orjson's reaches
    ~13x a 10 MB body (a data-URI image); parse time is not what dominates there. The
    caller lets the body's bytes go first: held through the parse, they made the peak
    3x the body, not 2x."""
    return _object(_stdlib_json(text))


def _object(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MockError(400, "body.not_object", kind=type(data).__name__)
    return data


def _simdjson_first(body: bytes | bytearray) -> Any:
    """simdjson, about twice orjson's speed on a 100 KB data URI, wherever it gives
    what load_json gives; load_json for all it refuses, so the mock's answer to those
    (value or error) is unchanged: integers beyond 64 bits (orjson makes them floats),
    1e400, lone surrogates, trailing data, invalid UTF-8, nesting deeper than 1024.
    It accepts a BOM, which load_json refuses: a body starting with one skips it."""
    if body[0] != _BOM_FIRST_BYTE:
        try:
            parser = _parsers.parser
        except AttributeError:
            parser = _parsers.parser = simdjson.Parser(max_capacity=LARGE_BODY_BYTES)
        try:
            return parser.parse(body, True)
        except Exception:  # ValueError, RuntimeError, KeyError, ...: load_json decides
            pass
    return load_json(body)


def decode_json_string(text: str, name: str) -> Any:
    """The JSON inside a string field, refused with a 400 naming the field."""
    if _depth_exceeds(text, MAX_JSON_DEPTH):
        raise MockError(400, "json.deeper_than", name, limit=MAX_JSON_DEPTH)
    return load_json(text, name)


def load_json(text: bytes | bytearray | str, field: str | None = None) -> Any:
    """orjson first; the stdlib when orjson refuses. JSON allows integers of any size:
    orjson makes those beyond 64 bits floats and refuses those beyond a float's range,
    and they are merely out of range (num: 10**400 is replaced like num: 5), so they
    must parse, up to the digits Python's int() reads (its guard against parse times
    that grow with the square of the length)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return _stdlib_json(text, field)


def load_json_exact(text: bytes | bytearray | str) -> Any:
    """load_json's rules with every integer exact, where orjson makes those beyond 64 bits
    floats: for JSON that is kept or compared, not only validated (a recording, its key,
    the proxy's check of an answer). The stdlib's speed: not for request bodies."""
    return _stdlib_json(text)


def json_text(body: bytes | bytearray, field: str | None = None) -> str:
    """The body as text, for the stdlib's parser: JSON is UTF-8."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = library_reason(exc.reason)
        raise MockError(400, "json.not_utf8", field, reason=reason, start=exc.start) from exc


def _stdlib_json(body: bytes | bytearray | str, field: str | None = None) -> Any:
    text = body if isinstance(body, str) else json_text(body, field)
    try:
        data = _stdlib_loads(text)
    except json.JSONDecodeError as exc:
        raise MockError(
            400,
            "json.syntax",
            field,
            reason=library_reason(exc.msg),
            line=exc.lineno,
            column=exc.colno,
        ) from exc
    except _BeyondDouble as exc:
        raise MockError(400, "json.beyond_double", field, number=exc.number) from exc
    except TooManyDigits as exc:
        raise MockError(
            400, "number.too_many_digits", field, number=exc.number, limit=exc.limit
        ) from exc
    except _NotJson as exc:
        raise MockError(400, "json.constant", field, name=exc.args[0]) from exc
    except ValueError as exc:
        raise MockError(400, "json.invalid", field, reason=library_reason(str(exc))) from exc
    except RecursionError as exc:
        raise MockError(400, "json.too_deep", field) from exc
    # orjson and simdjson refuse a lone surrogate; only the stdlib reads one, from an
    # escape (\ud800) or a str already holding one. No Unicode text holds it: the schema
    # validator, the journal and every encoder downstream would fail on it. A backslash
    # is sought, not "\u": one character is a memchr (0.5 ms on a 10 MB data URI), two
    # a character-by-character scan (30 ms).
    if "\\" in text or not text.isascii():
        surrogate = _first_lone_surrogate(data)
        if surrogate is not None:
            raise MockError(400, "json.lone_surrogate", field, code=f"\\u{surrogate:04x}")
    return data


_SURROGATE = re.compile("[\ud800-\udfff]")


def _first_lone_surrogate(data: Any) -> int | None:
    """The code of the first surrogate in a parsed value's strings (keys included), in
    document order. A loop, not recursion: the stdlib parses nesting deeper than Python
    recurses here."""
    stack = [data]
    while stack:
        item = stack.pop()
        if type(item) is str:
            found = None if item.isascii() else _SURROGATE.search(item)
            if found is not None:
                return ord(found.group())
        elif type(item) is dict:
            for key, value in reversed(item.items()):
                stack += (value, key)
        elif type(item) is list:
            stack.extend(reversed(item))
    return None


def _stdlib_loads(text: str) -> Any:
    """The stdlib's parse with the rules above. Integers go through read_int only
    where int()'s own bound is not the mock's, or once int() has refused one (to name
    it): a Python call per integer would make a megabyte of them several times slower."""
    own_bound = int_refuses_past_limit()
    try:
        return _loads(text, None if own_bound else read_int)
    except ValueError as exc:
        if not own_bound or type(exc) is not ValueError:
            raise
        # int()'s refusal, or a NaN's (_reject_constant): parsed again, whichever comes
        # first in the text is raised, now as the mock words it.
        return _loads(text, read_int)


def _loads(text: str, parse_int: Callable[[str], int] | None) -> Any:
    return json.loads(
        text, parse_constant=_reject_constant, parse_float=_finite_float, parse_int=parse_int
    )


class _NotJson(ValueError):
    """NaN, Infinity or -Infinity, which the stdlib reads and JSON does not have."""


def _reject_constant(name: str) -> None:
    raise _NotJson(name)


class _BeyondDouble(ValueError):
    """A number JSON allows that no double holds, quoted for the message."""

    def __init__(self, number: str) -> None:
        super().__init__(number)
        self.number = shown(number)


def _finite_float(text: str) -> float:
    """As float() reads it, unless that is infinity: as `inf` it would reach the schema
    validator, which reports it as null (`num: null is not of type integer`)."""
    value = float(text)
    if math.isinf(value):
        raise _BeyondDouble(text)
    return value


def _depth_exceeds(text: str, limit: int) -> bool:
    # Each level opens with a bracket: a text with no more than `limit` of them (quoted
    # ones included) cannot nest deeper, and the character loop below is skipped.
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False
