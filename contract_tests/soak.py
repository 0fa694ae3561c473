"""`make soak`: mixed valid and invalid requests at high concurrency against a running mock.

It reports unexpected statuses and the mock's resident memory before, during and after,
and reads /_mock/stats to show that the journal, the task memory, the portrait links it
remembers and the image cache stay within their bounds. `make test` runs a small version
(test_soak.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from ai302_runtime.tls import shared_context
from contract_tests.images import data_uri, image_bytes
from contract_tests.live_mock import LiveMock, live_mock
from contract_tests.specfile import HEADSHOT, PORTRAIT, PORTRAIT_SUBMIT

AUTH = {"Authorization": "Bearer sk-soak"}
PNG = image_bytes("PNG")
SMALL_URI = data_uri()


@dataclass(frozen=True)
class Shot:
    """One kind of request and the status it must get."""

    name: str
    expected: int
    send: Callable[[httpx.AsyncClient, int], Any]


def _json(
    path: str, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Callable[[httpx.AsyncClient, int], Any]:
    return lambda c, i: c.post(path, json=body, headers={**AUTH, **(headers or {})})


SHOTS = [
    Shot(
        "headshot-url",
        200,
        _json(HEADSHOT, {"image": "https://example.com/a.jpg", "person_type": "male", "num": 2}),
    ),
    Shot(
        "headshot-data-uri",
        200,
        _json(HEADSHOT, {"image": SMALL_URI, "person_type": "kid", "style": 3}),
    ),
    Shot(
        "headshot-out-of-range",
        200,
        _json(HEADSHOT, {"image": SMALL_URI, "person_type": "kid", "num": 99, "width": 5}),
    ),
    Shot(
        "headshot-multipart",
        200,
        lambda c, i: c.post(
            HEADSHOT,
            headers=AUTH,
            files={"image": ("a.png", PNG, "image/png")},
            data={"person_type": "female"},
        ),
    ),
    # Many submitted tasks, so the task memory has to evict.
    Shot("portrait-submit", 200, _json(PORTRAIT_SUBMIT, {"image_input": SMALL_URI})),
    Shot("portrait-unknown-task", 200, lambda c, i: c.post(PORTRAIT, json={"task_id": f"t{i}"})),
    # A watermark text of its own each time, so the links the mock remembers must evict.
    Shot(
        "portrait-url",
        200,
        lambda c, i: c.post(
            PORTRAIT,
            json={
                "task_id": "done",
                "req_json": json.dumps(
                    {
                        "return_url": True,
                        "logo_info": {"add_logo": True, "logo_text_content": f"w{i}"},
                    }
                ),
            },
        ),
    ),
    Shot(
        "image",
        200,
        lambda c, i: c.get(f"/_mock/images/headshot-{256 + i % 7}x{256 + i % 5}.webp?text=soak"),
    ),
    Shot("bad-enum", 400, _json(HEADSHOT, {"image": SMALL_URI, "person_type": "robot"})),
    Shot(
        "bad-json",
        400,
        lambda c, i: c.post(
            HEADSHOT, content=b'{"image":', headers={**AUTH, "Content-Type": "application/json"}
        ),
    ),
    Shot(
        "no-auth",
        401,
        lambda c, i: c.post(HEADSHOT, json={"image": SMALL_URI, "person_type": "kid"}),
    ),
    Shot(
        "bad-type",
        415,
        lambda c, i: c.post(HEADSHOT, content=b"x", headers={**AUTH, "Content-Type": "text/plain"}),
    ),
    Shot("prefer-429", 429, _json(HEADSHOT, {}, {"Prefer": "code=429"})),
    Shot(
        "bad-req-json", 400, lambda c, i: c.post(PORTRAIT, json={"task_id": "t", "req_json": "{"})
    ),
    Shot("unknown-route", 404, lambda c, i: c.get("/v1/nothing")),
]


@dataclass
class SoakReport:
    total: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    unexpected: Counter[str] = field(default_factory=Counter)
    rss_kib: dict[str, int] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)

    def bounds_hold(self) -> bool:
        return all(v["size"] <= v["capacity"] for v in self.stats.values())


# Connections per client. httpcore's pool walks all its connections and waiting requests
# on every request, so one pool of 64 spends the client's CPU on itself: spread over
# pools of 8, the same connections leave more of the run to the mock.
POOL_SIZE = 8


async def soak(mock: LiveMock, total: int, concurrency: int) -> SoakReport:
    report = SoakReport(total=total)
    pool = min(POOL_SIZE, concurrency)
    limits = httpx.Limits(max_connections=pool, max_keepalive_connections=pool)
    counter = itertools.count()
    async with contextlib.AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(
                httpx.AsyncClient(
                    base_url=mock.url,
                    limits=limits,
                    timeout=60,
                    verify=shared_context(trust_env=True),
                )
            )
            for _ in range(-(-concurrency // pool))
        ]
        first = clients[0]
        # Warm-up: every shot once, so caches and imports are in place before "before".
        for i, shot in enumerate(SHOTS):
            await shot.send(first, i)
        report.rss_kib["before"] = mock.rss_kib()
        peak = report.rss_kib["before"]

        async def worker(client: httpx.AsyncClient) -> None:
            nonlocal peak
            while (i := next(counter)) < total:
                shot = SHOTS[i % len(SHOTS)]
                try:
                    response = await shot.send(client, i)
                    status = str(response.status_code)
                except httpx.HTTPError as error:
                    status = type(error).__name__
                report.statuses[f"{shot.name}:{status}"] += 1
                if status != str(shot.expected):
                    report.unexpected[f"{shot.name}:{status}"] += 1
                if i % 2000 == 0:
                    peak = max(peak, mock.rss_kib())

        await asyncio.gather(*(worker(clients[n % len(clients)]) for n in range(concurrency)))
        report.rss_kib["peak_during"] = max(peak, mock.rss_kib())
        report.rss_kib["after"] = mock.rss_kib()
        report.stats = (await first.get("/_mock/stats")).json()
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=256)
    args = parser.parse_args()
    with live_mock("--task-duration", "6s", "--max-tasks", "1000", "--no-access-log") as mock:
        report = asyncio.run(soak(mock, args.requests, args.concurrency))
    before = report.rss_kib["before"]
    growth = (report.rss_kib["after"] - before) / before * 100
    print(
        json.dumps(
            {
                "requests": report.total,
                "concurrency": args.concurrency,
                "unexpected": dict(report.unexpected),
                "rss_kib": report.rss_kib,
                "rss_growth_percent": round(growth, 1),
                "bounds": report.stats,
            },
            indent=2,
        )
    )
    ok = not report.unexpected and report.bounds_hold()
    print(
        f"soak: {'OK' if ok else 'FAILED'}: {sum(report.unexpected.values())} unexpected statuses, "
        f"RSS growth {growth:.1f} % once warm",
        file=sys.stderr,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
