"""A strict multipart/form-data reader that keeps each part's headers.

Starlette's form parser decides file-or-text by the filename alone and decodes
filename-less parts as text, which corrupts an image sent without a filename. Here a
part keeps its raw bytes, name, filename and Content-Type, and broken bodies (no
boundary, unterminated, too many parts) are refused with a message saying which.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from mockserver.errors import MockError


@dataclass
class Part:
    name: str = ""
    filename: str | None = None
    content_type: str = ""
    headers: dict[bytes, bytes] = field(default_factory=dict)
    chunks: list[bytes] = field(default_factory=list)

    @property
    def data(self) -> bytes:
        return b"".join(self.chunks)

    @property
    def is_text(self) -> bool:
        """A part with no filename and a text (or no) Content-Type is a form field."""
        return self.filename is None and self.content_type in ("", "text/plain")


def read_parts(body: bytes | bytearray, content_type: str, max_parts: int) -> list[Part]:
    _, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if not boundary:
        raise MockError(400, "multipart.no_boundary")
    parts: list[Part] = []
    header_field: list[bytes] = []
    header_value: list[bytes] = []
    finished = False

    def on_part_begin() -> None:
        if len(parts) >= max_parts:
            raise MockError(400, "multipart.too_many_parts", limit=max_parts)
        parts.append(Part())

    def on_header_end() -> None:
        parts[-1].headers[b"".join(header_field).lower()] = b"".join(header_value)
        header_field.clear()
        header_value.clear()

    def on_headers_finished() -> None:
        part = parts[-1]
        disposition, params = parse_options_header(part.headers.get(b"content-disposition", b""))
        if disposition != b"form-data" or b"name" not in params:
            raise MockError(400, "multipart.no_name")
        part.name = params[b"name"].decode("utf-8", "replace")
        if b"filename" in params:
            part.filename = params[b"filename"].decode("utf-8", "replace")
        media, _ = parse_options_header(part.headers.get(b"content-type", b""))
        part.content_type = media.decode("latin-1").lower()

    def on_end() -> None:
        nonlocal finished
        finished = True

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_part_data": lambda data, start, end: parts[-1].chunks.append(data[start:end]),
            "on_header_field": lambda data, start, end: header_field.append(data[start:end]),
            "on_header_value": lambda data, start, end: header_value.append(data[start:end]),
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_end": on_end,
        },
    )
    try:
        parser.write(bytes(body))  # the parser is typed for bytes
        parser.finalize()
    except MultipartParseError as exc:
        raise MockError(400, "multipart.unparsable", reason=str(exc)) from exc
    if not finished:
        raise MockError(400, "multipart.unterminated")
    return parts
