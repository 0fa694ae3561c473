"""Portrait task lifecycle: a task id first seen at t0 goes through the spec's stages
(`x-lifecycle`: in_queue, generating, done), evenly over the task duration.

State is one timestamp per task id, in a bounded LRU, with an injectable clock.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable


class TaskLifecycle:
    def __init__(
        self, stages: tuple[str, ...], duration_s: float, max_tasks: int, clock: Callable[[], float]
    ) -> None:
        self._stages = stages
        self._duration = duration_s
        self._max = max_tasks
        self._clock = clock
        self._first_seen: OrderedDict[str, float] = OrderedDict()

    def status(self, task_id: str) -> str:
        if self._duration <= 0:
            return self._stages[-1]
        now = self._clock()
        started = self._first_seen.pop(task_id, now)
        self._first_seen[task_id] = started
        if len(self._first_seen) > self._max:
            self._first_seen.popitem(last=False)
        # The last stage is reached at `duration`; the others share the time before it.
        running = len(self._stages) - 1
        stage = int((now - started) / self._duration * running)
        return self._stages[min(stage, running)]

    @property
    def final_stage(self) -> str:
        return self._stages[-1]

    def __len__(self) -> int:
        return len(self._first_seen)

    @property
    def capacity(self) -> int:
        return self._max
