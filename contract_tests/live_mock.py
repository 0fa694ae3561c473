"""Start the mock as its own process on a free 127.0.0.1 port, as a user would, and stop it."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from ai302_runtime.tls import shared_context
from bench.proc_memory import status_kib

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class LiveMock:
    url: str
    process: subprocess.Popen[str]

    def rss_kib(self, field: str = "VmRSS") -> int:
        """Resident memory of the mock process: now, or at its peak (VmHWM)."""
        return status_kib(self.process.pid, field)

    def alive(self) -> bool:
        return self.process.poll() is None and _get(f"{self.url}/_mock/health").status_code == 200


@contextmanager
def live_mock(*args: str, ready_within: float = 30.0) -> Iterator[LiveMock]:
    command = [sys.executable, "-m", "mockserver", "--port", "0", "--log-level", "warning"]
    with _live([*command, *args], ready_within) as mock:
        yield mock


@contextmanager
def live_proxy(upstream: str, *args: str, ready_within: float = 30.0) -> Iterator[LiveMock]:
    """`ai302-mock proxy` in front of `upstream`. It is stopped with SIGTERM, on which it
    writes its --report."""
    command = [sys.executable, "-m", "mockserver", "proxy", "--upstream", upstream]
    with _live([*command, "--port", "0", "--log-level", "warning", *args], ready_within) as proxy:
        yield proxy


@contextmanager
def _live(command: list[str], ready_within: float) -> Iterator[LiveMock]:
    # Popen as a context closes the stdout pipe: left to the collector, its file warns
    # (ResourceWarning) in whichever later test collects it.
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            if not line.startswith("ai302-mock: listening on "):
                raise RuntimeError(f"the mock did not start: {line!r}")
            url = line.split()[-1]
            deadline = time.monotonic() + ready_within
            while True:
                try:
                    if _get(f"{url}/_mock/health").status_code == 200:
                        break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            yield LiveMock(url=url, process=process)
        finally:
            process.terminate()
            process.wait(timeout=10)


def _get(url: str) -> httpx.Response:
    """httpx.get, minus the CA bundle httpx would load for each call (about 46 ms here)."""
    return httpx.get(url, verify=shared_context(trust_env=True))
