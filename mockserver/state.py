"""Everything the mock builds once at start-up and shares between requests."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from starlette.responses import Response

from mockserver.config import MockConfig
from mockserver.context import CallContext
from mockserver.controls import Latency
from mockserver.errors import ErrorBuilder
from mockserver.headshot import generate_headshot
from mockserver.journal import Journal
from mockserver.lifecycle import TaskLifecycle
from mockserver.portrait import get_portrait_result
from mockserver.portrait_submit import submit_portrait
from mockserver.spec_loader import LoadedSpec, load_spec

Handler = Callable[[CallContext], dict[str, Any] | Response]


class MockState:
    """Everything built once at start-up and shared by all requests."""

    def __init__(self, config: MockConfig) -> None:
        self.config = config
        self.spec: LoadedSpec = load_spec(config.spec_path)
        self.errors = ErrorBuilder(self.spec.errors)
        self.latency = Latency(*config.latency_ms, seed=config.seed)
        self.journal = Journal(config.journal_size)
        self.lifecycle = TaskLifecycle(
            self.spec.lifecycle_stages, config.max_tasks, config.clock, config.seed
        )
        self.handlers: dict[str, Handler] = {
            "generate_headshot": generate_headshot,
            "get_portrait_result": lambda ctx: get_portrait_result(ctx, self.lifecycle, self.spec),
            "submit_portrait": lambda ctx: submit_portrait(ctx, self.lifecycle),
        }
        self._ids = itertools.count(1)

    def next_request_id(self) -> str:
        """Unique, ordered and reproducible for a given --seed."""
        return f"MOCK{self.config.seed:08X}{next(self._ids):012d}"
