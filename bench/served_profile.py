"""Where a served request's CPU time goes: the mock and the ceiling under wrk, each sampled
by py-spy, the samples sorted into the stages bench.where_time_goes names.

Why: where_time_goes times the app in-process, where it costs well under half of what it
costs served (1a: ~27 us against ~70 here), and the simulated machine counts instructions
and misses, not stages. Here each server runs as `make bench` runs it, under the same load;
py-spy reads its Python stack a few hundred times a second without stopping it
(`--nonblocking`), and a sample goes to the stage of the innermost frame it knows. The
samples give each stage's share; the process's own CPU time over the same wrk run (user and
system, from /proc) gives the microseconds. A stage's time includes the C it calls and the
system calls it makes: a socket send is the server's, the send's share of the kernel's
loopback work too. py-spy counts a thread that waits for a core as running: on a machine
busier than wrk and the server, that wait lands where the thread woke, mostly in the event
loop.

`python -m bench.served_profile [--seconds 10]` prints the report's section; `make bench`
adds it. py-spy must be allowed to read the server's memory (root, or ptrace permitted).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bench.load import run_wrk
from bench.targets import CEILING, MOCK, Target, free_port, start
from bench.where_time_goes import DRIVER, GLUE, KEPT, STAGES, stage_of
from bench.workloads import Workload, lua_script, workloads

# The buckets a served request has beyond the app's stages. Checked innermost frame first.
LOOP = "event loop in C (uvloop: polling, reads, callbacks)"
SERVER = "HTTP server (uvicorn, our protocol, socket sends)"
ROUTE = "the bare route (Starlette, bench/ceiling.py)"
UNREAD = "no Python stack read"
_PLACES = {
    # The loop's own frame is the innermost only while uvloop's C runs between callbacks.
    LOOP: ("asyncio/runners.py",),
    SERVER: ("uvicorn/", "mockserver/http_protocol.py", "mockserver/one_send.py"),
    ROUTE: ("starlette/", "bench/ceiling.py"),
}
RATE = 250  # samples a second: ~2,500 a server over 10 s, ~2 % a stage's sampling error
_CONNECTIONS = 16
_WARM_S = 2
_ATTACH_S = 0.5  # py-spy's start before the load: an idle server's samples are dropped


# Loads a server at a URL for some seconds; returns the requests it completed.
Drive = Callable[[str, float], int]


@dataclass(frozen=True)
class Profile:
    """One server under one workload: its samples by bucket, and its CPU per request."""

    samples: Mapping[str, int]
    requests: int
    user_s: float
    system_s: float

    @property
    def cpu_us(self) -> float:
        return (self.user_s + self.system_s) * 1e6 / self.requests

    def us(self, bucket: str) -> float:
        """A bucket's share of the samples, in CPU microseconds a request."""
        total = sum(self.samples.values())
        return self.cpu_us * self.samples.get(bucket, 0) / total if total else 0.0


def bucket(frames: list[str]) -> str:
    """A sample's bucket: from its innermost frame outward, the first whose file (py-spy's
    short name: `package/module.py`) a bucket or a stage names; a mockserver file no stage
    names is the pipeline's glue. A stack with no frame we know is left unread."""
    for file in reversed(frames):
        for name, places in _PLACES.items():
            if file.startswith(places):
                return name
        stage = stage_of(file)
        if stage != GLUE or file.startswith("mockserver/"):
            return stage
    return UNREAD


def parse_raw(lines: Iterable[str]) -> Counter[str]:
    """py-spy's raw format (`frame;frame;... count`, a frame `function (file:line)`) as
    samples by bucket."""
    counts: Counter[str] = Counter()
    for line in lines:
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not count.isdigit():
            continue
        files = [frame.rpartition(" (")[2].rpartition(":")[0] for frame in stack.split(";")]
        counts[bucket([file for file in files if file])] += int(count)
    return counts


def process_cpu_s(pid: int) -> tuple[float, float]:
    """A process's user and system CPU seconds so far (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


def profile(
    target: Target, load: Workload, seconds: float, drive: Drive, rate: int = RATE
) -> Profile:
    """`target` started afresh, warmed, then sampled `rate` times a second while `drive`
    loads it."""
    running = start(target, free_port(), load.calls[0])
    try:
        drive(running.url, _WARM_S)
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "samples.txt"
            spy = subprocess.Popen(
                [
                    py_spy(),
                    "record",
                    "--format",
                    "raw",
                    "--nonblocking",
                    "--rate",
                    str(rate),
                    "--pid",
                    str(running.process.pid),
                    "--output",
                    str(out),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            time.sleep(_ATTACH_S)
            user, system = process_cpu_s(running.process.pid)
            requests = drive(running.url, seconds)
            user_after, system_after = process_cpu_s(running.process.pid)
            # Stopped as the load ends, however long it took: Ctrl-C makes py-spy write
            # what it has.
            spy.send_signal(signal.SIGINT)
            _, said = spy.communicate(timeout=60)
            if spy.returncode or not out.exists():
                raise RuntimeError(f"py-spy failed: {said.decode(errors='replace')[-300:]}")
            samples = parse_raw(out.read_text().splitlines())
    finally:
        running.stop()
    return Profile(samples, requests, user_after - user, system_after - system)


def wrk_drive(load: Workload, folder: Path) -> Drive:
    """The benchmark's load: wrk, 16 connections, the workload's script."""
    script = lua_script(load, folder)

    def drive(url: str, seconds: float) -> int:
        return run_wrk(url + load.path, script, seconds, _CONNECTIONS).requests

    return drive


def py_spy() -> str:
    """The py-spy beside this Python (the venv's pinned one, not activated), else on PATH."""
    found = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if found is None:
        raise RuntimeError("py-spy is not installed (pip install py-spy)")
    return found


def section(seconds: int = 10) -> list[str]:
    """The report's section: each workload with a ceiling goal, mock and ceiling in turn."""
    if shutil.which("wrk") is None:
        return ["Served, sampled: skipped (wrk is needed)."]
    loads = [load for load in workloads() if load.ceiling_goal is not None]
    rows: list[tuple[Workload, Profile, Profile]] = []
    with tempfile.TemporaryDirectory() as folder:
        for load in loads:
            drive = wrk_drive(load, Path(folder))
            mock, ceiling = (profile(t, load, seconds, drive) for t in (MOCK, CEILING))
            rows.append((load, mock, ceiling))
    return render(rows, seconds)


# The mock's app stages, in the in-process profile's order, pipeline glue (its fallback) last.
APP_STAGES = [*(stage for stage in STAGES if stage != DRIVER), GLUE]
OUTSIDE_APP = [SERVER, LOOP, UNREAD]


def render(rows: list[tuple[Workload, Profile, Profile]], seconds: int) -> list[str]:
    lines = [
        "## Served, sampled",
        "",
        "Made by `python -m bench.served_profile`: each server started afresh and loaded by "
        f"wrk ({_CONNECTIONS} connections, {seconds} s after a {_WARM_S} s warm-up), the mock "
        f"then the ceiling, py-spy reading its Python stack {RATE} times a second without "
        "stopping it. A sample goes to the stage of its innermost frame that a stage names "
        "(the in-process stages above, and the server's own); the samples give each stage's "
        "share, and the process's CPU time over the wrk run (user and system, /proc) the "
        "microseconds. A stage's time holds the C it calls and its system calls: a socket "
        "send is the HTTP server's, with the kernel's loopback delivery to wrk in it.",
        "",
        "| CPU us a request, mock / ceiling | "
        + " | ".join(load.name for load, _, _ in rows)
        + " |",
        "| --- |" + " ---: |" * len(rows),
    ]
    table: list[tuple[str, Callable[[Profile], float]]] = [
        ("req/s (this run)", lambda p: p.requests / seconds),
        ("CPU, all", lambda p: p.cpu_us),
        ("of it in the kernel", lambda p: p.system_s * 1e6 / p.requests),
        *((name, _bucket_us(name)) for name in [*APP_STAGES, ROUTE, *OUTSIDE_APP]),
    ]
    for label, value in table:
        cells = [f"{value(mock):,.0f} / {value(ceiling):,.0f}" for _, mock, ceiling in rows]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "The mock's request against the ceiling's, served:", ""]
    lines += [verdict(load, mock, ceiling) for load, mock, ceiling in rows]
    return lines


def _bucket_us(name: str) -> Callable[[Profile], float]:
    return lambda profile: profile.us(name)


def verdict(load: Workload, mock: Profile, ceiling: Profile) -> str:
    """What the mock's app costs over the bare route's, what of it the issue keeps, and
    how far the goal is."""
    app = sum(mock.us(stage) for stage in APP_STAGES)
    kept = {stage: mock.us(stage) for stage in KEPT}
    kept_us = sum(kept.values())
    outside = ", ".join(
        f"{name.split(' (')[0]} {mock.us(name) - ceiling.us(name):+,.0f}" for name in OUTSIDE_APP
    )
    text = (
        f"- {load.name}: {mock.cpu_us:,.0f} us a request over the ceiling's "
        f"{ceiling.cpu_us:,.0f} ({ceiling.cpu_us / mock.cpu_us:.2f}x). The app {app:,.0f} us "
        f"against the bare route's {ceiling.us(ROUTE):,.0f}, of it the stages the issue keeps "
        f"{kept_us:,.0f} ("
        + ", ".join(f"{stage.split(' (')[0]} {us:,.0f}" for stage, us in kept.items())
        + f"); outside the app, mock over ceiling: {outside}."
    )
    if load.ceiling_goal is None:
        return text
    allowed = ceiling.cpu_us / load.ceiling_goal
    if mock.cpu_us <= allowed:
        return text + f" The goal ({load.ceiling_goal}x) allows {allowed:,.0f} us: met here."
    return text + (
        f" The goal ({load.ceiling_goal}x) allows {allowed:,.0f} us: "
        f"{mock.cpu_us - allowed:,.0f} us over, against the "
        f"{app - kept_us:,.0f} us of the app's other stages."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="wrk run sampled per server")
    args = parser.parse_args()
    print("\n".join(section(args.seconds)))


if __name__ == "__main__":
    main()
