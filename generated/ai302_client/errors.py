"""Every error the client raises on purpose derives from AI302Error.

AI302Error
├── ConfigurationError          no API key, before any request
├── InvalidInputError           (also a ValueError) an argument the spec does not allow
├── APIError                    one HTTP exchange
│   ├── APIConnectionError      the server could not be reached (.request)
│   │   └── APITimeoutError
│   ├── APIStatusError          4xx/5xx (.status_code, .err_code, .message, .request_id)
│   │   ├── AuthenticationError, InsufficientBalanceError, RateLimitError,
│   │   └── NotFoundError, InvalidRequestError, ServerError
│   ├── ResponseValidationError a success body that breaks the spec
│   └── UnexpectedStatus        a status the spec does not document
└── PortraitTaskError           polling: Failed, NotFound, Expired, PollTimeout
"""

import httpx
from ai302_runtime import errors as _errors
from ai302_runtime.errors import (
    AI302Error,
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    InsufficientBalanceError,
    InvalidInputError,
    InvalidRequestError,
    NotFoundError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
)
from ai302_runtime.portrait import (
    PortraitPollTimeout,
    PortraitTaskError,
    PortraitTaskExpired,
    PortraitTaskFailed,
    PortraitTaskNotFound,
)

from .spec_facts import ERR_CODES, ERRORS


class UnexpectedStatus(APIError):
    """A status the spec does not document (sync()/asyncio() raise it; *_detailed only when
    Client.raise_on_unexpected_status)."""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


def error_from_response(response: httpx.Response) -> APIStatusError:
    """The typed exception for a 4xx/5xx response, its class read from the spec's err_codes."""
    return _errors.error_from_response(response, ERRORS)


__all__ = [
    "ERR_CODES",
    "AI302Error",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "ConfigurationError",
    "InsufficientBalanceError",
    "InvalidInputError",
    "InvalidRequestError",
    "NotFoundError",
    "PortraitPollTimeout",
    "PortraitTaskError",
    "PortraitTaskExpired",
    "PortraitTaskFailed",
    "PortraitTaskNotFound",
    "RateLimitError",
    "ResponseValidationError",
    "ServerError",
    "UnexpectedStatus",
    "error_from_response",
]
