"""Where a request's time goes, stage by stage, against the budget a ceiling ratio leaves.

`python -m bench.where_time_goes [--results bench/results.md]` prints the "Where the time
goes" section of bench/results.md, with the run's figures (the ceiling's req/s, the
mock's ratios, the ready times) read from that report;
`make bench` appends the section to the report it saves, with its own run's.

For each workload with a ceiling goal, the mock's app and the ceiling's app are driven
in-process (bench/inprocess.py: no socket, no server) and their CPU time per request
measured; a cProfile of the mock splits its time into stages (a C function's time goes to
the stage of the Python function that called it). The server's own work per request
(uvicorn, httptools, the socket) is what the ceiling's wrk req/s leaves once its app's
time is taken out. With both, the budget the goal leaves the mock's app is
(server + ceiling app) / goal - server. The mock's server makes one send a request where
the ceiling's makes two (mockserver/one_send.py): the budget leaves that out, so it is
the stricter.

Back to back, a request finds its code and data in L1 and L2; served, the kernel's TCP
path, uvicorn and the other connections run between two requests and evict part of them.
So each app is also timed warm and cold, in turns (inprocess.warm_and_cold_us), and the
served ratio a cold request would give is set beside the one wrk measured: a model, for
comparison with each round's ratio, not a description of the served run.

In-process CPU times on a busy machine move by 10-20 % run to run: the stages' shares are
steadier than their microseconds.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import pstats
import re
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from starlette.types import ASGIApp

from bench import ceiling
from bench.inprocess import WallTimes, cpu_per_call, l2_cache_bytes, run_many, warm_and_cold_us
from bench.targets import STACK_FLOOR
from bench.workloads import Call, Workload, big_data_uri_body, workloads
from mockserver.app import create_app

RESULTS = Path(__file__).with_name("results.md")
# The stage of the mock's own code that no other stage names, and the in-process driver's.
GLUE = "pipeline glue"
DRIVER = "driver (not the mock)"
# Each stage, and where its functions live (a fragment of their file's path).
STAGES = {
    "read body": "mockserver/body_reader.py",
    "parse JSON / multipart": (
        "mockserver/json_body.py mockserver/multipart mockserver/multipart_fields.py "
        "mockserver/header_params.py mockserver/byte_search.py json/ python_multipart orjson"
    ),
    "validate (schema, pattern)": "mockserver/schema_validation.py mockserver/long_text.py "
    "jsonschema_rs",
    "check image": "mockserver/image_input.py mockserver/png_ PIL/ pybase64 zlib",
    "journal": "mockserver/journal.py",
    "answer (handler, response)": (
        "mockserver/handlers.py mockserver/headshot.py mockserver/portrait mockserver/"
        "image_route.py mockserver/success_body.py mockserver/responses.py urllib/"
    ),
    "event loop (timer, task)": "asyncio/",
    DRIVER: "bench/inprocess.py",
}
# In-process CPU times move with the machine's other load: the best of this many runs.
ROUNDS = 5
# The stages the issue forbids loosening (validation, the image checks, the journal), and
# the parsing they need.
KEPT = ("validate (schema, pattern)", "check image", "journal", "parse JSON / multipart")
WHY = {
    "read body": "the bounded, timed read the issue's slow-client rules need (a deadline "
    "per read, one timer per event loop)",
    "parse JSON / multipart": "simdjson from 2 KB, orjson below: compiled parsers (stdlib "
    "json over 1 MiB, for memory); multipart split by C searches over the body in memory "
    "(glibc's memmem over a long file)",
    "validate (schema, pattern)": "jsonschema_rs, compiled at start-up; the issue forbids "
    "loosening it",
    "check image": "a plain PNG's header read in a few slices (Pillow opens any other "
    "image), zlib-ng checks a PNG's chunk CRCs, pybase64 decodes (the parsed string's "
    "ASCII copy it reads costs ~4 us on a 100 KB data URI, ~1 % of its served time: the "
    "most that decoding from the body's bytes could save): the image checks the issue keeps",
    "journal": "one entry per request, as the issue keeps",
    "answer (handler, response)": "the answer the spec documents, built per request",
    "event loop (timer, task)": "asyncio's own work for the body deadline (the clock, the "
    "current task)",
    GLUE: "headers, auth, Prefer, content type, routing",
}


def served_us(rps: float) -> float:
    """One request's share of a second at this wrk rate: its served time."""
    return 1e6 / rps


def ratio_with_extra(ceiling_rps: float, extra_us: float) -> float:
    """The served ratio of a server taking `extra_us` a request more than the ceiling."""
    served = served_us(ceiling_rps)
    return served / (served + extra_us)


@dataclass
class Breakdown:
    workload: str
    goal: float | None
    mock_us: float  # CPU time, back to back: the budget's measure
    ceiling_us: float
    stages_us: dict[str, float]
    mock_wall: WallTimes
    ceiling_wall: WallTimes

    @property
    def warm_extra_us(self) -> float:
        return self.mock_wall.warm_us - self.ceiling_wall.warm_us

    @property
    def cold_extra_us(self) -> float:
        return self.mock_wall.cold_us - self.ceiling_wall.cold_us

    def server_and_budget_us(self, ceiling_rps: float, goal: float) -> tuple[float, float]:
        """The server's share of a request (what the ceiling's served time leaves once its
        app is taken out) and the app time the goal leaves the mock."""
        server = max(0.0, served_us(ceiling_rps) - self.ceiling_us)
        return server, (server + self.ceiling_us) / goal - server

    def cold_ratio(self, ceiling_rps: float) -> float:
        """The served ratio if the mock's extra were its cold one: the ceiling's served
        time over that time plus the extra."""
        return ratio_with_extra(ceiling_rps, self.cold_extra_us)

    @property
    def kept_us(self) -> float:
        return sum(us for stage, us in self.stages_us.items() if stage in KEPT)

    def kept_share(self) -> float:
        """The stages the issue keeps, as a share of the mock's app time (the profile's)."""
        return self.kept_us / self.mock_us if self.mock_us > 0 else 0.0

    def kept_only_ratio(self, ceiling_rps: float) -> float:
        """The served ratio of a mock whose request cost the ceiling's whole app and, on top,
        only the stages the issue keeps, cold: their share of the mock's cold time. Below
        the goal, the rest of the mock's request must cost less than the bare route's."""
        return ratio_with_extra(ceiling_rps, self.kept_share() * self.mock_wall.cold_us)


def stage_of(filename: str) -> str:
    for stage, places in STAGES.items():
        if any(place in filename for place in places.split()):
            return stage
    return GLUE


def stage_shares(app: ASGIApp, call: Call, count: int) -> dict[str, float]:
    """Each stage's share of the profiled time; built-ins go to their caller's stage."""
    profile = cProfile.Profile(time.process_time)
    profile.runcall(run_many(app, call, count))
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    totals: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, own, _, callers) in stats.items():
        if filename != "~":
            totals[stage_of(filename)] += own
            continue
        called = sum(caller[2] for caller in callers.values()) or 1.0
        for (caller_file, _, _), caller in callers.items():
            totals[stage_of(caller_file)] += own * caller[2] / called
    totals.pop(DRIVER, None)
    whole = sum(totals.values()) or 1.0
    return {stage: share / whole for stage, share in totals.items()}


def measure(load: Workload, mock: ASGIApp, requests: int) -> Breakdown:
    call = load.calls[0]
    count = max(20, requests * 1000 // max(1000, len(call.body) // 100))
    mock_us = cpu_per_call(mock, call, count, ROUNDS)
    ceiling_us = cpu_per_call(ceiling.app, call, count, ROUNDS)
    shares = stage_shares(mock, call, count)
    # Each cold call first writes twice the L2: fewer of them.
    mock_wall, ceiling_wall = warm_and_cold_us((mock, ceiling.app), call, max(20, count // 2))
    return Breakdown(
        load.name,
        load.ceiling_goal,
        mock_us,
        ceiling_us,
        {stage: share * mock_us for stage, share in shares.items()},
        mock_wall,
        ceiling_wall,
    )


def _table_rows(results: Path) -> list[list[str]]:
    if not results.is_file():
        return []
    lines = results.read_text().splitlines()
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]


def ceiling_rps(results: Path) -> dict[str, float]:
    """The ceiling's req/s per workload, from a saved report's "Every cell" table."""
    return {
        cells[0]: float(cells[2])
        for cells in _table_rows(results)
        if len(cells) > 3 and cells[1] == "ceiling" and cells[2].isdigit()
    }


def measured_ratios(results: Path) -> dict[str, float]:
    """The mock/ceiling ratio per workload, from a saved report's "Per workload" table
    (a row: workload, mock req/s, /steady, /prism, /ceiling (goal), ...)."""
    return {
        cells[0]: float(cells[4].split()[0])
        for cells in _table_rows(results)
        if len(cells) > 7 and cells[1].isdigit() and re.fullmatch(r"[\d.]+( \(.*\))?", cells[4])
    }


def ready_times(results: Path) -> dict[str, float]:
    """Each server's ready time, s, from a saved report's server table."""
    return {
        cells[0]: float(cells[1])
        for cells in _table_rows(results)
        if len(cells) == 3 and re.fullmatch(r"\d+\.\d+", cells[1])
    }


def _stages_text(stages: dict[str, float], total: float) -> str:
    ranked = sorted(stages.items(), key=lambda item: -item[1])
    return ", ".join(f"{name} {us:.0f} ({us / total:.0%})" for name, us in ranked if us >= 0.5)


def _with_goal(
    rows: list[Breakdown], rps: dict[str, float]
) -> list[tuple[Breakdown, float, float]]:
    """The rows that have a ceiling goal and a ceiling req/s, with both."""
    return [
        (row, row.goal, rps[row.workload])
        for row in rows
        if row.goal is not None and row.workload in rps
    ]


def request_section(rows: list[Breakdown], rps: dict[str, float]) -> list[str]:
    lines = [
        "| workload | goal | ceiling req/s (wrk) | server us (the ceiling's) | ceiling app us "
        "| mock app us | budget us | over budget us |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row, goal, ceiling_rps in _with_goal(rows, rps):
        server, budget = row.server_and_budget_us(ceiling_rps, goal)
        lines.append(
            f"| {row.workload} | {goal}x | {ceiling_rps:.0f} | {server:.0f} "
            f"| {row.ceiling_us:.0f} | {row.mock_us:.0f} | {budget:.0f} "
            f"| {max(0.0, row.mock_us - budget):.0f} |"
        )
    lines += ["", "The mock's app time by stage, us per request (share):", ""]
    lines += [f"- {row.workload}: {_stages_text(row.stages_us, row.mock_us)}" for row in rows]
    return lines


def cold_section(
    rows: list[Breakdown], rps: dict[str, float], measured: dict[str, float]
) -> list[str]:
    """The mock's extra wall time over the ceiling's, warm and cold, and the served ratio
    the cold extra would give, beside the one wrk measured."""
    lines = [
        "Warm and cold. Each app is timed call by call in turns, right after the same call "
        f"(warm) and after L1 and L2 are emptied by writing {2 * l2_cache_bytes() >> 20} "
        "MiB (cold; the L3 keeps what they lose): wall time, median call. The cold extra "
        "models a served request that finds none of itself in L1 and L2, and the ratio it "
        "would give is 1 / (1 + cold extra / the ceiling's served time). How much of itself "
        "a served request finds depends on what else the machine runs: set it beside each "
        "round's ratio, listed under the Per workload table.",
        "",
        "| workload | goal | extra, warm us | extra, cold us | ceiling served us (wrk) "
        "| ratio if cold | ratio measured (wrk) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row, goal, ceiling_rps in _with_goal(rows, rps):
        ratio = measured.get(row.workload)
        lines.append(
            f"| {row.workload} | {goal}x | {row.warm_extra_us:.0f} "
            f"| {row.cold_extra_us:.0f} | {served_us(ceiling_rps):.0f} "
            f"| {row.cold_ratio(ceiling_rps):.2f} "
            f"| {'' if ratio is None else f'{ratio:.2f}'} |"
        )
    return lines


def _verdict(row: Breakdown, goal: float, ceiling_rps: float, measured: float | None = None) -> str:
    """Whether the goal is within reach of the stages that may still move; `measured`,
    the run's served ratio, where this in-process model does not account for a miss."""
    _, budget = row.server_and_budget_us(ceiling_rps, goal)
    if row.mock_us <= budget:
        cold_ratio = row.cold_ratio(ceiling_rps)
        if cold_ratio >= goal:
            fits = f"- {row.workload}: within its budget ({row.mock_us:.0f} of {budget:.0f} us)"
            if measured is None or measured >= goal:
                return fits + "."
            return (
                f"{fits} and cold ({cold_ratio:.2f}x), yet served at {measured:.2f}x: this "
                "in-process model does not hold the rest of the gap (the served request's "
                "cache misses and the server's own work: served, sampled and simulated, below)."
            )
        cold_only = row.cold_extra_us - row.warm_extra_us
        kept_only = row.kept_only_ratio(ceiling_rps)
        return (
            f"- {row.workload}: within its budget back to back ({row.mock_us:.0f} of "
            f"{budget:.0f} us CPU), not cold: its app then takes {row.cold_extra_us:.0f} us "
            f"more than the ceiling's, which would give {cold_ratio:.2f}x. Warm the extra "
            f"is {row.warm_extra_us:.0f} us"
            + (
                f"; the other {cold_only:.0f} us appear only when L1 and L2 start empty."
                if cold_only > 0
                else ", no less than cold: the wall clock's noise, not the caches."
            )
            + f" The stages the issue keeps are {row.kept_share():.0%} of its app (by the "
            "profile's shares); in this cold model, on top of the ceiling's whole app, they "
            f"alone would give {kept_only:.2f}x"
            + (
                ": to meet the goal there, all the rest of the mock's request (auth, "
                "routing, the timed read, the answer) would have to cost less than the bare "
                "Starlette route."
                if kept_only < goal
                else ", so the goal is for the other stages to meet."
            )
        )
    kept = row.kept_us
    return (
        f"- {row.workload}: {row.mock_us - budget:.0f} us over its {budget:.0f} us budget. "
        f"The stages the issue keeps as they are ({', '.join(KEPT)}) take {kept:.0f} us"
        + (
            ": more than the whole budget, so no work elsewhere can meet the goal."
            if kept >= budget
            else f"; the rest would have to fall from {row.mock_us - kept:.0f} to "
            f"{budget - kept:.0f} us."
        )
    )


def big_image_stages(mock: ASGIApp) -> list[str]:
    json_image = next(load for load in workloads() if load.name.startswith("2-json"))
    call = dataclasses.replace(json_image.calls[0], body=big_data_uri_body())
    total_ms = cpu_per_call(mock, call, 3) / 1000
    shares = stage_shares(mock, call, 3)
    ranked = sorted(shares.items(), key=lambda item: -item[1])
    return [
        f"- 10 MB data URI, in-process CPU {total_ms:.0f} ms: "
        + ", ".join(f"{name} {share * total_ms:.1f} ms" for name, share in ranked if share > 0.01)
    ]


def start_up_lines(ready_s: dict[str, float]) -> list[str]:
    """Where the mock's start goes: the imports any Starlette app on uvicorn pays, the
    mock's own imports (python -X importtime, by package) and create_app(); then the ready
    times of the run, by `ready_verdict`."""
    code = "import mockserver.cli, mockserver.app"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True
    )
    own: dict[str, float] = defaultdict(float)
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if match:
            own[match.group(2).split(".")[0]] += int(match.group(1)) / 1000
    whole = wall_ms(code)
    build = subprocess.run(
        [
            sys.executable,
            "-c",
            f"{code}; import time; t = time.perf_counter(); mockserver.app.create_app(); "
            "print((time.perf_counter() - t) * 1000)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    build_ms = float(build.stdout)
    bare = wall_ms("pass")
    asyncio_ms = wall_ms("import asyncio")
    starlette_ms = wall_ms("import starlette.applications")
    ranked = sorted(own.items(), key=lambda item: -item[1])[:10]
    return [
        f"- Start-up, timed after the run: the interpreter alone (`python -c pass`, this "
        f"venv) takes {bare:.0f} ms here; `python -c 'import asyncio'` {asyncio_ms:.0f} ms; "
        f"`python -c 'import starlette.applications'` {starlette_ms:.0f} ms (with uvicorn "
        "too: below, timed in the ready turns).",
        f"- Start-up: `python -c '{code}'` takes {whole:.0f} ms here (interpreter "
        f"included); create_app() (reading the spec, compiling its validators) {build_ms:.0f} "
        "ms more. Import time by package (self time, ms, -X importtime inflates it): "
        + ", ".join(f"{name} {ms:.0f}" for name, ms in ranked),
        *ready_verdict(ready_s),
    ]


def ready_verdict(ready_s: dict[str, float]) -> list[str]:
    """The run's ready times against Steady's: the ceiling (a Starlette route on uvicorn
    behind the mock's CLI helpers) as the design's stack serves; the import of uvicorn and
    Starlette alone, timed in the same turns, as the floor no app on them can go under;
    then what the mock adds to the ceiling."""
    steady, ceiling, mock = (ready_s.get(name) for name in ("steady", "ceiling", "mock"))
    stack = ready_s.get(STACK_FLOOR)
    lines = []
    if steady is not None and ceiling is not None:
        line = (
            f"- Start-up: Steady, a native binary, serves its first 200 {steady * 1000:.0f} ms "
            "after it starts; the ceiling, a Starlette route on uvicorn behind the mock's "
            f"CLI helpers, {ceiling * 1000:.0f} ms ({ceiling / steady:.2f}x)."
        )
        if stack is not None:
            line += f" Importing uvicorn and Starlette alone took {stack * 1000:.0f} ms, " + (
                "longer than Steady's whole start, so no app served by them can be ready as "
                "soon here."
                if stack > steady
                else "within Steady's start: that alone does not put the target out of reach."
            )
        lines.append(line)
    if ceiling is not None and mock is not None:
        gap = (mock - ceiling) * 1000
        lines.append(
            f"- Start-up: the mock serves its first 200 {gap:.0f} ms after the ceiling does: "
            "its own imports, create_app() and its first request's work."
            if gap > 0
            else "- Start-up: the mock serves its first 200 no later than the ceiling does "
            "(each is the fastest of a few noisy starts)."
        )
    return lines


def wall_ms(code: str, tries: int = 3) -> float:
    """The fastest of a few runs of `python -c code`, wall clock from its start until the
    code has run. The child then writes one byte and the clock stops there: its exit
    (unloading every module, ~30 ms here after the stack's imports) is not part of any
    server's ready time, so it is not part of a floor set against one either. `code`
    writes nothing to stdout."""
    best = float("inf")
    for _ in range(tries):
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", f"{code}\nimport os\nos.write(1, b'.')"],
            stdout=subprocess.PIPE,
        )
        assert child.stdout is not None
        with child.stdout:
            ran = child.stdout.read(1) == b"."
            elapsed = time.perf_counter() - started
            child.stdout.read()
        if child.wait() != 0 or not ran:
            raise subprocess.CalledProcessError(child.returncode, ["python", "-c", code])
        best = min(best, elapsed)
    return best * 1000


def section(
    rps: dict[str, float],
    requests: int = 2000,
    ready_s: dict[str, float] | None = None,
    measured: dict[str, float] | None = None,
) -> list[str]:
    """The markdown section, given the ceiling's wrk req/s per workload (and the mock's
    ratio to it, and each server's ready time, when the run measured them)."""
    mock = create_app()
    # The ceiling's goals, and the 1 MB data URI (3x Prism's throughput is its target).
    loads = [w for w in workloads() if w.ceiling_goal is not None or w.name.startswith("3-")]
    rows = [measure(load, mock, requests) for load in loads]
    lines = [
        "## Where the time goes",
        "",
        "Made by `python -m bench.where_time_goes` (in-process CPU time per request, best of "
        f"{ROUNDS}; stages from a cProfile, a C function's time given to its caller's stage). The "
        "server's share is what the ceiling's wrk req/s leaves once its app's time is "
        "taken out; the budget is what the goal leaves the mock's app: "
        "(server + ceiling app) / goal - server. The server here is the ceiling's: the "
        "mock's makes one send a request where it makes two, which the budget leaves out.",
        "",
        *request_section(rows, rps),
        "",
        *cold_section(rows, rps, measured or {}),
        "",
        *[
            _verdict(row, goal, ceiling_rps, (measured or {}).get(row.workload))
            for row, goal, ceiling_rps in _with_goal(rows, rps)
        ],
        "",
        *big_image_stages(mock),
        *start_up_lines(ready_s or {}),
        "",
        "What each stage is, and why it stays:",
        "",
        *[f"- {stage}: {why}" for stage, why in WHY.items()],
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", type=Path, default=RESULTS, help="for the ceiling's req/s")
    parser.add_argument("--requests", type=int, default=2000, help="per small-body cell")
    args = parser.parse_args()
    rps, measured = ceiling_rps(args.results), measured_ratios(args.results)
    ready_s = ready_times(args.results)
    print("\n".join(section(rps, args.requests, ready_s=ready_s, measured=measured)))


if __name__ == "__main__":
    main()
