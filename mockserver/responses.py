"""Encoding JSON answers: orjson once, and every answer carries its request id.

(What goes into a success body is success_body's job.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

RawHeaders = list[tuple[bytes, bytes]]

_CONTENT_TYPE = (b"content-type", b"application/json")


class JsonAnswer(Response):
    """A JSON body and its already-encoded headers, sent as the two ASGI messages.

    Starlette's Response lower-cases and encodes a header mapping and scans it for
    content-length and content-type on every request: more work than the body itself for
    the mock's small answers. This keeps Response's interface (status_code, body,
    raw_headers, awaitable with scope/receive/send), so callers need not care.
    """

    media_type = "application/json"

    def __init__(self, body: bytes, status: int, head: RawHeaders) -> None:
        # Response.__init__ is skipped on purpose: `head` is the finished header list.
        self.status_code = status
        self.background = None
        self.body = body
        self.raw_headers = head

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        await send({"type": "http.response.body", "body": self.body})


def encode_headers(headers: Mapping[str, str]) -> RawHeaders:
    """Header names lower-cased and both sides latin-1, as ASGI wants them: done once at
    start-up for headers that do not change (an error's Retry-After, say)."""
    return [
        (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()
    ]


def json_response(body: Any, status: int, request_id: str) -> Response:
    return raw_json_response(orjson.dumps(body), status, request_id)


def raw_json_response(
    body: bytes, status: int, request_id: str, fixed: RawHeaders | None = None
) -> Response:
    """`fixed`: headers encoded at start-up, sent before the request id."""
    head = [
        (b"x-request-id", request_id.encode("latin-1")),
        (b"content-length", b"%d" % len(body)),
        _CONTENT_TYPE,
    ]
    return JsonAnswer(body, status, fixed + head if fixed else head)
