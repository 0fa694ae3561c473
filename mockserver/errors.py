"""302.AI's error body, `{"error": {"err_code", "message", ...}}`, for every 4xx/5xx.

The err_code, the type and any Retry-After come from the spec's shared error
responses (`x-err-code`), so the mock and the documented examples agree.
"""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from starlette.responses import Response

from mockserver.spec_loader import ErrorTemplate

# Statuses the mock may raise that no operation documents (routing errors).
_ROUTING = {
    404: ErrorTemplate(404, -10010, "not_found", {}, b""),
    405: ErrorTemplate(405, -10009, "method_not_allowed", {}, b""),
}


class MockError(Exception):
    """Raised anywhere in request handling; the app turns it into an error response."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        self.status = status
        self.field = field
        self.message = f"{field}: {message}" if field else message
        super().__init__(self.message)


class ErrorBuilder:
    def __init__(self, templates: dict[int, ErrorTemplate]) -> None:
        self._templates = {**_ROUTING, **templates}

    def documented(self, status: int) -> bool:
        return status in self._templates

    def build(
        self, status: int, message: str, request_id: str, headers: Mapping[str, str] | None = None
    ) -> Response:
        template = self._templates.get(status) or self._templates[400]
        body = {
            "error": {
                "err_code": template.err_code,
                "message": message,
                "message_cn": message,
                "message_jp": message,
                "type": template.type,
            }
        }
        headers = {**template.headers, **(headers or {}), "x-request-id": request_id}
        return Response(
            orjson.dumps(body), status_code=status, headers=headers, media_type="application/json"
        )

    def example(self, status: int, request_id: str) -> Response:
        """The spec's own example for a status, as `Prefer: code=NNN` asks."""
        template = self._templates[status]
        headers = {**template.headers, "x-request-id": request_id}
        return Response(
            template.example, status_code=status, headers=headers, media_type="application/json"
        )
