"""CORS for browser apps that call the mock (`--cors-origin`): Starlette's middleware, with
a refused preflight answered in 302.AI's error shape, as every other refusal is (Starlette
answers it in plain text)."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp

from mockserver.errors import MockError
from mockserver.messages import CORS_REFUSED, Localized
from mockserver.state import MockState

_STARLETTE_PREFIX = "Disallowed CORS "


class ApiShapedCors(CORSMiddleware):
    def __init__(self, app: ASGIApp, state: MockState, origins: list[str]) -> None:
        super().__init__(
            app,
            allow_origins=origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["*"],
            expose_headers=["x-request-id", "retry-after"],
        )
        self._state = state

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        text = bytes(response.body).decode("utf-8", "replace").removeprefix(_STARLETTE_PREFIX)
        refused = [CORS_REFUSED.get(name, Localized(name, name, name)) for name in text.split(", ")]
        what = Localized(
            ", ".join(r.en for r in refused),
            "、".join(r.cn for r in refused),
            "、".join(r.jp for r in refused),
        )
        error = MockError(400, "cors.refused", what=what)
        return self._state.errors.build(error, self._state.next_request_id())
