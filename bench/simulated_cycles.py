"""The mock and the ceiling served under wrk, their cost per request counted on a simulated
machine: callgrind's cache and branch models, sized as this machine's L1 and L2, and
KCachegrind's cycle estimate. Other load on the machine barely moves the instructions
counted (they repeat within about 1 %); the misses move more, about 10 % from run to run,
as the event loop batches wrk's requests differently each time.

Why: a mock/ceiling req/s ratio moves by about 0.1 from one 2 s round to the next here,
and the in-process profile (where_time_goes) times the app alone, on a warm cache. Served
under wrk's 16 connections a request also finds less of itself in the caches: the mock runs
more distinct code per request than the ceiling, and keeps more between requests. Counted
here, on the server as wrk loads it, that cost is in the figures, whatever else the
machine is doing.

`python -m bench.simulated_cycles [--seconds 20]` prints the report's section; `make bench`
adds it (and installs valgrind).
"""

from __future__ import annotations

import argparse
import shutil
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bench.callgrind import counted_server
from bench.load import run_wrk
from bench.targets import CEILING, MOCK, Target
from bench.workloads import Workload, lua_script, workloads

CPU_CACHES = Path("/sys/devices/system/cpu/cpu0/cache")
# KCachegrind's "CEst" (its GlobalConfig): Ir + 10 Bm + 10 L1m + 20 Ge + 100 L2m + 100 LLm.
# Callgrind here simulates the L2 as its last level, and counts no Ge (global bus events).
MISPREDICT_CYCLES = 10
L1_MISS_CYCLES = 10
LAST_LEVEL_MISS_CYCLES = 100
_WARM_S = 5
_SETTLE_S = 3
_CONNECTIONS = 16
# Under valgrind a request takes about 50 times as long, and the event loop serves its 16
# connections unevenly: a request can wait 9 s. One that wrk gave up on at its usual 10 s
# would be counted by callgrind and not by wrk, so wrk waits as long as it takes here.
_TIMEOUT_S = 300


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
        if name == "L2 misses":
            return LAST_LEVEL_MISS_CYCLES * (events["ILmr"] + events["DLmr"] + events["DLmw"])
        raise KeyError(name)

    @property
    def cycles(self) -> float:
        return sum(self.part(name) for name in PARTS)


PARTS = ("instructions", "branch mispredicts", "L1 misses", "L2 misses")
# The caches simulated, and callgrind's option for each: the L2 as the last level.
_SIMULATED = {(1, "Instruction"): "--I1", (1, "Data"): "--D1", (2, "Unified"): "--LL"}


def cache_options(caches: Path = CPU_CACHES) -> list[str]:
    """callgrind's --I1, --D1 and --LL as this machine's L1 caches and its L2 (sysfs); a
    cache sysfs does not describe, or that callgrind cannot model, is left out."""
    options = []
    for index in sorted(caches.glob("index*")):
        try:
            level = int((index / "level").read_text())
            kind = (index / "type").read_text().strip()
            size = _bytes((index / "size").read_text().strip())
            ways = int((index / "ways_of_associativity").read_text())
            line = int((index / "coherency_line_size").read_text())
        except (OSError, ValueError):
            continue
        option = _SIMULATED.get((level, kind))
        way_bytes = ways * line
        sets = size // way_bytes if way_bytes > 0 and size % way_bytes == 0 else 0
        if option and sets and sets & (sets - 1) == 0:  # callgrind needs 2^n whole sets
            options.append(f"{option}={size},{ways},{line}")
    return options


def _bytes(text: str) -> int:
    """sysfs's cache size ("512K"); ValueError for what is not one."""
    units = {"K": 1024, "M": 1024 * 1024}
    if text[-1:] in units:
        return int(text[:-1]) * units[text[-1]]
    return int(text)


def per_request(shorter: tuple[dict[str, int], int], longer: tuple[dict[str, int], int]) -> Counts:
    """Two counted windows and the requests wrk completed in each: the difference over the
    extra requests. Each window also counts the requests still in flight when wrk stopped
    (up to one a connection), which wrk does not: the difference leaves them out."""
    (few, few_requests), (many, many_requests) = shorter, longer
    extra = many_requests - few_requests
    if extra <= 0:
        raise ValueError(f"the longer window completed no more requests ({many_requests})")
    return Counts({name: (many[name] - few.get(name, 0)) / extra for name in many})


def served_counts(target: Target, load: Workload, seconds: int, options: list[str]) -> Counts:
    """The target's server under callgrind, counted over two wrk windows (`seconds` and
    half as long) after a warm-up."""
    simulated = ["--cache-sim=yes", "--branch-sim=yes", *options]
    with counted_server(target, simulated) as served:
        url = served.url + load.path
        script = lua_script(load, served.folder)

        def window(length: int) -> tuple[dict[str, int], int]:
            served.zero()
            result = run_wrk(url, script, length, _CONNECTIONS, _TIMEOUT_S)
            if result.non_2xx or result.socket_errors:
                raise RuntimeError(f"{target.name} on {load.name}: {result}")
            # The requests in flight when wrk stopped finish before the count is taken,
            # so every window ends alike.
            time.sleep(_SETTLE_S)
            return served.dump(), result.requests

        run_wrk(url, script, _WARM_S, _CONNECTIONS, _TIMEOUT_S)
        shorter = window(max(seconds // 2, 1))
        return per_request(shorter, window(seconds))


def counted_in_pairs(
    jobs: Sequence[tuple[Target, Workload]], seconds: int, options: list[str]
) -> list[Counts]:
    """Each (server, workload)'s counts, in order, two servers side by side at a time."""
    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(lambda job: served_counts(job[0], job[1], seconds, options), jobs))


def why_not_simulated() -> str | None:
    """Why the servers cannot be counted on a simulated machine here, or None."""
    if shutil.which("valgrind") is None or shutil.which("wrk") is None:
        return "valgrind and wrk are needed"
    if len(cache_options()) < len(_SIMULATED):
        # Left to callgrind, the last level would be the L3: the figures are the L2's.
        return (
            "sysfs does not give this machine's L1 caches and L2 in a form callgrind can simulate"
        )
    return None


def section(measured: Mapping[str, float], seconds: int = 20) -> list[str]:
    """The report's section: each workload with a ceiling goal, mock against ceiling."""
    reason = why_not_simulated()
    if reason:
        return [f"Served on a simulated machine: skipped ({reason})."]
    options = cache_options()
    loads = [load for load in workloads() if load.ceiling_goal is not None]
    counted = counted_in_pairs(
        [(t, load) for load in loads for t in (MOCK, CEILING)], seconds, options
    )
    rows = [(load, counted[2 * n], counted[2 * n + 1]) for n, load in enumerate(loads)]
    lines = [
        "## Served, on a simulated machine",
        "",
        "Made by `python -m bench.simulated_cycles`: each server under valgrind's callgrind "
        f"({' '.join(options)}: this machine's L1 caches and L2, the L2 as the last level), "
        f"loaded by wrk ({_CONNECTIONS} connections, after a {_WARM_S} s warm-up), the mock "
        "and the ceiling side by side. Each is counted over two wrk runs, "
        f"{max(seconds // 2, 1)} s and {seconds} s: the difference over the extra requests, "
        "so the requests in flight as wrk stops (counted by callgrind, not by wrk) drop out. "
        "Per request: instructions, branch mispredicts and cache misses as simulated, and "
        f"KCachegrind's cycle estimate from them (Ir + {MISPREDICT_CYCLES} x mispredicts + "
        f"{L1_MISS_CYCLES} x L1 misses + {LAST_LEVEL_MISS_CYCLES} x L2 misses). Other load on "
        "the machine barely moves the instructions (they repeat within about 1 %); the L2 "
        "misses move by about 10 % from run to run, as the event loop batches wrk's "
        "requests differently each time. A ratio of "
        "estimated cycles is what the mock/ceiling ratio would be if every cycle cost what "
        "the estimate says; the real machine prices an L2 miss (an L3 hit, mostly) lower, "
        "and adds what callgrind leaves out (the kernel's share of each request). The "
        "in-process budget above counts the app's own work on warm caches: served, the "
        "mock's extra code also brings the misses and mispredicts below.",
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
        if extra <= 0:
            lines.append(f"- {load.name}: no more than the ceiling's")
            continue
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
    parser.add_argument(
        "--seconds", type=int, default=20, help="the longer of the two wrk runs counted per server"
    )
    parser.add_argument("--results", type=Path, default=RESULTS, help="for the measured ratios")
    args = parser.parse_args()
    print("\n".join(section(measured_ratios(args.results), args.seconds)))


if __name__ == "__main__":
    main()
