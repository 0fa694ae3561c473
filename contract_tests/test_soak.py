"""A small soak in `make test`: about a thousand mixed requests at 64 connections. It asserts
zero unexpected statuses and that every bounded structure stayed within its bound."""

from __future__ import annotations

import asyncio

from contract_tests.live_mock import live_mock
from contract_tests.soak import SHOTS, soak

# 80 of each kind of shot: twice the task memory (and the links it bounds) and four
# times the journal, so all three must evict. `make soak` is the long run.
TOTAL = 80 * len(SHOTS)


def test_small_soak_has_no_unexpected_status_and_bounded_state() -> None:
    with live_mock(
        "--task-duration", "6s", "--max-tasks", "40", "--journal-size", "20", "--no-access-log"
    ) as mock:
        report = asyncio.run(soak(mock, total=TOTAL, concurrency=64))
        assert mock.alive()
    assert dict(report.unexpected) == {}
    assert sum(report.statuses.values()) == TOTAL
    assert {name.split(":")[0] for name in report.statuses} == {shot.name for shot in SHOTS}
    assert report.stats["tasks"] == {"size": 40, "capacity": 40}
    assert report.stats["journal"] == {"size": 20, "capacity": 20}
    assert report.stats["portrait_links"] == {"size": 40, "capacity": 40}
    assert report.stats["image_cache"]["size"] <= report.stats["image_cache"]["capacity"]
