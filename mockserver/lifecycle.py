"""Portrait tasks: created by the submit step (or scripted through /_mock/tasks), then
polled through the spec's stages (`x-lifecycle`: in_queue, generating, done).

A task moves on with time and with polls: it reports its final status once its
duration has passed *and* it has been polled `polls` times; before that, the pending
stages share the way evenly. An id nobody created is unknown (`None`), as upstream,
where it reports `not_found`. State is bounded (LRU) and the clock is injectable.
"""

from __future__ import annotations

import random
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    """What a task will do: its final status, when, and the size of its image."""

    final: str
    duration_s: float
    width: int
    height: int
    # Polls answered with a pending stage before the final status is reported.
    polls: int = 0


@dataclass
class _Task:
    scenario: Scenario
    created: float
    polls_seen: int = 0


class TaskLifecycle:
    def __init__(
        self, stages: tuple[str, ...], max_tasks: int, clock: Callable[[], float], seed: int
    ) -> None:
        self._pending = stages[:-1]
        self._final = stages[-1]
        self._max = max_tasks
        self._clock = clock
        self._ids = random.Random(seed)
        self._tasks: OrderedDict[str, _Task] = OrderedDict()

    @property
    def final_stage(self) -> str:
        """The status a task that succeeds ends in (the last `x-lifecycle` stage)."""
        return self._final

    def create(self, scenario: Scenario, task_id: str | None = None) -> str:
        """Start a task now, replacing any of the same id; return its id."""
        if task_id is None:
            task_id = self._new_id()
        self._tasks.pop(task_id, None)
        self._tasks[task_id] = _Task(scenario, self._clock())
        if len(self._tasks) > self._max:
            self._tasks.popitem(last=False)
        return task_id

    def _new_id(self) -> str:
        """Reproducible for a given --seed, and shaped like upstream's (19 digits)."""
        while True:
            candidate = str(self._ids.randrange(10**18, 10**19))
            if candidate not in self._tasks:
                return candidate

    def __contains__(self, task_id: str) -> bool:
        return task_id in self._tasks

    def poll(self, task_id: str) -> tuple[str, Scenario] | None:
        """The task's status now and its scenario; None for an unknown (or evicted) id."""
        task = self._tasks.get(task_id)
        if task is None:
            return None
        self._tasks.move_to_end(task_id)
        scenario = task.scenario
        elapsed = self._clock() - task.created
        by_time = elapsed / scenario.duration_s if scenario.duration_s > 0 else 1.0
        by_polls = task.polls_seen / scenario.polls if scenario.polls > 0 else 1.0
        task.polls_seen += 1
        progress = min(by_time, by_polls)
        if progress >= 1 or not self._pending:
            return scenario.final, scenario
        return self._pending[int(progress * len(self._pending))], scenario

    def __len__(self) -> int:
        return len(self._tasks)

    @property
    def capacity(self) -> int:
        return self._max
