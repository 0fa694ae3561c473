"""A request body's JSON gets exactly the answer it got before simdjson parsed it.

parse_json_object tries simdjson on mid-sized bodies, for speed only: every body must
still give what orjson, then the stdlib, gave (the value, each item's exact type and each
object's key order, or the refusal: status, message key and its parameters, which pick
the err_code and texts). The oracle below is that rule written again from orjson and the
stdlib, not a call into mockserver.json_body. Bodies come from hypothesis: JSON built
token by token (escapes, lone surrogates (refused), non-ASCII, integers beyond 64 bits, long
numbers, duplicate keys, odd whitespace), then wrapped or damaged (a BOM, trailing data,
a changed, cut or added byte), each at a small size and padded past the size where
simdjson takes over.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bench.workloads import workloads
from mockserver.errors import MockError
from mockserver.json_body import LARGE_BODY_BYTES, SIMDJSON_MIN_BYTES, parse_json_object
from mockserver.messages import library_reason

BOM = b"\xef\xbb\xbf"
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- the rule before simdjson


def _reject_constant(name: str) -> None:
    raise _Unheld("json.constant", {"name": name})


class _Unheld(ValueError):
    pass


def _quoted(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "..."


# mockserver/json_body.py's rules for numbers JSON allows and the mock cannot hold, each
# refused by name, quoting at most 40 characters of it: one no double holds (1e400), which
# the stdlib alone would read as infinity, and an integer of more digits than int() reads,
# which the stdlib refuses with advice for the mock's own code.
def _refuse_infinity(text: str) -> float:
    if abs(float(text)) != float("inf"):
        return float(text)
    raise _Unheld("json.beyond_double", {"number": _quoted(text)})


def _refuse_too_many_digits(text: str) -> int:
    if len(text.removeprefix("-")) <= 4300:
        return int(text)
    raise _Unheld("number.too_many_digits", {"number": _quoted(text), "limit": 4300})


def _refuse_lone_surrogates(value: Any) -> Any:
    """A lone surrogate escape (\\ud800) parses, but no UTF-8 encodes it: the first one
    in document order, as the re-encoded text meets it, is refused by its code."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(exc.object[exc.start])
        raise _Unheld("json.lone_surrogate", {"code": f"\\u{code:04x}"}) from exc
    return value


def _stdlib(body: bytes | bytearray) -> Any:
    try:
        text = body.decode("utf-8")
        return _refuse_lone_surrogates(
            json.loads(
                text,
                parse_constant=_reject_constant,
                parse_float=_refuse_infinity,
                parse_int=_refuse_too_many_digits,
            )
        )
    except _Unheld as exc:
        key, params = exc.args
        raise MockError(400, key, **params) from exc
    except UnicodeDecodeError as exc:
        reason = library_reason(exc.reason)
        raise MockError(400, "json.not_utf8", reason=reason, start=exc.start) from exc
    except json.JSONDecodeError as exc:
        raise MockError(
            400, "json.syntax", reason=library_reason(exc.msg), line=exc.lineno, column=exc.colno
        ) from exc
    except ValueError as exc:
        raise MockError(400, "json.invalid", reason=library_reason(str(exc))) from exc
    except RecursionError as exc:
        raise MockError(400, "json.too_deep") from exc


def old_parse_json_object(body: bytes | bytearray) -> Any:
    """The body rule as it was: orjson, the stdlib where orjson refuses, the stdlib alone
    above 1 MiB; an object or a 400."""
    if not body:
        raise MockError(400, "body.empty")
    if len(body) > 1024 * 1024:
        data = _stdlib(body)
    else:
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError:
            data = _stdlib(body)
    if not isinstance(data, dict):
        raise MockError(400, "body.not_object", kind=type(data).__name__)
    return data


# ---------------------------------------------------------------- comparing answers


def shape(value: Any) -> list[tuple[str, str]]:
    """Every item of a parsed value in document order with its exact type; floats by
    repr (-0.0 is not 0.0), objects with their keys in order. A loop, not recursion: a
    document may nest 1024 deep."""
    out: list[tuple[str, str]] = []
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item).__qualname__
        if type(item) is dict:
            out.append((kind, repr(list(item))))
            stack.extend(reversed(item.values()))
        elif type(item) is list:
            out.append((kind, str(len(item))))
            stack.extend(reversed(item))
        else:
            out.append((kind, repr(item)))
    return out


def answer(parse: Callable[[bytes | bytearray], Any], body: bytes | bytearray) -> tuple[Any, ...]:
    try:
        value = parse(body)
    except MockError as exc:
        return ("refused", exc.status, exc.key, exc.field, exc.params, exc.texts)
    return ("parsed", shape(value))


def assert_same_answer(body: bytes) -> None:
    """The same answer for the body as bytes and as a bytearray (which simdjson reads
    through the buffer protocol, by another path)."""
    expected = answer(old_parse_json_object, body)
    assert answer(parse_json_object, body) == expected, body[:200]
    assert answer(parse_json_object, bytearray(body)) == expected, body[:200]


# ---------------------------------------------------------------- generated bodies

WHITESPACE = st.sampled_from(["", "", " ", "\n", "\t", "\r\n", "  \n "])
LIMITS = [2**31, 2**53, 2**63, 2**64, 2**128, 10**308, 10**309, 10**400]
INTEGERS = st.one_of(
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from(LIMITS).flatmap(
        lambda limit: st.sampled_from([limit - 1, limit, limit + 1, -limit - 1, -limit])
    ),
).map(str) | st.just("-0")
FLOATS = st.floats(allow_nan=False, allow_infinity=False).map(repr) | st.from_regex(
    r"-?(0|[1-9][0-9]{0,30})(\.[0-9]{1,30})?([eE][+-]?[0-9]{1,3})?", fullmatch=True
)
# Not JSON, each for its own reason.
BAD_TOKENS = st.sampled_from(
    ["NaN", "Infinity", "-Infinity", "01", "1.", ".5", "+1", "1e", "-", "tru", "nul", "'a'"]
)
SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "/": "\\/", "\b": "\\b", "\f": "\\f"} | {
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}


@st.composite
def json_string(draw: st.DrawFn) -> str:
    """A string literal: any code point, lone surrogates included, written raw where
    JSON allows it or escaped as \\uXXXX (surrogates always escaped, so the text encodes)."""
    chars = draw(st.text(st.characters(codec=None, exclude_categories=()), max_size=12))
    parts = []
    for char in chars:
        code = ord(char)
        escaped = draw(st.booleans())
        if 0xD800 <= code <= 0xDFFF or (escaped and code <= 0xFFFF):
            parts.append(f"\\u{code:04x}" if draw(st.booleans()) else f"\\u{code:04X}")
        elif escaped and code > 0xFFFF:
            high, low = divmod(code - 0x10000, 0x400)
            parts.append(f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}")
        elif char in SHORT_ESCAPES:
            parts.append(SHORT_ESCAPES[char])
        elif code < 0x20:
            parts.append(f"\\u{code:04x}" if escaped else char)  # raw: not JSON
        else:
            parts.append(char)
    return '"' + "".join(parts) + '"'


SCALARS = st.one_of(
    st.sampled_from(["true", "false", "null"]), INTEGERS, FLOATS, json_string(), BAD_TOKENS
)
# Few distinct keys, so objects often repeat one (the last value wins, in the first's place).
KEYS = st.one_of(st.sampled_from(['"a"', '"b"', '"\\u0061"', '"num"']), json_string())


@st.composite
def spaced(draw: st.DrawFn, text: str) -> str:
    return draw(WHITESPACE) + text + draw(WHITESPACE)


def arrays(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    items = st.lists(children.flatmap(spaced), max_size=5)
    return items.map(lambda values: "[" + ",".join(values) + "]")


def objects(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    members = st.lists(st.tuples(KEYS.flatmap(spaced), children.flatmap(spaced)), max_size=5)
    return members.map(lambda pairs: "{" + ",".join(f"{k}:{v}" for k, v in pairs) + "}")


VALUES = st.recursive(SCALARS, lambda children: arrays(children) | objects(children), max_leaves=20)
# Mostly objects, as a body must be; any other value is refused for its kind.
DOCUMENTS = st.one_of(objects(VALUES), objects(VALUES), VALUES)


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    """A document, wrapped or damaged, small or padded past SIMDJSON_MIN_BYTES."""
    body = draw(DOCUMENTS.flatmap(spaced)).encode("utf-8")
    pad = draw(st.sampled_from([0, 0, SIMDJSON_MIN_BYTES, 3 * SIMDJSON_MIN_BYTES]))
    padding = draw(st.sampled_from([b" ", b"\n", b"\t", b"\r"])) * pad
    body = draw(st.sampled_from([body + padding, padding + body]))
    if draw(st.booleans()):
        # A long string member keeps the padding inside the document, where trailing or
        # leading whitespace might hide a difference.
        body = body.replace(b"{", b'{"pad":"' + b"x" * pad + b'",', 1)
    change = draw(st.sampled_from(["none", "none", "bom", "trailing", "byte", "cut", "insert"]))
    if change == "bom":
        body = BOM + body
    elif change == "trailing":
        body += draw(st.sampled_from([b"x", b"{}", b"1", b",", b"\x00", BOM, b"\xff", b"]"]))
    elif change in ("byte", "cut", "insert") and body:
        at = draw(st.integers(0, len(body) - 1))
        byte = bytes([draw(st.integers(0, 255))])
        tail = body[at + 1 :] if change != "insert" else body[at:]
        body = body[:at] + (b"" if change == "cut" else byte) + tail
    return body


@SETTINGS
@given(bodies())
@example(BOM + b'{"a": 1}' + b" " * SIMDJSON_MIN_BYTES)
@example(b'{"a": 18446744073709551616}' + b" " * SIMDJSON_MIN_BYTES)
@example(b'{"a": -9223372036854775809}' + b" " * SIMDJSON_MIN_BYTES)
@example(b'{"a": 1e400}' + b" " * SIMDJSON_MIN_BYTES)
@example(b'{"a": -1' + b"0" * 4300 + b"}")  # 4301 digits
@example(b'{"a": -1' + b"0" * 4299 + b"}")  # 4300 digits: read
@example(b'{"a": "\\ud800"}' + b" " * SIMDJSON_MIN_BYTES)
@example(b'{"a": "\xed\xa0\x80"}' + b" " * SIMDJSON_MIN_BYTES)
@example(b'{"a": NaN}' + b" " * SIMDJSON_MIN_BYTES)
@example(b'{"a": 1} x' + b" " * SIMDJSON_MIN_BYTES)
@example(b'{"a": 1, "b": 2, "a": 3}' + b" " * SIMDJSON_MIN_BYTES)
@example(b" " * SIMDJSON_MIN_BYTES)
@example(b" " + BOM + b'{"a": 1}' + b" " * SIMDJSON_MIN_BYTES)
@example(b'{"a": [1e99999, 1e-99999, -1e-99999, 1' + b"0" * 400 + b".0]}".ljust(SIMDJSON_MIN_BYTES))
def test_a_body_gets_the_answer_orjson_then_the_stdlib_gave(body: bytes) -> None:
    assert_same_answer(body)


@pytest.mark.parametrize("depth", [31, 1000, 1023, 1024, 1025])
@pytest.mark.parametrize("outer", ["[", '{"a":'])
def test_deep_nesting_gets_the_answer_it_got_before(depth: int, outer: str) -> None:
    inner = "[" * (depth - 1) + "]" * (depth - 1)
    text = outer + inner + ("]" if outer == "[" else "}")
    assert_same_answer(text.encode().ljust(SIMDJSON_MIN_BYTES, b" "))


@pytest.mark.parametrize("size", [SIMDJSON_MIN_BYTES - 1, LARGE_BODY_BYTES, LARGE_BODY_BYTES + 1])
@pytest.mark.parametrize(
    "document",
    [
        b'{"a": [1, -0.0, "\\u00e9"]}',
        BOM + b"{}",
        b'{"a": 99999999999999999999}',
        b'{"a": 1e400}',
        b'{"a": 1' + b"0" * 4300 + b"}",
    ],
)
def test_bodies_at_each_size_limit_get_the_answer_they_got_before(
    size: int, document: bytes
) -> None:
    assert_same_answer(document.ljust(size, b" "))


def test_a_100kb_data_uri_body_is_parsed_by_neither_orjson_nor_the_stdlib(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The speed-up exists: the benchmark's 100 KB body takes the simdjson route."""
    body = next(w for w in workloads() if w.name == "2-json-100kb-data-uri").calls[0].body
    expected = answer(old_parse_json_object, body)
    used: list[str] = []

    def spy(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            used.append(name)
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(orjson, "loads", spy("orjson", orjson.loads))
    monkeypatch.setattr(json, "loads", spy("json", json.loads))
    assert answer(parse_json_object, body) == expected
    assert used == []


def test_threads_parsing_at_once_each_get_their_own_body() -> None:
    """Threads started after the module was imported (as a server's workers are) make
    their parser on first use and parse as the first one does. (The GIL serialises each
    parse, so this cannot tell one parser per thread from one shared.)"""
    documents = [
        {"thread": n, "image": chr(0x4E00 + n) * (SIMDJSON_MIN_BYTES + 500 * n)} for n in range(6)
    ]
    start = threading.Barrier(len(documents))
    results: dict[int, list[Any]] = {}

    def work(n: int) -> None:
        body = orjson.dumps(documents[n])
        start.wait()
        results[n] = [answer(parse_json_object, body) for _ in range(200)]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(len(documents))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for n, document in enumerate(documents):
        assert results.get(n) == [("parsed", shape(document))] * 200


@pytest.fixture
def int_digits() -> Iterator[Callable[[int], None]]:
    """Sets this process's int() digit limit for one test, as PYTHONINTMAXSTRDIGITS would."""
    before = sys.get_int_max_str_digits()
    yield sys.set_int_max_str_digits
    sys.set_int_max_str_digits(before)


def refusal(body: bytes) -> tuple[str, dict[str, object]]:
    with pytest.raises(MockError) as caught:
        parse_json_object(body)
    return caught.value.key, caught.value.params


def test_an_environment_that_lifts_the_digit_limit_does_not_lift_the_mocks(
    int_digits: Callable[[int], None],
) -> None:
    int_digits(0)  # no limit at all for int(): a body of digits would take quadratic time
    number = "1" * 100_000
    key, params = refusal(b'{"num": ' + number.encode() + b"}")
    assert (key, params["limit"]) == ("number.too_many_digits", 4300)


def test_a_lower_digit_limit_is_the_one_the_message_names(
    int_digits: Callable[[int], None],
) -> None:
    int_digits(1000)
    assert parse_json_object(b'{"num": -' + b"9" * 1000 + b"}") == {"num": -int("9" * 1000)}
    key, params = refusal(b'{"num": -' + b"9" * 1001 + b"}")
    assert (key, params["limit"], params["number"]) == (
        "number.too_many_digits",
        1000,
        "-" + "9" * 39 + "...",
    )


def test_integers_take_the_c_parse_unless_int_would_read_past_the_bound(
    int_digits: Callable[[int], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Speed, by the route taken (no timing): over 1 MiB, a body of integers is parsed by
    the stdlib's C code alone where int()'s bound is the mock's, and goes through the
    mock's own check one integer at a time only where the process lifts it."""
    from mockserver import json_body, numbers

    checked: list[str] = []
    real = numbers.read_int

    def spy(text: str) -> int:
        checked.append(text)
        return real(text)

    monkeypatch.setattr(json_body, "read_int", spy)
    body = b'{"a": [' + b"7," * (LARGE_BODY_BYTES // 2) + b"7]}"
    assert len(parse_json_object(body)["a"]) == LARGE_BODY_BYTES // 2 + 1
    assert checked == []
    int_digits(0)
    assert len(parse_json_object(body)["a"]) == LARGE_BODY_BYTES // 2 + 1
    assert len(checked) == LARGE_BODY_BYTES // 2 + 1
