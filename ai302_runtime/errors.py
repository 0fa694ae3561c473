"""Typed exceptions for 302.AI's error body `{"error": {"err_code", "message", ...}}`.

One base class, then a class per case a caller handles differently. The class is
chosen by `err_code` first (302.AI's own meaning), then by HTTP status, because the
mapping between the two is not documented.
"""

from __future__ import annotations

from typing import Any

import httpx


class APIError(Exception):
    """Base class of every error this client raises on purpose."""


class APIConnectionError(APIError):
    """The request could not reach the server, or the connection broke."""


class APIStatusError(APIError):
    """The server answered with a 4xx or 5xx status."""

    def __init__(self, response: httpx.Response, body: Any) -> None:
        self.response = response
        self.status_code = response.status_code
        self.body = body
        detail = body.get("error") if isinstance(body, dict) else None
        detail = detail if isinstance(detail, dict) else {}
        code = detail.get("err_code")
        self.err_code: int | None = code if isinstance(code, int) else None
        self.message: str = str(detail.get("message") or response.reason_phrase or "error")
        self.message_cn: str | None = detail.get("message_cn")
        self.message_jp: str | None = detail.get("message_jp")
        self.type: str | None = detail.get("type")
        self.request_id: str | None = response.headers.get("x-request-id")
        # The request is not in the text: its headers hold the API key.
        super().__init__(f"HTTP {self.status_code} (err_code {self.err_code}): {self.message}")


class InvalidRequestError(APIStatusError):
    """400, 413, 415 or err_code -10011: the request itself is wrong; do not retry it."""


class AuthenticationError(APIStatusError):
    """401, or a missing (-10001) or expired (-10005) API key."""


class InsufficientBalanceError(APIStatusError):
    """402, or err_code -10004: top up the 302.AI account."""


class NotFoundError(APIStatusError):
    """404, or err_code -10010."""


class RateLimitError(APIStatusError):
    """429, or a quota err_code (-10006, -10007, -10012, -10018)."""


class ServerError(APIStatusError):
    """5xx: a fault on the server's side."""


class ResponseValidationError(APIError):
    """A 2xx body does not match the spec, so no typed value can be trusted."""

    def __init__(self, response: httpx.Response, cause: BaseException) -> None:
        self.response = response
        self.status_code = response.status_code
        super().__init__(
            f"HTTP {response.status_code} body does not match the spec: "
            f"{type(cause).__name__}: {cause}"
        )


_BY_ERR_CODE: dict[int, type[APIStatusError]] = {
    -10001: AuthenticationError,
    -10005: AuthenticationError,
    -10004: InsufficientBalanceError,
    -10006: RateLimitError,
    -10007: RateLimitError,
    -10012: RateLimitError,
    -10018: RateLimitError,
    -10010: NotFoundError,
    -10011: InvalidRequestError,
}

_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    402: InsufficientBalanceError,
    404: NotFoundError,
    413: InvalidRequestError,
    415: InvalidRequestError,
    422: InvalidRequestError,
    429: RateLimitError,
}


def error_from_response(response: httpx.Response) -> APIStatusError:
    """Build the typed exception for a 4xx/5xx response."""
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    error = APIStatusError(response, body)
    cls = _BY_ERR_CODE.get(error.err_code) if error.err_code is not None else None
    if cls is None:
        cls = ServerError if response.status_code >= 500 else _BY_STATUS.get(response.status_code)
    if cls is None:
        cls = InvalidRequestError if response.status_code < 500 else ServerError
    return cls(response, body)
