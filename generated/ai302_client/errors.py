"""Errors raised by API functions: typed 302.AI errors, and the generator's UnexpectedStatus."""

from ai302_runtime.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    AuthenticationError,
    InsufficientBalanceError,
    InvalidRequestError,
    NotFoundError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    error_from_response,
)


class UnexpectedStatus(APIError):
    """A 1xx/2xx/3xx status the spec does not document, when Client.raise_on_unexpected_status."""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "AuthenticationError",
    "InsufficientBalanceError",
    "InvalidRequestError",
    "NotFoundError",
    "RateLimitError",
    "ResponseValidationError",
    "ServerError",
    "UnexpectedStatus",
    "error_from_response",
]
