"""The mock's settings: one frozen object built by the CLI or by tests."""

from __future__ import annotations

import asyncio
import atexit
import time
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from importlib.resources import as_file, files
from importlib.util import find_spec
from pathlib import Path


def _packaged_spec() -> Path:
    """The spec shipped in the client package (openapi/generate.py copies it there), so the
    mock works from any directory after a normal install. As certifi does: a real path even
    from a zipped install, kept until the interpreter exits."""
    # Found without importing the client: its __init__ imports httpx (with rich and click,
    # ~150 ms), which the mock never uses, and start-up is a measured target (issue 17).
    package = find_spec("ai302_client")
    for folder in (package.submodule_search_locations or []) if package else []:
        if (Path(folder) / "openapi.yaml").is_file():
            return Path(folder) / "openapi.yaml"
    stack = ExitStack()
    atexit.register(stack.close)
    return stack.enter_context(as_file(files("ai302_client").joinpath("openapi.yaml")))


DEFAULT_SPEC = _packaged_spec()


@dataclass(frozen=True)
class MockConfig:
    spec_path: Path = DEFAULT_SPEC
    # Milliseconds added to every API response: (low, high); equal bounds mean fixed.
    latency_ms: tuple[int, int] = (0, 0)
    # The most a `Prefer: delay=MS` may ask for, so nobody can park a worker for ever.
    max_delay_ms: int = 30_000
    seed: int = 0
    # A portrait task first seen at t0 reports in_queue, generating, then done at
    # t0 + task_duration. 0 means every task is done at once.
    task_duration_s: float = 0.0
    # Lenient polling: any unknown task id becomes a task (for apps that submit elsewhere).
    # Off, an id nobody submitted reports not_found, as upstream.
    accept_any_task_id: bool = False
    max_tasks: int = 10_000
    journal_size: int = 200
    # Larger bodies get 413 before they are read in full. None: the spec's x-max-body-bytes.
    max_body_bytes: int | None = None
    # How long one body chunk may take to arrive; bounds slow-loris uploads.
    body_timeout_s: float = 10.0
    max_image_pixels: int = 40_000_000
    max_multipart_parts: int = 32
    portrait_size: int = 512
    cors_origins: tuple[str, ...] = ()
    # When set, only these keys authenticate; otherwise any well-formed Bearer key does.
    api_keys: frozenset[str] = frozenset()
    # Answers recorded by `ai302-mock proxy --record`, served before the mock's own.
    replay_dir: Path | None = None
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)
    # How added latency waits; a test replaces it to see the waits without taking them
    # (patching asyncio.sleep would also catch every other loop's sleeps in the process).
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, compare=False)
