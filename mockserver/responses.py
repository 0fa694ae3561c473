"""Encoding JSON answers: orjson once, and every answer carries its request id.

(What goes into a success body is success_body's job.)
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response


def json_response(body: Any, status: int, request_id: str) -> Response:
    return raw_json_response(orjson.dumps(body), status, request_id)


def raw_json_response(body: bytes, status: int, request_id: str) -> Response:
    return Response(
        body,
        status_code=status,
        media_type="application/json",
        headers={"x-request-id": request_id},
    )
