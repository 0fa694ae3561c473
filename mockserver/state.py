"""Everything the mock builds once at start-up and shares between requests."""

from __future__ import annotations

import itertools

from mockserver.config import MockConfig
from mockserver.errors import ErrorBuilder
from mockserver.handlers import Handler, build_handlers
from mockserver.journal import Journal
from mockserver.latency import Latency
from mockserver.lifecycle import TaskLifecycle
from mockserver.portrait_links import PortraitLinks
from mockserver.spec_loader import LoadedSpec, load_spec


class MockState:
    """Everything built once at start-up and shared by all requests."""

    def __init__(self, config: MockConfig) -> None:
        self.config = config
        self.spec: LoadedSpec = load_spec(config.spec_path)
        # --max-body if given, else the spec's x-max-body-bytes.
        self.max_body_bytes: int = config.max_body_bytes or self.spec.max_body_bytes
        self.errors = ErrorBuilder(self.spec.errors)
        self.latency = Latency(*config.latency_ms, seed=config.seed)
        self.journal = Journal(config.journal_size)
        self.lifecycle = TaskLifecycle(
            self.spec.lifecycle_stages, config.max_tasks, config.clock, config.seed
        )
        self.portrait_links = PortraitLinks(self.spec.watermark, config.max_tasks)
        self.handlers: dict[str, Handler] = build_handlers(
            self.spec, self.lifecycle, self.portrait_links
        )
        self._ids = itertools.count(1)
        # The seed's part of every request id, formatted once.
        self._id_prefix = f"MOCK{config.seed:08X}"

    def next_request_id(self) -> str:
        """Unique, ordered and reproducible for a given --seed."""
        return f"{self._id_prefix}{next(self._ids):012d}"
