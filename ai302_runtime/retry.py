"""Retries at httpx's transport seam, so every endpoint gets one policy, in one place.

Headshot generation is a paid, non-idempotent POST: by default it is retried only
where the server cannot have processed it (the connection never opened, or 429).
Requests the generated code marks `ai302_retry_safe` (reads such as
`get_portrait_result`) are also retried on 5xx and on a broken connection.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx

# The request never reached the server: safe to send again, even if paid.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry. `RetryPolicy(max_retries=0)` turns retries off."""

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    # A server's Retry-After is honoured up to this many seconds; beyond, we give up.
    max_retry_after: float = 60.0
    always_retry_statuses: frozenset[int] = frozenset({429})
    safe_retry_statuses: frozenset[int] = frozenset({500, 502, 503, 504})
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    uniform: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def wait_after_error(
        self, attempt: int, error: httpx.TransportError, safe: bool
    ) -> float | None:
        """Seconds to wait before retrying after a transport error; None means raise it."""
        if attempt >= self.max_retries or not (isinstance(error, _NOT_SENT) or safe):
            return None
        return self._backoff(attempt)

    def wait_after_response(
        self, attempt: int, response: httpx.Response, safe: bool
    ) -> float | None:
        """Seconds to wait before retrying after this response; None means return it."""
        status = response.status_code
        retryable = status in self.always_retry_statuses or (
            safe and status in self.safe_retry_statuses
        )
        if attempt >= self.max_retries or not retryable:
            return None
        retry_after = _retry_after_seconds(response)
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_after else None
        return self._backoff(attempt)

    def _backoff(self, attempt: int) -> float:
        delay = min(self.initial_delay * 2.0**attempt, self.max_delay)
        # Jitter between 75 % and 100 % spreads clients that failed together.
        return delay * (1 - 0.25 * self.uniform())


def _retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def _is_safe(request: httpx.Request) -> bool:
    return bool(request.extensions.get("ai302_retry_safe", False))


class RetryTransport(httpx.BaseTransport):
    """Wraps a transport and retries according to a RetryPolicy."""

    def __init__(self, inner: httpx.BaseTransport, policy: RetryPolicy) -> None:
        self._inner = inner
        self._policy = policy

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        safe = _is_safe(request)
        attempt = 0
        while True:
            try:
                response = self._inner.handle_request(request)
            except httpx.TransportError as error:
                wait = self._policy.wait_after_error(attempt, error, safe)
                if wait is None:
                    raise
            else:
                wait = self._policy.wait_after_response(attempt, response, safe)
                if wait is None:
                    return response
                response.close()
            self._policy.sleep(wait)
            attempt += 1

    def close(self) -> None:
        self._inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The async twin of RetryTransport. It awaits `asyncio.sleep` unless the policy
    was given its own `sleep` (tests inject one so that nothing really waits)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, policy: RetryPolicy) -> None:
        self._inner = inner
        self._policy = policy

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        safe = _is_safe(request)
        attempt = 0
        while True:
            try:
                response = await self._inner.handle_async_request(request)
            except httpx.TransportError as error:
                wait = self._policy.wait_after_error(attempt, error, safe)
                if wait is None:
                    raise
            else:
                wait = self._policy.wait_after_response(attempt, response, safe)
                if wait is None:
                    return response
                await response.aclose()
            if self._policy.sleep is time.sleep:
                await asyncio.sleep(wait)
            else:
                self._policy.sleep(wait)
            attempt += 1

    async def aclose(self) -> None:
        await self._inner.aclose()
