"""One exception tree for everything the client raises on purpose.

`AI302Error` is the root. `APIError` covers one HTTP exchange: the server could not be
reached (`APIConnectionError`, `APITimeoutError`), answered 4xx/5xx (`APIStatusError` and
its subclasses) or sent a success body that breaks the spec (`ResponseValidationError`).
Configuration and input mistakes are caught before any request. The class of a 4xx/5xx
follows the spec's `x-err-codes` catalogue: the body's err_code first, else the err_code
the spec gives that status. Programming errors (TypeError, AttributeError) are never
wrapped, so a client bug stays visible.
"""

from __future__ import annotations

from typing import Any

import httpx

from ai302_runtime.facts import ErrorCategory, ErrorFacts


class AI302Error(Exception):
    """Base class of every error this client raises on purpose."""


class ConfigurationError(AI302Error):
    """The client is not configured to make a request (e.g. no API key)."""


class InvalidInputError(AI302Error, ValueError):
    """An argument is outside what the spec allows; raised before any request is sent."""


class APIError(AI302Error):
    """An error in one HTTP exchange with the API."""


class APIConnectionError(APIError):
    """The request could not reach the server, or the connection broke."""

    def __init__(self, request: httpx.Request | None, cause: BaseException | None = None) -> None:
        self.request = request
        where = f" ({request.method} {request.url.copy_with(query=None)})" if request else ""
        reason = f": {type(cause).__name__}: {cause}" if cause is not None else ""
        super().__init__(f"{self._summary}{where}{reason}")

    _summary = "Connection error"


class APITimeoutError(APIConnectionError):
    """The request timed out (connecting, writing, reading or waiting for the pool)."""

    _summary = "Request timed out"


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
    """The request itself is wrong (err_code category `invalid_request`); do not retry it."""


class AuthenticationError(APIStatusError):
    """The API key is missing, malformed or expired (category `authentication`)."""


class InsufficientBalanceError(APIStatusError):
    """The account balance is too low (category `insufficient_balance`): top up."""


class NotFoundError(APIStatusError):
    """The resource does not exist (category `not_found`)."""


class RateLimitError(APIStatusError):
    """A quota or rate limit was reached (category `rate_limit`)."""


class ServerError(APIStatusError):
    """A fault on the server's side (category `server`, or any 5xx)."""


class ResponseValidationError(APIError):
    """A 2xx body does not match the spec, so no typed value can be trusted."""

    def __init__(self, response: httpx.Response, cause: BaseException) -> None:
        self.response = response
        self.status_code = response.status_code
        super().__init__(
            f"HTTP {response.status_code} body does not match the spec: "
            f"{type(cause).__name__}: {cause}"
        )


class SchemaMismatch(ValueError):
    """Raised while parsing a body that breaks the spec; becomes ResponseValidationError."""


_BY_CATEGORY: dict[ErrorCategory, type[APIStatusError]] = {
    ErrorCategory.AUTHENTICATION: AuthenticationError,
    ErrorCategory.INSUFFICIENT_BALANCE: InsufficientBalanceError,
    ErrorCategory.RATE_LIMIT: RateLimitError,
    ErrorCategory.NOT_FOUND: NotFoundError,
    ErrorCategory.INVALID_REQUEST: InvalidRequestError,
    ErrorCategory.SERVER: ServerError,
}


def error_from_response(response: httpx.Response, facts: ErrorFacts) -> APIStatusError:
    """Build the typed exception for a 4xx/5xx response, its class read from the spec."""
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    error = APIStatusError(response, body)
    category = facts.category_of(error.err_code, response.status_code)
    if category is not None:
        cls = _BY_CATEGORY[category]
    elif response.status_code >= 500:
        cls = ServerError
    else:
        cls = APIStatusError
    return cls(response, body)
