"""Send one request with a client's own options over a connection pool it may share.

A derived client (`with_options`, `with_headers`, ...) shares its parent's httpx
clients, so it costs no new connections; its headers, timeout and retry policy travel
with each request instead of living in the shared httpx client, so deriving never
changes the parent. Request failures leave as the kit's own `APIConnectionError` /
`APITimeoutError`, carrying the request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from ai302_runtime.errors import APIConnectionError, APITimeoutError
from ai302_runtime.retry import POLICY_EXTENSION, RetryPolicy


@dataclass(frozen=True)
class RequestOptions:
    """The per-client (or per-call) settings applied to every request it sends."""

    headers: Mapping[str, str] = field(default_factory=dict)
    timeout: httpx.Timeout | None = None
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    def apply(self, kwargs: Mapping[str, Any]) -> dict[str, Any]:
        """httpx `request()` arguments with these options merged in (the call's own win)."""
        merged = dict(kwargs)
        merged["headers"] = {**self.headers, **dict(kwargs.get("headers") or {})}
        merged["timeout"] = self.timeout
        merged["extensions"] = {
            **dict(kwargs.get("extensions") or {}),
            POLICY_EXTENSION: self.retry,
        }
        return merged


def _request_of(error: httpx.RequestError) -> httpx.Request | None:
    try:
        return error.request
    except RuntimeError:  # httpx raises when no request was attached
        return None


def _wrap(error: httpx.RequestError) -> APIConnectionError:
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(_request_of(error), error)
    return APIConnectionError(_request_of(error), error)


def send(http: httpx.Client, options: RequestOptions, kwargs: Mapping[str, Any]) -> httpx.Response:
    """Send through `http` with `options`; httpx's request errors (connection, timeout,
    protocol, redirects) become APIConnectionError / APITimeoutError."""
    try:
        return http.request(**options.apply(kwargs))
    except httpx.RequestError as error:
        raise _wrap(error) from error


async def asend(
    http: httpx.AsyncClient, options: RequestOptions, kwargs: Mapping[str, Any]
) -> httpx.Response:
    """The async twin of `send`."""
    try:
        return await http.request(**options.apply(kwargs))
    except httpx.RequestError as error:
        raise _wrap(error) from error
