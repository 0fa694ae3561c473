"""POST /doubao/drawing/portrait (inferred): create a task, answer its id.

The photo (`image_input`, with `x-image-types`) is checked by the pipeline before this runs.

The task goes through the spec's stages over `--task-duration` and ends `done` with
an image of the requested width x height (the spec's defaults when absent).
"""

from __future__ import annotations

import time
from typing import Any

from mockserver.context import CallContext
from mockserver.lifecycle import Scenario, TaskLifecycle
from mockserver.portrait import copy_example


def submit_portrait(tasks: TaskLifecycle, ctx: CallContext) -> dict[str, Any]:
    started = time.perf_counter()
    (model,) = ctx.operation.bodies.values()
    width = ctx.data.get("width", model.properties["width"]["default"])
    height = ctx.data.get("height", model.properties["height"]["default"])
    scenario = Scenario(tasks.final_stage, ctx.config.task_duration_s, width, height)
    task_id = tasks.create(scenario)
    body = copy_example(next(iter(ctx.operation.example_values[200].values())))
    body["data"]["task_id"] = task_id
    body["request_id"] = ctx.request_id
    body["time_elapsed"] = f"{(time.perf_counter() - started) * 1000:.3f}ms"
    return body
