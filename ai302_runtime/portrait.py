"""Interpret and poll a task result: check `code` first, then `data.status`.

What the values mean is the spec's: `x-success-value` on `code` and `x-status-meaning`
on `data.status` (pending, done, failed, not_found, expired), passed in as `TaskFacts`
by the generated client. The poller's clock and sleep are injectable so tests never wait.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from ai302_runtime.errors import AI302Error
from ai302_runtime.facts import TaskFacts, TaskMeaning


class PortraitTaskError(AI302Error):
    """The task failed, or cannot finish."""

    def __init__(self, message: str, code: int | None, status: str | None) -> None:
        self.code = code
        self.status = status
        super().__init__(message)


class PortraitTaskFailed(PortraitTaskError):
    """`code` is not the success value, or the status means `failed`."""


class PortraitTaskNotFound(PortraitTaskError):
    """The status means `not_found`: an unknown task id, or one too old."""


class PortraitTaskExpired(PortraitTaskError):
    """The status means `expired`: submit the task again."""


class PortraitPollTimeout(PortraitTaskError):
    """The task did not finish before the poller's deadline."""


class PortraitResultLike(Protocol):
    """The shape of the generated `PortraitResultResponse` that the helpers read."""

    @property
    def code(self) -> int: ...

    @property
    def message(self) -> str: ...

    @property
    def data(self) -> Any: ...


R = TypeVar("R", bound=PortraitResultLike)

_RAISES: dict[TaskMeaning, tuple[type[PortraitTaskError], str]] = {
    TaskMeaning.FAILED: (PortraitTaskFailed, "portrait task failed"),
    TaskMeaning.NOT_FOUND: (PortraitTaskNotFound, "portrait task not found (or too old)"),
    TaskMeaning.EXPIRED: (PortraitTaskExpired, "portrait task expired: submit it again"),
}


@dataclass(frozen=True)
class PortraitOutcome:
    """What one result means: its status, what the spec says the status means, finished?"""

    status: str | None
    meaning: TaskMeaning

    @property
    def finished(self) -> bool:
        return self.meaning is TaskMeaning.DONE


def interpret(result: PortraitResultLike, facts: TaskFacts) -> PortraitOutcome:
    """Classify one result; raise PortraitTaskError where the task cannot succeed."""
    if result.code != facts.success_code:
        raise PortraitTaskFailed(
            f"portrait task failed: code {result.code}: {result.message}", result.code, None
        )
    raw = getattr(result.data, "status", None)
    status = None if raw is None else str(raw)
    meaning = facts.meaning_of(status)
    if meaning in _RAISES:
        cls, text = _RAISES[meaning]
        raise cls(f"{text} (status {status})", result.code, status)
    return PortraitOutcome(status=status, meaning=meaning)


@dataclass(frozen=True)
class PollSettings:
    """Defaults follow 302.AI's own client: every 2 s, for at most 120 s."""

    interval: float = 2.0
    timeout: float = 120.0
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


def poll(fetch: Callable[[], R], facts: TaskFacts, settings: PollSettings | None = None) -> R:
    """Call `fetch` until the task is done; return the final result."""
    settings = settings or PollSettings()
    deadline = settings.clock() + settings.timeout
    while True:
        result = fetch()
        outcome = interpret(result, facts)
        if outcome.finished:
            return result
        _check_deadline(settings, deadline, outcome)
        settings.sleep(settings.interval)


async def apoll(
    fetch: Callable[[], Awaitable[R]],
    facts: TaskFacts,
    settings: PollSettings | None = None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> R:
    """The async twin of `poll`. Between calls it awaits `sleep`, else calls the settings'
    own `sleep` if one was injected (tests), else awaits asyncio.sleep."""
    settings = settings or PollSettings()
    deadline = settings.clock() + settings.timeout
    while True:
        result = await fetch()
        outcome = interpret(result, facts)
        if outcome.finished:
            return result
        _check_deadline(settings, deadline, outcome)
        if sleep is not None:
            await sleep(settings.interval)
        elif settings.sleep is time.sleep:
            await asyncio.sleep(settings.interval)
        else:
            settings.sleep(settings.interval)


def _check_deadline(settings: PollSettings, deadline: float, outcome: PortraitOutcome) -> None:
    if settings.clock() + settings.interval > deadline:
        raise PortraitPollTimeout(
            f"portrait task still {outcome.status} after {settings.timeout:g} s",
            None,
            outcome.status,
        )
