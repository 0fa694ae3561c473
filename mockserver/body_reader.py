"""Read a request body in full, bounded in size and in time.

A body larger than the limit is refused with 413 as soon as it passes the limit (or as
soon as Content-Length says it will), and a client that stalls between chunks gets 408.
"""

from __future__ import annotations

import asyncio

from starlette.types import Receive

from mockserver.errors import MockError


def _expire(task: asyncio.Task[object], expired: list[bool]) -> None:
    expired.append(True)
    task.cancel()


async def read_body(
    receive: Receive, declared: str | None, limit: int, chunk_timeout: float
) -> bytearray:
    if declared is not None:
        if not declared.isdigit():
            raise MockError(400, "body.bad_content_length")
        if int(declared) > limit:
            raise MockError(413, "body.too_large", limit=limit)
    # One growing buffer: a list of chunks plus their join would hold the body twice.
    body = bytearray()
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None  # ASGI apps run in a task
    # A bare timer that cancels this task, pushed back only when more chunks are due:
    # asyncio.timeout does the same through a context manager that costs ~3x the calls
    # (and wait_for starts a task per chunk). The only await is receive(), so a timer
    # that fired always surfaces there, as CancelledError, before the timer is dropped.
    expired: list[bool] = []
    timer = loop.call_at(loop.time() + chunk_timeout, _expire, task, expired)
    try:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise MockError(400, "body.disconnected")
            body += message.get("body", b"")
            if len(body) > limit:
                raise MockError(413, "body.too_large", limit=limit)
            if not message.get("more_body", False):
                break
            timer.cancel()
            timer = loop.call_at(loop.time() + chunk_timeout, _expire, task, expired)
    except asyncio.CancelledError as exc:
        # Our own timer's cancel is a 408; anyone else's (shutdown) goes on up.
        if expired and task.uncancel() == 0:
            raise MockError(408, "body.timeout", seconds=f"{chunk_timeout:g}") from exc
        raise
    finally:
        timer.cancel()
    return body
