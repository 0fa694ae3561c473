"""POST /doubao/drawing/portrait_result: the task's status, and its image as a link or base64.

Responses are built on the spec's own example for the status, so the shape is the
documented one; `req_json` decides links (`return_url`) and the watermark (`logo_info`).

Which task an id names, in order: a task the submit step (or /_mock/tasks) created;
an id reserved by the spec's examples (a status name such as `done`, or the task id
of a request example such as the page's), which replays that example; with
`--accept-any-task-id`, any other id becomes a new task; otherwise the id is unknown
and reports `not_found`, as upstream. Every link points at the mock itself: the
documented `file.302.ai` links come back only through `Prefer: example=NAME`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial
from typing import Any

import orjson

from mockserver.context import CallContext
from mockserver.lifecycle import Scenario, TaskLifecycle
from mockserver.portrait_links import PortraitLinks, fill_images
from mockserver.spec_loader import LoadedSpec

# A string this long in a 200 example (the page example's resp_data is ~3 KB of escaped
# JSON) is encoded once at start-up, not on every answer that replays it: no handler
# edits such a field, and status, ids and links are all shorter.
_PRE_ENCODED_CHARS = 256


@dataclass(frozen=True)
class PortraitExamples:
    """What the operation's 200 examples give every request, derived once at start-up:
    each example ready to copy, and the task ids they reserve."""

    bodies: dict[str, dict[str, Any]]
    # Task id -> example name: the example names, and the request examples' task ids.
    reserved: dict[str, str]


def portrait_examples(values: dict[str, Any], requests: dict[str, Any]) -> PortraitExamples:
    reserved = {name: name for name in values}
    for name, request in requests.items():
        if name in values and isinstance(request, dict) and "task_id" in request:
            reserved[request["task_id"]] = name
    return PortraitExamples({n: _pre_encoded(v) for n, v in values.items()}, reserved)


def _pre_encoded(example: Any) -> Any:
    """The example with its long strings, at the top and in `data`, as encoded JSON."""
    if not isinstance(example, dict):
        return example
    body = {key: _fragment(value) for key, value in example.items()}
    if isinstance(body.get("data"), dict):
        body["data"] = {key: _fragment(value) for key, value in body["data"].items()}
    return body


def _fragment(value: Any) -> Any:
    if isinstance(value, str) and len(value) >= _PRE_ENCODED_CHARS:
        return orjson.Fragment(orjson.dumps(value))
    return value


def portrait_result_handler(
    spec: LoadedSpec, tasks: TaskLifecycle, links: PortraitLinks
) -> partial[dict[str, Any]]:
    """get_portrait_result with the examples of the operation it serves derived once."""
    operation = spec.operations.get(get_portrait_result.__name__)
    values = operation.example_values.get(200, {}) if operation else {}
    requests = operation.request_examples if operation else {}
    examples = portrait_examples(values, requests)
    return partial(get_portrait_result, tasks, spec, examples, links)


def get_portrait_result(
    tasks: TaskLifecycle,
    spec: LoadedSpec,
    examples: PortraitExamples,
    links: PortraitLinks,
    ctx: CallContext,
) -> dict[str, Any]:
    started = time.perf_counter()
    task_id: str = ctx.raw_data["task_id"]
    reserved = examples.reserved
    polled = tasks.poll(task_id)
    if polled is None and task_id not in reserved and ctx.config.accept_any_task_id:
        tasks.create(_default_scenario(tasks, ctx), task_id)
        polled = tasks.poll(task_id)
    replay = polled is None and task_id in reserved
    if polled is not None:
        status, scenario = polled
        body = _status_body(examples.bodies, status, tasks.final_stage)
        size = (scenario.width, scenario.height)
    elif replay:
        # A replay keeps the example whole (its request id, resp_data...), links aside.
        body = copy_example(examples.bodies[reserved[task_id]])
        size = (ctx.config.portrait_size, ctx.config.portrait_size)
    else:
        not_found = _status_meaning(spec, "not_found")
        body = _status_body(examples.bodies, not_found, tasks.final_stage)
        size = (0, 0)
    data = body.get("data")
    if isinstance(data, dict) and spec.status_meanings.get(data.get("status", "")) == "done":
        fill_images(data, ctx, size, links)
    if not replay:
        body["request_id"] = ctx.request_id
        body["time_elapsed"] = f"{(time.perf_counter() - started) * 1000:.3f}ms"
    return body


def _status_meaning(spec: LoadedSpec, meaning: str) -> str:
    """The status that carries a meaning (`x-status-meaning`), e.g. not_found."""
    return next(status for status, said in spec.status_meanings.items() if said == meaning)


def _default_scenario(tasks: TaskLifecycle, ctx: CallContext) -> Scenario:
    size = ctx.config.portrait_size
    return Scenario(tasks.final_stage, ctx.config.task_duration_s, size, size)


def _status_body(examples: dict[str, Any], status: str, fallback: str) -> dict[str, Any]:
    """A copy of the status's own example, or of the fallback's with the status set."""
    body = copy_example(examples[status if status in examples else fallback])
    if status in examples:
        return body
    body["data"]["status"] = status
    return body


def copy_example(example: dict[str, Any]) -> dict[str, Any]:
    """A copy safe to fill in: handlers only set keys of the body and of `data`, never
    mutate the lists inside, so two shallow levels do (a deep copy was half the work)."""
    body = dict(example)
    if isinstance(body.get("data"), dict):
        body["data"] = dict(body["data"])
    return body
