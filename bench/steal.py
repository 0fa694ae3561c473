"""CPU time the host gave to other guests while this machine waited: Linux's `steal`,
counted in /proc/stat.

These 2-core machines share their host, and a spell of steal stretches every wall-clock
figure taken in it: the 10 MB request's 33 ms took 55-60 ms in one, measured here, with
20-40 ms of steal during each call. The report gives the run's share of it, and the 10 MB
image is timed in its least disturbed try.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_STAT = Path("/proc/stat")


@dataclass(frozen=True)
class CpuTimes:
    """All CPUs' time so far, in seconds: in total, and stolen by the host."""

    total_s: float
    steal_s: float

    def since(self, earlier: CpuTimes) -> CpuTimes:
        return CpuTimes(self.total_s - earlier.total_s, self.steal_s - earlier.steal_s)

    @property
    def steal_share(self) -> float:
        return self.steal_s / self.total_s if self.total_s > 0 else 0.0


def cpu_times() -> CpuTimes:
    """Now; zeros where the kernel does not count steal (not Linux, or no /proc)."""
    try:
        line = _STAT.read_text().partition("\n")[0]
    except OSError:
        return CpuTimes(0.0, 0.0)
    name, *ticks = line.split()
    if name != "cpu" or len(ticks) < 8:
        return CpuTimes(0.0, 0.0)
    # user nice system idle iowait irq softirq steal [guest guest_nice]: guest time is
    # counted in user and nice already, so the first eight make the total.
    per_s = os.sysconf("SC_CLK_TCK")
    values = [int(tick) / per_s for tick in ticks[:8]]
    return CpuTimes(sum(values), values[7])
