"""One request through the mock's ASGI app in this process, with no socket or server, and
the work it does counted: the shared ground of bench/profile_request.py and the
work-per-request guard in contract_tests/test_work_per_request.py.

Counting happens at the app's outer edge (everything the app calls, whatever its modules
are named), so internal refactors do not break the count, and only more work raises it.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from starlette.types import ASGIApp, Message

from bench.workloads import Call


def scope_of(call: Call) -> dict[str, Any]:
    headers = [(name.lower().encode(), value.encode()) for name, value in call.headers().items()]
    headers += [(b"host", b"127.0.0.1:4010"), (b"content-length", str(len(call.body)).encode())]
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": call.path,
        "raw_path": call.path.encode(),
        "query_string": b"",
        "root_path": "",
        "server": ("127.0.0.1", 4010),
        "client": ("127.0.0.1", 5555),
        "headers": headers,
    }


async def send_once(
    app: ASGIApp,
    call: Call,
    profile: Callable[[FrameType, str, object], None] | None = None,
    scope: dict[str, Any] | None = None,
) -> int:
    """The call through the app; its response status. With `profile`, only the app's own
    work is seen by it: not the event loop's, nor building the request."""
    statuses: list[int] = []
    scope = dict(scope) if scope is not None else scope_of(call)

    async def receive() -> Message:
        return {"type": "http.request", "body": call.body, "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    if profile is None:
        await app(scope, receive, send)
        return statuses[0]
    sys.setprofile(profile)
    try:
        await app(scope, receive, send)
    finally:
        sys.setprofile(None)
    return statuses[0]


@dataclass(frozen=True)
class Work:
    """What one request costs, in units that do not depend on the machine or its load."""

    status: int
    python_calls: int  # Python functions entered (and coroutines resumed)
    c_calls: int  # built-in / C functions called
    peak_traced_bytes: int  # Python-allocated memory at its peak during the request


def count_work(app: ASGIApp, call: Call, warmups: int = 3, samples: int = 5) -> Work:
    """The median work of one request, after warm-ups fill the caches a first request fills."""
    loop = asyncio.new_event_loop()
    try:
        for _ in range(warmups):
            loop.run_until_complete(send_once(app, call))
        counts: list[tuple[int, int]] = []
        status = 0
        for _ in range(samples):
            tally = {"call": 0, "c_call": 0}

            def profile(
                frame: FrameType, event: str, arg: object, tally: dict[str, int] = tally
            ) -> None:
                if event in tally:
                    tally[event] += 1

            status = loop.run_until_complete(send_once(app, call, profile))
            counts.append((tally["call"], tally["c_call"]))
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            baseline = tracemalloc.get_traced_memory()[0]
            loop.run_until_complete(send_once(app, call))
            peak = tracemalloc.get_traced_memory()[1] - baseline
        finally:
            tracemalloc.stop()
    finally:
        loop.close()
    return Work(
        status=status,
        python_calls=int(statistics.median(c[0] for c in counts)),
        c_calls=int(statistics.median(c[1] for c in counts)),
        peak_traced_bytes=peak,
    )


def run_many(app: ASGIApp, call: Call, count: int) -> Callable[[], None]:
    """A callable that sends the call `count` times on one event loop (for profiles): the
    request's scope is built once, so the profile shows the app, not the driver."""
    scope = scope_of(call)

    async def many() -> None:
        for _ in range(count):
            await send_once(app, call, scope=scope)

    def run() -> None:
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(many())
        finally:
            loop.close()

    return run


def cpu_per_call(app: ASGIApp, call: Call, count: int, rounds: int = 3) -> float:
    """The app's CPU time per call in microseconds (event loop and driver included): the
    best of `rounds` runs of `count` calls, after one warm-up run."""
    run = run_many(app, call, count)
    run()  # warm-up
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        run()
        best = min(best, (time.process_time() - started) / count)
    return best * 1e6


def l2_cache_bytes() -> int:
    """This core's level-2 cache size, from Linux sysfs; 2 MiB where none is listed."""
    for index in sorted(Path("/sys/devices/system/cpu/cpu0/cache").glob("index*")):
        try:
            if (index / "level").read_text().strip() != "2":
                continue
            text = (index / "size").read_text().strip()
            scale = {"K": 1024, "M": 1024 * 1024}.get(text[-1:], 1)
            return int(text.rstrip("KM")) * scale
        except (OSError, ValueError):
            continue
    return 2 * 1024 * 1024


@dataclass(frozen=True)
class WallTimes:
    """One app's median wall time per call, us: right after the same call (warm), and
    after L1 and L2 were emptied (cold)."""

    warm_us: float
    cold_us: float


def empty_l1_l2(junk: bytearray) -> None:
    """Write one byte per cache line of `junk` (twice the L2): what a call left in L1 and
    L2 is evicted. The L3 keeps it, as it keeps it between two served requests."""
    junk[::64] = bytes(len(range(0, len(junk), 64)))


def warm_and_cold_us(apps: Sequence[ASGIApp], call: Call, count: int) -> list[WallTimes]:
    """Each app's wall time per call, warm and cold, in turns: for each app in each
    round, L1 and L2 are emptied, the call is timed (cold), then timed again at once
    (warm). Served, the kernel's TCP path, uvicorn and the other connections run between
    two requests and evict part of what a request left, which back-to-back calls
    (cpu_per_call) never see. One clock and one statistic for both, and the machine's
    drift hits every app and both states alike. After a warm-up round."""
    junk = bytearray(2 * l2_cache_bytes())
    scope = scope_of(call)

    async def timed(app: ASGIApp) -> int:
        started = time.perf_counter_ns()
        await send_once(app, call, scope=scope)
        return time.perf_counter_ns() - started

    async def calls(times: list[tuple[list[int], list[int]]]) -> None:
        for _ in range(count):
            for app, (warm, cold) in zip(apps, times, strict=True):
                empty_l1_l2(junk)
                cold.append(await timed(app))
                warm.append(await timed(app))

    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(calls([([], []) for _ in apps]))  # warm-up
        times: list[tuple[list[int], list[int]]] = [([], []) for _ in apps]
        loop.run_until_complete(calls(times))
    finally:
        loop.close()
    return [
        WallTimes(statistics.median(warm) / 1000, statistics.median(cold) / 1000)
        for warm, cold in times
    ]
