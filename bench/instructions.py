"""Instructions per request, counted by valgrind: a figure the machine's load cannot move.

`python -m bench.instructions [--workload 1b-json-url-num2] [--requests 2000]` runs a
fresh interpreter under `valgrind --tool=callgrind` twice: once sending the workload's
request `--requests` times to the ASGI app in-process (bench/inprocess.py), once half as
many times. Start-up, imports and warm-up are the same in both, so the difference over
the extra requests is what one request costs: the app, the event loop and the driver, and
the garbage collections those requests trigger. The heap is frozen after start-up, as
the CLI does. Times from bench/profile_request.py move with other load on the machine;
these counts repeat to a fraction of a percent, so a commit can quote them before/after.

`--served` counts a real server instead: the mock's CLI (uvicorn, its socket) under
callgrind, sent `--requests` requests one after another by one httpx client, counted from
after a warm-up (callgrind_control zeroes, then dumps the counts) less what the idle server
executes over the same time. `--ceiling` counts bench/ceiling.py's app or server instead
of the mock's: mock and ceiling counts of one mode give the throughput ratio the machine
would show if it were bound by instructions alone. A sequential client makes the server's
share larger than wrk's 16 connections do, so a served ratio is a bound, not a forecast.
"""

from __future__ import annotations

import argparse
import gc
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from starlette.types import ASGIApp

from bench.callgrind import VALGRIND_ENV, counted_server, valgrind
from bench.inprocess import run_many
from bench.targets import CEILING, MOCK
from bench.workloads import Call, workloads

_COLLECTED = re.compile(r"Collected : (\d+)")
_WARMUPS = 20


def _call(workload: str, request: int) -> Call:
    return {load.name: load for load in workloads()}[workload].calls[request]


def _send(workload: str, request: int, count: int, ceiling: bool) -> None:
    """The inner run, under valgrind: start the app, warm it up, send `count` requests."""
    app: ASGIApp
    if ceiling:
        from bench.ceiling import app
    else:
        from mockserver.app import create_app

        app = create_app()
    call = _call(workload, request)
    gc.collect()
    gc.freeze()
    run_many(app, call, _WARMUPS)()
    run_many(app, call, count)()


def instructions(workload: str, request: int, count: int, ceiling: bool) -> int:
    """Instructions the whole inner run executes, as callgrind counts them."""
    with tempfile.TemporaryDirectory() as folder:
        command = [
            valgrind(),
            "--tool=callgrind",
            f"--callgrind-out-file={Path(folder) / 'callgrind.out'}",
            sys.executable,
            "-m",
            "bench.instructions",
            "--inner",
            "--workload",
            workload,
            "--request",
            str(request),
            "--requests",
            str(count),
            *(["--ceiling"] if ceiling else []),
        ]
        result = subprocess.run(
            command, capture_output=True, text=True, env=VALGRIND_ENV, check=True
        )
    match = _COLLECTED.search(result.stderr)
    if match is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{result.stderr[-2000:]}")
    return int(match.group(1))


def per_request(workload: str, request: int, count: int, ceiling: bool = False) -> float:
    half = count // 2
    more = instructions(workload, request, count, ceiling)
    fewer = instructions(workload, request, half, ceiling)
    return (more - fewer) / (count - half)


def served_per_request(workload: str, request: int, count: int, ceiling: bool = False) -> float:
    """Instructions per request of the served mock (or ceiling), idle time's taken out."""
    call = _call(workload, request)
    # The same command line as make bench's: the quiet options, this interpreter.
    with (
        counted_server(CEILING if ceiling else MOCK) as served,
        httpx.Client(base_url=served.url, timeout=60) as client,
    ):

        def send(times: int) -> None:
            for _ in range(times):
                answer = client.post(call.path, content=call.body, headers=call.headers())
                assert answer.status_code == 200 or not call.valid, answer.text[:200]

        send(200)
        served.zero()
        started = time.monotonic()
        send(count)
        took = time.monotonic() - started
        busy = served.dump()["Ir"]
        served.zero()
        time.sleep(took)
        idle = served.dump()["Ir"]
    return (busy - idle) / count


def main() -> None:
    names = sorted(load.name for load in workloads())
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workload", default="1b-json-url-num2", choices=names)
    parser.add_argument("--request", type=int, default=0, help="which of the workload's requests")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--served", action="store_true", help="count a served CLI, not the app")
    parser.add_argument("--ceiling", action="store_true", help="count bench/ceiling.py instead")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        _send(args.workload, args.request, args.requests, args.ceiling)
        return
    count = served_per_request if args.served else per_request
    figure = count(args.workload, args.request, args.requests, args.ceiling)
    what = ("served " if args.served else "") + ("ceiling" if args.ceiling else "mock")
    print(f"{args.workload}[{args.request}], {what}: {figure:,.0f} instructions per request")


if __name__ == "__main__":
    main()
