"""A spec `pattern` applied to a long string (a data URI of megabytes) without running the
regex over every character, with the same answer as the regex.

jsonschema_rs's regex costs ~2.5 ns a character: 25-30 ms on a 10 MB data URI, most of its
validation. Patterns of one shape have a cheaper exact route, derived from the pattern at
start-up: `^(...|PREFIX c [CLASS]+ x{0,k})$`, where c (`,`) and x (`=`) are single
characters outside CLASS (the base64 alphabet) and the branch's first character starts
no other branch. For such a branch, a string S = W + T, where W ends at S's last c, is in
the pattern's language exactly when T is CLASS characters followed by at most k x's, and
the short S' = W + T[0] + (T's trailing x's) is (S' is S with the run shortened to one
character). Proof: c is in neither CLASS nor x, so in any match of the branch the prefix
ends at the last c and the rest is the CLASS run then the x's; PREFIX is matched by W in
both strings, and the first character keeps other branches out. So T's alphabet is
checked in C (pybase64's strict decoding when CLASS is base64's alphabet, ~0.1 ns a byte;
bytes.translate otherwise, ~0.7) and the pattern itself, by the same validator as always,
runs on S' of a few dozen characters.

The route splits S at its first c, not its last: found from the start, a few characters
in, where the last is found only by reading the whole run back. Where T holds another c,
T is not CLASS characters and x's, so the route says nothing (below); where it holds
none, the first c is the last.

The route only ever answers "matches"; anything else goes to the whole regex, so a
pattern of another shape, or a string that is not of it, is judged exactly as before.
"""

from __future__ import annotations

import re

# The stdlib's own regex parser, read for the pattern's structure only (typeshed stubs it
# under its deprecated names, sre_parse and sre_constants, whose import warns).
import re._constants as sre  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jsonschema_rs
import pybase64

# Below this length the regex itself is as cheap as the route.
LONG_TEXT_CHARS = 1024
# The slices strict_base64 decodes a run in: a multiple of 4 (base64's groups).
BASE64_SLICE_CHARS = 1024 * 1024
_BASE64 = bytes(sorted(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"))


@dataclass(frozen=True)
class _Tail:
    first: str  # the branch's first character, which starts no other branch
    last: bytes  # c: the character that ends the prefix
    alphabet: bytes  # CLASS
    pad: bytes  # x
    max_pad: int  # k

    @property
    def base64(self) -> bool:
        """CLASS is base64's standard alphabet and x its pad."""
        return self.alphabet == _BASE64 and self.pad == b"="


class TextPattern:
    """One `pattern` (JSON Schema's dialect, as jsonschema_rs applies it) on strings."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.validator = jsonschema_rs.validator_for({"type": "string", "pattern": pattern})
        self.tail = long_tail(pattern)

    def is_valid(self, value: str) -> bool:
        return self.matches_long(value) or self.validator.is_valid(value)

    def matches_long(self, value: str) -> bool:
        """True only if `value` is long and matches, found by the cheap route; False
        means "not known" (the whole regex decides)."""
        tail = self.tail
        if (
            tail is None
            or len(value) < LONG_TEXT_CHARS
            or not value.startswith(tail.first)
            or not value.isascii()
        ):
            return False
        end = value.find(tail.last.decode()) + 1
        if end == 0:
            return False
        # The trailing pads, counted on the last k + 1 characters (k + 1 of them are too many).
        last = value[-tail.max_pad - 1 :]
        pads = len(last) - len(last.rstrip(tail.pad.decode()))
        if pads > tail.max_pad or len(value) - end <= pads:
            return False
        decoded = None
        if tail.base64:
            # pybase64's strict decoding accepts only the alphabet then at most two '='
            # (as base64.b64decode(validate=True) does, and stricter on the pads): SIMD
            # code, ~5x faster than translate. The image check takes its answer.
            decoded = strict_base64(value, end)
            if decoded is None:
                return False
        else:
            # What the tail leaves once its alphabet is deleted must be exactly its pads.
            text = value.encode("ascii")
            head = text[:end].translate(None, tail.alphabet)
            if text.translate(None, tail.alphabet) != head + tail.pad * pads:
                return False
        short = value[: end + 1] + tail.pad.decode() * pads
        if not self.validator.is_valid(short):
            return False
        if decoded is not None:
            _LAST.keep(value, end, decoded)
        return True


def strict_base64(value: str, start: int) -> bytes | bytearray | None:
    """value[start:] as pybase64's strict decoding reads it (None where it refuses), read
    in slices of BASE64_SLICE_CHARS into one buffer. Whole, the run was first copied as
    bytes: once more the body, the most a 10 MB data URI's request held at its peak.
    Base64 decodes each 4 characters alone; only the pads depend on where the text ends,
    so the last slice is judged with the end, and a pad in any earlier one (where a slice
    judged alone may end on pads) refuses the run, as it would refuse the whole."""
    stop = len(value)
    if stop <= start:
        return b""
    last_start = start + (stop - start - 1) // BASE64_SLICE_CHARS * BASE64_SLICE_CHARS
    try:
        last = pybase64.b64decode(value[last_start:], validate=True)
        if last_start == start:
            return last  # one slice: its bytes, not a copy of them
        decoded = bytearray((last_start - start) // 4 * 3 + len(last))
        at = 0
        for piece in range(start, last_start, BASE64_SLICE_CHARS):
            piece_end = piece + BASE64_SLICE_CHARS
            # A slice the decoder takes has pads at its very end, if anywhere.
            if value[piece_end - 1] == "=":
                return None
            part = pybase64.b64decode(value[piece:piece_end], validate=True)
            decoded[at : at + len(part)] = part
            at += len(part)
    except ValueError:  # binascii.Error
        return None
    decoded[at:] = last
    return decoded


@lru_cache(maxsize=64)
def text_pattern(pattern: str) -> TextPattern:
    """One TextPattern for each pattern text: the JSON body's image field and the
    multipart text part that borrows its pattern share the compiled regex."""
    return TextPattern(pattern)


class _Decoded:
    """The payload the base64 route decoded last, for the image check to take instead of
    decoding it again: one entry, replaced by each route and cleared by each take, so at
    most one payload waits. Keyed by the string's identity (it is held, so the identity
    cannot be reused) and where the run starts."""

    def __init__(self) -> None:
        self._last: tuple[str, int, bytes | bytearray] | None = None

    def keep(self, value: str, start: int, data: bytes | bytearray) -> None:
        self._last = (value, start, data)

    def take(self, value: str, start: int) -> bytes | bytearray | None:
        last, self._last = self._last, None
        if last is not None and last[0] is value and last[1] == start:
            return last[2]
        return None


_LAST = _Decoded()


def take_decoded(value: str, start: int) -> bytes | bytearray | None:
    """The bytes of value[start:] as strict base64, if the route has just decoded them."""
    return _LAST.take(value, start)


def forget_decoded() -> None:
    """Drop the payload a route kept for a body that then failed (no image check follows)."""
    _LAST.take("", 0)


def long_tail(pattern: str) -> _Tail | None:
    """The shape the module's docstring proves, read from the pattern; None otherwise."""
    try:
        tree = sre_parse.parse(pattern)
    except re.error:
        return None
    if tree.state.flags & ~sre.SRE_FLAG_UNICODE:
        return None
    items = list(tree)
    if (
        len(items) < 3
        or items[0] != (sre.AT, sre.AT_BEGINNING)
        or items[-1] != (sre.AT, sre.AT_END)
    ):
        return None
    body = items[1:-1]
    if len(body) == 1 and body[0][0] is sre.SUBPATTERN:
        body = list(body[0][1][3])
    branches = (
        [list(b) for b in body[0][1][1]] if len(body) == 1 and body[0][0] is sre.BRANCH else [body]
    )
    firsts = [_first_literal(branch) for branch in branches]
    for branch, first in zip(branches, firsts, strict=True):
        tail = _tail_of(branch)
        # Every branch starts with a literal, and this one's starts no other.
        if tail is not None and first is not None and firsts.count(first) == 1:
            return _Tail(chr(first), *tail) if None not in firsts else None
    return None


def _first_literal(branch: list[Any]) -> int | None:
    if branch and branch[0][0] is sre.LITERAL:
        return int(branch[0][1])
    return None


def _tail_of(branch: list[Any]) -> tuple[bytes, bytes, bytes, int] | None:
    """(c, CLASS, x, k) when the branch ends `c [CLASS]+ x{0,k}`."""
    if len(branch) < 4:
        return None
    (last_op, last), (run_op, run), (pad_op, pad) = branch[-3:]
    if last_op is not sre.LITERAL or run_op is not sre.MAX_REPEAT or pad_op is not sre.MAX_REPEAT:
        return None
    low, high, (run_item, *more) = run
    pad_low, max_pad, pad_items = pad
    if low != 1 or high is not sre.MAXREPEAT or more or run_item[0] is not sre.IN:
        return None
    alphabet = _class_chars(run_item[1])
    if alphabet is None or pad_low != 0 or max_pad is sre.MAXREPEAT or len(pad_items) != 1:
        return None
    pad_op, pad_char = pad_items[0]
    if pad_op is not sre.LITERAL:
        return None
    if any(ch >= 128 or ch in alphabet for ch in (last, pad_char)) or last == pad_char:
        return None
    return bytes([last]), alphabet, bytes([pad_char]), int(max_pad)


def _class_chars(items: list[Any]) -> bytes | None:
    """An ASCII character class of ranges and literals, as bytes; None for anything else."""
    chars: set[int] = set()
    for op, arg in items:
        if op is sre.LITERAL:
            chars.add(arg)
        elif op is sre.RANGE:
            chars.update(range(arg[0], arg[1] + 1))
        else:
            return None  # a negation or a category (\s, \d): not a small ASCII set
    if not chars or max(chars) >= 128:
        return None
    return bytes(sorted(chars))


@dataclass(frozen=True)
class LongTextCheck:
    """A body's `field` with a long-text route: `validator` is the body's validator without
    the field's `pattern`, for a body whose field the route has found to match (removing
    a keyword that holds changes no answer, so both validators then agree)."""

    field: str
    pattern: TextPattern
    validator: jsonschema_rs.Validator


def without_field_pattern(spec: dict[str, Any], schema: Any, field: str, pattern: str) -> Any:
    """`schema` (for the body itself) with `pattern` removed where it applies to the body's
    `field`: in `properties`, through `allOf`/`anyOf`/`oneOf` and `$ref` (the target is
    copied, so whatever else refers to it keeps its pattern). Any other place keeps it,
    which costs time, never correctness."""
    return _drop(spec, schema, field, pattern, depth=0)


_MAX_DEPTH = 16


def _drop(spec: dict[str, Any], schema: Any, field: str, pattern: str, depth: int) -> Any:
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return schema
    out = dict(schema)
    if isinstance(out.get("$ref"), str) and out["$ref"].startswith("#/"):
        target: Any = spec
        for part in out.pop("$ref").removeprefix("#/").split("/"):
            target = target[part]
        # In 3.1 a $ref and its sibling keywords all apply: so does an allOf of them.
        return {
            "allOf": [
                _drop(spec, target, field, pattern, depth + 1),
                _drop(spec, out, field, pattern, depth + 1),
            ]
        }
    for keyword in ("allOf", "anyOf", "oneOf"):
        if isinstance(out.get(keyword), list):
            out[keyword] = [_drop(spec, s, field, pattern, depth + 1) for s in out[keyword]]
    properties = out.get("properties")
    if isinstance(properties, dict) and isinstance(properties.get(field), dict):
        own = properties[field]
        if own.get("pattern") == pattern:
            out["properties"] = {
                **properties,
                field: {k: v for k, v in own.items() if k != "pattern"},
            }
    return out
