"""bench/simulated_cycles.py's own parts, without valgrind: the cycle estimate, the
reading of a callgrind dump, and the simulated caches taken from sysfs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.simulated_cycles import Counts, cache_options, parse_counts

# The head of a real dump (callgrind 3.19.0, `callgrind_control --dump` of the served mock).
SUMMARY = (
    "462445129 132782749 77305118 15398211 7813960 2403159 581638 652382 299360 "
    "59150558 6547781 13446506 7042733"
)
DUMP = f"""# callgrind format
version: 1
creator: callgrind-3.19.0
part: 1

desc: LL cache: 524288 B, 64 B, 8-way associative
desc: Trigger: dump

positions: line
events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw Bc Bcm Bi Bim
summary: {SUMMARY}

ob=(1) /usr/bin/python3.11
"""


def test_the_cycle_estimate_is_kcachegrinds_formula() -> None:
    # KCachegrind's CEst: Ir + 10 Bm + 10 L1m + 100 LLm (Bm = Bcm + Bim; L1m = I1mr + D1mr
    # + D1mw; LLm = ILmr + DLmr + DLmw), with no bus events simulated.
    events = {"Ir": 1000, "Bcm": 3, "Bim": 2, "I1mr": 4, "D1mr": 5, "D1mw": 1}
    counts = Counts({**events, "ILmr": 1, "DLmr": 2, "DLmw": 0, "Dr": 400, "Bc": 90})
    assert counts.cycles == 1000 + 10 * 5 + 10 * 10 + 100 * 3
    assert counts.part("L2 misses") == 300
    assert counts.part("branch mispredicts") == 50


def test_a_dumps_summary_is_read_per_request() -> None:
    counts = parse_counts(DUMP, requests=1859)
    assert counts.events["Ir"] == pytest.approx(462445129 / 1859)
    assert counts.events["Bim"] == pytest.approx(7042733 / 1859)
    assert counts.events["DLmw"] == pytest.approx(299360 / 1859)


def test_a_summary_without_its_trailing_zeros_has_them_back() -> None:
    dump = DUMP.replace("13446506 7042733", "0 0").replace(" 0 0\n", "\n")
    assert parse_counts(dump, requests=1).events["Bim"] == 0


def test_a_file_that_is_no_callgrind_dump_is_refused() -> None:
    with pytest.raises(ValueError, match="callgrind dump"):
        parse_counts("summary: 12\n", requests=1)


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
    _cache(tmp_path, 2, 2, "Unified", "384K", 8)  # 768 sets: not a power of two
    (tmp_path / "index3").mkdir()  # unreadable: no files
    assert cache_options(tmp_path) == ["--D1=49152,12,64"]
    assert cache_options(tmp_path / "missing") == []
