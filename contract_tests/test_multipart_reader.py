"""The multipart reader (mockserver/multipart.py) beside python-multipart's MultipartParser,
the parser it replaced, and its refusals one by one.

The differential: bodies built from random parts (names, filenames, Content-Types, extra
headers, transport padding, a preamble and an epilogue, binary data holding "--", CR, LF
and near-miss boundaries) are read as built by both readers; then mutated (truncated, a
byte changed, a delimiter removed, bytes inserted) they get the same verdict from both,
and the same parts when both accept. The oracle is MultipartParser driven as read_parts
drove it before, with what RFC 2046 decides and python-multipart does not apply added on
top; each class of input so treated is one where python-multipart is not what the RFC says:
- a preamble. python-multipart wants the body to open with the boundary (it skips leading
  CR and LF, then jumps to the first "-"), where RFC 2046 ignores any text before the
  first delimiter. The oracle is fed one synthetic part before the body, so that the
  preamble is read by the parser's own part-data rules (and its first boundary line may
  carry padding, as every other may); the synthetic part is then dropped;
- a bare LF in a header value, which python-multipart keeps in the value: the oracle
  refuses it, as the reader does (RFC 5322 section 2.2: a field has no bare line end);
- header values are compared without surrounding spaces and tabs (RFC 7230's OWS), which
  python-multipart strips only in front;
- limits: python-multipart's header caps (8 lines, 4224 bytes a line) are lifted in the
  oracle, boundaries stay within RFC 2046's 70 characters and bodies under the reader's
  8 KiB header-block limit, each tested on its own below.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.testclient import TestClient

from contract_tests.conftest import AUTH, assert_error
from contract_tests.images import image_bytes
from contract_tests.specfile import HEADSHOT
from mockserver import multipart
from mockserver.byte_search import LONG_SEARCH_BYTES
from mockserver.errors import MockError
from mockserver.header_params import header_params
from mockserver.multipart import MAX_BOUNDARY, MAX_HEADER_BLOCK, read_parts

# What a part is, to compare: name, filename, media type, headers (OWS stripped), data.
Seen = tuple[str, str | None, str, dict[bytes, bytes], bytes]

# RFC 2046 section 5.1.1: bchars, the last one not a space.
BCHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? "
TOKEN = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def content_type(boundary: bytes) -> str:
    return f'multipart/form-data; boundary="{boundary.decode()}"'


def ours(body: bytes | bytearray, ctype: str, max_parts: int) -> list[Seen] | None:
    """The reader's verdict: its parts, or None for a 400 (anything else fails the test)."""
    try:
        parts = read_parts(body, ctype, max_parts)
    except MockError as exc:
        assert exc.status == 400 and exc.key.startswith("multipart."), exc.key
        return None
    return [(p.name, p.filename, p.content_type, p.headers, p.data) for p in parts]


class _Refused(Exception):
    pass


_SYNTHETIC = b'\r\nContent-Disposition: form-data; name="-"\r\n\r\n\r\n'


def _bare_line_boundary_in_preamble(body: bytes, boundary: bytes) -> bool:
    """The one rule the reader adds to RFC 2046 (see mockserver/multipart.py): a boundary
    line after a bare CR or LF before the first real delimiter line is refused."""
    tail = rb"(?:\r\n|--|[ \t])"
    first = re.search(rb"(?:\A|\r\n)--" + re.escape(boundary) + tail, body)
    if first is None or first.start() == 0:
        return False
    preamble = body[: first.start() + 2]
    return re.search(rb"[\r\n]--" + re.escape(boundary) + tail, preamble) is not None


def oracle(body: bytes, ctype: str, max_parts: int) -> list[Seen] | None:
    """python-multipart's verdict, plus the rules of RFC 2046 it leaves out (see the top)."""
    boundary = parse_options_header(ctype)[1][b"boundary"]
    if _bare_line_boundary_in_preamble(body, boundary):
        return None
    heads: list[dict[bytes, bytes]] = []
    chunks: list[list[bytes]] = []
    field: list[bytes] = []
    value: list[bytes] = []
    finished = False

    def part_begin() -> None:
        if len(heads) > max_parts:  # the synthetic part is one more
            raise _Refused
        heads.append({})
        chunks.append([])

    def header_end() -> None:
        text = b"".join(value)
        if b"\n" in text:
            raise _Refused
        heads[-1][b"".join(field).lower()] = text.strip(b" \t")
        field.clear()
        value.clear()

    def headers_finished() -> None:
        kind, params = parse_options_header(heads[-1].get(b"content-disposition", b""))
        if kind != b"form-data" or b"name" not in params:
            raise _Refused

    def end() -> None:
        nonlocal finished
        finished = True

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": part_begin,
            "on_part_data": lambda data, start, stop: chunks[-1].append(data[start:stop]),
            "on_header_field": lambda data, start, stop: field.append(data[start:stop]),
            "on_header_value": lambda data, start, stop: value.append(data[start:stop]),
            "on_header_end": header_end,
            "on_headers_finished": headers_finished,
            "on_end": end,
        },
        max_header_count=10**9,
        max_header_size=10**9,
    )
    try:
        parser.write(b"--" + boundary + _SYNTHETIC + body)
        parser.finalize()
    except (MultipartParseError, _Refused):
        return None
    if not finished:
        return None
    seen: list[Seen] = []
    for head, data in zip(heads[1:], chunks[1:], strict=True):
        params = parse_options_header(head[b"content-disposition"])[1]
        filename = params.get(b"filename")
        media = parse_options_header(head.get(b"content-type", b""))[0]
        seen.append(
            (
                params[b"name"].decode("utf-8", "replace"),
                None if filename is None else filename.decode("utf-8", "replace"),
                media.decode("latin-1").lower(),
                head,
                b"".join(data),
            )
        )
    return seen


# Generated bodies.


@dataclass
class Built:
    body: bytes
    ctype: str
    boundary: bytes
    parts: list[tuple[str, str | None, str, bytes]]  # name, filename, media type, data


def _holds_delimiter(chunk: bytes, boundary: bytes, at_start: bool) -> bool:
    """Whether the chunk, followed by the CRLF of the next delimiter, holds a delimiter line."""
    start = rb"(?:\A|\r\n)" if at_start else rb"\r\n"
    line = start + b"--" + re.escape(boundary) + rb"(?:\r\n|--|[ \t])"
    return re.search(line, chunk + b"\r\n") is not None


def boundaries() -> st.SearchStrategy[bytes]:
    short = st.text(BCHARS, min_size=1, max_size=4)
    long = st.text(BCHARS, min_size=5, max_size=MAX_BOUNDARY)
    return (short | long).filter(lambda b: not b.endswith(" ")).map(str.encode)


def data_for(boundary: bytes) -> st.SearchStrategy[bytes]:
    near_misses = [
        b"--" + boundary,
        b"\n--" + boundary + b"\n",
        b"\r\n--" + boundary[:-1] + b"\x00",
        b"\r\n--" + boundary + b"x",
        b"\r\n--" + boundary + b"-x",
        b"\r\n--" + boundary + b"\rx",
        b"\r\n-" + boundary + b"\r\n",
    ]
    pieces = st.sampled_from([b"--", b"\r", b"\n", b"\r\n", b" ", b"\t", b"-", *near_misses])
    fragments = st.lists(pieces | st.binary(max_size=40), max_size=12).map(b"".join)
    return fragments.filter(lambda data: not _holds_delimiter(data, boundary, at_start=False))


NAMES = st.text(st.characters(blacklist_characters='"\\\r\n', codec="utf-8"), max_size=12)
MEDIA = st.sampled_from(
    [
        (None, ""),
        (b"image/png", "image/png"),
        (b"Text/Plain; charset=utf-8", "text/plain"),
        (b"application/octet-stream", "application/octet-stream"),
        (b'image/jpeg; x="a;b"', "image/jpeg"),
    ]
)
CASES = st.sampled_from(["Content-Disposition", "content-disposition", "CONTENT-disposition"])
PADDING = st.text(" \t", max_size=3).map(str.encode)
EXTRA = st.lists(
    st.tuples(
        st.text(TOKEN, min_size=1, max_size=8).filter(
            lambda name: name.lower() not in ("content-disposition", "content-type")
        ),
        st.text(st.characters(blacklist_characters="\r\n", codec="latin-1"), max_size=20),
    ),
    max_size=2,
)


@st.composite
def built_bodies(draw: st.DrawFn) -> Built:
    boundary = draw(boundaries())
    preamble = draw(st.none() | data_for(boundary))
    # A well-formed preamble holds no delimiter line, nor one after a bare CR or LF.
    if preamble is not None and (
        _holds_delimiter(preamble, boundary, at_start=True)
        or _bare_line_boundary_in_preamble(preamble + b"\r\n--" + boundary + b"--", boundary)
    ):
        preamble = None
    body = b"" if preamble is None else preamble + b"\r\n"
    parts: list[tuple[str, str | None, str, bytes]] = []
    for _ in range(draw(st.integers(0, 5))):
        name = draw(NAMES)
        filename = draw(st.none() | NAMES)
        raw_media, media = draw(MEDIA)
        data = draw(data_for(boundary))
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        lines = [draw(CASES).encode() + b": " + disposition.encode()]
        if raw_media is not None:
            lines.append(b"Content-Type:" + draw(PADDING) + raw_media + draw(PADDING))
        lines += [f"{key}: {text}".encode("latin-1") for key, text in draw(EXTRA)]
        head = b"".join(line + b"\r\n" for line in draw(st.permutations(lines)))
        body += b"--" + boundary + draw(PADDING) + b"\r\n" + head + b"\r\n" + data + b"\r\n"
        parts.append((name, filename, media, data))
    body += b"--" + boundary + b"--" + draw(st.sampled_from([b"", b"\r\n", b"\r\nepilogue"]))
    return Built(body, content_type(boundary), boundary, parts)


def without_headers(seen: list[Seen] | None) -> list[tuple[str, str | None, str, bytes]] | None:
    return None if seen is None else [(name, fn, media, data) for name, fn, media, _, data in seen]


SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(built=built_bodies(), max_parts=st.integers(1, 6))
def test_a_well_formed_body_is_read_as_built_by_both_readers(built: Built, max_parts: int) -> None:
    expected = built.parts if len(built.parts) <= max_parts else None
    read = ours(built.body, built.ctype, max_parts)
    assert without_headers(read) == expected
    assert oracle(built.body, built.ctype, max_parts) == read
    assert ours(bytearray(built.body), built.ctype, max_parts) == read


@st.composite
def mutated_bodies(draw: st.DrawFn) -> tuple[bytes, str]:
    built = draw(built_bodies())
    body = built.body
    at = draw(st.integers(0, len(body)))
    kind = draw(
        st.sampled_from(["truncate", "change", "change-near-eol", "remove-delimiter", "insert"])
    )
    if kind == "change-near-eol":  # where header lines and delimiter lines end
        ends = [m.start() for m in re.finditer(b"\r\n", body)] or [0]
        at = max(0, min(len(body), draw(st.sampled_from(ends)) + draw(st.integers(-6, 2))))
    if kind == "truncate":
        body = body[:at]
    elif kind.startswith("change") and at < len(body):
        body = body[:at] + bytes([draw(st.sampled_from(b"\r\n- \t:x\x00\xff"))]) + body[at + 1 :]
    elif kind == "remove-delimiter":
        starts = [m.start() for m in re.finditer(b"--" + re.escape(built.boundary), body)]
        if starts:
            start = draw(st.sampled_from(starts))
            body = body[:start] + body[start + 2 + len(built.boundary) :]
    else:
        piece = draw(st.sampled_from([b"\r\n", b"--" + built.boundary, b"\r\n\r\n", b":"]))
        body = body[:at] + piece + body[at:]
    return body, built.ctype


@SETTINGS
@given(mutated=mutated_bodies(), max_parts=st.integers(1, 6))
def test_a_broken_body_gets_the_oracles_verdict(mutated: tuple[bytes, str], max_parts: int) -> None:
    body, ctype = mutated
    assert ours(body, ctype, max_parts) == oracle(body, ctype, max_parts)


HEADER_PIECES = st.sampled_from(
    [
        b"form-data",
        b"Form-Data",
        b"image/png",
        b";",
        b"; ",
        b" ",
        b"\t",
        b"name",
        b"NAME",
        b"filename",
        b"filename*",
        b"=",
        b'"',
        b"\\",
        b"C:\\",
        b"x",
        b"\xe9",
        b"\xc3\xa9",
        b"a;b",
        b"\x00",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(HEADER_PIECES, max_size=12).map(b"".join) | st.binary(max_size=40))
def test_header_params_agrees_with_parse_options_header(value: bytes) -> None:
    assert header_params(value) == parse_options_header(value)


# The common header block's one-match route (_COMMON_HEAD) against the general one.

HEAD_PIECES = st.sampled_from(
    [
        b"Content-Disposition",
        b"content-DISPOSITION",
        b"Content-Type",
        b"X-Other",
        b": ",
        b":",
        b" ",
        b"\t",
        b"form-data",
        b"Form-Data",
        b"; ",
        b";",
        b"name=",
        b"filename=",
        b"filename*=",
        b'"',
        b'"me.png"',
        b'"a;b"',
        b'"\xc3\xa9"',
        b"\\",
        b"image/png",
        b"IMAGE/PNG; q=1",
        b"\r\n",
        b"\r",
        b"\n",
        b"x",
    ]
)
# Names and filenames: well-formed, or holding what the one-match route must leave alone.
HEAD_VALUES = NAMES.map(str.encode) | st.lists(
    st.sampled_from([b"a", b" ", b"\r", b"\n", b";", b"\\", b'"', b"=", b"\xc3\xa9", b"\xff"]),
    max_size=4,
).map(b"".join)
COMMON_BLOCKS = st.builds(
    lambda name, filename, media, gaps, disposition, kind: (
        disposition
        + b":"
        + gaps[0]
        + b'form-data; name="'
        + name
        + b'"'
        + (b"" if filename is None else b'; filename="' + filename + b'"')
        + gaps[1]
        + (b"" if media is None else b"\r\n" + kind + b":" + gaps[2] + media + gaps[3])
    ),
    HEAD_VALUES,
    st.none() | HEAD_VALUES,
    st.none() | st.sampled_from([b"image/png", b"Image/JPEG", b"text/plain", b"a+b/c.d", b"a\rb"]),
    st.lists(PADDING, min_size=4, max_size=4),
    CASES.map(str.encode),
    st.sampled_from([b"Content-Type", b"content-type", b"CONTENT-Type"]),
)


def head_read(block: bytes) -> tuple[str, str | None, str, dict[bytes, bytes], int] | str:
    """_read_head's reading of one header block: the part and where its data starts, or
    the refusal's message key."""
    try:
        part, data_start = multipart._read_head(block + b"\r\n\r\n", 0)
    except MockError as exc:
        return exc.key
    return part.name, part.filename, part.content_type, part.headers, data_start


@SETTINGS
@given(COMMON_BLOCKS | st.lists(HEAD_PIECES, min_size=1, max_size=14).map(b"".join))
def test_the_common_header_block_is_read_as_the_general_route_reads_it(block: bytes) -> None:
    fast = head_read(block)
    common, multipart._COMMON_HEAD = multipart._COMMON_HEAD, re.compile(rb"(?!)")  # no match
    try:
        general = head_read(block)
    finally:
        multipart._COMMON_HEAD = common
    assert fast == general


def test_the_blocks_common_clients_send_take_the_one_match_route() -> None:
    for block in (
        b'Content-Disposition: form-data; name="image"; filename="me.png"\r\n'
        b"Content-Type: image/png",  # browsers, httpx, requests
        b'content-disposition: form-data; name="person_type"',
    ):
        assert multipart._COMMON_HEAD.fullmatch(block) is not None


# Each refusal, with its message key.

B = b"XyZ"
CT = content_type(B)


def part(name: bytes, data: bytes, *headers: bytes) -> bytes:
    lines = [b'Content-Disposition: form-data; name="' + name + b'"', *headers]
    return b"--XyZ\r\n" + b"".join(line + b"\r\n" for line in lines) + b"\r\n" + data + b"\r\n"


CLOSE = b"--XyZ--\r\n"
GOOD = part(b"a", b"1")


def refusal(body: bytes, ctype: str = CT, max_parts: int = 4) -> MockError:
    with pytest.raises(MockError) as caught:
        read_parts(body, ctype, max_parts)
    assert caught.value.status == 400
    return caught.value


@pytest.mark.parametrize(
    ("ctype", "body", "key", "reason"),
    [
        ("multipart/form-data", GOOD + CLOSE, "multipart.no_boundary", None),
        ('multipart/form-data; boundary=""', GOOD + CLOSE, "multipart.no_boundary", None),
        (CT, GOOD * 5 + CLOSE, "multipart.too_many_parts", None),
        (CT, b"--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n" + CLOSE, "multipart.no_name", None),
        (CT, b"--XyZ\r\n\r\nx\r\n" + CLOSE, "multipart.no_name", None),
        (
            CT,
            part(b"a", b"", b"Content-Disposition: attachment") + CLOSE,
            "multipart.no_name",
            None,
        ),
        (CT, part(b"a", b"1", b"No colon here") + CLOSE, "multipart.unparsable", "no colon"),
        (CT, part(b"a", b"1", b"Bad Name: x") + CLOSE, "multipart.unparsable", "token"),
        (CT, part(b"a", b"1", b": x") + CLOSE, "multipart.unparsable", "token"),
        (CT, part(b"a", b"1", b"X-A: 1\nX-B: 2") + CLOSE, "multipart.unparsable", "bare CR or LF"),
        (CT, part(b"a", b"1", b"X-A: 1\r2") + CLOSE, "multipart.unparsable", "bare CR or LF"),
        (CT, GOOD + b"--XyZ  x\r\n" + CLOSE, "multipart.unparsable", "after the boundary"),
        (CT, b"--XyZ \t!\r\n" + CLOSE, "multipart.unparsable", "after the boundary"),
        (CT, GOOD.replace(b"\r\n", b"\n") + b"--XyZ--\n", "multipart.unparsable", "boundary"),
        (content_type(b"Other"), GOOD + CLOSE, "multipart.unparsable", "boundary"),
        (CT, b"", "multipart.unparsable", "boundary"),
        (
            content_type(b"b" * (MAX_BOUNDARY + 1)),
            GOOD.replace(B, b"b" * (MAX_BOUNDARY + 1)),
            "multipart.unparsable",
            f"longer than {MAX_BOUNDARY}",
        ),
        (
            CT,
            part(b"a", b"1", b"X-Pad: " + b"p" * MAX_HEADER_BLOCK) + CLOSE,
            "multipart.unparsable",
            f"longer than {MAX_HEADER_BLOCK} bytes",
        ),
        (CT, GOOD, "multipart.unterminated", None),
        (CT, GOOD + b"--XyZ\r\nContent-Disposition: form-da", "multipart.unterminated", None),
        (CT, GOOD + b"--XyZ \t ", "multipart.unterminated", None),
        (CT, GOOD + b"--XyZ \r", "multipart.unterminated", None),
        (CT, GOOD[:-2] + b"\r\n--XyZ-", "multipart.unterminated", None),
        (CT, GOOD + b"--XyZ-x", "multipart.unterminated", None),
    ],
    ids=lambda value: None if isinstance(value, bytes) else repr(value)[:30],
)
def test_each_broken_body_is_refused_with_its_message_key(
    ctype: str, body: bytes, key: str, reason: str | None
) -> None:
    error = refusal(body, ctype)
    assert error.key == key
    if reason is not None:
        assert reason in str(error.params["reason"])


def test_a_preamble_padding_and_an_epilogue_are_ignored_as_rfc_2046_says() -> None:
    body = (
        b"This is the preamble, with --XyZ in it and --XyZ-- too.\r\n"
        + b"--XyZ \t\r\n"
        + b'Content-Disposition: form-data; name="a"\r\n\r\n1\r\n'
        + b"--XyZ\t\r\n"
        + b'content-disposition:\tform-data; name="b"; filename="b.bin"  \r\n'
        + b"CONTENT-TYPE: Image/PNG\r\n\r\n\x00\r\n\r\n"
        + b"--XyZ--  and this is the epilogue\r\n--XyZ\r\nnot a part"
    )
    (a, b) = read_parts(body, CT, 4)
    assert (a.name, a.filename, a.content_type, a.data) == ("a", None, "", b"1")
    assert (b.name, b.filename, b.content_type, b.data) == ("b", "b.bin", "image/png", b"\x00\r\n")
    assert b.headers[b"content-disposition"] == b'form-data; name="b"; filename="b.bin"'


def test_the_boundary_inside_data_is_data_unless_it_makes_a_delimiter_line() -> None:
    data = b"--XyZ\r\n\r\n--XyZX\r\n--XyZ-x\r\n--XyZ\rx\n--XyZ\r\n-XyZ--"
    (got,) = read_parts(part(b"file", data) + CLOSE, CT, 4)
    assert got.data == data


def test_an_empty_part_and_a_body_of_no_parts_are_read() -> None:
    (empty,) = read_parts(part(b"a", b"") + CLOSE, CT, 4)
    assert empty.data == b""
    assert read_parts(b"--XyZ--", CT, 4) == []


# Bounded work on hostile bodies, counted (no timing).


def c_calls_of(body: bytes, max_parts: int) -> tuple[int, str]:
    count = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        count += event == "c_call"

    sys.setprofile(profile)
    try:
        read_parts(body, CT, max_parts)
    except MockError as exc:
        return count, exc.key
    finally:
        sys.setprofile(None)
    raise AssertionError("the body was accepted")


def test_parts_past_the_limit_are_never_looked_at() -> None:
    # Once first: the first refusal in a process fills caches (its message's), which
    # would count two calls more for whichever body happened to go first.
    # The few end in a long epilogue: each search has as much body after it as the many
    # have, so both take byte_search's same route.
    few_then_epilogue = GOOD * 40 + CLOSE + b"\x00" * 2 * LONG_SEARCH_BYTES
    c_calls_of(few_then_epilogue, 32)
    few = c_calls_of(few_then_epilogue, 32)
    many = c_calls_of(GOOD * 100_000 + CLOSE, 32)
    assert few == many
    assert few[1] == "multipart.too_many_parts"  # not unterminated: counted as found


class Watched(bytes):
    """A body that tallies the bytes its `find` calls pass over before a match. The reader
    searches by byte_search.find, which these tests make call `find` on the body (that it
    answers as `find` does is test_byte_search's)."""

    scanned = 0

    def find(self, sub: Any, start: Any = None, end: Any = None) -> int:
        low = 0 if start is None else start
        high = len(self) if end is None else min(end, len(self))
        found = super().find(sub, low, high)
        Watched.scanned += (high if found == -1 else found) - low
        return found


@pytest.fixture
def watched_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every search the reader makes goes through the body's own `find`."""

    def body_find(haystack: bytes | bytearray, needle: bytes, start: int = 0) -> int:
        return haystack.find(needle, start)

    monkeypatch.setattr(multipart, "find", body_find)


@pytest.mark.parametrize(
    "data",
    [
        b"\r\n--XyZx" * 50_000,
        b"\r\n--XyZ-x" * 50_000,
        b"\r\n--XyZ\rx" * 50_000,
        b"a--XyZ\n" * 50_000,
        b"\r\n\r\n" * 50_000,
    ],
    ids=["near-misses", "near-close", "near-crlf", "no-crlf-before", "blank-lines"],
)
def test_no_byte_is_searched_twice_whatever_the_data(data: bytes, watched_search: None) -> None:
    body = Watched(part(b"file", data) + CLOSE)
    Watched.scanned = 0
    (got,) = read_parts(body, CT, 4)
    assert got.data == data
    assert Watched.scanned <= len(body)


def test_a_header_block_is_searched_no_further_than_its_limit(watched_search: None) -> None:
    body = Watched(b"--XyZ\r\n" + b"X-Pad: p" * 1_000_000)
    Watched.scanned = 0
    error = refusal(body)
    assert error.key == "multipart.unparsable"
    assert Watched.scanned <= MAX_HEADER_BLOCK + 100


# Through the app: hostile bodies get a 400 in 302.AI's shape, never a 500.

PNG = image_bytes("PNG")


def upload(client: TestClient, body: bytes, boundary: bytes = B) -> Any:
    headers = {**AUTH, "Content-Type": content_type(boundary)}
    return client.post(HEADSHOT, content=body, headers=headers)


@pytest.mark.parametrize(
    ("body", "boundary", "words"),
    [
        (GOOD.replace(B, b"q" * 300) + b"--" + b"q" * 300 + b"--", b"q" * 300, ["boundary"]),
        (part(b"image", PNG, b"X-Pad: " + b"p" * 1_000_000) + CLOSE, B, ["headers"]),
        (b"--XyZ\r\n" + b"X: " * 1_000_000, B, ["headers"]),
        (GOOD * 10_000 + CLOSE, B, ["parts"]),
        (GOOD.replace(b"\r\n", b"\n") + b"--XyZ--\n", B, ["boundary"]),
        (part(b"person_type", b"kid", b"X-A: \r") + CLOSE, B, ["CR"]),
        (b"\r\n--XyZ \t x" * 100_000, B, ["boundary"]),
        (GOOD + part(b"b", b"\r\n--XyZX" * 100_000), B, ["closing boundary"]),
    ],
    ids=[
        "300-char-boundary",
        "megabyte-header",
        "endless-header",
        "10k-parts",
        "lf-only",
        "bare-cr",
        "junk-after-padding",
        "unterminated-near-misses",
    ],
)
def test_hostile_multipart_bodies_get_a_400_never_a_500(
    client: TestClient, body: bytes, boundary: bytes, words: list[str]
) -> None:
    assert_error(upload(client, body, boundary), 400, "multipart", *words)
    assert client.get("/_mock/health").status_code == 200


def test_the_mock_accepts_an_upload_with_a_preamble_padding_and_an_epilogue(
    client: TestClient,
) -> None:
    body = (
        b"preamble\r\n--XyZ\t\r\n"
        + part(b"image", PNG, b"Content-Type: image/png").removeprefix(b"--XyZ\r\n")
        + part(b"person_type", b"kid")
        + b"--XyZ-- epilogue"
    )
    response = upload(client, body)
    assert response.status_code == 200, response.text


def test_a_body_opening_with_a_bare_lf_then_the_boundary_is_refused_not_read_short() -> None:
    # RFC 2046 would read "\n--XyZ" as preamble and drop the first part without a word.
    body = b"\n" + part(b"image", b"\x89PNG") + part(b"person_type", b"male") + CLOSE
    assert refusal(body).key == "multipart.unparsable"
    # Opening with CRLF, the boundary line is a delimiter after an empty preamble.
    parts = read_parts(b"\r\n" + body[1:], CT, 4)
    assert [p.name for p in parts] == ["image", "person_type"]
