"""Latency added to API responses: fixed, a seeded uniform range, or `Prefer: delay=`."""

from __future__ import annotations

import random

from mockserver.prefer import Preferences


class Latency:
    """Milliseconds to wait before an API response: fixed, or uniform in a range."""

    def __init__(self, low_ms: int, high_ms: int, seed: int) -> None:
        self._low, self._high = low_ms, high_ms
        self._random = random.Random(seed)

    def pick_ms(self, preferences: Preferences) -> int:
        if preferences.delay_ms is not None:
            return preferences.delay_ms
        if self._high <= self._low:
            return self._low
        return self._random.randint(self._low, self._high)
