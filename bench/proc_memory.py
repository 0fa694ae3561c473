"""A served process's memory, as Linux counts it in /proc: for the bench's 10 MB image and
the tests that hold the mock to the same bound, read one way."""

from __future__ import annotations

from pathlib import Path


def status_kib(pid: int, field: str = "VmRSS") -> int:
    """A memory figure of /proc/PID/status, in KiB: resident now (VmRSS), or at its peak
    (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for process {pid}")


def reset_peak(pid: int) -> None:
    """Start the peak (VmHWM) again from the resident size now (proc(5): clear_refs)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")
