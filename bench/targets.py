"""The servers the benchmark compares, how each starts, and whether it is installed here."""

from __future__ import annotations

import json
import platform
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.proc_memory import status_kib
from bench.workloads import Call

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "openapi.yaml"
PRISM = ROOT / "tools" / "npm" / "node_modules" / ".bin" / "prism"
STEADY_PACKAGES = ROOT / "bench" / "npm" / "node_modules" / "@stdy"
# The mock's quietest settings; the ceiling takes the same options through the same code.
QUIET = ["--no-access-log", "--log-level", "warning"]


def pinned(folder: str, package: str) -> str:
    """The version a package.json of ours pins, for the report."""
    manifest = json.loads((ROOT / folder / "package.json").read_text())
    return str(manifest["devDependencies"][package])


def steady_binary() -> Path:
    """Steady's own executable, not its Node launcher, which would add Node's start-up to
    Steady's ready time and sit between it and the signals that stop it."""
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(
        platform.machine().lower(), platform.machine()
    )
    return STEADY_PACKAGES / f"cli-{sys.platform}-{arch}" / "bin" / "steady"


@dataclass(frozen=True)
class Target:
    name: str
    command: Callable[[int], list[str]]
    executable: Path | None = None  # a file that must exist; None: Python, always here
    install_hint: str = ""

    def missing(self) -> str | None:
        """Why this target cannot run here, or None."""
        if self.executable is None or self.executable.exists():
            return None
        return f"{self.executable.relative_to(ROOT)} is missing ({self.install_hint})"


PEERS = [
    Target(
        "prism",
        lambda port: (
            [str(PRISM), "mock", str(SPEC), "-h", "127.0.0.1", "-p", str(port), "-v", "error"]
        ),
        PRISM,
        "`make node-tools` installs it",
    ),
    Target(
        "steady",
        lambda port: (
            [str(steady_binary()), "-p", str(port), "--host", "127.0.0.1", "-q", str(SPEC)]
        ),
        steady_binary(),
        "`make bench-tools` installs it",
    ),
]
MOCK = Target(
    "mock", lambda port: [sys.executable, "-m", "mockserver", "--port", str(port), *QUIET]
)
CEILING = Target(
    "ceiling", lambda port: [sys.executable, "-m", "bench.ceiling", "--port", str(port), *QUIET]
)
# Only the level hides the access log here: it must cost what --no-access-log costs.
ACCESS_LOG_TARGET = "mock --log-level warning"
MOCK_WARNING = Target(
    ACCESS_LOG_TARGET,
    lambda port: (
        [sys.executable, "-m", "mockserver", "--port", str(port), "--log-level", "warning"]
    ),
)
# The mock's own command in a second process. The two differ only in where the machine
# places them (core, memory, neighbours), so their ratio is about how far apart two
# identical servers measure here: a floor under any ratio of two processes.
TWIN_TARGET = "mock twin"
MOCK_TWIN = Target(TWIN_TARGET, MOCK.command)
# The mock processes beside the mock on the access-log workload only, in the order they
# run before it.
SIDE_MOCKS = (MOCK_TWIN, MOCK_WARNING)
TARGETS = [*PEERS, MOCK, CEILING]
# Timed in the same turns as the servers' starts: what any app served by uvicorn and
# Starlette pays before it can serve anything.
STACK_IMPORT = "import uvicorn, starlette.applications"
STACK_FLOOR = f"`python -c '{STACK_IMPORT}'` (no server)"


@dataclass
class Running:
    process: subprocess.Popen[bytes]
    url: str
    ready_s: float

    def rss_kib(self, field: str = "VmRSS") -> int:
        return status_kib(self.process.pid, field)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    """A port on 127.0.0.1 nothing listens on now, for a server to be started on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start(target: Target, port: int, first: Call) -> Running:
    """Start a server; ready_s is process start to its first 200 on `first`."""
    url = f"http://127.0.0.1:{port}"
    # Built before the clock starts: a client builds an SSL context (about 50 ms here),
    # which httpx.post() would do again on every try and so blur the ready time.
    with httpx.Client(timeout=60) as client:
        started = time.perf_counter()
        process = subprocess.Popen(
            target.command(port), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        while time.perf_counter() - started < 60 and process.poll() is None:
            try:
                response = client.post(
                    url + first.path, content=first.body, headers=first.headers()
                )
                if response.status_code == 200:
                    return Running(process, url, time.perf_counter() - started)
            except httpx.TransportError:
                time.sleep(0.002)
    process.kill()
    process.wait()
    raise RuntimeError(f"{target.name} did not answer 200 within 60 s (exit {process.poll()})")
