"""Send one request with a client's own options over a connection pool it may share.

A derived client (`with_options`, `with_headers`, ...) shares its parent's httpx
clients, so it costs no new connections; its headers, timeout and retry policy travel
with each request instead of living in the shared httpx client, so deriving never
changes the parent. Request failures leave as the kit's own `APIConnectionError` /
`APITimeoutError`, carrying the request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
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


class SharedPool:
    """The lazily built httpx clients of one client and of every client derived from it.

    The builders are the root client's, so `get_httpx_client()` keeps its defaults
    whichever client in the family asks first.

    An async httpx client's connections belong to the event loop that opened them. Each
    `asyncio.run()` makes a new loop and closes it at the end, so a client used from a
    second `asyncio.run()` would fail with "Event loop is closed": the async client this
    pool built is built again for the new loop. One set with `set_async_httpx_client` is
    the caller's, and left alone.
    """

    def __init__(
        self,
        build_sync: Callable[[], httpx.Client],
        build_async: Callable[[], httpx.AsyncClient],
    ) -> None:
        self._build_sync = build_sync
        self._build_async = build_async
        self.sync: httpx.Client | None = None
        self.async_: httpx.AsyncClient | None = None
        self._built_async: httpx.AsyncClient | None = None
        self._async_loop: asyncio.AbstractEventLoop | None = None  # the loop it serves

    def get_sync(self) -> httpx.Client:
        if self.sync is None:
            self.sync = self._build_sync()
        return self.sync

    def get_async(self) -> httpx.AsyncClient:
        served = self._async_loop
        if self.async_ is self._built_async and served is not None and served.is_closed():
            # Its pooled connections died with their loop; nothing is left to close.
            self.async_ = None
        if self.async_ is None:
            self.async_ = self._built_async = self._build_async()
            self._async_loop = None
        if self._async_loop is None:
            self._async_loop = _running_loop()
        return self.async_


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:  # called outside any loop (get_async_httpx_client() from sync code)
        return None


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
