"""302.AI's error body, `{"error": {"err_code", "message", ...}}`, for every 4xx/5xx.

The err_code, the type and any Retry-After come from the spec's shared error
responses (`x-err-code`), so the mock and the documented examples agree. The three
message texts come from the one table in `messages`.
"""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from starlette.responses import Response

from mockserver.messages import TEMPLATES, Localized, localize
from mockserver.spec_loader import ErrorTemplate

# Statuses the mock may raise that no operation documents (routing errors).
_ROUTING = {
    404: ErrorTemplate(404, -10010, "not_found", {}, b""),
    405: ErrorTemplate(405, -10009, "method_not_allowed", {}, b""),
}


class MockError(Exception):
    """Raised anywhere in request handling; the app turns it into an error response.

    `key` names a template in `messages.TEMPLATES`; `params` fill it. The texts are
    built when the error is raised, so an unknown key fails where it is written.
    """

    def __init__(self, status: int, key: str, field: str | None = None, **params: object) -> None:
        if key not in TEMPLATES:
            raise KeyError(f"no message template {key!r}: add it to mockserver/messages.py")
        self.status = status
        self.key = key
        self.field = field
        self.params = params
        self.texts: Localized = localize(key, params, field)
        super().__init__(self.texts.en)

    @property
    def message(self) -> str:
        """The English text (302.AI's `message`)."""
        return self.texts.en


class ErrorBuilder:
    def __init__(self, templates: dict[int, ErrorTemplate]) -> None:
        self._templates = {**_ROUTING, **templates}

    def build(
        self, error: MockError, request_id: str, headers: Mapping[str, str] | None = None
    ) -> Response:
        # A status no response documents (the proxy's 502/504) borrows its class's template.
        fallback = 500 if error.status >= 500 else 400
        template = self._templates.get(error.status) or self._templates[fallback]
        body = {
            "error": {
                "err_code": template.err_code,
                "message": error.texts.en,
                "message_cn": error.texts.cn,
                "message_jp": error.texts.jp,
                "type": template.type,
            }
        }
        headers = {**template.headers, **(headers or {}), "x-request-id": request_id}
        return Response(
            orjson.dumps(body),
            status_code=error.status,
            headers=headers,
            media_type="application/json",
        )

    def example(self, status: int, request_id: str) -> Response:
        """The spec's own example for a status, as `Prefer: code=NNN` asks."""
        template = self._templates[status]
        headers = {**template.headers, "x-request-id": request_id}
        return Response(
            template.example, status_code=status, headers=headers, media_type="application/json"
        )
