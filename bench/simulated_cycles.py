"""The mock and the ceiling served under wrk, their cost per request counted on a simulated
machine: callgrind's cache and branch models, sized as this machine's L1 and L2, and
KCachegrind's cycle estimate. Other load on the machine does not move these counts: they
repeat within about 1 % (wrk batches requests a little differently from run to run).

Why: a mock/ceiling req/s ratio moves by about 0.1 from one 2 s round to the next here,
and the in-process profile (where_time_goes) times the app alone, on a warm cache. Served
under wrk's 16 connections a request also finds less of itself in the caches: the mock runs
more distinct code per request than the ceiling, and keeps more between requests. Counted
here, on the server as wrk loads it, that cost is in the figures, and it is the same from
one run to the next.

`python -m bench.simulated_cycles [--seconds 20]` prints the report's section; `make bench`
adds it when valgrind is installed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.instructions import VALGRIND_ENV, wait_ready
from bench.load import run_wrk
from bench.targets import CEILING, MOCK, Target, free_port
from bench.workloads import Workload, lua_script, workloads

CPU_CACHES = Path("/sys/devices/system/cpu/cpu0/cache")
# KCachegrind's "CEst" (its GlobalConfig): Ir + 10 Bm + 10 L1m + 20 Ge + 100 L2m + 100 LLm.
# Callgrind here simulates the L2 as its last level, and counts no Ge (global bus events).
MISPREDICT_CYCLES = 10
L1_MISS_CYCLES = 10
LAST_LEVEL_MISS_CYCLES = 100
_SUMMARY = re.compile(r"^summary: (.*)$", re.MULTILINE)
_EVENTS = re.compile(r"^events: (.*)$", re.MULTILINE)
_WARM_S = 5
_CONNECTIONS = 16


@dataclass(frozen=True)
class Counts:
    """Callgrind's events per request (Ir, Bcm, I1mr, ILmr, ...)."""

    events: Mapping[str, float]

    def part(self, name: str) -> float:
        """One term of the cycle estimate: instructions, mispredicts, L1 or L2 misses."""
        events = self.events
        if name == "instructions":
            return events["Ir"]
        if name == "branch mispredicts":
            return MISPREDICT_CYCLES * (events["Bcm"] + events["Bim"])
        if name == "L1 misses":
            return L1_MISS_CYCLES * (events["I1mr"] + events["D1mr"] + events["D1mw"])
        return LAST_LEVEL_MISS_CYCLES * (events["ILmr"] + events["DLmr"] + events["DLmw"])

    @property
    def cycles(self) -> float:
        return sum(self.part(name) for name in PARTS)


PARTS = ("instructions", "branch mispredicts", "L1 misses", "L2 misses")


def cache_options(caches: Path = CPU_CACHES) -> list[str]:
    """callgrind's --I1, --D1 and --LL as this machine's L1 caches and its L2 (sysfs), each
    left to callgrind's default where sysfs does not say, or says what it cannot model."""
    options = []
    wanted = {(1, "Instruction"): "--I1", (1, "Data"): "--D1", (2, "Unified"): "--LL"}
    for index in sorted(caches.glob("index*")):
        try:
            level = int((index / "level").read_text())
            kind = (index / "type").read_text().strip()
            size = _bytes((index / "size").read_text().strip())
            ways = int((index / "ways_of_associativity").read_text())
            line = int((index / "coherency_line_size").read_text())
        except (OSError, ValueError):
            continue
        option = wanted.get((level, kind))
        sets = size // max(ways * line, 1)
        if option and ways and sets and sets & (sets - 1) == 0:  # callgrind needs 2^n sets
            options.append(f"{option}={size},{ways},{line}")
    return options


def _bytes(text: str) -> int:
    units = {"K": 1024, "M": 1024 * 1024}
    return int(text[:-1]) * units[text[-1]] if text[-1] in units else int(text)


def parse_counts(dump: str, requests: int) -> Counts:
    """A callgrind dump's summary line, per request."""
    names, totals = _EVENTS.search(dump), _SUMMARY.search(dump)
    if names is None or totals is None:
        raise ValueError("not a callgrind dump with cache and branch simulation")
    events = names.group(1).split()
    values = [int(value) for value in totals.group(1).split()]
    values += [0] * (len(events) - len(values))  # callgrind leaves trailing zeros out
    return Counts({name: value / requests for name, value in zip(events, values, strict=True)})


def served_counts(target: Target, load: Workload, seconds: int, options: list[str]) -> Counts:
    """The target's server under callgrind, counted over `seconds` of wrk after a warm-up."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        simulated = ["--cache-sim=yes", "--branch-sim=yes", *options]
        command = ["valgrind", "--tool=callgrind", *simulated, f"--callgrind-out-file={out}"]
        port = free_port()
        server = subprocess.Popen(
            [*command, *target.command(port)],
            env=VALGRIND_ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"

        def control(option: str) -> None:
            subprocess.run(
                ["callgrind_control", option, str(server.pid)], check=True, capture_output=True
            )

        try:
            with httpx.Client(base_url=url, timeout=60) as client:
                wait_ready(client, server)
            script = lua_script(load, Path(folder))
            run_wrk(url + load.path, script, _WARM_S, _CONNECTIONS)
            control("--zero")
            result = run_wrk(url + load.path, script, seconds, _CONNECTIONS)
            control("--dump")
            dump = max(Path(folder).glob("callgrind.out.*"), key=lambda p: p.stat().st_mtime)
            return parse_counts(dump.read_text(), result.requests)
        finally:
            server.terminate()
            server.wait()


def pair(load: Workload, seconds: int, options: list[str]) -> tuple[Counts, Counts]:
    """The mock's counts and the ceiling's, the two servers run side by side."""
    with ThreadPoolExecutor(2) as pool:
        mock, ceiling = pool.map(
            lambda t: served_counts(t, load, seconds, options), (MOCK, CEILING)
        )
    return mock, ceiling


def section(measured: Mapping[str, float], seconds: int = 20) -> list[str]:
    """The report's section: each workload with a ceiling goal, mock against ceiling."""
    if shutil.which("valgrind") is None or shutil.which("wrk") is None:
        return ["Served on a simulated machine: skipped (valgrind and wrk are needed)."]
    options = cache_options()
    loads = [load for load in workloads() if load.ceiling_goal is not None]
    rows = [(load, *pair(load, seconds, options)) for load in loads]
    lines = [
        "## Served, on a simulated machine",
        "",
        "Made by `python -m bench.simulated_cycles`: each server under valgrind's callgrind "
        f"({' '.join(options) or 'its default caches'}: this machine's L1 caches and L2, "
        "the L2 as the last level), loaded by wrk "
        f"({_CONNECTIONS} connections, {seconds} s after a {_WARM_S} s warm-up), the mock and "
        "the ceiling side by side. Per request: instructions, branch mispredicts and cache "
        "misses as simulated, and KCachegrind's cycle estimate from them (Ir + "
        f"{MISPREDICT_CYCLES} x mispredicts + {L1_MISS_CYCLES} x L1 misses + "
        f"{LAST_LEVEL_MISS_CYCLES} x L2 misses). Other load on the machine does not move "
        "these counts (they repeat within about 1 %); a ratio of estimated cycles is the "
        "mock/ceiling ratio a quiet machine with those costs would show.",
        "",
        "| workload | goal | instructions, ceiling / mock | L2 misses, ceiling / mock "
        "| ratio by instructions | ratio by estimated cycles | ratio measured (wrk) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for load, mock, ceiling in rows:
        shown = measured.get(load.name)
        lines.append(
            f"| {load.name} | {load.ceiling_goal}x "
            f"| {ceiling.events['Ir'] / 1000:,.0f}k / {mock.events['Ir'] / 1000:,.0f}k "
            f"| {_l2(ceiling):,.0f} / {_l2(mock):,.0f} "
            f"| {ceiling.events['Ir'] / mock.events['Ir']:.2f} "
            f"| {ceiling.cycles / mock.cycles:.2f} "
            f"| {'' if shown is None else f'{shown:.2f}'} |"
        )
    lines += ["", "The mock's estimated cycles per request over the ceiling's, by term:", ""]
    for load, mock, ceiling in rows:
        extra = mock.cycles - ceiling.cycles
        terms = ", ".join(
            f"{name} {(mock.part(name) - ceiling.part(name)) / 1000:,.0f}k "
            f"({(mock.part(name) - ceiling.part(name)) / extra:.0%})"
            for name in PARTS
        )
        lines.append(f"- {load.name}: {extra / 1000:,.0f}k more: {terms}")
    return lines


def _l2(counts: Counts) -> float:
    return counts.events["ILmr"] + counts.events["DLmr"] + counts.events["DLmw"]


def main() -> None:
    from bench.where_time_goes import RESULTS, measured_ratios

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=20, help="wrk run counted per server")
    parser.add_argument("--results", type=Path, default=RESULTS, help="for the measured ratios")
    args = parser.parse_args()
    print("\n".join(section(measured_ratios(args.results), args.seconds)))


if __name__ == "__main__":
    main()
