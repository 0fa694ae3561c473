"""A strict multipart/form-data reader that keeps each part's headers.

Starlette's form parser decides file-or-text by the filename alone and decodes
filename-less parts as text, which corrupts an image sent without a filename. Here a
part keeps its raw bytes, name, filename and Content-Type, and broken bodies (no
boundary, unterminated, too many parts, a malformed line) are refused with a message
saying which.

The whole body is in memory when it is read, so the reader looks for each delimiter
with a C search (`bytes.find`, or the C library's memmem over a long file: byte_search)
and splits header blocks with `bytes.split`: C loops over the body, and a few Python
steps per part, where a streaming state machine makes Python calls per chunk and per
header. On a 77 KB upload python-multipart took ~120 us; this took ~35 us, half of it
the one `find` over the file's bytes, before memmem. Each part's data is one slice of
the body, copied once.

The rules are RFC 2046 section 5.1.1's, as RFC 7578 uses them, with python-multipart's
choices where the RFC leaves room: a delimiter is CRLF "--" boundary followed by
transport padding (spaces and tabs) and CRLF, or by "--" (the close delimiter, after
which the epilogue is ignored); the same bytes followed by anything else are part data;
padding followed by anything but CRLF is refused; a header block ends at the first
empty line, and each line is `token ":" value`.

Where this reader differs from python-multipart's MultipartParser, which it replaced
(contract_tests/test_multipart_reader.py runs the two side by side):
- a preamble before the first delimiter is ignored, and the first boundary line may
  carry transport padding, as RFC 2046 allows; python-multipart refuses both (it skips
  only leading CR and LF bytes). A preamble holding a boundary line after a bare CR or
  LF (a body that opens with LF then the boundary, say) is refused: RFC 2046 would read
  it as text and silently drop the part it opens, where python-multipart kept it;
- a header line holding a bare CR or LF is refused (RFC 5322 section 2.2 has no bare
  line ends in a field); python-multipart keeps a bare LF inside the value;
- header values lose their surrounding spaces and tabs (RFC 7230's OWS), not only the
  leading spaces;
- a boundary longer than RFC 2046's 70 characters is refused with a 400; python-multipart
  allows 256 and raised an error the mock answered with 500 above that;
- a part's header block, blank line included, is at most 8 KiB, where python-multipart
  allows 8 lines of 4224 bytes each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mockserver.byte_search import find
from mockserver.errors import MockError
from mockserver.header_params import header_params
from mockserver.messages import localize

# RFC 2046 section 5.1.1: a boundary is 1 to 70 characters.
MAX_BOUNDARY = 70
# A part's header block with its closing blank line. Real ones (Content-Disposition with
# a filename, Content-Type) are a few hundred bytes; the bound keeps a hostile block from
# being scanned for its end past this.
MAX_HEADER_BLOCK = 8192
# RFC 7230 section 3.2.6: the characters of a header name.
_TOKEN = b"!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_PADDING = re.compile(rb"[ \t]+")
# The header block browsers, httpx and requests send: Content-Disposition with a quoted
# name and maybe a quoted filename, then maybe a bare Content-Type. One C match reads
# it as _header_fields and header_params would (the values hold no quote, backslash,
# semicolon, CR or LF, so header_params' own fast path takes them unchanged), where
# those cost ~6 us a part in Python. Any other block goes the general way.
_COMMON_HEAD = re.compile(
    rb"(?i:content-disposition):[ \t]*"
    rb'(form-data; name="([^"\\;\r\n]*)"(?:; filename="([^"\\;\r\n]*)")?)[ \t]*'
    rb"(?:\r\n(?i:content-type):[ \t]*([-!#$%&'*+.^_`|~/0-9A-Za-z]+)[ \t]*)?"
)


@dataclass(slots=True)
class Part:
    name: str = ""
    filename: str | None = None
    content_type: str = ""
    headers: dict[bytes, bytes] = field(default_factory=dict)
    data: bytes = b""

    @property
    def is_text(self) -> bool:
        """A part with no filename and a text (or no) Content-Type is a form field."""
        return self.filename is None and self.content_type in ("", "text/plain")


def read_parts(body: bytes | bytearray, content_type: str, max_parts: int) -> list[Part]:
    _, options = header_params(content_type.encode("latin-1"))
    boundary = options.get(b"boundary")
    if not boundary:
        raise MockError(400, "multipart.no_boundary")
    if len(boundary) > MAX_BOUNDARY:
        raise _unparsable("boundary_too_long", limit=MAX_BOUNDARY)
    delimiter = b"\r\n--" + boundary
    parts: list[Part] = []
    part: Part | None = None  # the part whose data runs up to the next delimiter
    data_start = 0
    # With no preamble the body opens with the delimiter minus its CRLF: read it as if at -2.
    at = -2 if body.startswith(delimiter[2:]) else find(body, delimiter)
    with memoryview(body) as view:
        while at != -1:
            line_end = _delimiter_line_end(body, at + len(delimiter))
            if line_end is None:  # the boundary's bytes in data, not a delimiter
                at = find(body, delimiter, at + 1 if at >= 0 else 0)
                continue
            if part is not None:
                part.data = bytes(view[data_start:at])
            elif at > 0:
                _check_preamble(body, at, boundary)
            if line_end < 0:  # the close delimiter: what follows is the epilogue
                return parts
            if len(parts) >= max_parts:
                raise MockError(400, "multipart.too_many_parts", limit=max_parts)
            part, data_start = _read_head(body, line_end)
            parts.append(part)
            at = find(body, delimiter, data_start)
    if part is None:
        raise _unparsable("no_boundary_line")
    raise MockError(400, "multipart.unterminated")


def _delimiter_line_end(body: bytes | bytearray, after: int) -> int | None:
    """Where the line after a delimiter starts; -1 for the close delimiter, None for data."""
    follows = body[after : after + 2]
    if follows == b"\r\n":
        return after + 2
    if follows == b"--":
        return -1
    if follows[:1] not in (b" ", b"\t"):
        return None
    padding = _PADDING.match(body, after)
    end = padding.end() if padding else after
    if body.startswith(b"\r\n", end):
        return end + 2
    if body[end : end + 2] in (b"", b"\r"):  # the body ends in the boundary line
        raise MockError(400, "multipart.unterminated")
    raise _unparsable("text_after_boundary")


def _check_preamble(body: bytes | bytearray, end: int, boundary: bytes) -> None:
    """Refuse a preamble with a boundary line after a bare CR or LF. RFC 2046 reads such a
    line as preamble text, which would drop the part it opens without a word (a body that
    opens with LF then the boundary loses its first part); python-multipart, which skips
    CR and LF bytes before the first boundary, kept it."""
    line = re.compile(rb"[\r\n]--" + re.escape(boundary) + rb"(?:\r\n|--|[ \t])")
    if line.search(body, 0, end + 2):  # + 2: the CRLF of the first real delimiter
        raise _unparsable("boundary_after_bare_line_end")


def _read_head(body: bytes | bytearray, start: int) -> tuple[Part, int]:
    """The part whose header block starts at `start`, and where its data starts."""
    if body.startswith(b"\r\n", start):
        headers: dict[bytes, bytes] = {}
        data_start = start + 2
    else:
        end = body.find(b"\r\n\r\n", start, start + MAX_HEADER_BLOCK)
        if end == -1:
            if len(body) - start < MAX_HEADER_BLOCK:
                raise MockError(400, "multipart.unterminated")
            raise _unparsable("headers_too_long", limit=MAX_HEADER_BLOCK)
        block = bytes(body[start:end])
        data_start = end + 4
        common = _COMMON_HEAD.fullmatch(block)
        if common is not None:
            disposition, name, filename, media = common.groups()
            headers = {b"content-disposition": disposition}
            if media is not None:
                headers[b"content-type"] = media
            return _part(name, filename, media or b"", headers), data_start
        headers = _header_fields(block)
    disposition, params = header_params(headers.get(b"content-disposition"))
    if disposition != b"form-data" or b"name" not in params:
        raise MockError(400, "multipart.no_name")
    media, _ = header_params(headers.get(b"content-type"))
    return _part(params[b"name"], params.get(b"filename"), media, headers), data_start


def _part(name: bytes, filename: bytes | None, media: bytes, headers: dict[bytes, bytes]) -> Part:
    return Part(
        name=name.decode("utf-8", "replace"),
        filename=None if filename is None else filename.decode("utf-8", "replace"),
        content_type=media.decode("latin-1").lower(),
        headers=headers,
    )


def _header_fields(block: bytes) -> dict[bytes, bytes]:
    lines = block.split(b"\r\n")
    if block.count(b"\r") != len(lines) - 1 or block.count(b"\n") != len(lines) - 1:
        raise _unparsable("bare_line_end")
    headers: dict[bytes, bytes] = {}
    for line in lines:
        name, colon, value = line.partition(b":")
        if not colon:
            raise _unparsable("no_colon")
        if not name or name.translate(None, _TOKEN):
            raise _unparsable("bad_header_name")
        headers[name.lower()] = value.strip(b" \t")
    return headers


def _unparsable(why: str, **params: object) -> MockError:
    """multipart.unparsable, its reason the template multipart.why.WHY in each language."""
    return MockError(400, "multipart.unparsable", reason=localize(f"multipart.why.{why}", params))
