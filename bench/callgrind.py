"""A server run under valgrind's callgrind, counted between a zero and a dump: how
bench.instructions and bench.simulated_cycles count what a served request executes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.targets import ROOT, Target, free_port

# A fixed hash seed: dict and set layouts, and so the counts, repeat run to run.
VALGRIND_ENV = {**os.environ, "PYTHONHASHSEED": "0"}
_SUMMARY = re.compile(r"^summary: (.*)$", re.MULTILINE)
_EVENTS = re.compile(r"^events: (.*)$", re.MULTILINE)
_STDERR = "server.stderr"
_STDERR_LINES = 15  # of it, in the error when the server exits before it answers
# Valgrind's own messages: `==PID== ...` (its summary), `--PID-- ...` (its warnings).
_VALGRIND_LINE = re.compile(r"^(==|--)\d+(==|--)")


def valgrind() -> str:
    found = shutil.which("valgrind")
    if found is None:
        raise SystemExit("counting under valgrind needs valgrind (apt-get install valgrind)")
    return found


def parse_summary(dump: str) -> dict[str, int]:
    """A callgrind dump's `summary:` line: what ran since the last zero or dump (its
    `totals:` line can hold more, from before a zero)."""
    names, totals = _EVENTS.search(dump), _SUMMARY.search(dump)
    if names is None or totals is None:
        raise ValueError("not a callgrind dump")
    events = names.group(1).split()
    values = [int(value) for value in totals.group(1).split()]
    values += [0] * (len(events) - len(values))  # callgrind leaves trailing zeros out
    return dict(zip(events, values, strict=True))


def checked_control(result: subprocess.CompletedProcess[str]) -> None:
    """callgrind_control exits 0 even when it found no such process: its output says."""
    said = result.stdout + result.stderr
    if result.returncode or "Error" in said:
        raise RuntimeError(f"callgrind_control failed: {said.strip()[:300]}")


@dataclass(frozen=True)
class Counted:
    """A running server under callgrind: its URL, and its counts on demand."""

    process: subprocess.Popen[bytes]
    url: str
    folder: Path  # where callgrind writes its dumps (and the caller may keep files)

    def zero(self) -> None:
        self._control("--zero")

    def dump(self) -> dict[str, int]:
        """What ran since the last zero or dump, by event (Ir, and any simulated)."""
        before = set(self.folder.glob("callgrind.out.*"))
        self._control("--dump")
        (dump,) = set(self.folder.glob("callgrind.out.*")) - before
        return parse_summary(dump.read_text())

    def _control(self, option: str) -> None:
        command = ["callgrind_control", option, str(self.process.pid)]
        checked_control(subprocess.run(command, capture_output=True, text=True))


@contextmanager
def counted_server(target: Target, options: Sequence[str] = ()) -> Iterator[Counted]:
    """`target` served under callgrind (with `options`), once it answers; stopped after."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        port = free_port()
        out = f"--callgrind-out-file={folder / 'callgrind.out'}"
        # Valgrind's and the server's own messages, kept for when the server fails to start.
        with (folder / _STDERR).open("wb") as stderr:
            process = subprocess.Popen(
                [valgrind(), "--tool=callgrind", *options, out, *target.command(port)],
                env=VALGRIND_ENV,
                cwd=ROOT,  # as bench.targets.start: the ceiling runs as `-m bench.ceiling`
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        try:
            served = Counted(process, f"http://127.0.0.1:{port}", folder)
            _wait_ready(served)
            yield served
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(served: Counted) -> None:
    with httpx.Client(base_url=served.url, timeout=60) as client:
        for _ in range(600):
            if served.process.poll() is not None:
                said = (served.folder / _STDERR).read_text(errors="replace")
                raise RuntimeError(
                    f"the server under valgrind exited ({served.process.returncode}): "
                    + "\n".join(_last_words(said))
                )
            try:
                client.get("/_mock/health")
                return
            except httpx.TransportError:
                time.sleep(0.5)
    raise RuntimeError("the server under valgrind did not start in 5 minutes")


def _last_words(stderr: str) -> list[str]:
    """The last lines of what the server said, valgrind's own left out: its summary at
    exit (~20 lines with cache simulation) would push the server's error out of view.
    All of it when there is nothing else (valgrind refusing an option)."""
    lines = stderr.strip().splitlines()
    own = [line for line in lines if not _VALGRIND_LINE.match(line)]
    return (own or lines)[-_STDERR_LINES:]
