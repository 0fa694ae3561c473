"""Load generators: wrk for measurements, and a few sequential httpx calls for `--smoke`,
which checks the harness on machines without wrk and measures nothing."""

from __future__ import annotations

import re
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.workloads import Workload


@dataclass(frozen=True)
class LoadResult:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: int


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def parse_wrk(out: str) -> LoadResult:
    """wrk's text report (with --latency) as numbers."""

    def number(pattern: str) -> str:
        match = re.search(pattern, out, re.M)
        if match is None:
            raise ValueError(f"wrk's report has no {pattern!r}:\n{out}")
        return match.group(1)

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return LoadResult(
        requests_per_s=float(number(r"Requests/sec:\s+([\d.]+)")),
        p50_ms=_ms(number(r"^\s+50%\s+(\S+)\s*$")),
        p99_ms=_ms(number(r"^\s+99%\s+(\S+)\s*$")),
        requests=int(number(r"(\d+) requests in")),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in socket.groups()) if socket else 0,
    )


def run_wrk(
    url: str, script: Path, seconds: float, connections: int, timeout_s: float = 10.0
) -> LoadResult:
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            f"{timeout_s:g}s",
            "--latency",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return parse_wrk(out)


def run_sequential(client: httpx.Client, url: str, workload: Workload, rounds: int) -> LoadResult:
    """Each call of the workload `rounds` times on one keep-alive connection."""
    latencies: list[float] = []
    non_2xx = 0
    started = time.perf_counter()
    for _ in range(rounds):
        for call in workload.calls:
            sent = time.perf_counter()
            status = client.post(url + call.path, content=call.body, headers=call.headers())
            latencies.append((time.perf_counter() - sent) * 1000)
            non_2xx += not 200 <= status.status_code < 400
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return LoadResult(
        requests_per_s=len(latencies) / elapsed,
        p50_ms=statistics.median(latencies),
        p99_ms=cuts[98],
        requests=len(latencies),
        non_2xx=non_2xx,
        socket_errors=0,
    )
