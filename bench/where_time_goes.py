"""Where a request's time goes, stage by stage, against the budget a ceiling ratio leaves.

`python -m bench.where_time_goes [--results bench/results.md]` prints the "Where the time
goes" section of bench/results.md, with the ceiling's req/s read from that report;
`make bench` appends the section to the report it saves, with its own run's.

For each workload with a ceiling goal, the mock's app and the ceiling's app are driven
in-process (bench/inprocess.py: no socket, no server) and their CPU time per request
measured; a cProfile of the mock splits its time into stages (a C function's time goes to
the stage of the Python function that called it). The server's own work per request
(uvicorn, httptools, the socket), which the mock and the ceiling both pay, is what the
ceiling's wrk req/s leaves once its app's time is taken out. With both, the budget the
goal leaves the mock's app is  (server + ceiling app) / goal - server.

Back to back, a request finds its code and data in the core's caches; served, the kernel's
TCP path, uvicorn and the other connections run between two requests and evict them. So
each app is also timed with the caches emptied before every call (inprocess.cold_wall_us),
and the ratio that predicts, (ceiling's served time + the mock's extra cold time), is set
beside the ratio wrk measured.

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
from bench.inprocess import cold_wall_us, cpu_per_call, run_many
from bench.workloads import Call, Workload, big_data_uri_body, workloads
from mockserver.app import create_app

RESULTS = Path(__file__).with_name("results.md")
# Each stage, and where its functions live (a fragment of their file's path).
STAGES = {
    "read body": "mockserver/body_reader.py",
    "parse JSON / multipart": (
        "mockserver/json_body.py mockserver/multipart mockserver/multipart_fields.py "
        "mockserver/header_params.py json/ python_multipart orjson"
    ),
    "validate (schema, pattern)": "mockserver/schema_validation.py mockserver/long_text.py "
    "jsonschema_rs",
    "check image": "mockserver/image_input.py PIL/ pybase64 zlib",
    "journal": "mockserver/journal.py",
    "answer (handler, response)": (
        "mockserver/handlers.py mockserver/headshot.py mockserver/portrait mockserver/"
        "image_route.py mockserver/success_body.py mockserver/responses.py urllib/"
    ),
    "event loop (timer, task)": "asyncio/",
    "driver (not the mock)": "bench/inprocess.py",
}
# The stages the issue forbids loosening (validation, the image checks, the journal), and
# the parsing they need.
KEPT = ("validate (schema, pattern)", "check image", "journal", "parse JSON / multipart")
WHY = {
    "read body": "the bounded, timed read the issue's slow-client rules need (a deadline "
    "per read, one timer per event loop)",
    "parse JSON / multipart": "simdjson from 2 KB, orjson below: compiled parsers (stdlib "
    "json over 1 MiB, for memory); multipart split by bytes.find over the body in memory",
    "validate (schema, pattern)": "jsonschema_rs, compiled at start-up; the issue forbids "
    "loosening it",
    "check image": "Pillow opens the image, zlib-ng checks a PNG's chunk CRCs, pybase64 "
    "decodes: the image checks the issue keeps",
    "journal": "one entry per request, as the issue keeps",
    "answer (handler, response)": "the answer the spec documents, built per request",
    "event loop (timer, task)": "asyncio's own work for the body deadline (the clock, the "
    "current task)",
    "pipeline glue": "headers, auth, Prefer, content type, routing",
}


@dataclass
class Breakdown:
    workload: str
    goal: float | None
    mock_us: float
    ceiling_us: float
    stages_us: dict[str, float]
    mock_cold_us: float
    ceiling_cold_us: float


def stage_of(filename: str) -> str:
    for stage, places in STAGES.items():
        if any(place in filename for place in places.split()):
            return stage
    return "pipeline glue"


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
    totals.pop("driver (not the mock)", None)
    whole = sum(totals.values()) or 1.0
    return {stage: share / whole for stage, share in totals.items()}


def measure(load: Workload, mock: ASGIApp, requests: int) -> Breakdown:
    call = load.calls[0]
    count = max(20, requests * 1000 // max(1000, len(call.body) // 100))
    mock_us = cpu_per_call(mock, call, count)
    ceiling_us = cpu_per_call(ceiling.app, call, count)
    shares = stage_shares(mock, call, count)
    # Each cold call first writes twice the L2 cache: fewer of them.
    mock_cold_us, ceiling_cold_us = cold_wall_us((mock, ceiling.app), call, max(20, count // 2))
    return Breakdown(
        load.name,
        load.ceiling_goal,
        mock_us,
        ceiling_us,
        {stage: share * mock_us for stage, share in shares.items()},
        mock_cold_us,
        ceiling_cold_us,
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


def _stages_text(stages: dict[str, float], total: float) -> str:
    ranked = sorted(stages.items(), key=lambda item: -item[1])
    return ", ".join(f"{name} {us:.0f} ({us / total:.0%})" for name, us in ranked if us >= 0.5)


def request_section(rows: list[Breakdown], rps: dict[str, float]) -> list[str]:
    lines = [
        "| workload | goal | ceiling req/s (wrk) | server us (both pay) | ceiling app us "
        "| mock app us | budget us | over budget us |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        if row.workload not in rps or row.goal is None:
            continue
        server = max(0.0, 1e6 / rps[row.workload] - row.ceiling_us)
        budget = (server + row.ceiling_us) / row.goal - server
        lines.append(
            f"| {row.workload} | {row.goal}x | {rps[row.workload]:.0f} | {server:.0f} "
            f"| {row.ceiling_us:.0f} | {row.mock_us:.0f} | {budget:.0f} "
            f"| {max(0.0, row.mock_us - budget):.0f} |"
        )
    lines += ["", "The mock's app time by stage, us per request (share):", ""]
    lines += [f"- {row.workload}: {_stages_text(row.stages_us, row.mock_us)}" for row in rows]
    lines += ["", *[line for row in rows for line in _verdict(row, rps)]]
    return lines


def cold_section(
    rows: list[Breakdown], rps: dict[str, float], measured: dict[str, float]
) -> list[str]:
    """The mock's extra time over the ceiling's, hot and cold, and the served ratio the
    cold figure predicts, beside the one wrk measured."""
    lines = [
        "Served, caches are cold. The mock's app time over the ceiling's, us per request: "
        "back to back (CPU time, as above) and with the core's caches emptied before each "
        "call (wall time, median call); the served ratio the cold figure predicts, "
        "1 / (1 + cold extra / the ceiling's served time), beside wrk's. Cold is a request "
        "that finds nothing of itself in the caches; how much a served request finds depends "
        "on what else the machine runs, so wrk's rounds fall between the two (each round's "
        "ratio is listed under the Per workload table):",
        "",
        "| workload | goal | extra, hot us | extra, cold us | ceiling served us (wrk) "
        "| ratio predicted from cold | ratio measured (wrk) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        if row.workload not in rps or row.goal is None:
            continue
        served = 1e6 / rps[row.workload]
        cold_extra = row.mock_cold_us - row.ceiling_cold_us
        ratio = measured.get(row.workload)
        lines.append(
            f"| {row.workload} | {row.goal}x | {row.mock_us - row.ceiling_us:.0f} "
            f"| {cold_extra:.0f} | {served:.0f} | {served / (served + cold_extra):.2f} "
            f"| {'' if ratio is None else f'{ratio:.2f}'} |"
        )
    return lines


def _verdict(row: Breakdown, rps: dict[str, float]) -> list[str]:
    """Whether the goal is within reach of the stages that may still move."""
    if row.workload not in rps or row.goal is None:
        return []
    server = max(0.0, 1e6 / rps[row.workload] - row.ceiling_us)
    budget = (server + row.ceiling_us) / row.goal - server
    if row.mock_us <= budget:
        served = 1e6 / rps[row.workload]
        hot_extra = row.mock_us - row.ceiling_us
        cold_extra = row.mock_cold_us - row.ceiling_cold_us
        predicted = served / (served + cold_extra)
        if predicted >= row.goal:
            return [f"- {row.workload}: within its budget ({row.mock_us:.0f} of {budget:.0f} us)."]
        return [
            f"- {row.workload}: within its budget back to back ({row.mock_us:.0f} of "
            f"{budget:.0f} us), not with cold caches: its app then takes {cold_extra:.0f} us "
            f"more than the ceiling's, which predicts {predicted:.2f}x. Of those, "
            f"{hot_extra:.0f} us are work it also does back to back; the other "
            f"{cold_extra - hot_extra:.0f} us are spent fetching the code and data a mock "
            "request touches beyond the ceiling's."
        ]
    kept = sum(us for stage, us in row.stages_us.items() if stage in KEPT)
    return [
        f"- {row.workload}: {row.mock_us - budget:.0f} us over its {budget:.0f} us budget. "
        f"The stages the issue keeps as they are ({', '.join(KEPT)}) take {kept:.0f} us"
        + (
            ": more than the whole budget, so no work elsewhere can meet the goal."
            if kept >= budget
            else f"; the rest would have to fall from {row.mock_us - kept:.0f} to "
            f"{budget - kept:.0f} us."
        )
    ]


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


def start_up_lines(peer_ready_s: dict[str, float]) -> list[str]:
    """Where the mock's start goes: the stack's own import floor, ours on top of it
    (python -X importtime by package), create_app(); against Steady's ready time."""
    code = "import mockserver.cli"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True
    )
    own: dict[str, float] = defaultdict(float)
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if match:
            own[match.group(2).split(".")[0]] += int(match.group(1)) / 1000
    whole = _wall_ms(code)
    build = subprocess.run(
        [
            sys.executable,
            "-c",
            "import time, mockserver.cli; from mockserver.app import create_app; "
            "t = time.perf_counter(); create_app(); print((time.perf_counter() - t) * 1000)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    bare = _wall_ms("pass")
    floor = _wall_ms("import uvicorn, starlette.applications")
    ranked = sorted(own.items(), key=lambda item: -item[1])[:10]
    lines = [
        f"- Start-up: the interpreter alone (`python -c pass`, this venv) takes {bare:.0f} ms "
        "here; the floor of any mock on this stack, `python -c 'import uvicorn, "
        f"starlette.applications'`, {floor:.0f} ms.",
        f"- Start-up: `python -c 'import mockserver.cli'` takes {whole:.0f} ms here "
        f"(interpreter included); create_app() {float(build.stdout):.0f} ms more. Import time "
        "by package (self time, ms, -X importtime inflates it): "
        + ", ".join(f"{name} {ms:.0f}" for name, ms in ranked),
    ]
    steady = peer_ready_s.get("steady")
    if steady is not None and floor >= steady * 1000:
        lines.append(
            f"- Start-up: Steady, a native binary, serves its first 200 {steady * 1000:.0f} ms "
            f"after it starts; importing uvicorn and Starlette alone takes {floor:.0f} ms, so "
            "no mock served by them can be ready as soon, whatever it does itself."
        )
    return lines


def _wall_ms(code: str, tries: int = 3) -> float:
    """The fastest of a few runs of `python -c code`, wall clock."""
    best = float("inf")
    for _ in range(tries):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        best = min(best, time.perf_counter() - started)
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
        "3; stages from a cProfile, a C function's time given to its caller's stage). The "
        "server's share is what the ceiling's wrk req/s leaves once its app's time is "
        "taken out; the budget is what the goal leaves the mock's app: "
        "(server + ceiling app) / goal - server.",
        "",
        *request_section(rows, rps),
        "",
        *cold_section(rows, rps, measured or {}),
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
    print("\n".join(section(rps, args.requests, measured=measured)))


if __name__ == "__main__":
    main()
