"""POST /_mock/tasks: create a portrait task that follows a chosen scenario, so a test can
script what a real client meets: `failed`, `expired` or `not_found` after N polls, a
slow `done`, and so on.

Body (all optional): `status` (the final status: one the spec's `x-status-meaning`
does not call pending), `duration` (seconds until it), `polls` (pending answers
before it), `task_id` (else a new one). Answers 201 with the task's id and scenario.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mockserver.errors import MockError
from mockserver.json_body import parse_json_object
from mockserver.lifecycle import Scenario
from mockserver.responses import json_response
from mockserver.state import MockState

_FIELDS = ("status", "duration", "polls", "task_id")
MAX_DURATION_S = 86_400
MAX_POLLS = 10_000
MAX_TASK_ID = 200


def task_endpoint(state: MockState) -> Callable[[Request], Awaitable[Response]]:
    finals = tuple(s for s, meaning in state.spec.status_meanings.items() if meaning != "pending")

    async def create_task(request: Request) -> Response:
        request_id = state.next_request_id()
        try:
            scenario, task_id = _scenario(await request.body(), state, finals)
            task_id = state.lifecycle.create(scenario, task_id)
        except MockError as error:
            return state.errors.build(error, request_id)
        answer = {
            "task_id": task_id,
            "status": scenario.final,
            "duration": scenario.duration_s,
            "polls": scenario.polls,
        }
        return json_response(answer, 201, request_id)

    return create_task


def _scenario(raw: bytes, state: MockState, finals: tuple[str, ...]) -> tuple[Scenario, str | None]:
    data: dict[str, Any] = parse_json_object(raw) if raw.strip() else {}
    for name in data:
        if name not in _FIELDS:
            raise MockError(400, "tasks.unknown_field", name[:40], known=", ".join(_FIELDS))
    final = data.get("status", state.lifecycle.final_stage)
    if final not in finals:
        raise MockError(400, "tasks.one_of", "status", allowed=", ".join(finals))
    duration = data.get("duration", state.config.task_duration_s)
    if (
        isinstance(duration, bool)
        or not isinstance(duration, int | float)
        or not 0 <= duration <= MAX_DURATION_S
    ):
        raise MockError(400, "tasks.number_range", "duration", low=0, high=MAX_DURATION_S)
    polls = data.get("polls", 0)
    if isinstance(polls, bool) or not isinstance(polls, int) or not 0 <= polls <= MAX_POLLS:
        raise MockError(400, "tasks.integer_range", "polls", low=0, high=MAX_POLLS)
    task_id = data.get("task_id")
    if task_id is not None and (
        not isinstance(task_id, str) or not 0 < len(task_id) <= MAX_TASK_ID
    ):
        raise MockError(400, "tasks.task_id", "task_id", limit=MAX_TASK_ID)
    size = state.config.portrait_size
    return Scenario(final, float(duration), size, size, polls), task_id
