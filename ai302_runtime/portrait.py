"""Interpret and poll `get_portrait_result`: check `code` first, then `data.status`.

Upstream (Volcengine CVSync2AsyncGetResult): code 10000 is success; `data.status` is
in_queue, generating, done, not_found or expired. The poller's clock and sleep are
injectable so tests never wait.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol, TypeVar

SUCCESS_CODE = 10000


class PortraitStatus(StrEnum):
    IN_QUEUE = "in_queue"
    GENERATING = "generating"
    DONE = "done"
    NOT_FOUND = "not_found"
    EXPIRED = "expired"
    # A value the API added after this client was written: treated as "not done yet".
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, value: object) -> PortraitStatus:
        try:
            return cls(str(value))
        except ValueError:
            return cls.UNKNOWN


class PortraitTaskError(Exception):
    """The task failed, or cannot finish."""

    def __init__(self, message: str, code: int | None, status: PortraitStatus | None) -> None:
        self.code = code
        self.status = status
        super().__init__(message)


class PortraitTaskFailed(PortraitTaskError):
    """`code` is not 10000: the task failed (moderation, internal error, ...)."""


class PortraitTaskNotFound(PortraitTaskError):
    """`not_found`: an unknown task id, or a task older than 12 hours."""


class PortraitTaskExpired(PortraitTaskError):
    """`expired`: submit the task again."""


class PortraitPollTimeout(PortraitTaskError):
    """The task did not finish before the poller's deadline."""


class _Data(Protocol):
    @property
    def status(self) -> str: ...


class PortraitResultLike(Protocol):
    """The shape of the generated `PortraitResultResponse` that the helpers read."""

    @property
    def code(self) -> int: ...

    @property
    def message(self) -> str: ...

    @property
    def data(self) -> Any: ...


R = TypeVar("R", bound=PortraitResultLike)


@dataclass(frozen=True)
class PortraitOutcome:
    """What one result means: finished, or still running with which status."""

    status: PortraitStatus
    finished: bool


def interpret(result: PortraitResultLike) -> PortraitOutcome:
    """Classify one result; raise PortraitTaskError where the task cannot succeed."""
    if result.code != SUCCESS_CODE:
        raise PortraitTaskFailed(
            f"portrait task failed: code {result.code}: {result.message}", result.code, None
        )
    data = result.data
    status = PortraitStatus.parse(getattr(data, "status", None))
    if status is PortraitStatus.NOT_FOUND:
        raise PortraitTaskNotFound(
            "portrait task not found (or older than 12 h)", result.code, status
        )
    if status is PortraitStatus.EXPIRED:
        raise PortraitTaskExpired("portrait task expired: submit it again", result.code, status)
    return PortraitOutcome(status=status, finished=status is PortraitStatus.DONE)


@dataclass(frozen=True)
class PollSettings:
    """Defaults follow 302.AI's own client: every 2 s, for at most 120 s."""

    interval: float = 2.0
    timeout: float = 120.0
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


def poll(fetch: Callable[[], R], settings: PollSettings | None = None) -> R:
    """Call `fetch` until the task is done; return the final result."""
    settings = settings or PollSettings()
    deadline = settings.clock() + settings.timeout
    while True:
        result = fetch()
        outcome = interpret(result)
        if outcome.finished:
            return result
        _check_deadline(settings, deadline, outcome)
        settings.sleep(settings.interval)


async def apoll(
    fetch: Callable[[], Awaitable[R]],
    settings: PollSettings | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> R:
    """The async twin of `poll`; `sleep` is awaited between calls."""
    settings = settings or PollSettings()
    deadline = settings.clock() + settings.timeout
    while True:
        result = await fetch()
        outcome = interpret(result)
        if outcome.finished:
            return result
        _check_deadline(settings, deadline, outcome)
        await sleep(settings.interval)


def _check_deadline(settings: PollSettings, deadline: float, outcome: PortraitOutcome) -> None:
    if settings.clock() + settings.interval > deadline:
        raise PortraitPollTimeout(
            f"portrait task still {outcome.status.value} after {settings.timeout:g} s",
            None,
            outcome.status,
        )
