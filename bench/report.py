"""One run's numbers, and the report that sets every ratio the issue targets beside its goal."""

from __future__ import annotations

import operator
import os
import platform
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import LoadResult
from bench.median_interval import CONFIDENCE, median_interval
from bench.steal import CpuTimes
from bench.targets import ACCESS_LOG_TARGET, TWIN_TARGET, pinned
from bench.workloads import Workload

# The targets (issue 17), as ratios of the mock to a peer or to the ceiling.
THROUGHPUT_VS = {"steady": 1.3, "prism": 3.0}  # at least
P99_VS = {"steady": 1.0, "prism": 0.2}  # below / at most
READY_VS_STEADY = 1.0  # at most
BIG_IMAGE_MS = 50.0
BIG_IMAGE_MEMORY_X = 4.0

Cell = tuple[str, str]  # (target, workload)


@dataclass
class Run:
    loads: list[Workload]
    smoke: bool
    connections: int
    seconds: int
    warmup: int
    rounds: int
    # Every round's result for each cell, in the order the rounds ran.
    cells: dict[Cell, list[LoadResult]] = field(default_factory=dict)
    statuses: dict[Cell, tuple[int, ...]] = field(default_factory=dict)
    ready_s: dict[str, float] = field(default_factory=dict)
    rss_mib: dict[str, float] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    extra: dict[str, dict[str, float]] = field(default_factory=dict)
    steal: CpuTimes | None = None  # the machine's CPU time over the run (bench/steal.py)


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


def _steal(times: CpuTimes | None) -> str:
    if times is None or times.total_s == 0:
        return ""
    return (
        f". Over the run, the host took {times.steal_share:.1%} of this machine's CPU time "
        f"(steal, {times.steal_s:.0f} s)"
    )


def _mark(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _statuses(codes: tuple[int, ...]) -> str:
    return " ".join(
        f"{code}x{n}" if n > 1 else str(code) for code, n in sorted(Counter(codes).items())
    )


def median_round(results: list[LoadResult]) -> LoadResult:
    """The round with the median req/s (the lower of the middle two for an even count):
    one real round's figures, p99 included, not a mix of rounds."""
    ordered = sorted(results, key=_rps)
    return ordered[(len(ordered) - 1) // 2]


def round_ratios(
    mine: list[LoadResult], theirs: list[LoadResult], of: Callable[[LoadResult], float]
) -> list[float | None]:
    """Each round's ratio, in round order; None where the other side measured zero."""
    return [of(a) / of(b) if of(b) > 0 else None for a, b in zip(mine, theirs, strict=False)]


def paired_ratio(
    mine: list[LoadResult], theirs: list[LoadResult], of: Callable[[LoadResult], float]
) -> float | None:
    """The median of the per-round ratios. Each round measures both servers one after the
    other, so a slow spell of the machine hits both sides of a ratio, not just one."""
    ratios = _known_ratios(mine, theirs, of)
    return statistics.median(ratios) if ratios else None


def ratio_interval(
    mine: list[LoadResult], theirs: list[LoadResult], of: Callable[[LoadResult], float]
) -> tuple[float, float] | None:
    """The 95 % confidence interval of paired_ratio's median (bench/median_interval.py)."""
    return median_interval(_known_ratios(mine, theirs, of))


def _known_ratios(
    mine: list[LoadResult], theirs: list[LoadResult], of: Callable[[LoadResult], float]
) -> list[float]:
    return [ratio for ratio in round_ratios(mine, theirs, of) if ratio is not None]


def _interval_text(interval: tuple[float, float] | None) -> str:
    if interval is None:
        return ""
    return f"{CONFIDENCE:.0%} interval {interval[0]:.2f}-{interval[1]:.2f}"


def _cells(
    run: Run, load: Workload, peer: str, mine_name: str = "mock"
) -> tuple[list[LoadResult], list[LoadResult]] | None:
    """Both sides' rounds of a ratio on `load`, or None if either was not measured."""
    mine, theirs = run.cells.get((mine_name, load.name)), run.cells.get((peer, load.name))
    return (mine, theirs) if mine and theirs else None


def _ratio(
    run: Run, load: Workload, peer: str, of: Callable[[LoadResult], float], mine_name: str = "mock"
) -> float | None:
    cells = _cells(run, load, peer, mine_name)
    return paired_ratio(*cells, of) if cells else None


def ceiling_ratios(run: Run) -> dict[str, float]:
    """The mock's throughput over the ceiling's per workload, as the report shows it."""
    ratios = {load.name: _ratio(run, load, "ceiling", _rps) for load in run.loads}
    return {name: ratio for name, ratio in ratios.items() if ratio is not None}


def _rps(result: LoadResult) -> float:
    return result.requests_per_s


def _p99(result: LoadResult) -> float:
    return result.p99_ms


def _worst(
    values: Iterable[tuple[str, float | None]], higher_is_better: bool
) -> tuple[str, float] | None:
    known = [(name, value) for name, value in values if value is not None]
    if not known:
        return None
    pick = min if higher_is_better else max
    return pick(known, key=lambda item: item[1])


def _why_missing(run: Run, peer: str) -> str:
    return f"n/a ({peer}: {run.skipped[peer]})" if peer in run.skipped else "n/a"


def targets_table(run: Run) -> list[str]:
    lines = ["| target | goal | measured (worst workload) | met |", "| --- | --- | --- | --- |"]
    # Targets whose median and its interval fall on different sides of the goal.
    unsure: list[str] = []

    def mark(ok: bool) -> str:
        return "(smoke)" if run.smoke else _mark(ok)

    def measured(
        peer: str, of: Callable[[LoadResult], float], loads: list[Workload]
    ) -> list[tuple[str, float, tuple[float, float] | None]]:
        """Each workload's ratio to `peer` by `of`, with its median's interval."""
        found = []
        for load in loads:
            cells = _cells(run, load, peer)
            ratio = paired_ratio(*cells, of) if cells else None
            if cells and ratio is not None:
                found.append((load.name, ratio, ratio_interval(*cells, of)))
        return found

    def row(
        label: str,
        goal: float,
        sign: str,
        found: list[tuple[str, float, tuple[float, float] | None]],
        missing: str = "n/a",
        floor: str = "",
    ) -> None:
        test: Callable[[float, float], bool] = {
            ">=": operator.ge,
            "<": operator.lt,
            "<=": operator.le,
        }[sign]
        shown = f"{sign} {goal:.1f}x"
        if not found:
            lines.append(f"| {label} | {shown} | {missing} | n/a |")
            return
        pick = min if sign == ">=" else max  # the worst: the least throughput, the most p99
        name, ratio, interval = pick(found, key=lambda each: each[1])
        where = ", ".join(part for part in (name, _interval_text(interval)) if part)
        met = mark(test(ratio, goal))
        lines.append(f"| {label} | {shown} | {ratio:.2f}x ({where}){floor} | {met} |")
        for name, ratio, interval in [] if run.smoke else found:
            verdict = test(ratio, goal)
            if interval is not None and {test(bound, goal) for bound in interval} != {verdict}:
                unsure.append(
                    f"{label}, {name}: the median {ratio:.2f}x {'meets' if verdict else 'misses'} "
                    f"{shown}, but its interval ({interval[0]:.2f}-{interval[1]:.2f}) reaches "
                    "the other side"
                )

    for peer, goal in THROUGHPUT_VS.items():
        row(
            f"throughput vs {peer}",
            goal,
            ">=",
            measured(peer, _rps, run.loads),
            _why_missing(run, peer),
        )
    for peer, goal in P99_VS.items():
        sign = "<" if goal == 1.0 else "<="  # "lower than" either, "at most" 0.2x Prism's
        # The bare route's own, on the same server: what no work of the mock's can beat.
        bare = _worst(((w.name, _ratio(run, w, peer, _p99, "ceiling")) for w in run.loads), False)
        floor = "" if bare is None else f"; the ceiling {bare[1]:.2f}x ({bare[0]})"
        found = measured(peer, _p99, run.loads)
        row(f"p99 vs {peer}", goal, sign, found, _why_missing(run, peer), floor)
    for goal in sorted({w.ceiling_goal for w in run.loads if w.ceiling_goal}, reverse=True):
        named = [w for w in run.loads if w.ceiling_goal == goal]
        label = f"throughput vs ceiling ({', '.join(w.name.split('-')[0] for w in named)})"
        row(label, goal, ">=", measured("ceiling", _rps, named))
    mock_ready, steady_ready = run.ready_s.get("mock"), run.ready_s.get("steady")
    if mock_ready is not None and steady_ready is not None:
        ratio = mock_ready / steady_ready
        ceiling_ready = run.ready_s.get("ceiling")
        floor = ""
        if ceiling_ready is not None:
            floor = f"; the ceiling {ceiling_ready:.3f} s, {ceiling_ready / steady_ready:.2f}x"
        lines.append(
            f"| ready to serve vs steady | <= {READY_VS_STEADY:.1f}x | {ratio:.2f}x "
            f"({mock_ready:.3f} s vs {steady_ready:.3f} s{floor}) | "
            f"{mark(ratio <= READY_VS_STEADY)} |"
        )
    else:
        lines.append(
            f"| ready to serve vs steady | <= 1.0x | {_why_missing(run, 'steady')} | n/a |"
        )
    big = run.extra.get("10 MB image")
    if big:
        tries = int(big["tries"])
        lines.append(
            f"| {big['body_mb']:.1f} MB data URI validated | <= {BIG_IMAGE_MS:.0f} ms | "
            f"{big['median_ms']:.1f} ms (the ceiling only reading it: "
            f"{big['ceiling_ms']:.1f} ms; {big['steal_ms']:.0f} ms of steal in the "
            f"least disturbed of {tries} {'try' if tries == 1 else 'tries'}) | "
            f"{mark(big['median_ms'] <= BIG_IMAGE_MS)} |"
        )
        growth = big["peak_rss_growth_x_body"]
        lines.append(
            f"| its peak memory growth / body size | <= {BIG_IMAGE_MEMORY_X:.1f}x | "
            f"{growth:.2f}x | {mark(growth <= BIG_IMAGE_MEMORY_X)} |"
        )
    cost = _vs_mock(run, ACCESS_LOG_TARGET)
    if cost is not None:
        twin = _vs_mock(run, TWIN_TARGET)
        floor = "" if twin is None else f" (the mock's identical twin: {twin:.2f}x)"
        lines.append(
            f"| `--log-level warning` vs `--no-access-log` req/s ({run.loads[1].name}) | "
            f"~1.0x (no cost) | {cost:.2f}x{floor} | {mark(cost >= 0.98)} |"
        )
    if unsure:
        lines += ["", "Not beyond this run's noise (the median and its interval disagree):", ""]
        lines += [f"- {note}" for note in unsure]
    return lines


def _vs_mock(run: Run, target: str) -> float | None:
    """A second mock process's req/s over the mock's, on the workload both are sent."""
    theirs = run.cells.get((target, run.loads[1].name))
    mine = run.cells.get(("mock", run.loads[1].name))
    return paired_ratio(theirs, mine, _rps) if theirs and mine else None


def workload_table(run: Run) -> list[str]:
    lines = [
        "| workload | mock req/s | /steady (>= 1.3) | /prism (>= 3.0) | /ceiling (goal) "
        "| mock p99 ms | p99 /steady (< 1) | p99 /prism (<= 0.2) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]

    def shown(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.2f}"

    for load in run.loads:
        rounds = run.cells.get(("mock", load.name))
        if not rounds:
            continue
        mock = median_round(rounds)
        goal = f" ({load.ceiling_goal:.1f})" if load.ceiling_goal else ""
        lines.append(
            f"| {load.name} | {mock.requests_per_s:.0f} | "
            f"{shown(_ratio(run, load, 'steady', _rps))} | "
            f"{shown(_ratio(run, load, 'prism', _rps))} | "
            f"{shown(_ratio(run, load, 'ceiling', _rps))}{goal} | {mock.p99_ms:.2f} | "
            f"{shown(_ratio(run, load, 'steady', _p99))} | "
            f"{shown(_ratio(run, load, 'prism', _p99))} |"
        )
    return lines


def _each_round(
    label: str,
    mine: list[LoadResult] | None,
    theirs: list[LoadResult] | None,
    of: Callable[[LoadResult], float] = _rps,
) -> list[str]:
    if not mine or not theirs or len(mine) < 2:
        return []
    shown = ("n/a" if ratio is None else f"{ratio:.2f}" for ratio in round_ratios(mine, theirs, of))
    interval = _interval_text(ratio_interval(mine, theirs, of))
    return [f"- {label}: " + " ".join(shown) + (f" (the median's {interval})" if interval else "")]


def _each_round_per_workload(run: Run, peer: str, of: Callable[[LoadResult], float]) -> list[str]:
    """For each workload, the mock over `peer` by `of`, each round."""
    lines = []
    for load in run.loads:
        mine, theirs = run.cells.get(("mock", load.name)), run.cells.get((peer, load.name))
        lines += _each_round(load.name, mine, theirs, of)
    return lines


def ceiling_rounds(run: Run) -> list[str]:
    """Each round's mock/ceiling ratio, in round order: a machine that switches between a
    quiet and a busy state moves them far apart, which the median alone would hide. Then
    the same for two identical mock processes: how far apart the machine alone sets them."""
    lines = _each_round_per_workload(run, "ceiling", _rps)
    if not lines:
        return []
    paired, mock = run.loads[1].name, run.cells.get(("mock", run.loads[1].name))
    twin = _each_round("the mock's twin", run.cells.get((TWIN_TARGET, paired)), mock)
    variant = _each_round(
        f"`{ACCESS_LOG_TARGET}`", run.cells.get((ACCESS_LOG_TARGET, paired)), mock
    )
    others = [*twin, *variant]
    if others:
        intro = f"The other mock processes over the mock on {paired}, each round."
        if twin:
            intro += (
                " The twin runs the mock's very command, one cell further from the mock "
                "than the variant: how far it moves is about how far the machine alone sets "
                "two identical servers apart, a floor under any ratio of two processes here."
            )
        if variant:
            intro += (
                " The variant serves with the mock's own uvicorn settings: a level above "
                "info turns the access log off outright, and "
                "contract_tests/test_access_log_cost.py holds that its logger is never "
                "called, so no work separates the two."
            )
        others = ["", intro, "", *others]
    title = "The mock over the ceiling, each round (the median is the one above):"
    return ["", title, "", *lines, *others]


def p99_rounds(run: Run) -> list[str]:
    """Each round's p99 of the mock over Prism's, in round order; then the twin's over the
    mock's: how far the machine alone moves the p99 of two identical servers."""
    lines = _each_round_per_workload(run, "prism", _p99)
    if not lines:
        return []
    paired = run.loads[1].name
    twin = _each_round(
        f"the mock's twin over the mock, {paired}",
        run.cells.get((TWIN_TARGET, paired)),
        run.cells.get(("mock", paired)),
        _p99,
    )
    title = (
        "The mock's p99 over Prism's, each round (the median is the one above). With "
        f"{run.connections} connections a request mostly waits behind the others' (a p50 "
        "near connections / req/s), so a p99 moves with the machine's spells as req/s does; "
        "the twin's line shows how far apart they set two identical servers:"
    )
    return ["", title, "", *lines, *twin, *tail_shapes(run)]


def tail_shapes(run: Run) -> list[str]:
    """Each server's p99 over its own p50 in its median round: the shape of its tail.
    Where the mock's tail is no longer than Prism's, its p99 over Prism's is about its p50
    over Prism's, and a p50 is set by throughput (near connections / req/s)."""
    names = ("mock", "prism", "ceiling")
    lines = []
    for load in run.loads:
        cells = {name: run.cells.get((name, load.name)) for name in names}
        shapes = [
            f"{name} {median_round(found).p99_ms / median_round(found).p50_ms:.2f}"
            for name, found in cells.items()
            if found and median_round(found).p50_ms > 0
        ]
        if len(shapes) == len(names):
            lines.append(f"- {load.name}: " + ", ".join(shapes))
    if not lines:
        return []
    title = (
        "Each server's p99 over its own p50, in its median round: how long its tail is. "
        "Where the mock's is no longer than Prism's, the mock's p99 over Prism's is about its "
        "p50 over Prism's, which throughput sets; the ceiling's line shows the shape of a bare "
        "Starlette route on the same server:"
    )
    return ["", title, "", *lines]


def cells_table(run: Run) -> list[str]:
    lines = [
        "| workload | target | req/s | p50 ms | p99 ms | requests | non-2xx | socket errors "
        "| statuses, each request once | req/s, each round |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for load in run.loads:
        for (target, name), rounds in run.cells.items():
            if name == load.name:
                r = median_round(rounds)
                each = " ".join(f"{one.requests_per_s:.0f}" for one in rounds)
                lines.append(
                    f"| {name} | {target} | {r.requests_per_s:.0f} | {r.p50_ms:.2f} | "
                    f"{r.p99_ms:.2f} | {r.requests} | {r.non_2xx} | {r.socket_errors} | "
                    f"{_statuses(run.statuses[(target, name)])} | {each} |"
                )
    return lines


def disagreements(run: Run) -> list[str]:
    """Where a server's answer differs from the API's: a valid request refused (that cell
    measures an error path) or an invalid one accepted (a check that server skips)."""
    found = []
    for (target, name), codes in run.statuses.items():
        load = next(w for w in run.loads if w.name == name)
        refused = [c for call, c in zip(load.calls, codes, strict=True) if call.valid and c != 200]
        accepted = [
            c for call, c in zip(load.calls, codes, strict=True) if not call.valid and c < 400
        ]
        if refused:
            shown = ", ".join(str(code) if code else "no answer" for code in refused)
            found.append(f"- {target} on {name}: {shown} to a valid request")
        if accepted and target != "ceiling":
            found.append(f"- {target} on {name}: {len(accepted)} invalid request(s) accepted")
    return found


def render(run: Run) -> str:
    if run.smoke:
        load = "SMOKE RUN: a few sequential requests per cell, no wrk. Not a measurement."
    else:
        load = (
            f"wrk, 1 thread, {run.connections} connections, {run.seconds} s per cell and "
            f"round, {run.rounds} rounds (a {run.warmup} s warm-up before the first). Every "
            "server runs throughout; in each round each workload goes to each server in turn, "
            "in the opposite order the next round. A cell shows its median round; a ratio is "
            "the median of its per-round ratios (the mock and the ceiling back to back), "
            f"with the median's {CONFIDENCE:.0%} confidence interval where there are rounds "
            "enough: the rounds a binomial count puts around it (bench/median_interval.py)."
        )
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine()}{_steal(run.steal)}",
        f"Load: {load}",
        f"Servers: Prism {pinned('tools/npm', '@stoplight/prism-cli')} (`-v error`), "
        f"Steady {pinned('bench/npm', '@stdy/cli')} (`-q`, its platform binary run directly), "
        "the mock and the ceiling (a bare Starlette route that reads the body and answers a "
        "fixed reply, served through the mock's own CLI helpers on uvicorn's own HTTP "
        "protocol), the last two with "
        f"`--no-access-log --log-level warning`. On {run.loads[1].name} also "
        f"`{ACCESS_LOG_TARGET}` and `{TWIN_TARGET}` (a second process of the mock's own "
        "command). The mock's protocol (mockserver/http_protocol.py) bounds each request's "
        "head and sends each answer's head and body in one write; uvicorn's, the ceiling's, "
        "writes them apart, two sends where the mock makes one.",
    ]
    lines += [f"Skipped: {name}: {why}" for name, why in run.skipped.items()]
    lines += ["", "## Targets (issue 17)", "", *targets_table(run)]
    lines += ["", "## Per workload: the mock against each", "", *workload_table(run)]
    lines += ceiling_rounds(run)
    lines += p99_rounds(run)
    notes = disagreements(run)
    if notes:
        lines += ["", "Answers that differ from the API's:", "", *notes]
    lines += ["", "## Every cell", "", *cells_table(run)]
    lines += ["", "| server | ready to serve s (fastest cold start to a first 200) "]
    lines[-1] += "| RSS MB after the run |"
    lines += ["| --- | ---: | ---: |"]
    lines += [
        f"| {name} | {run.ready_s[name]:.3f} | {rss:.0f} |"
        if name in run.ready_s
        else f"| {name} | | {rss:.0f} |"
        for name, rss in run.rss_mib.items()
    ]
    lines += [
        f"| {name} | {s:.3f} | |" for name, s in run.ready_s.items() if name not in run.rss_mib
    ]
    for name, values in run.extra.items():
        lines += ["", f"{name}: " + ", ".join(f"{k} = {v:.3f}" for k, v in values.items())]
    return "\n".join(lines) + "\n"


def unexpected(run: Run, ours: tuple[str, ...]) -> list[str]:
    """What our own servers must never do: a wrong status, a socket error, or an error
    answer to a valid request under load. Peers are reported, not judged."""
    problems = []
    for load in run.loads:
        for target in ours:
            codes = run.statuses.get((target, load.name))
            if codes is None:
                continue
            for call, code in zip(load.calls, codes, strict=True):
                allowed = call.valid or target == "ceiling"
                if (allowed and code != 200) or (not allowed and not 400 <= code < 500):
                    problems.append(f"{target} {load.name}: answered {code}")
            for result in run.cells[(target, load.name)]:
                if result.socket_errors:
                    problems.append(f"{target} {load.name}: {result.socket_errors} socket errors")
                if result.non_2xx and (target == "ceiling" or load.invalid_share == 0):
                    problems.append(f"{target} {load.name}: {result.non_2xx} non-2xx answers")
    return problems
