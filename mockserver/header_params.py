"""A header value's type and parameters, as python-multipart's `parse_options_header`
reads them, with a fast path for the plain shape nearly every client sends.

`parse_options_header` walks the value in Python to honour quoting, escapes and RFC 2231
names, ~7 us a call: four calls per upload were most of a multipart body's read. A value
made only of a token and `key=token` or `key="text"` parameters (no backslash, no `;`
or `"` inside a quoted value, no `*` in a key, ASCII type and keys) needs none of that;
it is checked with one regular expression and split, and every other value goes to
`parse_options_header`. The two agree on every value the fast path takes, which
contract_tests/test_multipart_reader.py checks on generated values.
"""

from __future__ import annotations

import re

from python_multipart.multipart import parse_options_header

_PLAIN = re.compile(
    rb"[ \t]*[-!#$%&'*+.^_`|~/0-9A-Za-z]+[ \t]*"
    rb"(?:;[ \t]*[-._0-9A-Za-z]+=(?:\"[^\"\\;]*\"|[^ \t;\"\\=]+)[ \t]*)*"
)


def header_params(value: bytes | None) -> tuple[bytes, dict[bytes, bytes]]:
    """The value's lower-cased type and its parameters (names lower-cased, values unquoted)."""
    if not value:
        return b"", {}
    if _PLAIN.fullmatch(value) is None:
        return parse_options_header(value)
    kind, *segments = value.split(b";")
    params: dict[bytes, bytes] = {}
    for segment in segments:
        name, _, text = segment.strip(b" \t").partition(b"=")
        params[name.lower()] = text[1:-1] if text[:1] == b'"' else text
    return kind.strip(b" \t").lower(), params
