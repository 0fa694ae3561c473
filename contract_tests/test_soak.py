"""A small soak in `make test`: a few thousand mixed requests at 64 connections. It asserts
zero unexpected statuses and that every bounded structure stayed within its bound."""

from __future__ import annotations

import asyncio

from contract_tests.live_mock import live_mock
from contract_tests.soak import SHOTS, soak


def test_small_soak_has_no_unexpected_status_and_bounded_state() -> None:
    with live_mock(
        "--task-duration", "6s", "--max-tasks", "100", "--journal-size", "50", "--no-access-log"
    ) as mock:
        report = asyncio.run(soak(mock, total=3000, concurrency=64))
        assert mock.alive()
    assert dict(report.unexpected) == {}
    assert sum(report.statuses.values()) == 3000
    assert {name.split(":")[0] for name in report.statuses} == {shot.name for shot in SHOTS}
    assert report.stats["tasks"] == {"size": 100, "capacity": 100}
    assert report.stats["journal"] == {"size": 50, "capacity": 50}
    assert report.stats["image_cache"]["size"] <= report.stats["image_cache"]["capacity"]
