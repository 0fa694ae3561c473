"""Where one workload-1 request spends its time inside the mock, without the network.

`python -m bench.profile_request` drives the ASGI app directly and prints the per-request
cost and a cProfile summary; the issue notes quote its output.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import pstats
import time
from typing import Any

import orjson

from mockserver.app import create_app

APP = create_app()
BODY = orjson.dumps({"image": "https://example.com/me.jpg", "person_type": "female", "num": 2})
SCOPE: dict[str, Any] = {
    "type": "http",
    "asgi": {"version": "3.0"},
    "http_version": "1.1",
    "method": "POST",
    "scheme": "http",
    "path": "/302/headshot/generate",
    "raw_path": b"/302/headshot/generate",
    "query_string": b"",
    "root_path": "",
    "server": ("127.0.0.1", 4010),
    "client": ("127.0.0.1", 5555),
    "headers": [
        (b"host", b"127.0.0.1:4010"),
        (b"content-type", b"application/json"),
        (b"authorization", b"Bearer sk-profile"),
        (b"content-length", str(len(BODY)).encode()),
    ],
}


async def one_request() -> None:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": BODY, "more_body": False}

    async def send(message: Any) -> None:
        return None

    await APP(SCOPE, receive, send)


async def many(count: int) -> None:
    for _ in range(count):
        await one_request()


def main() -> None:
    asyncio.run(many(500))  # warm-up
    started = time.perf_counter()
    asyncio.run(many(5000))
    print(f"per request: {(time.perf_counter() - started) / 5000 * 1e6:.1f} us in the app")
    profile = cProfile.Profile()
    profile.runcall(asyncio.run, many(5000))
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(15)
    print(out.getvalue())


if __name__ == "__main__":
    main()
