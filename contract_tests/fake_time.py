"""Time that moves only when the code under test sleeps: polls and task lifecycles run in
no time, and a test can share one clock between the mock and the poller."""

from __future__ import annotations

from typing import Any

from ai302_client import PollSettings


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def settings(self, **kw: Any) -> PollSettings:
        return PollSettings(clock=self.clock, sleep=self.sleep, **kw)
