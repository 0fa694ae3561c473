"""The handler registry: which function answers each operation of the spec.

A handler is named after the operationId it serves, as the generated client's modules
are, so the spec's name is the key and no operationId is written as a string here. An
operation with no handler replays its first 200 example (a new operation works at once);
a handler whose operationId the spec does not declare stops the mock at start-up, since
that is a renamed or removed operation the mock would otherwise silently stop serving.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from starlette.responses import Response

from mockserver.context import CallContext
from mockserver.headshot import generate_headshot
from mockserver.lifecycle import TaskLifecycle
from mockserver.portrait import portrait_result_handler
from mockserver.portrait_links import PortraitLinks
from mockserver.portrait_submit import submit_portrait
from mockserver.responses import raw_json_response
from mockserver.spec_loader import LoadedSpec, SpecError

Handler = Callable[[CallContext], dict[str, Any] | Response]


def _served(spec: LoadedSpec, lifecycle: TaskLifecycle, links: PortraitLinks) -> list[Handler]:
    # What a handler needs beyond the call comes first, bound by a positional partial: a
    # partial with keywords builds a keyword call on every request (3x the cost on 3.11).
    return [
        generate_headshot,
        portrait_result_handler(spec, lifecycle, links),
        partial(submit_portrait, lifecycle),
    ]


def _name(handler: Handler) -> str:
    function = handler.func if isinstance(handler, partial) else handler
    return str(function.__name__)


def build_handlers(
    spec: LoadedSpec, lifecycle: TaskLifecycle, links: PortraitLinks
) -> dict[str, Handler]:
    """Handlers keyed by the operationId each serves; refuses one the spec does not declare."""
    declared = set(spec.operations)
    handlers = {_name(handler): handler for handler in _served(spec, lifecycle, links)}
    stray = sorted(handlers.keys() - declared)
    if stray:
        raise SpecError(
            f"the mock has handlers for {stray}, which the spec does not declare as "
            "operationIds: was an operation renamed or removed?"
        )
    return handlers


def replay_first_example(ctx: CallContext) -> Response:
    """For an operation added to the spec without a handler: its first 200 example."""
    examples = ctx.operation.examples.get(200) or {"": b"{}"}
    return raw_json_response(next(iter(examples.values())), 200, ctx.request_id)
