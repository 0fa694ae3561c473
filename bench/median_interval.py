"""How sure a median of per-round ratios is: its distribution-free confidence interval.

A run's ratio is the median of 15 per-round ratios that spread widely on this machine
(0.5x to 1.0x in one workload's rounds), so a median a hair above its goal says little
alone. Which of the sorted rounds bound the true median follows from a binomial count
(each round falls below the true median with chance 1/2), whatever the rounds'
distribution: no resampling, so the same rounds always give the same interval.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import comb

CONFIDENCE = 0.95


def median_interval(
    values: Sequence[float], confidence: float = CONFIDENCE
) -> tuple[float, float] | None:
    """(the k-th smallest, the k-th largest) value, with k the largest order for which
    the chance that fewer than k of the n values fall below the true median is at most
    (1 - confidence) / 2; None when no order qualifies (at 95 %, fewer than 6 values)."""
    n = len(values)
    tail = (1 - confidence) / 2
    order = 0
    # P(at most `order` of n fall below the median), the binomial(n, 1/2) tail.
    while order < n and sum(comb(n, i) for i in range(order + 1)) / 2**n <= tail:
        order += 1
    if order == 0:
        return None
    ordered = sorted(values)
    return ordered[order - 1], ordered[n - order]
