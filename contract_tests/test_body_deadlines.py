"""The body read's chunk timeout when several reads share one event loop (and its one
deadline timer): a stalled read gets its 408, reads that keep sending are never cut, and
a cancel that is not the timeout's goes on up. The live slow-loris case is in
test_bad_input.py."""

from __future__ import annotations

import asyncio

import pytest
from starlette.types import Message, Receive

from mockserver.body_reader import read_body
from mockserver.errors import MockError


def chunks(count: int, pause: float, then_stall: bool = False) -> Receive:
    """A receive that sends `count` chunks `pause` seconds apart, then ends the body or,
    with `then_stall`, never sends again."""
    sent = 0

    async def receive() -> Message:
        nonlocal sent
        if sent == count and then_stall:
            await asyncio.Event().wait()
        sent += 1
        await asyncio.sleep(pause)
        return {"type": "http.request", "body": b"x", "more_body": then_stall or sent < count}

    return receive


async def outcome(receive: Receive, timeout: float) -> int | bytes:
    try:
        return bytes(await read_body(receive, None, 1000, timeout))
    except MockError as error:
        return error.status


def test_a_stalled_read_gets_408_while_reads_that_keep_sending_on_its_loop_finish() -> None:
    async def main() -> list[int | bytes]:
        return list(
            await asyncio.gather(
                # Sends every 0.05 s for 0.5 s, well within its 0.3 s chunk timeout.
                outcome(chunks(10, 0.05), 0.3),
                # Stalls after two chunks: cut off 0.1 s after the second.
                outcome(chunks(2, 0.01, then_stall=True), 0.1),
                # A longer timeout armed after a shorter one, stalled too.
                outcome(chunks(1, 0.0, then_stall=True), 0.2),
                # Fast and short: never near its timeout.
                outcome(chunks(3, 0.0), 0.05),
            )
        )

    assert asyncio.run(main()) == [b"x" * 10, 408, 408, b"xxx"]


def test_a_cancel_that_is_not_the_timeout_is_not_turned_into_408() -> None:
    async def main() -> None:
        task = asyncio.create_task(outcome(chunks(1, 0.0, then_stall=True), 10.0))
        await asyncio.sleep(0.05)
        task.cancel()
        await task

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(main())


def test_reads_on_two_loops_one_after_the_other_each_time_out() -> None:
    for _ in range(2):
        assert asyncio.run(outcome(chunks(1, 0.0, then_stall=True), 0.05)) == 408
