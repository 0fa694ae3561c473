"""bench/simulated_cycles.py's own parts, and the bench/callgrind.py it counts with,
without valgrind: the cycle estimate, the reading of a callgrind dump and of
callgrind_control's answer, the count per request, the simulated caches taken from sysfs,
and the report's section."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bench import callgrind, simulated_cycles
from bench.callgrind import checked_control, parse_summary
from bench.run import optional_section
from bench.simulated_cycles import Counts, cache_options, per_request
from bench.targets import CEILING, MOCK

# From a real dump (callgrind 3.19.0, `callgrind_control --dump` of the served mock, after a
# --zero): its header and summary, and a `totals:` line made larger than the summary, as
# one can be after a zero.
SUMMARY = (
    "462445129 132782749 77305118 15398211 7813960 2403159 581638 652382 299360 "
    "59150558 6547781 13446506 7042733"
)
TOTALS = SUMMARY.replace("462445129", "462641129").replace("13446506 7042733", "13506506 7102733")
DUMP = f"""# callgrind format
version: 1
creator: callgrind-3.19.0
part: 1

desc: LL cache: 524288 B, 64 B, 8-way associative
desc: Trigger: dump

positions: line
events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw Bc Bcm Bi Bim
summary: {SUMMARY}

ob=(1) /work/main/.venv/bin/python
totals: {TOTALS}
"""


def test_the_cycle_estimate_is_kcachegrinds_formula() -> None:
    # KCachegrind's CEst: Ir + 10 Bm + 10 L1m + 100 LLm (Bm = Bcm + Bim; L1m = I1mr + D1mr
    # + D1mw; LLm = ILmr + DLmr + DLmw), with no bus events simulated.
    events = {"Ir": 1000, "Bcm": 3, "Bim": 2, "I1mr": 4, "D1mr": 5, "D1mw": 1}
    counts = Counts({**events, "ILmr": 1, "DLmr": 2, "DLmw": 0, "Dr": 400, "Bc": 90})
    assert counts.cycles == 1000 + 10 * 5 + 10 * 10 + 100 * 3
    assert counts.part("L2 misses") == 300
    assert counts.part("branch mispredicts") == 50


def test_a_dumps_summary_is_read_not_its_totals() -> None:
    counts = parse_summary(DUMP)
    assert counts["Ir"] == 462445129
    assert counts["Bim"] == 7042733
    assert counts["DLmw"] == 299360


def test_a_summary_without_its_trailing_zeros_has_them_back() -> None:
    dump = DUMP.replace("13446506 7042733\n", "0 0\n").replace(" 0 0\n", "\n", 1)
    assert parse_summary(dump)["Bim"] == 0


def test_a_file_that_is_no_callgrind_dump_is_refused() -> None:
    with pytest.raises(ValueError, match="callgrind dump"):
        parse_summary("summary: 12\n")


def test_per_request_is_the_difference_over_the_extra_requests() -> None:
    # Both windows also hold the 16 requests wrk left in flight: 16 x 100 instructions.
    shorter = ({"Ir": 1000 * 100 + 1600, "Bim": 30}, 1000)
    longer = ({"Ir": 3000 * 100 + 1600, "Bim": 70}, 3000)
    counts = per_request(shorter, longer)
    assert counts.events == {"Ir": 100, "Bim": 0.02}


def test_windows_that_completed_no_more_requests_are_refused() -> None:
    with pytest.raises(ValueError, match="no more requests"):
        per_request(({"Ir": 5}, 10), ({"Ir": 9}, 10))


def test_callgrind_controls_error_is_an_error_though_it_exits_0() -> None:
    # What callgrind_control 3.19 prints, with exit status 0, for a process it cannot find.
    said = "Error: Callgrind task with PID/name '999999' not detected.\n"
    with pytest.raises(RuntimeError, match="not detected"):
        checked_control(subprocess.CompletedProcess([], 0, said, ""))
    checked_control(subprocess.CompletedProcess([], 0, "OK.\n", ""))


def test_an_unknown_term_of_the_estimate_is_refused() -> None:
    with pytest.raises(KeyError):
        Counts({"Ir": 1}).part("L3 misses")


def _cache(root: Path, index: int, level: int, kind: str, size: str, ways: int) -> None:
    folder = root / f"index{index}"
    folder.mkdir()
    for name, value in {
        "level": level,
        "type": kind,
        "size": size,
        "ways_of_associativity": ways,
        "coherency_line_size": 64,
    }.items():
        (folder / name).write_text(f"{value}\n")


def test_the_simulated_caches_are_this_machines_l1s_and_its_l2_as_the_last_level(
    tmp_path: Path,
) -> None:
    _cache(tmp_path, 0, 1, "Data", "32K", 8)
    _cache(tmp_path, 1, 1, "Instruction", "32K", 8)
    _cache(tmp_path, 2, 2, "Unified", "512K", 8)
    _cache(tmp_path, 3, 3, "Unified", "32768K", 16)
    assert cache_options(tmp_path) == [
        "--D1=32768,8,64",
        "--I1=32768,8,64",
        "--LL=524288,8,64",
    ]


def test_a_cache_callgrind_cannot_model_is_left_to_its_default(tmp_path: Path) -> None:
    _cache(tmp_path, 0, 1, "Data", "48K", 12)  # 64 sets: modelled
    _cache(tmp_path, 1, 1, "Instruction", "", 8)  # no size
    _cache(tmp_path, 2, 2, "Unified", "384K", 8)  # 768 sets: not a power of two
    (tmp_path / "index3").mkdir()  # unreadable: no files
    _cache(tmp_path, 4, 2, "Unified", "1000", 2)  # not a whole number of sets
    assert cache_options(tmp_path) == ["--D1=49152,12,64"]
    assert cache_options(tmp_path / "missing") == []


def _counts(ir: float, l2: float) -> Counts:
    zero = dict.fromkeys(["Bcm", "Bim", "I1mr", "D1mr", "D1mw", "ILmr", "DLmw"], 0.0)
    return Counts({**zero, "Ir": ir, "DLmr": l2})


def test_the_section_sets_each_ratio_beside_the_measured_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(simulated_cycles, "cache_options", lambda: ["--I1=a", "--D1=b", "--LL=c"])
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    # mock: 250k instructions and 800 L2 misses; ceiling: 200k and 300.
    made = {"mock": _counts(250_000, 800), "ceiling": _counts(200_000, 300)}
    monkeypatch.setattr(simulated_cycles, "served_counts", lambda target, *args: made[target.name])
    lines = simulated_cycles.section({"1a-json-url-num1": 0.78}, seconds=4)
    row = next(line for line in lines if line.startswith("| 1a-json-url-num1 |"))
    # instructions 200/250 = 0.80; cycles (200k + 30k) / (250k + 80k) = 0.70
    assert row == "| 1a-json-url-num1 | 0.8x | 200k / 250k | 300 / 800 | 0.80 | 0.70 | 0.78 |"
    terms = next(line for line in lines if line.startswith("- 1a-json-url-num1:"))
    assert terms.startswith("- 1a-json-url-num1: 100k more: instructions 50k (50%)")
    assert terms.endswith("L2 misses 50k (50%)")
    assert "2 s and 4 s" in " ".join(lines)


def test_the_section_is_skipped_when_the_l2_cannot_be_simulated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(simulated_cycles, "cache_options", lambda: ["--I1=a", "--D1=b"])
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    (line,) = simulated_cycles.section({}, seconds=4)
    assert "skipped" in line and "L2" in line


def test_a_failed_simulation_leaves_the_rest_of_the_report_to_be_saved(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def server_never_starts(measured: dict[str, float], seconds: int) -> list[str]:
        raise RuntimeError("the server under valgrind exited (1)")

    monkeypatch.setattr(simulated_cycles, "section", server_never_starts)
    made = optional_section(
        "Served on a simulated machine", lambda: simulated_cycles.section({}, 4)
    )
    assert made == [
        "Served on a simulated machine: failed (RuntimeError: the server under valgrind exited (1))"
    ]


def test_a_server_that_exits_under_valgrind_says_why(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A stand-in for valgrind that refuses its options, as a valgrind without cache
    # simulation for this CPU would: its words must reach the error, not just its status.
    fake = tmp_path / "valgrind"
    fake.write_text(
        "#!/bin/sh\necho 'noise' >&2\necho 'valgrind: Unknown option: --D1=x' >&2\nexit 1\n"
    )
    fake.chmod(0o755)
    monkeypatch.setattr(callgrind, "valgrind", lambda: str(fake))
    with pytest.raises(RuntimeError) as raised, callgrind.counted_server(MOCK, ["--D1=x"]):
        pass
    assert str(raised.value).startswith("the server under valgrind exited (1): noise\n")
    assert str(raised.value).endswith("valgrind: Unknown option: --D1=x")


def test_a_server_error_is_not_hidden_by_valgrinds_exit_summary(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Valgrind warns as it starts (`--PID--`) and, with cache simulation, prints ~20
    # summary lines (`==PID==`) as the server exits, after whatever the server said.
    summary = "".join(f"echo '==4242== summary line {n}' >&2\n" for n in range(20))
    fake = tmp_path / "valgrind"
    fake.write_text(
        "#!/bin/sh\necho '--4242-- warning: L3 cache found' >&2\n"
        "echo 'OSError: [Errno 98] address already in use' >&2\n" + summary + "exit 1\n"
    )
    fake.chmod(0o755)
    monkeypatch.setattr(callgrind, "valgrind", lambda: str(fake))
    with pytest.raises(RuntimeError) as raised, callgrind.counted_server(MOCK, []):
        pass
    assert str(raised.value) == (
        "the server under valgrind exited (1): OSError: [Errno 98] address already in use"
    )


def test_a_server_under_valgrind_starts_from_any_working_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The ceiling runs as `python -m bench.ceiling`: found only from the repository's root.
    # A stand-in valgrind that drops its own options and runs the server as it is.
    fake = tmp_path / "valgrind"
    fake.write_text('#!/bin/sh\nwhile [ "${1#--}" != "$1" ]; do shift; done\nexec "$@"\n')
    fake.chmod(0o755)
    monkeypatch.setattr(callgrind, "valgrind", lambda: str(fake))
    monkeypatch.chdir(tmp_path)
    with callgrind.counted_server(CEILING, ["--cache-sim=yes"]) as served:
        assert served.process.poll() is None
