"""Read a request body in full, bounded in size and in time.

A body larger than the limit is refused with 413 as soon as it passes the limit (or as
soon as Content-Length says it will), and a client that stalls between chunks gets 408.
"""

from __future__ import annotations

import asyncio
import math

from starlette.types import Receive

from mockserver.errors import MockError


class _Deadlines:
    """The chunk deadlines of the body reads in progress on one event loop, kept by one
    timer. A timer per read (loop.call_at, then cancel) cost more than reading a small
    body; here a read only sets and drops its deadline, and the one timer, armed for the
    earliest deadline, is re-armed when it fires, so a read expires at its exact deadline
    while a busy loop makes about one timer per chunk timeout, not one per request."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self._due: dict[asyncio.Task[object], float] = {}
        self.expired: set[asyncio.Task[object]] = set()
        self._armed_for = math.inf  # the deadline the timer is armed for; inf: none

    def set(self, task: asyncio.Task[object], deadline: float) -> None:
        self._due[task] = deadline
        if deadline < self._armed_for:
            self._arm(deadline)

    def drop(self, task: asyncio.Task[object]) -> None:
        self._due.pop(task, None)
        self.expired.discard(task)

    def _arm(self, deadline: float) -> None:
        # A timer armed for a later deadline may still fire: _fire expires nothing then.
        self._armed_for = deadline
        self.loop.call_at(deadline, self._fire, deadline)

    def _fire(self, armed_for: float) -> None:
        if armed_for != self._armed_for:
            return  # superseded by a timer for an earlier deadline
        self._armed_for = math.inf
        # The loop runs a timer once its time is (within the clock's resolution) reached:
        # every deadline up to the one it was armed for has passed.
        for task, due in list(self._due.items()):
            if due <= armed_for:
                del self._due[task]
                self.expired.add(task)
                task.cancel()
        if self._due:
            self._arm(min(self._due.values()))


# The deadlines of the loop that read last: a mock serves from one loop, and a process
# with several (tests) makes one per switch, each used only by reads on its own loop.
_last: _Deadlines | None = None


def _deadlines(loop: asyncio.AbstractEventLoop) -> _Deadlines:
    global _last
    deadlines = _last
    if deadlines is None or deadlines.loop is not loop:
        deadlines = _last = _Deadlines(loop)
    return deadlines


async def read_body(
    receive: Receive, declared: str | None, limit: int, chunk_timeout: float
) -> bytes:
    if declared is not None:
        if not declared.isdigit():
            raise MockError(400, "body.bad_content_length")
        if int(declared) > limit:
            raise MockError(413, "body.too_large", limit=limit)
    # A body that arrives as one chunk (most do) is that chunk, not a copy of it; a longer
    # one is joined once, at the end. Grown in a bytearray instead, it was moved by realloc
    # as it grew, leaving holes in the heap the serving process keeps (allocator.py): over
    # fifteen 10 MB requests the peak memory crept from 3.2x the body to 3.65x (4.02x in
    # one bench run). The join holds the body twice for a moment, as the parse does.
    chunks: list[bytes] = []
    size = 0
    # The loop from the task, not from asyncio.get_running_loop(): on Python 3.11 each of
    # those calls (current_task() makes one too) is a getpid() system call.
    task = asyncio.current_task()
    assert task is not None  # ASGI apps run in a task
    loop = task.get_loop()
    # The deadline cancels this task; the only await is receive(), so an expired read
    # always surfaces there, as CancelledError, before its deadline is dropped.
    deadlines = _deadlines(loop)
    deadlines.set(task, loop.time() + chunk_timeout)
    try:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise MockError(400, "body.disconnected")
            chunk = message.get("body", b"")
            if chunk:
                chunks.append(chunk)
                size += len(chunk)
            if size > limit:
                raise MockError(413, "body.too_large", limit=limit)
            if not message.get("more_body", False):
                break
            deadlines.set(task, loop.time() + chunk_timeout)
    except asyncio.CancelledError as exc:
        # Our own deadline's cancel is a 408; anyone else's (shutdown) goes on up.
        if task in deadlines.expired and task.uncancel() == 0:
            raise MockError(408, "body.timeout", seconds=f"{chunk_timeout:g}") from exc
        raise
    finally:
        deadlines.drop(task)
    if len(chunks) == 1:
        return chunks[0]
    return b"".join(chunks)
