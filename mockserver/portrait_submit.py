"""POST /doubao/drawing/portrait (inferred): check the photo, create a task, answer its id.

The task goes through the spec's stages over `--task-duration` and ends `done` with
an image of the requested width x height (the spec's defaults when absent).
"""

from __future__ import annotations

import copy
import time
from typing import Any

from mockserver.context import CallContext
from mockserver.image_input import check_image_field
from mockserver.lifecycle import Scenario, TaskLifecycle


def submit_portrait(ctx: CallContext, tasks: TaskLifecycle) -> dict[str, Any]:
    started = time.perf_counter()
    check_image_field(ctx.data["image_input"], "image_input", ctx.config.max_image_pixels)
    (model,) = ctx.operation.bodies.values()
    width = ctx.data.get("width", model.properties["width"]["default"])
    height = ctx.data.get("height", model.properties["height"]["default"])
    scenario = Scenario(tasks.final_stage, ctx.config.task_duration_s, width, height)
    task_id = tasks.create(scenario)
    body: dict[str, Any] = copy.deepcopy(next(iter(ctx.operation.example_values[200].values())))
    body["data"]["task_id"] = task_id
    body["request_id"] = ctx.request_id
    body["time_elapsed"] = f"{(time.perf_counter() - started) * 1000:.3f}ms"
    return body
