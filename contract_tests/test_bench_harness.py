"""The benchmark harness's own parts, checked without wrk or timing: its reading of wrk's
report, the request bytes its Lua scripts send, its workloads' validity, and what it
counts as a failure of our servers."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from starlette.types import ASGIApp, Receive, Scope, Send

from bench import steal
from bench.inprocess import WallTimes
from bench.load import LoadResult, parse_wrk
from bench.median_interval import median_interval
from bench.report import (
    Run,
    ceiling_rounds,
    disagreements,
    median_round,
    p99_rounds,
    paired_ratio,
    render,
    tail_shapes,
    targets_table,
    unexpected,
)
from bench.run import BigImageTry, big_image_figures, round_order
from bench.targets import ACCESS_LOG_TARGET, STACK_FLOOR, TARGETS, TWIN_TARGET
from bench.workloads import Workload, lua_script, workloads
from contract_tests.specfile import ROOT
from mockserver.app import create_app

# A real report of wrk 4.1.0 (Debian), with the two lines wrk adds only when they are non-zero.
WRK_REPORT = """Running 1s test @ http://127.0.0.1:4977/302/headshot/generate
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.30ms    1.86ms  12.97ms   86.72%
    Req/Sec     5.96k     2.08k    9.83k    81.82%
  Latency Distribution
     50%  415.00us
     75%    1.62ms
     90%    3.69ms
     99%    1.02s
  6521 requests in 1.10s, 1.31MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 12
Requests/sec:   5909.30
Transfer/sec:      1.18MB
"""
LOADS = workloads()


def test_wrks_report_is_read_with_units_and_error_counts() -> None:
    result = parse_wrk(WRK_REPORT)
    assert (result.requests_per_s, result.requests) == (5909.30, 6521)
    assert result.p50_ms == pytest.approx(0.415)  # 415.00us
    assert result.p99_ms == pytest.approx(1020.0)  # 1.02s
    assert (result.non_2xx, result.socket_errors) == (12, 3 + 2)


def test_a_report_without_latency_percentiles_is_refused() -> None:
    with pytest.raises(ValueError, match="50%"):
        parse_wrk(WRK_REPORT.replace("     50%  415.00us\n", ""))


def _lua_bytes(literal: str) -> bytes:
    """A Lua string literal back to bytes, by Lua's rules for the escapes the script uses."""
    assert literal.startswith('"') and literal.endswith('"')
    return re.sub(r"\\(\d{1,3})", lambda m: chr(int(m.group(1))), literal[1:-1]).encode("latin-1")


@pytest.mark.parametrize("load", LOADS, ids=[w.name for w in LOADS])
def test_the_lua_scripts_send_each_body_byte_for_byte(load: Workload, tmp_path: Path) -> None:
    script = lua_script(load, tmp_path).read_text()
    # The body is the last argument of each wrk.format call, or wrk.body for one request.
    literals = re.findall(
        r'^(?:wrk\.body = |\s*requests\[\d+\] = wrk\.format\(.*\}, )(".*?")\)?$', script, re.M
    )
    bodies = [_lua_bytes(text) for text in literals]
    assert bodies == [call.body for call in load.calls]


@pytest.mark.parametrize("load", LOADS, ids=[w.name for w in LOADS])
def test_every_workload_request_is_as_valid_as_it_claims(load: Workload) -> None:
    client = TestClient(create_app())
    for call in load.calls:
        status = client.post(call.path, content=call.body, headers=call.headers()).status_code
        assert status == 200 if call.valid else 400 <= status < 500, (call, status)


def _run(statuses: dict[tuple[str, str], tuple[int, ...]], **result: int) -> Run:
    run = Run(loads=LOADS, smoke=True, connections=1, seconds=1, warmup=0, rounds=1)
    counts = {"requests": 10, "non_2xx": 0, "socket_errors": 0, **result}
    for (target, name), codes in statuses.items():
        run.statuses[(target, name)] = codes
        run.cells[(target, name)] = [LoadResult(1.0, 1.0, 1.0, **counts)]
    return run


def test_a_wrong_status_or_socket_error_from_our_servers_fails_the_run() -> None:
    single, mix = LOADS[0], LOADS[-1]
    assert unexpected(_run({("mock", single.name): (200,)}), ("mock", "ceiling")) == []
    assert unexpected(_run({("mock", single.name): (500,)}), ("mock",)) != []
    assert unexpected(_run({("mock", single.name): (200,)}, socket_errors=1), ("mock",)) != []
    assert unexpected(_run({("ceiling", single.name): (200,)}, non_2xx=1), ("ceiling",)) != []
    # Invalid requests in the mix are refused by the mock: expected non-2xx, not a failure.
    mock_mix = tuple(200 if call.valid else 400 for call in mix.calls)
    assert unexpected(_run({("mock", mix.name): mock_mix}, non_2xx=4), ("mock",)) == []
    # A peer is reported, never judged.
    assert unexpected(_run({("steady", single.name): (500,)}), ("mock", "ceiling")) == []


def test_a_peer_that_refuses_a_valid_request_or_accepts_an_invalid_one_is_named() -> None:
    single, mix = LOADS[0], LOADS[-1]
    run = _run({("steady", single.name): (400,), ("steady", mix.name): (200,) * len(mix.calls)})
    notes = disagreements(run)
    assert any("steady" in note and "400 to a valid request" in note for note in notes)
    assert any("steady" in note and "invalid request(s) accepted" in note for note in notes)


def test_where_time_goes_gives_each_function_its_stage_and_the_budget_its_formula(
    tmp_path: Path,
) -> None:
    from bench import where_time_goes as where

    assert where.stage_of("/x/mockserver/body_reader.py") == "read body"
    assert where.stage_of("/x/site-packages/PIL/PngImagePlugin.py") == "check image"
    assert where.stage_of("/x/mockserver/png_chunks.py") == "check image"
    assert where.stage_of("/x/mockserver/pipeline.py") == "pipeline glue"
    report = tmp_path / "results.md"
    report.write_text(
        "| workload | target | req/s | p50 ms |\n| 1a-json-url-num1 | ceiling | 20000 | 0.7 |\n"
        "| 1a-json-url-num1 | mock | 12000 | 1.5 |\n"
        "| workload | mock req/s | /steady (>= 1.3) | /prism (>= 3.0) | /ceiling (goal) "
        "| mock p99 ms | p99 /steady (< 1) | p99 /prism (<= 0.2) |\n"
        "| 1a-json-url-num1 | 12000 | 2.10 | 4.00 | 0.60 (0.8) | 2.00 | 0.50 | 0.10 |\n"
        "| 3-json-1mb-data-uri | 247 | 3.94 | 5.88 | 0.23 | 80.84 | 0.20 | 0.04 |\n"
        "| 1b-json-url-num2 | 9000 | n/a | n/a | n/a (0.8) | 2.00 | n/a | n/a |\n"
        "| server | ready to serve s (fastest cold start to a first 200) | RSS MB after the run |\n"
        "| steady | 0.184 | 345 |\n| mock --log-level warning | | 51 |\n"
    )
    rps = where.ceiling_rps(report)
    assert rps == {"1a-json-url-num1": 20000.0}
    measured = where.measured_ratios(report)
    assert measured == {"1a-json-url-num1": 0.6, "3-json-1mb-data-uri": 0.23}
    assert where.ready_times(report) == {"steady": 0.184}
    # Warm, the mock takes 45 - 15 = 30 us more than the ceiling; cold, 90 - 40 = 50.
    mock_wall, ceiling_wall = WallTimes(45.0, 90.0), WallTimes(15.0, 40.0)
    row = where.Breakdown(
        "1a-json-url-num1", 0.8, 40.0, 10.0, {"read body": 40.0}, mock_wall, ceiling_wall
    )
    table = where.request_section([row], rps)
    # 50 us a request at the ceiling, 10 of them its app: the server's 40. At 0.8x the mock
    # may take 62.5 us in all, so its app 22.5 (printed 22), and 40 is 17.5 over (18).
    assert "| 1a-json-url-num1 | 0.8x | 20000 | 40 | 10 | 40 | 22 | 18 |" in table
    assert "the rest would have to fall from 40 to 22 us" in where._verdict(row, 0.8, 20000.0)
    kept = dataclasses.replace(row, stages_us={"check image": 30.0})
    assert "no work elsewhere can meet the goal" in where._verdict(kept, 0.8, 20000.0)
    # Cold, the mock's app takes 50 us more than the ceiling's 50 us served: 0.50x if cold;
    # wrk measured 0.60x.
    cold = where.cold_section([row], rps, measured)
    assert "| 1a-json-url-num1 | 0.8x | 30 | 50 | 50 | 0.50 | 0.60 |" in cold
    # Within the budget back to back (app 20 of 22 us CPU), not cold: the verdict says so.
    fits = dataclasses.replace(row, mock_us=20.0)
    verdict = where._verdict(fits, 0.8, 20000.0)
    assert "within its budget back to back (20 of 22 us CPU), not cold" in verdict
    assert "would give 0.50x" in verdict and "Warm the extra is 30 us; the other 20 us" in verdict
    # None of its app is a kept stage: on top of the ceiling's app, nothing (1.00x).
    assert "keeps are 0% of its app" in verdict and "give 1.00x, so the goal is for" in verdict
    # Half of it kept (10 of 20 us in the profile): half its 90 us cold on top of the
    # ceiling's 50 us served gives 50 / 95 = 0.53x, short of 0.8x.
    halved = dataclasses.replace(fits, stages_us={"check image": 10.0, "read body": 10.0})
    short = where._verdict(halved, 0.8, 20000.0)
    assert (
        "keeps are 50% of its app" in short and "they alone would give 0.53x: to meet the" in short
    )
    # Noise can make the cold extra the smaller (20 us against 60 warm): no negative
    # "other" share is claimed for the caches.
    noisy = where._verdict(dataclasses.replace(fits, mock_wall=WallTimes(75.0, 60.0)), 0.8, 2e4)
    assert "would give 0.71x" in noisy and "Warm the extra is 60 us, no less than cold" in noisy
    cool = dataclasses.replace(fits, mock_wall=WallTimes(45.0, 45.0))  # 5 us cold: 0.91x
    assert (
        where._verdict(cool, 0.8, 20000.0) == "- 1a-json-url-num1: within its budget (20 of 22 us)."
    )
    assert where._verdict(cool, 0.8, 20000.0, 0.8).endswith("within its budget (20 of 22 us).")
    # Served short of the goal all the same: the verdict does not call the workload done.
    missed = where._verdict(cool, 0.8, 20000.0, 0.72)
    assert missed.startswith("- 1a-json-url-num1: within its budget (20 of 22 us) and cold")
    assert "(0.91x), yet served at 0.72x: this in-process model does not hold" in missed


def _rounds(*rps: float) -> list[LoadResult]:
    return [LoadResult(value, 1.0, 1000.0 / value if value else 0.0, 10, 0, 0) for value in rps]


def test_a_ratio_pairs_the_two_servers_round_by_round() -> None:
    # A slow second round for both: the mock is at 0.5x, then 1.0x, of the ceiling.
    mock, ceiling = _rounds(10, 5, 9), _rounds(20, 5, 10)
    assert paired_ratio(mock, ceiling, lambda r: r.requests_per_s) == 0.9
    # The cell shows one real round, the median by req/s, with that round's own p99.
    middle = median_round(mock)
    assert (middle.requests_per_s, middle.p99_ms) == (9, 1000.0 / 9)
    assert median_round(_rounds(4, 1, 3, 2)).requests_per_s == 2


def test_the_report_lists_each_rounds_ratio_to_the_ceiling_beside_their_median() -> None:
    single = LOADS[0]
    run = _run({("mock", single.name): (200,), ("ceiling", single.name): (200,)})
    run.cells[("mock", single.name)] = _rounds(6, 9, 10)
    run.cells[("ceiling", single.name)] = _rounds(10, 10, 10)
    assert ceiling_rounds(run)[-1] == f"- {single.name}: 0.60 0.90 1.00"
    assert f"| {single.name} | 9 | n/a | n/a | 0.90" in render(run)
    run.cells[("ceiling", single.name)] = _rounds(10, 0.0, 10)  # a round wrk saw nothing of
    assert ceiling_rounds(run)[-1] == f"- {single.name}: 0.60 n/a 1.00"
    assert f"| {single.name} | 9 | n/a | n/a | 0.80" in render(run)
    run.cells[("mock", single.name)] = _rounds(6)  # one round: nothing to list
    assert ceiling_rounds(run) == []


def test_a_medians_interval_is_the_pair_of_order_statistics_the_tables_give() -> None:
    # The distribution-free 95 % interval for a median, the k-th smallest and k-th largest
    # of n values, as the usual tables give it: n = 6: 1st and 6th; 10: 2nd and 9th; 15: 4th
    # and 12th; 20: 6th and 15th. By hand for 15: at most 3 of 15 fall below the median
    # with chance 576 / 32768 = 1.8 % (<= 2.5 %), at most 4 with 1941 / 32768 = 5.9 %.
    for n, interval in {6: (1, 6), 10: (2, 9), 15: (4, 12), 20: (6, 15)}.items():
        assert median_interval([float(v) for v in range(n, 0, -1)]) == interval, n
    # Five values: even the smallest and largest cover the median only 94 % of the time.
    assert median_interval([1.0, 2.0, 3.0, 4.0, 5.0]) is None
    assert median_interval([]) is None


def test_the_report_says_when_a_met_target_is_within_its_runs_noise() -> None:
    first, second = LOADS[0], LOADS[1]  # small JSON workloads, goal 0.8x the ceiling
    run = _run({("mock", first.name): (200,), ("ceiling", first.name): (200,)})
    run.smoke = False
    # 15 rounds of the ceiling at 10; the mock's ratios, sorted: the 8th (the median) is
    # 0.82, the 4th and 12th are 0.75 and 0.88.
    mock = [5, 6, 7, 7.5, 8, 8, 8, 8.2, 8.3, 8.5, 8.6, 8.8, 9, 9.5, 10]
    run.cells[("mock", first.name)] = _rounds(*mock[::-1])
    run.cells[("ceiling", first.name)] = _rounds(*[10] * 15)
    table = "\n".join(targets_table(run))
    assert f"| 0.82x ({first.name}, 95% interval 0.75-0.88) | yes |" in table
    assert (
        f"{first.name}: the median 0.82x meets >= 0.8x, but its interval (0.75-0.88) "
        "reaches the other side"
    ) in table
    assert ceiling_rounds(run)[3].endswith(" (the median's 95% interval 0.75-0.88)")
    # The whole interval above the goal: met beyond this run's noise, nothing to add.
    run.cells[("mock", first.name)] = _rounds(*[v + 2 for v in mock])
    assert "the other side" not in "\n".join(targets_table(run))
    # Not the worst workload, but within the noise all the same: named too.
    run.cells[("mock", second.name)] = _rounds(*[v + 0.5 for v in mock])
    run.cells[("ceiling", second.name)] = _rounds(*[10] * 15)
    table = "\n".join(targets_table(run))
    assert f"| 0.87x ({second.name}, 95% interval 0.80-0.93) | yes |" in table
    assert "the other side" not in table  # 0.80 is not below 0.8
    # The first now the worst workload (0.85 every round), the second within the noise.
    run.cells[("mock", first.name)] = _rounds(*[8.5] * 15)
    run.cells[("mock", second.name)] = _rounds(*[v + 0.4 for v in mock])
    table = "\n".join(targets_table(run))
    assert f"| 0.85x ({first.name}, 95% interval 0.85-0.85) | yes |" in table
    assert f"{second.name}: the median 0.86x meets >= 0.8x, but its interval (0.79-0.92)" in table
    assert f"{first.name}: the median" not in table


def test_a_p99_target_is_within_the_noise_when_its_interval_reaches_above_the_goal() -> None:
    single = LOADS[0]
    run = _run({("mock", single.name): (200,), ("prism", single.name): (200,)})
    run.smoke = False
    # _rounds gives each round a p99 of 1000 / req/s: Prism's 100 ms each round, the
    # mock's 10 ms over these req/s, so its ratios are 0.1 / (each req/s / 100).
    ratios = [
        0.10,
        0.12,
        0.14,
        0.16,
        0.17,
        0.18,
        0.19,
        0.19,
        0.19,
        0.20,
        0.20,
        0.21,
        0.22,
        0.3,
        0.4,
    ]
    run.cells[("mock", single.name)] = _rounds(*[1000 / (100 * r) for r in ratios])
    run.cells[("prism", single.name)] = _rounds(*[10] * 15)
    table = "\n".join(targets_table(run))
    # Sorted, the median (8th) is 0.19, the 4th 0.16 and the 12th 0.21.
    assert (
        f"| p99 vs prism | <= 0.2x | 0.19x ({single.name}, 95% interval 0.16-0.21) | yes |" in table
    )
    assert f"{single.name}: the median 0.19x meets <= 0.2x, but its interval (0.16-0.21)" in table


def test_the_report_sets_the_access_log_pair_beside_two_identical_mocks() -> None:
    paired = LOADS[1].name
    names = ("mock", "ceiling", ACCESS_LOG_TARGET, TWIN_TARGET)
    run = _run({(name, paired): (200,) for name in names})
    run.cells[("mock", paired)] = _rounds(10, 10, 10)
    run.cells[("ceiling", paired)] = _rounds(20, 20, 20)
    run.cells[(ACCESS_LOG_TARGET, paired)] = _rounds(8, 9, 11)
    run.cells[(TWIN_TARGET, paired)] = _rounds(12, 9, 10)
    run.smoke = False  # a smoke run marks no target
    report = render(run)
    # Medians of the per-round ratios: 0.9 for the variant, 1.0 for the twin; 0.9 < 0.98.
    assert (
        f"| `--log-level warning` vs `--no-access-log` req/s ({paired}) | ~1.0x (no cost) "
        "| 0.90x (the mock's identical twin: 1.00x) | **no** |"
    ) in report
    lines = ceiling_rounds(run)
    assert "- the mock's twin: 1.20 0.90 1.00" in lines
    assert f"- `{ACCESS_LOG_TARGET}`: 0.80 0.90 1.10" in lines
    assert any("no work separates the two" in line for line in lines)
    variant = run.cells.pop((ACCESS_LOG_TARGET, paired))  # without it, nothing of its settings
    lines = ceiling_rounds(run)
    assert "- the mock's twin: 1.20 0.90 1.00" in lines
    assert not any("no work separates" in line for line in lines)
    run.cells[(ACCESS_LOG_TARGET, paired)] = variant
    del run.cells[(TWIN_TARGET, paired)]  # a run without the twin claims no floor
    assert "| 0.90x | **no** |" in render(run)
    assert not any("twin" in line for line in ceiling_rounds(run))


def test_the_report_lists_each_rounds_p99_over_prisms_and_the_twins_over_the_mock() -> None:
    single, paired = LOADS[0], LOADS[1]
    run = _run({("mock", single.name): (200,), ("prism", single.name): (200,)})
    # _rounds gives each round a p99 of 1000 / req/s: 100, 200 and 50 ms for the mock.
    run.cells[("mock", single.name)] = _rounds(10, 5, 20)
    run.cells[("prism", single.name)] = _rounds(1, 1, 1)
    assert p99_rounds(run)[-1] == f"- {single.name}: 0.10 0.20 0.05"
    assert "The mock's p99 over Prism's, each round" in render(run)
    run.cells[("mock", paired.name)] = _rounds(10, 10, 10)
    run.cells[(TWIN_TARGET, paired.name)] = _rounds(5, 10, 20)
    assert p99_rounds(run)[-1] == f"- the mock's twin over the mock, {paired.name}: 2.00 1.00 0.50"
    del run.cells[("prism", single.name)]  # no Prism: nothing to list
    assert p99_rounds(run) == []


def test_the_report_shows_each_servers_tail_and_the_ceilings_own_p99_against_prism() -> None:
    single = LOADS[0]
    run = _run({(name, single.name): (200,) for name in ("mock", "prism", "ceiling")})
    # p50 1 ms throughout; p99 is 1000 / req/s: the median rounds' are 100, 500 and 50 ms.
    run.cells[("mock", single.name)] = _rounds(10, 5, 20)
    run.cells[("prism", single.name)] = _rounds(2, 2, 2)
    run.cells[("ceiling", single.name)] = _rounds(20, 20, 40)
    assert tail_shapes(run)[-1] == f"- {single.name}: mock 100.00, prism 500.00, ceiling 50.00"
    # Per round, the ceiling's p99 over Prism's: 0.10 0.10 0.05; the median 0.10.
    assert f"the ceiling 0.10x ({single.name})" in render(run)
    del run.cells[("ceiling", single.name)]  # without the ceiling, neither is claimed
    assert tail_shapes(run) == []
    assert "the ceiling" not in "\n".join(
        line for line in render(run).splitlines() if "p99 vs" in line
    )


def test_each_round_measures_the_mock_and_the_ceiling_back_to_back_in_alternating_order() -> None:
    first = [t.name for t in round_order(TARGETS, True, 0)]
    second = [t.name for t in round_order(TARGETS, True, 1)]
    assert second == first[::-1]
    for order in (first, second):
        mock = order.index("mock")
        neighbours = {order[mock - 1], order[mock + 1]}
        assert neighbours == {"ceiling", ACCESS_LOG_TARGET}, order
        # The twin is measured next to the access-log variant, two cells from the mock.
        assert abs(order.index(TWIN_TARGET) - mock) == 2, order
    plain = [t.name for t in round_order(TARGETS, False, 0)]
    assert ACCESS_LOG_TARGET not in plain and TWIN_TARGET not in plain
    assert "ceiling" in (plain[plain.index("mock") - 1], plain[plain.index("mock") + 1])


def test_warm_and_cold_calls_take_turns_and_each_app_gets_its_own_medians(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bench import inprocess

    events: list[str] = []
    clock = [0]

    def app(name: str, took_ns: list[int]) -> ASGIApp:
        async def answer(scope: Scope, receive: Receive, send: Send) -> None:
            events.append(name)
            clock[0] += took_ns.pop(0)  # the fake clock moves only while an app runs
            await receive()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"{}"})

        return answer

    monkeypatch.setattr(time, "perf_counter_ns", lambda: clock[0])
    monkeypatch.setattr(inprocess, "empty_l1_l2", lambda junk: events.append("empty"))
    # Per round, each app: a cold call, then a warm one. Three warm-up rounds first.
    mock_ns = [1] * 6 + [9000, 3000, 7000, 2000, 8000, 900_000]
    ceiling_ns = [1] * 6 + [4000, 1000, 5000, 1500, 6000, 500]
    walls = inprocess.warm_and_cold_us(
        (app("mock", mock_ns), app("ceiling", ceiling_ns)), LOADS[0].calls[0], 3
    )
    # L1 and L2 are emptied before each cold call and never before a warm one; the apps
    # take turns, never two rounds of one app in a row.
    assert events == ["empty", "mock", "mock", "empty", "ceiling", "ceiling"] * 6
    # Medians, not means: the mock's 900 us warm outlier does not move its warm figure.
    assert walls == [inprocess.WallTimes(3.0, 8.0), inprocess.WallTimes(1.0, 5.0)]


def test_the_ready_row_sets_the_mock_beside_the_bare_ceiling_as_the_floor() -> None:
    run = _run({})
    run.smoke = False
    run.ready_s = {"steady": 0.2, "mock": 0.4, "ceiling": 0.3}
    row = "| ready to serve vs steady | <= 1.0x | 2.00x (0.400 s vs 0.200 s"
    assert row + "; the ceiling 0.300 s, 1.50x) | **no** |" in render(run)
    del run.ready_s["ceiling"]  # a run without the ceiling claims no floor
    assert row + ") | **no** |" in render(run)


def test_steal_is_the_eighth_field_of_proc_stats_cpu_line_in_clock_ticks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # proc(5): the "cpu" line holds user nice system idle iowait irq softirq steal guest
    # guest_nice, in USER_HZ ticks; guest time is counted in user and nice already.
    stat = tmp_path / "stat"
    stat.write_text("cpu  100 2 30 800 5 0 3 60 40 0\ncpu0 50 1 15 400 2 0 1 30 20 0\n")
    monkeypatch.setattr(steal, "_STAT", stat)
    hz = os.sysconf("SC_CLK_TCK")
    earlier = steal.cpu_times()
    assert earlier == steal.CpuTimes(total_s=1000 / hz, steal_s=60 / hz)
    stat.write_text("cpu  150 2 30 900 5 0 3 110 40 0\n")
    spell = steal.cpu_times().since(earlier)
    assert (spell.total_s, spell.steal_s) == pytest.approx((200 / hz, 50 / hz))
    assert spell.steal_share == pytest.approx(0.25)
    stat.unlink()  # no /proc: nothing counted, and no share claimed
    assert steal.cpu_times() == steal.CpuTimes(0.0, 0.0)
    assert steal.CpuTimes(0.0, 0.0).steal_share == 0.0


def test_the_10mb_image_counts_its_least_disturbed_try_and_lists_every_try() -> None:
    ms = 1 / 1000
    tries = [
        BigImageTry([70 * ms, 60 * ms, 80 * ms], [30 * ms] * 3, steal_s=0.21),
        BigImageTry([38 * ms, 36 * ms, 90 * ms], [12 * ms, 11 * ms, 13 * ms], steal_s=0.02),
        BigImageTry([20 * ms] * 3, [10 * ms] * 3, steal_s=0.02),  # as quiet: the first counts
    ]
    figures = big_image_figures(tries, size=10_000_000, growth=35_000_000)
    assert figures["median_ms"] == pytest.approx(38.0)
    assert figures["ceiling_ms"] == pytest.approx(12.0)
    assert figures["steal_ms"] == pytest.approx(20.0)
    assert figures["peak_rss_growth_x_body"] == 3.5
    assert figures["try 1 median_ms"] == pytest.approx(70.0)
    assert figures["try 1 steal_ms"] == pytest.approx(210.0)
    assert figures["try 3 median_ms"] == pytest.approx(20.0)
    run = _run({})
    run.smoke = False
    run.extra["10 MB image"] = figures
    row = (
        "| 10.0 MB data URI validated | <= 50 ms | 38.0 ms (the ceiling only reading it: "
        "12.0 ms; 20 ms of steal in the least disturbed of 3 tries) | yes |"
    )
    assert row in render(run)
    run.extra["10 MB image"] = big_image_figures(tries[:1], size=10_000_000, growth=45_000_000)
    report = render(run)
    assert "70.0 ms (the ceiling only reading it: 30.0 ms; 210 ms of steal" in report
    assert "least disturbed of 1 try) | **no** |" in report
    assert "| its peak memory growth / body size | <= 4.0x | 4.50x | **no** |" in report
    assert "steal" not in report.partition("\n## ")[0]  # no share claimed where none was read
    run.steal = steal.CpuTimes(total_s=1000.0, steal_s=42.0)
    assert "the host took 4.2% of this machine's CPU time (steal, 42 s)" in render(run)


def test_a_start_up_timing_stops_when_the_code_has_run_not_when_the_interpreter_exits() -> None:
    from bench import where_time_goes as where

    # An exit held up 0.3 s: counted, it would be in every start-up figure (a real exit
    # unloads every module the stack imported). sleep() waits at least as long as asked,
    # so "before the exit" is an inequality, not a timing.
    slow_exit = "import atexit, time\natexit.register(time.sleep, 0.3)"
    started = time.perf_counter()
    ran_ms = where.wall_ms(slow_exit, tries=1)
    whole_ms = (time.perf_counter() - started) * 1000
    assert 0 < ran_ms <= whole_ms - 300
    with pytest.raises(subprocess.CalledProcessError):
        where.wall_ms("raise SystemExit(3)", tries=1)
    with pytest.raises(subprocess.CalledProcessError):  # nothing ran to its end
        where.wall_ms("import os; os._exit(0)", tries=1)


def test_the_ready_verdict_rests_on_the_imports_alone_and_names_what_the_mock_adds(
    tmp_path: Path,
) -> None:
    from bench import where_time_goes as where

    ready = {"steady": 0.2, "ceiling": 0.3, "mock": 0.38, STACK_FLOOR: 0.25}
    floor, gap = where.ready_verdict(ready)
    assert "serves its first 200 200 ms after it starts" in floor
    assert "the ceiling, a Starlette route on uvicorn behind" in floor and "300 ms (1.50x)" in floor
    assert "alone took 250 ms, longer than Steady's whole start, so no app" in floor
    assert gap.startswith("- Start-up: the mock serves its first 200 80 ms after the ceiling")
    # Imports within Steady's time rule nothing out, even with the ceiling slower.
    (floor, _) = where.ready_verdict({**ready, STACK_FLOOR: 0.15})
    assert "within Steady's start: that alone does not put the target out of reach" in floor
    (floor, _) = where.ready_verdict({k: v for k, v in ready.items() if k != STACK_FLOOR})
    assert floor.endswith("300 ms (1.50x).")  # no floor timed: no verdict claimed
    # Noise can put the mock's fastest start before the ceiling's: no negative gap.
    (_, gap) = where.ready_verdict({**ready, "mock": 0.29})
    assert "no later than the ceiling" in gap
    assert where.ready_verdict({"steady": 0.2, "mock": 0.4}) == []
    # The saved report keeps the floor in its server table, for where_time_goes to read.
    run = _run({})
    run.ready_s, run.rss_mib = ready, {"steady": 300.0, "mock": 80.0, "ceiling": 50.0}
    report = tmp_path / "results.md"
    report.write_text(render(run))
    assert where.ready_times(report) == ready


def test_the_ceiling_imports_none_of_the_mock_app_so_its_start_is_the_floor() -> None:
    # Its ready time is the floor the mock's is held to: importing the mock's app, Pillow
    # or the spec's YAML reader would raise that floor and flatter the mock.
    probe = (
        "import sys, bench.ceiling; print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'PIL', 'yaml', 'jsonschema_rs', 'contract_tests'})"
        " + sorted(m for m in sys.modules if m.startswith('mockserver.') and m not in "
        "{'mockserver.cli', 'mockserver.config', 'mockserver.allocator', 'mockserver.libc'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"
