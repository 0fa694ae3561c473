"""Read a request body in full, bounded in size and in time.

A body larger than the limit is refused with 413 as soon as it passes the limit (or as
soon as Content-Length says it will), and a client that stalls between chunks gets 408.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request

from mockserver.errors import MockError


async def read_body(
    request: Request, declared: str | None, limit: int, chunk_timeout: float
) -> bytearray:
    if declared is not None:
        if not declared.isdigit():
            raise MockError(400, "body.bad_content_length")
        if int(declared) > limit:
            raise MockError(413, "body.too_large", limit=limit)
    # One growing buffer: a list of chunks plus their join would hold the body twice.
    body = bytearray()
    loop = asyncio.get_running_loop()
    try:
        # One timer for the whole body, pushed back only when more chunks are due:
        # cheaper than wait_for, which starts a task per chunk.
        async with asyncio.timeout(chunk_timeout) as deadline:
            while True:
                message = await request.receive()
                if message["type"] == "http.disconnect":
                    raise MockError(400, "body.disconnected")
                body += message.get("body", b"")
                if len(body) > limit:
                    raise MockError(413, "body.too_large", limit=limit)
                if not message.get("more_body", False):
                    break
                deadline.reschedule(loop.time() + chunk_timeout)
    except TimeoutError as exc:
        raise MockError(408, "body.timeout", seconds=f"{chunk_timeout:g}") from exc
    return body
