"""`make bench`: the same load against Prism, our mock and a bare-Starlette ceiling, one after
another in one run, with wrk; then the 10 MB image and the client-overhead measurements.

Ratios are computed within the run, so they compare like with like on this machine.
The last full run is saved to bench/results.md; `--smoke` (in `make test`) only checks
that the harness works and saves nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.workloads import AUTH, Workload, big_data_uri_body, lua_script, workloads
from mockserver.cli import KEEP_ALIVE_S

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "openapi.yaml"
PRISM = ROOT / "tools" / "npm" / "node_modules" / ".bin" / "prism"
RESULTS = ROOT / "bench" / "results.md"
# The mock's own uvicorn settings (mockserver/cli.py), for the ceiling too.
UVICORN = ["--no-access-log", "--log-level", "warning"]


@dataclass(frozen=True)
class Target:
    name: str
    command: Callable[[int], list[str]]


TARGETS = [
    Target(
        "prism",
        lambda port: [
            str(PRISM),
            "mock",
            str(SPEC),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-v",
            "error",
        ],
    ),
    Target(
        "mock", lambda port: [sys.executable, "-m", "mockserver", "--port", str(port), *UVICORN]
    ),
    Target(
        "ceiling",
        lambda port: [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.ceiling:app",
            "--port",
            str(port),
            "--no-server-header",
            "--timeout-keep-alive",
            str(KEEP_ALIVE_S),
            *UVICORN,
        ],
    ),
]


@dataclass
class WrkResult:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, script: Path, seconds: int, connections: int) -> WrkResult:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    return WrkResult(
        requests_per_s=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        p50_ms=_ms(latency["50"]),
        p99_ms=_ms(latency["99"]),
        errors=errors,
        requests=int(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
    )


def start(target: Target, first: Workload) -> tuple[subprocess.Popen[bytes], str, float]:
    """Start a server; return it, its URL and the seconds to its first successful response."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = subprocess.Popen(
        target.command(port), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    headers = {"Content-Type": first.content_type, "Authorization": AUTH}
    while time.perf_counter() - started < 60:
        try:
            if httpx.post(url + first.path, content=first.body, headers=headers).status_code == 200:
                return process, url, time.perf_counter() - started
        except httpx.TransportError:
            time.sleep(0.005)
    process.kill()
    raise RuntimeError(f"{target.name} did not answer within 60 s")


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(field)


def big_image(url: str, pid: int) -> dict[str, float]:
    """Workload 5: seconds to validate a ~10 MB base64 image, and peak RSS growth / body size."""
    body = big_data_uri_body()
    headers = {"Content-Type": "application/json", "Authorization": AUTH}
    before = rss_kib(pid)
    times = []
    with httpx.Client(timeout=60) as client:
        for _ in range(5):
            started = time.perf_counter()
            response = client.post(url + "/302/headshot/generate", content=body, headers=headers)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text[:200]
    growth = (rss_kib(pid, "VmHWM") - before) * 1024
    return {
        "body_mb": len(body) / 1e6,
        "median_ms": statistics.median(times) * 1000,
        "peak_rss_growth_x_body": growth / len(body),
    }


def client_overhead(url: str, calls: int) -> dict[str, float]:
    """Per-call time of the generated client's sync call over a raw httpx.Client.post."""
    from ai302_client import AuthenticatedClient, RetryPolicy
    from ai302_client.api.headshot import generate_headshot
    from ai302_client.models import HeadshotRequest, PersonType

    body = HeadshotRequest(image="https://example.com/me.jpg", person_type=PersonType.FEMALE, num=2)
    payload = body.to_dict()
    client = AuthenticatedClient(base_url=url, token="sk-bench", retry=RetryPolicy())
    raw = httpx.Client(base_url=url, headers={"Authorization": AUTH}, timeout=60)

    def generated_call() -> None:
        generate_headshot.sync(client=client, body=body)

    def raw_call() -> None:
        raw.post("/302/headshot/generate", json=payload).json()

    timings: dict[str, list[float]] = {"generated": [], "raw": []}
    for _ in range(3):  # interleaved blocks, so drift hits both alike
        for name, call in (("raw", raw_call), ("generated", generated_call)):
            started = time.perf_counter()
            for _ in range(calls):
                call()
            timings[name].append((time.perf_counter() - started) / calls)
    raw.close()
    generated, baseline = min(timings["generated"]), min(timings["raw"])
    return {
        "generated_us": generated * 1e6,
        "raw_us": baseline * 1e6,
        "ratio": generated / baseline,
    }


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return (
        f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.platform()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="1 s runs, nothing saved")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is not installed (make bench installs it from Debian)")
    seconds, warmup = (1, 0) if args.smoke else (args.seconds, 2)
    loads = workloads()
    rows: dict[tuple[str, str], WrkResult] = {}
    startup: dict[str, float] = {}
    extra: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        scripts = {w.name: lua_script(w, Path(tmp)) for w in loads}
        for target in TARGETS:
            process, url, startup[target.name] = start(target, loads[0])
            try:
                for load in loads:
                    if warmup:
                        run_wrk(url + load.path, scripts[load.name], warmup, args.connections)
                    rows[(target.name, load.name)] = run_wrk(
                        url + load.path, scripts[load.name], seconds, args.connections
                    )
                if target.name == "mock":
                    extra["10 MB image"] = big_image(url, process.pid)
                    extra["client overhead"] = client_overhead(url, 30 if args.smoke else 300)
            finally:
                process.terminate()
                process.wait(timeout=10)
    report = render(rows, startup, extra, loads, args.connections, seconds, warmup)
    print(report)
    if not args.smoke:
        RESULTS.write_text(report)
        print(f"bench: saved {RESULTS.relative_to(ROOT)}")
    unexpected = sum(r.errors for (t, _), r in rows.items() if t != "prism")
    return 1 if unexpected else 0


def render(
    rows: dict[tuple[str, str], WrkResult],
    startup: dict[str, float],
    extra: dict[str, dict[str, float]],
    loads: list[Workload],
    connections: int,
    seconds: int,
    warmup: int,
) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine()}",
        f"Load: wrk, 1 thread, {connections} connections, "
        f"{seconds} s per run after a {warmup} s warm-up.",
        "",
        "| workload | target | req/s | p50 ms | p99 ms | errors "
        "| mock/prism req/s | mock/ceiling req/s | mock/prism p99 |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for load in loads:
        mock = rows[("mock", load.name)]
        for target in TARGETS:
            r = rows[(target.name, load.name)]
            ratios = ["", "", ""]
            if target.name == "mock":
                prism, ceiling = rows[("prism", load.name)], rows[("ceiling", load.name)]
                ratios = [
                    f"{mock.requests_per_s / prism.requests_per_s:.2f}",
                    f"{mock.requests_per_s / ceiling.requests_per_s:.2f}",
                    f"{mock.p99_ms / prism.p99_ms:.2f}",
                ]
            lines.append(
                f"| {load.name} | {target.name} | {r.requests_per_s:.0f} | {r.p50_ms:.2f} | "
                f"{r.p99_ms:.2f} | {r.errors} | " + " | ".join(ratios) + " |"
            )
    lines += ["", "| target | start-up to first successful response (s) |", "| --- | ---: |"]
    lines += [f"| {name} | {seconds:.3f} |" for name, seconds in startup.items()]
    for name, values in extra.items():
        lines += ["", f"{name}: " + ", ".join(f"{k} = {v:.3f}" for k, v in values.items())]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
