"""Instructions per request, counted by valgrind: a figure the machine's load cannot move.

`python -m bench.instructions [--workload 1b-json-url-num2] [--requests 2000]` runs a
fresh interpreter under `valgrind --tool=callgrind` twice: once sending the workload's
request `--requests` times to the ASGI app in-process (bench/inprocess.py), once half as
many times. Start-up, imports and warm-up are the same in both, so the difference over
the extra requests is what one request costs: the app, the event loop and the driver, and
the garbage collections those requests trigger. The heap is frozen after start-up, as
the CLI does. Times from bench/profile_request.py move with other load on the machine;
these counts repeat to a fraction of a percent, so a commit can quote them before/after.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.inprocess import run_many
from bench.workloads import workloads

_COLLECTED = re.compile(r"Collected : (\d+)")
_WARMUPS = 20


def _send(workload: str, request: int, count: int) -> None:
    """The inner run, under valgrind: start the app, warm it up, send `count` requests."""
    from mockserver.app import create_app

    call = {load.name: load for load in workloads()}[workload].calls[request]
    app = create_app()
    gc.collect()
    gc.freeze()
    run_many(app, call, _WARMUPS)()
    run_many(app, call, count)()


def instructions(workload: str, request: int, count: int) -> int:
    """Instructions the whole inner run executes, as callgrind counts them."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("bench.instructions needs valgrind (apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as folder:
        command = [
            valgrind,
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
        ]
        # A fixed hash seed: dict and set layouts, and so the counts, repeat run to run.
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    match = _COLLECTED.search(result.stderr)
    if match is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{result.stderr[-2000:]}")
    return int(match.group(1))


def per_request(workload: str, request: int, count: int) -> float:
    half = count // 2
    return (instructions(workload, request, count) - instructions(workload, request, half)) / (
        count - half
    )


def main() -> None:
    names = sorted(load.name for load in workloads())
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workload", default="1b-json-url-num2", choices=names)
    parser.add_argument("--request", type=int, default=0, help="which of the workload's requests")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        _send(args.workload, args.request, args.requests)
        return
    figure = per_request(args.workload, args.request, args.requests)
    print(f"{args.workload}[{args.request}]: {figure:,.0f} instructions per request")


if __name__ == "__main__":
    main()
