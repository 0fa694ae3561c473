"""Retries at httpx's transport seam, so every endpoint gets one policy, in one place.

What the API allows comes from the spec, through the request: the generated code marks
each request with its operation's `x-idempotent` (`ai302_retry_safe`), and a per-call
policy (`ai302_retry`). A non-idempotent call (headshot generation is also paid) is
retried only where the server cannot have processed it: the connection never opened,
or 429. An idempotent one is also retried on 5xx and on a broken connection. An error
whose err_code the spec marks `retryable: false` (quota, balance) is never retried.
Each retry is logged on the `ai302_client` logger with attempt, wait and reason.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx

from ai302_runtime.logs import logger

# The request never reached the server: safe to send again, even if paid.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
SAFE_EXTENSION = "ai302_retry_safe"
# The operation's x-paid: logged with each retry, so a retried paid call is visible.
PAID_EXTENSION = "ai302_paid"
POLICY_EXTENSION = "ai302_retry"


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
        self,
        attempt: int,
        response: httpx.Response,
        safe: bool,
        never_retry: frozenset[int] = frozenset(),
    ) -> float | None:
        """Seconds to wait before retrying after this response; None means return it.

        `never_retry` holds the err_codes that no wait cures; the body is read only
        for a status that would otherwise be retried.
        """
        status = response.status_code
        retryable = status in self.always_retry_statuses or (
            safe and status in self.safe_retry_statuses
        )
        if attempt >= self.max_retries or not retryable:
            return None
        if never_retry and err_code_of(response) in never_retry:
            return None
        retry_after = _retry_after_seconds(response)
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_after else None
        return self._backoff(attempt)

    def _backoff(self, attempt: int) -> float:
        delay = min(self.initial_delay * 2.0**attempt, self.max_delay)
        # Jitter between 75 % and 100 % spreads clients that failed together.
        return delay * (1 - 0.25 * self.uniform())


def err_code_of(response: httpx.Response) -> int | None:
    """The 302.AI err_code in an error body already read, or None."""
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    detail = body.get("error") if isinstance(body, dict) else None
    code = detail.get("err_code") if isinstance(detail, dict) else None
    return code if isinstance(code, int) and not isinstance(code, bool) else None


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


def _setup(request: httpx.Request, default: RetryPolicy) -> tuple[RetryPolicy, bool]:
    policy = request.extensions.get(POLICY_EXTENSION)
    return (
        policy if isinstance(policy, RetryPolicy) else default,
        bool(request.extensions.get(SAFE_EXTENSION, False)),
    )


def _log_retry(
    request: httpx.Request, policy: RetryPolicy, attempt: int, wait: float, reason: str
) -> None:
    # Method and path only: headers (the key) and the body never reach a log line.
    logger.info(
        "retrying %s %s%s in %.2f s (retry %d of %d): %s",
        request.method,
        request.url.path,
        " (paid)" if request.extensions.get(PAID_EXTENSION) else "",
        wait,
        attempt + 1,
        policy.max_retries,
        reason,
    )


def _reason(response: httpx.Response) -> str:
    code = err_code_of(response)
    return f"HTTP {response.status_code}" + (f" err_code {code}" if code is not None else "")


class RetryTransport(httpx.BaseTransport):
    """Wraps a transport and retries according to the request's (or its default) policy."""

    def __init__(
        self,
        inner: httpx.BaseTransport,
        policy: RetryPolicy,
        never_retry: frozenset[int] = frozenset(),
    ) -> None:
        self._inner = inner
        self._policy = policy
        self._never_retry = never_retry

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        policy, safe = _setup(request, self._policy)
        attempt = 0
        while True:
            try:
                response = self._inner.handle_request(request)
            except httpx.TransportError as error:
                wait = policy.wait_after_error(attempt, error, safe)
                if wait is None:
                    raise
                reason = f"{type(error).__name__}: {error}"
            else:
                logger.debug("%s %s -> %d", request.method, request.url.path, response.status_code)
                if response.status_code >= 400:
                    response.read()  # small error bodies: the err_code decides
                wait = policy.wait_after_response(attempt, response, safe, self._never_retry)
                if wait is None:
                    return response
                reason = _reason(response)
                response.close()
            _log_retry(request, policy, attempt, wait, reason)
            policy.sleep(wait)
            attempt += 1

    def close(self) -> None:
        self._inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The async twin of RetryTransport. It awaits `asyncio.sleep` unless the policy
    was given its own `sleep` (tests inject one so that nothing really waits)."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        policy: RetryPolicy,
        never_retry: frozenset[int] = frozenset(),
    ) -> None:
        self._inner = inner
        self._policy = policy
        self._never_retry = never_retry

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        policy, safe = _setup(request, self._policy)
        attempt = 0
        while True:
            try:
                response = await self._inner.handle_async_request(request)
            except httpx.TransportError as error:
                wait = policy.wait_after_error(attempt, error, safe)
                if wait is None:
                    raise
                reason = f"{type(error).__name__}: {error}"
            else:
                logger.debug("%s %s -> %d", request.method, request.url.path, response.status_code)
                if response.status_code >= 400:
                    await response.aread()
                wait = policy.wait_after_response(attempt, response, safe, self._never_retry)
                if wait is None:
                    return response
                reason = _reason(response)
                await response.aclose()
            _log_retry(request, policy, attempt, wait, reason)
            if policy.sleep is time.sleep:
                await asyncio.sleep(wait)
            else:
                policy.sleep(wait)
            attempt += 1

    async def aclose(self) -> None:
        await self._inner.aclose()
